"""Where the built-in data lives.

In a source checkout the data sits at the repository's top level (``checklists/``,
``templates/``, as the design card asks); in an installed wheel hatchling copies it to
``genderlens/_data/``. Look in the installed place first, then the checkout.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder holding built-in ``checklists`` or ``templates``."""
    installed = _PKG / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PKG.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"genderlens data folder {name!r} is missing from the installation")


def checklists_dir() -> Path:
    return data_dir("checklists")


def templates_dir() -> Path:
    return data_dir("templates")
