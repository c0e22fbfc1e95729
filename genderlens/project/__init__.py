"""What belongs to a repository of drafts rather than to one review: configuration,
baselines, inline suppressions and the diff between two versions of a draft."""
