"""Writing results without ever damaging a draft.

A reviewer's draft is often the only copy, so outputs are written to a temporary file
in the destination folder and renamed over the target in one step: an interrupted run
leaves either the old file or the new one, never half of either. Output paths that
resolve to an input are refused before anything is written. The path ``-`` (stdout) is
not handled here: callers write to ``sys.stdout`` themselves.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from genderlens.errors import UsageError

STDOUT = "-"

PathLike = str | os.PathLike[str]


def write_atomic(path: PathLike, data: bytes | str) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` through a same-folder temporary file
    (see :func:`atomic_file`)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_file(path) as fh:
        fh.write(payload)
    return Path(path)


@contextlib.contextmanager
def atomic_file(path: PathLike) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` when the block ends without an error.

    The temporary file lives next to the target because ``os.replace`` is only atomic
    within one file system; it is fsynced before the rename so that a crash cannot
    leave an empty file under the final name. On any error it is removed and the old
    ``path`` stays as it was. Writers that stream a large report use this directly.
    """
    target = Path(path)
    if str(path) == STDOUT:
        raise UsageError("write_atomic cannot write to '-' (stdout is the caller's job)")
    if target.exists() and not target.is_file() and not target.is_dir():
        # /dev/null, a FIFO, a terminal: renaming over it would replace the device
        # itself with a regular file, so these are written to in place.
        with open(target, "wb") as fh:
            yield fh
        return
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{target}: output folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            # mkstemp creates 0600; give the result the permissions a normal write would.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


@contextlib.contextmanager
def atomic_text(path: PathLike) -> Iterator[TextIO]:
    """:func:`atomic_file` as UTF-8 text, line ends written as given."""
    with atomic_file(path) as raw:
        fh = io.TextIOWrapper(raw, "utf-8", newline="")
        yield fh
        fh.flush()
        fh.detach()  # the binary file is closed (after its fsync) by atomic_file


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists() and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def refuse_overwrite_input(out: PathLike | None, inputs: Iterable[PathLike]) -> None:
    """Raise :class:`UsageError` when ``out`` is one of ``inputs``.

    Both the resolved path and the file identity are compared, so a symlink, a hard
    link or ``./draft.docx`` versus ``draft.docx`` cannot slip through. ``None`` and
    ``-`` (stdout) never collide.
    """
    if out is None or str(out) == STDOUT:
        return
    out_path = Path(out)
    for inp in inputs:
        if str(inp) == STDOUT:
            continue
        if _same_file(out_path, Path(inp)):
            raise UsageError(
                f"refusing to overwrite the input {inp} with output {out}: "
                "choose another output path"
            )
