"""Legacy Word .doc and .rtf drafts, read through LibreOffice's conversion to .docx.

Parsing the binary .doc format (or RTF's control words) by hand would be a second,
weaker .docx reader; LibreOffice already converts both faithfully, including
automatic numbering and tracked changes. So when ``soffice`` is on the PATH the file
is converted with ``soffice --headless --convert-to docx`` into a private temporary
folder (with its own LibreOffice profile, so a running LibreOffice is not disturbed),
under a timeout, and the .docx is read by :func:`~genderlens.readers.docx.read_docx`.
The input is never written. Anchors point into the converted .docx (``--annotate`` is
.docx-only for this reason), and :attr:`ReadResult.format` is "doc" or "rtf".
Without LibreOffice the error says how to convert the file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from genderlens.errors import InputError
from genderlens.readers.base import ReadResult
from genderlens.readers.guard import DEFAULT_LIMITS, OLE_MAGIC, check_input_file, sniff

# LibreOffice converts a 300-page .doc in a few seconds; its first start takes ~5 s more.
TIMEOUT_SECONDS = 120.0
_HOW = {
    ".doc": "install LibreOffice (soffice) or save the file as .docx from Word",
    ".rtf": "install LibreOffice (soffice) or save the file as .docx from Word",
}


def soffice() -> str | None:
    """The LibreOffice binary, if installed (GENDERLENS_SOFFICE overrides the search)."""
    override = os.environ.get("GENDERLENS_SOFFICE")
    if override is not None:
        return override or None
    return shutil.which("soffice") or shutil.which("libreoffice")


# the whole 8-byte OLE compound-file signature: LibreOffice opens anything as text, so a
# file that merely starts like one must not reach it
_OLE_SIGNATURE = OLE_MAGIC + b"\xa1\xb1\x1a\xe1"


def _check_kind(path: Path, suffix: str, head: bytes) -> None:
    if suffix == ".rtf":
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
            what = sniff(head)
            problem = f"not an RTF file (looks like {what})" if what else "not an RTF file"
            raise InputError(str(path), problem)
        return
    if not head.startswith(_OLE_SIGNATURE):
        what = sniff(head)
        if what == "a zip archive":
            raise InputError(str(path), "not a legacy .doc (this is a zip: a .docx renamed .doc?)",
                             "rename it to .docx")
        if what == "an RTF file":
            return  # Word saves RTF under .doc names too; LibreOffice reads both
        problem = f"not a Word .doc (looks like {what})" if what else "not a Word .doc file"
        raise InputError(str(path), problem)


def read_converted(path: Path, timeout: float = TIMEOUT_SECONDS) -> ReadResult:
    """Convert a .doc/.rtf to .docx with LibreOffice and read that; one-line errors."""
    from genderlens.readers.docx import read_docx

    path = Path(path)
    suffix = path.suffix.lower()
    size, head = check_input_file(path, DEFAULT_LIMITS, suffix)
    _check_kind(path, suffix, head)
    binary = soffice()
    if binary is None:
        raise InputError(str(path), f"reading {suffix} needs LibreOffice, which is not "
                         "installed", _HOW.get(suffix, "save the file as .docx"))
    with tempfile.TemporaryDirectory(prefix="genderlens-convert-") as tmp:
        work = Path(tmp)
        # A copy under a plain name: soffice derives the output name from the input's,
        # and must not see (or lock) the original.
        source = work / f"input{suffix}"
        try:
            shutil.copyfile(path, source)
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
        out = work / "out"
        cmd = [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", "docx", "--outdir", str(out), str(source)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            raise InputError(str(path), f"cannot run LibreOffice ({exc.strerror or exc})",
                             _HOW.get(suffix, "")) from None
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise InputError(str(path), f"LibreOffice did not convert the file within "
                             f"{timeout:.0f} s", "save it as .docx from Word") from None
        except BaseException:
            _kill(proc)
            raise
        converted = out / "input.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            detail = " ".join(err.decode("utf-8", "replace").split())[:160]
            raise InputError(str(path), f"LibreOffice could not convert this {suffix} file"
                             + (f" ({detail})" if detail else ""),
                             "open it in Word or LibreOffice and save it as .docx")
        try:
            result = read_docx(converted)
        except InputError as exc:
            raise InputError(str(path), f"after conversion to .docx: {exc.problem}",
                             exc.hint) from None
    result.path = str(path)
    result.format = suffix.lstrip(".")
    result.size = size
    result.warnings.append(f"read through LibreOffice's conversion of the {suffix} to .docx")
    return result


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and the helper processes it started (its own session)."""
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        proc.wait(timeout=5)
