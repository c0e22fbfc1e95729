"""The command line: a thin layer over the Python API (`genderlens.api`).

`cli` declares the commands; `review_cmd` turns options into review tasks; `runner`
runs them (one process or a pool) and writes outputs; `batch_summary` renders the
per-folder table.
"""
