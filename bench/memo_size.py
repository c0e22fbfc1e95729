"""How long the HTML memo of a draft is: words in the main part (summary and findings)
and in the annexes, entries (blocks: every entry; grouped: notes of one item as one
entry; repeated: warnings of one item sharing one explanation), the verdict and the
rating.

    python bench/memo_size.py DRAFT [DRAFT ...]        # review and render each
    python bench/memo_size.py --html MEMO.html ...      # measure memos already made

A reviewer should read the main part of a large law's memo in ten minutes: at most
4,000 words. Words hidden in folded <details> lists are counted apart ("folded").
"""

from __future__ import annotations

import argparse
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's genderlens, not an installed one


class _Words(HTMLParser):
    """Counts words per region: main (before the annexes), annex, and folded text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts = {"main": 0, "annex": 0, "folded": 0}
        self.region = "main"
        self.skip = 0  # inside <style>/<title>/<head>
        self.details = 0
        self.in_summary = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("style", "title", "script"):
            self.skip += 1
        if tag == "section" and "annex" in (a.get("class") or ""):
            self.region = "annex"
        if tag == "details":
            self.details += 1
        if tag == "summary":
            self.in_summary += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "script"):
            self.skip -= 1
        if tag == "details":
            self.details -= 1
        if tag == "summary":
            self.in_summary -= 1

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        n = len(data.split())
        if self.details and not self.in_summary:
            self.counts["folded"] += n
        else:
            self.counts[self.region] += n


_OLD_ANNEX = re.compile(r"<h2>(Annex: drafting language|Phụ lục: ngôn ngữ soạn thảo|"
                        r"Recommendations by priority|Kiến nghị theo mức độ ưu tiên|"
                        r"Questions for the reviewer|Câu hỏi dành cho người thẩm định|"
                        r"Method|Phương pháp)</h2>")


def measure(html: str) -> dict[str, object]:
    if 'class="annex"' not in html:  # a memo made before the summary page existed
        m = _OLD_ANNEX.search(html)
        if m:
            html = html[:m.start()] + '<section class="annex">' + html[m.start():]
    parser = _Words()
    parser.feed(html)
    verdict = re.search(r"<h2>[^<:]*: ([^<]*)</h2>", html)
    rating = re.search(r'class="rating rating-([a-z-]+)"', html)
    return {
        **parser.counts,
        "blocks": len(re.findall(r'<article class="finding', html)),  # every entry
        "grouped": len(re.findall(r'class="finding notes-group', html)),
        "repeated": len(re.findall(r'class="finding repeated', html)),
        "verdict": verdict.group(1) if verdict else "?",
        "rating": rating.group(1) if rating else "?",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--html", action="store_true", help="the paths are memos already made")
    ap.add_argument("--detail", default="summary", choices=("summary", "full"))
    args = ap.parse_args(argv)
    print(f"{'memo':48} {'main':>6} {'annex':>6} {'folded':>6} {'blocks':>6} {'grouped':>7}"
          f" {'repeated':>8}  verdict / rating")
    for path in args.paths:
        if args.html:
            html = Path(path).read_text(encoding="utf-8")
        else:
            from genderlens.api import review
            from genderlens.render import render

            html = str(render(review(path), "html", detail=args.detail))
        m = measure(html)
        print(f"{Path(path).name[:48]:48} {m['main']:>6} {m['annex']:>6} {m['folded']:>6} "
              f"{m['blocks']:>6} {m['grouped']:>7} {m['repeated']:>8}  "
              f"{m['verdict']} / {m['rating']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
