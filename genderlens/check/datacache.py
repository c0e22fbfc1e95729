"""The built-in checklists and lexicons, parsed once and kept in the user cache folder.

Why: parsing the YAML (with line numbers for error messages) took ~0.15 s of every
run, a fifth of a one-page review. The pickled result is keyed by a hash of every
built-in data file, the genderlens version and the Python version, so an edited
checklist, an upgrade or another interpreter rebuilds it. Writes go to a temporary
file renamed into place, so two processes racing each write a whole file and the last
rename wins; a file that cannot be read back (truncated, corrupt, from another
version of a class) is ignored and rebuilt. ``GENDERLENS_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@cache
def _key() -> str:
    from genderlens import __version__
    from genderlens.resources import checklists_dir

    root = checklists_dir()
    # the folder too: parsed values record the paths they were read from
    h = hashlib.sha256(f"{__version__}\x1f{sys.version}\x1f{root.resolve()}".encode())
    for path in sorted(root.rglob("*.y*ml")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:24]


def clear() -> None:
    """Forget the data files' hash (after editing them in this process)."""
    _key.cache_clear()


def _folder() -> Path | None:
    if os.environ.get("GENDERLENS_NO_CACHE"):
        return None
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        return None
    return Path(user_cache_dir("genderlens", appauthor=False))


def cached(name: str, build: Callable[[], T]) -> T:
    """``build()``, or what an earlier process stored for the same data files."""
    folder = _folder()
    if folder is None:
        return build()
    path = folder / f"{name}-{_key()}.pickle"
    try:
        with path.open("rb") as fh:
            stored: T = pickle.load(fh)
            return stored
    except Exception:  # missing, truncated, corrupt or stale: rebuild
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:  # a read-only home is no reason to fail a review
        pass
    return value
