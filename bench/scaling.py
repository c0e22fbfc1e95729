"""How time and memory grow with the size of one draft, for ten shapes of text.

Usage: python bench/scaling.py [--sizes 0.25 0.5 1 2 4] [--shapes vi en flat ...] [--repeat 3]

Shapes, each one .txt file of the given size in megabytes, built from the corpus:

- ``vi``: Vietnamese laws (``vi/laws-txt``) one after another: articles and clauses.
- ``en``: Canadian Acts as plain text (Markdown removed, as ``bench/peers.py`` does):
  sections and subsections.
- ``flat``: the same English text with every heading, section number and clause marker
  removed, so that no structure is recognised and the review falls back to paragraphs.

Shapes nobody writes on purpose, but that a pasted or converted draft has (the review
must stay linear in them too):

- ``paragraph``: the Vietnamese laws with every line break removed: one paragraph.
- ``lines``: the Vietnamese laws one word per line (read as wrapped text: the lines
  that go on from the line above are joined into paragraphs).
- ``caplines``: the same words, each capitalised (joined as wrapped text too: a long
  line stops mid-sentence and the next goes on with a capital).
- ``sentences``: the same words, each a sentence of its own ("Người.", "Lao."): nothing
  goes on from anything, every line is a paragraph (the most paragraphs per megabyte).
- ``table``: a Markdown table (``.md``) with a sex and a stereotype in every row.
- ``dense``: one article whose single clause names a sex every few words.
- ``chunk``: one article whose text has no space at all ("(nữ)/(nam);" repeated).

Each size is reviewed by a fresh ``genderlens review`` process (``--format json``); the
figures are the median wall time and the median peak resident memory of that process
over ``--repeat`` runs, sizes alternated within each round so that noise from other
work on the machine spreads over all sizes. ``ratio`` is the growth from the previous
size: linear work doubles when the size doubles.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SCRATCH = ROOT / "bench" / ".scratch" / "scaling"
sys.path.insert(0, str(ROOT / "bench"))

from peers import compile_package, plain_text  # noqa: E402

_MARKER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\s*|\(\w{1,5}\)\s*)+")


def _source(shape: str) -> str:
    if shape in ("vi", "paragraph", "lines", "caplines", "sentences"):
        files = sorted((CORPUS / "vi/laws-txt").glob("*.txt"))
        return "\n".join(f.read_text(encoding="utf-8") for f in files)
    acts = sorted((CORPUS / "en/canada-acts-md").glob("*/*.md"))
    text = "\n".join(plain_text(a.read_text(encoding="utf-8")) for a in acts)
    if shape == "en":
        return text
    # no recognisable structure: markers and heading-like short lines gone
    lines = []
    for line in text.split("\n"):
        line = _MARKER.sub("", line).strip()
        if len(line.split()) >= 6:
            lines.append(line)
    return "\n".join(lines)


# shape -> (head, body repeated to the size, separator between repeats, file suffix)
_SYNTHETIC = {
    "table": ("# Bảng\n\n| Họ tên | Giới tính | Ghi chú |\n|---|---|---|\n",
              "| Người {i} | {sex} | thiên chức của phụ nữ |", "\n", "md"),
    "dense": ("LUẬT MẪU\nĐiều 1. Phạm vi\n",
              "lao động {sex} {i}, lao động nam, thiên chức của phụ nữ", ", ", "txt"),
    "chunk": ("LUẬT MẪU\nĐiều 1. Phạm vi\n", "(nữ)/(nam);", "", "txt"),
}


def make(shape: str, mb: float) -> Path:
    """One file of ``mb`` megabytes of ``shape`` (the source repeated if too short)."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    want = int(mb * 1e6)
    if shape in _SYNTHETIC:
        head, body, sep, suffix = _SYNTHETIC[shape]
        path = SCRATCH / f"{shape}-{mb:g}mb.{suffix}"
        if not path.exists():
            parts, size, i = [head], len(head.encode("utf-8")), 0
            while size < want:
                part = body.format(i=i, sex="nam" if i % 2 else "nữ") + sep
                parts.append(part)
                size += len(part.encode("utf-8"))
                i += 1
            path.write_text("".join(parts) + "\n", encoding="utf-8")
        return path
    path = SCRATCH / f"{shape}-{mb:g}mb.txt"
    if path.exists():
        return path
    src = _source(shape).encode("utf-8")
    data = (src + b"\n") * (want // (len(src) + 1) + 1)
    cut = data.rfind(b"\n", 0, want)
    data = data[: cut if cut > 0 else want] + b"\n"
    if shape == "paragraph":
        data = b" ".join(data.split())
    elif shape == "lines":
        data = b"\n".join(data.split())
    elif shape in ("caplines", "sentences"):
        end = "." if shape == "sentences" else ""
        words = data.decode("utf-8").split()
        data = "\n".join(w[:1].upper() + w[1:].rstrip(".") + end for w in words).encode("utf-8")
    path.write_bytes(data + b"\n")
    return path


def measure(path: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one review process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "genderlens", "review", "--format", "json",
         "-o", str(SCRATCH / "out.json"), "--fail-on", "never", "--quiet", str(path)],
    )  # fmt: skip
    _, status, usage = _wait(proc)
    secs = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"review of {path} failed ({status})")
    return secs, usage.ru_maxrss / 1024


def _wait(proc: subprocess.Popen[bytes]) -> tuple[int, int, resource.struct_rusage]:
    import os

    pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return pid, proc.returncode, usage


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1, 2, 4])
    ap.add_argument("--shapes", nargs="+", default=[
        "vi", "en", "flat", "paragraph", "lines", "caplines", "sentences", "table", "dense",
        "chunk"])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    compile_package()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    # Reviews are started from a small helper process, not from this one: a child's peak
    # memory (ru_maxrss) counts the memory of the process it was forked from, and this
    # one grows to hundreds of MB while it builds the 4 MB inputs.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")) as helper:
        helper.submit(int).result()  # started while this process is still small
        for shape in args.shapes:
            _report(shape, args.sizes, args.repeat, helper)


def _report(shape: str, sizes: list[float], repeat: int, helper: Any) -> None:
    paths = [make(shape, mb) for mb in sizes]
    runs: dict[float, list[tuple[float, float]]] = {mb: [] for mb in sizes}
    for _ in range(repeat):
        for mb, path in zip(sizes, paths, strict=True):
            runs[mb].append(helper.submit(measure, path).result())
    print(f"{shape}: median of {repeat} runs")
    print(f"  {'MB':>5} {'seconds':>8} {'ratio':>6} {'peak MB':>8} {'ratio':>6}")
    prev: tuple[float, float] | None = None
    for mb in sizes:
        secs = statistics.median(r[0] for r in runs[mb])
        mem = statistics.median(r[1] for r in runs[mb])
        rt = f"{secs / prev[0]:6.2f}" if prev else " " * 6
        rm = f"{mem / prev[1]:6.2f}" if prev else " " * 6
        print(f"  {mb:5g} {secs:8.2f} {rt} {mem:8.0f} {rm}")
        prev = (secs, mem)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
