"""Errors that reach the user as one line.

Only ``cli.py`` turns them into exit codes; the API raises them so that batch mode can
report one bad file and carry on with the rest.
"""

from __future__ import annotations


class GenderlensError(Exception):
    """Base class: ``str(err)`` is the one line shown to the user."""


class InputError(GenderlensError):
    """An input file cannot be read (missing, corrupt, encrypted, wrong format, too big)."""

    def __init__(self, path: str, problem: str, hint: str = "") -> None:
        self.path = path
        self.problem = problem
        self.hint = hint
        text = f"{path}: {problem}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class ConfigError(GenderlensError):
    """A checklist, template or configuration file is invalid (file:line: what)."""


class UsageError(GenderlensError):
    """The command line asks for something impossible (e.g. output path = input path)."""


class OutputError(GenderlensError):
    """A report cannot be written (disk full, read-only folder, closed pipe); nothing
    half-written is left behind (see :mod:`genderlens.output`)."""


class Interrupted(GenderlensError):
    """Ctrl-C or SIGTERM stopped a run; ``str(err)`` says how far it got."""

    def __init__(self, finished: int, total: int) -> None:
        self.finished = finished
        self.total = total
        super().__init__(
            f"interrupted: {finished} of {total} draft(s) finished; no report was written"
        )
