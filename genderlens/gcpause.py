"""Hold Python's cycle collector while a document is read and structured.

Reading a law makes one paragraph, anchor, unit and locator per line: hundreds of
thousands of small objects, none of them in a reference cycle. The collector runs
every 700 allocations and, every few runs, walks every object the process holds (the
checklists and lexicons of a review included) to find cycles that are not there:
10-20 % of the reading time. Paused for the length of one document, it runs once
afterwards instead; nothing it could free is kept longer than that document.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cycle collector inside the block, if it was enabled."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
