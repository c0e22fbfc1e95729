"""Interrupted and failing writes: Ctrl-C or SIGTERM in a batch, a full disk, an output
folder that cannot be written. One line, a documented exit code, never a half-written
report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLAUSE = "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi được kết hôn; người chồng là chủ hộ.\n"


def _drafts(folder: Path, n: int, articles: int) -> list[Path]:
    folder.mkdir()
    out = []
    for i in range(n):
        path = folder / f"du-thao-{i}.txt"
        body = "".join(f"Điều {k}. Quy định {k}\n1. {CLAUSE}2. {CLAUSE}"
                       for k in range(1, articles + 1))
        path.write_text(f"LUẬT MẪU {i}\n{body}", encoding="utf-8")
        out.append(path)
    return out


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "genderlens", "review", *args]


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "jobs"), [(signal.SIGTERM, 1), (signal.SIGINT, 1),
                                           (signal.SIGTERM, 2), (signal.SIGINT, 2)])
def test_signal_during_batch(tmp_path: Path, sig: signal.Signals, jobs: int) -> None:
    drafts = _drafts(tmp_path / "drafts", 8, 400)
    out_dir = tmp_path / "memos"
    report = tmp_path / "report.json"
    proc = subprocess.Popen(
        _cli(str(tmp_path / "drafts"), "--jobs", str(jobs), "-f", "json", "-o", str(report),
             "--output-dir", str(out_dir), "--fail-on", "never"),
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if "[1/8]" in line:
            proc.send_signal(sig)
            break
    rest = proc.stderr.read()
    code = proc.wait(timeout=120)
    last = rest.strip().splitlines()[-1] if rest.strip() else seen[-1]
    assert code == 130, (seen, rest)
    assert "interrupted:" in last and "of 8 draft(s) finished" in last, last
    finished = int(last.split("interrupted: ")[1].split(" of")[0])
    assert 1 <= finished < 8
    assert not report.exists()
    written = sorted(out_dir.rglob("*.json"))
    assert not list(out_dir.rglob("*.tmp"))
    for memo in written:  # whatever was written is whole
        json.loads(memo.read_text(encoding="utf-8"))
    if jobs == 1:
        assert len(written) <= finished
    # A pool's workers finish the files already handed to them (Python's executor
    # queues several ahead), so only completeness is checked there.
    assert all(d.exists() for d in drafts)


def test_full_disk_is_one_line_exit_2(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is not available on this system")
    draft = _drafts(tmp_path / "d", 1, 2)[0]
    for args in (["-o", "/dev/full"], []):
        with open("/dev/full", "w") as sink:
            proc = subprocess.run(_cli(str(draft), "-f", "md", "--fail-on", "never", *args),
                                  cwd=ROOT, stdout=sink, stderr=subprocess.PIPE, text=True)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2, proc.stderr
        assert len(lines) == 1 and "No space left on device" in lines[0]


def test_unwritable_output_folder_is_one_line_exit_2(tmp_path: Path) -> None:
    draft = _drafts(tmp_path / "d", 1, 2)[0]
    if os.geteuid() == 0:
        folder = Path("/proc")  # not writable even by root
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    target = folder / "memo.md"
    proc = subprocess.run(_cli(str(draft), "-f", "md", "-o", str(target), "--fail-on", "never"),
                          cwd=ROOT, capture_output=True, text=True)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and lines[0].startswith(f"genderlens: cannot write {target}")
    assert not target.exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(".memo.md.")]
