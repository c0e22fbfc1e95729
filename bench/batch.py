"""Batch review of a corpus folder: wall time and CPU time with 1 and 2 jobs, speed-up.

Runs exactly what a user runs, one command per run::

    genderlens review ../shared/corpus/vi/laws-txt --jobs N --format json -o OUT \\
        --fail-on never --quiet

Runs alternate (every job count, and every code version given with ``--code``, once per
round) so that a noisy neighbour slows all of them alike; figures are medians over the
rounds. Per job count it prints the wall time, the CPU time of the whole process tree
(user+sys of the command, its fork server and workers: this script makes itself the
"child subreaper" so that the orphaned fork server is reaped here and counted), split into
the main process and the pool, the timeline (when the first file starts, how long the end
takes) and, for the median run, what each reviewing process did (``GENDERLENS_STATS``).

Why CPU time as well: the machine is shared, and other processes stretch wall times
unevenly; CPU time moves much less with the load. Two estimates of the speed-up come
from it: ``CPU(jobs 1) / (CPU(jobs 2) / 2)``, what two cores would give if neither ever
idled (an upper bound), and ``CPU(jobs 1) / (rest + reviewing / 2)``, counting every
CPU second spent outside the per-file reviews (interpreter, imports, warm-up, planning,
the report) as serial (a lower bound, but for a fork server warming up beside the
planning command). Compare runs of one round: under heavy load even CPU times grow
(shared caches, hyperthreads).

Before every round the script also measures the machine's own ceiling: how much faster two
CPU-bound Python processes finish than one (virtual machines often advertise cores they
cannot run at the same time). A pool cannot beat it.

Usage: ``python bench/batch.py [--folder DIR ...] [--jobs 1 2] [--repeat N]
[--code DIR ...] [--transfer]``. ``--code`` runs each given checkout (``PYTHONPATH``)
instead of this one, e.g. ``--code /work/main .`` to compare before and after.

Last figures (Dec 2026, vi/laws-txt, the 2-core VM shared with other benchmarks, so the
machine ceiling was 0.9-1.8x): workers forked from the warmed command start their first
file 0.50-0.96 s after launch against 0.77-1.38 s for the fork server of 61a9d95 (same
rounds); in the quietest round (ceiling 1.83x) --jobs 2 was 1.72x --jobs 1 (61a9d95:
1.54x); estimates from CPU times 1.61-1.81x (61a9d95: 1.68-1.94x, within the noise).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
_SPIN = ("import time\nt = time.perf_counter()\nx = 0\n"
         "for i in range(8_000_000):\n    x += i\n")
_PR_SET_CHILD_SUBREAPER = 36


@dataclass
class Worker:
    files: int = 0
    busy: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    first: float = 0.0  # seconds from launch to this process's first file


@dataclass
class Run:
    code: str
    jobs: int
    wall: float
    tree_cpu: float  # user+sys of every process of the run (command, fork server, workers)
    review_cpu: float  # CPU time of the per-file reviews (summed over the processes)
    files: int
    errors: int
    findings: int
    first_start: float = 0.0  # seconds from launch to the first file's review
    tail: float = 0.0  # seconds from the last file's end to the command's exit
    ceiling: float = 0.0
    load: float = 0.0
    workers: dict[int, Worker] = field(default_factory=dict)


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux), so that their CPU time reaches RUSAGE_CHILDREN."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_all() -> None:
    """Wait for every adopted descendant (the fork server exits once the command has)."""
    with contextlib.suppress(ChildProcessError):
        while True:
            os.wait()


def children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def machine_parallelism(n: int = 2) -> float:
    """How much faster n CPU-bound processes finish than one at a time, right now."""
    def run(k: int) -> float:
        t0 = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(k)]
        for p in procs:
            p.wait()
        return time.perf_counter() - t0

    one = run(1)
    return n * one / run(n)


def run_once(folders: list[Path], jobs: int, code: Path, tmp: Path) -> Run:
    out = tmp / f"out-{jobs}.json"
    stats = tmp / f"stats-{jobs}.json"
    env = dict(os.environ)
    env["GENDERLENS_STATS"] = str(stats)
    env["PYTHONPATH"] = str(code) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "genderlens", "review", *map(str, folders), "--jobs",
           str(jobs), "--format", "json", "-o", str(out), "--fail-on", "never", "--quiet"]
    reap_all()
    cpu0 = children_cpu()
    load = os.getloadavg()[0]
    launched = time.time()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, cwd=tmp)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status = os.waitpid(proc.pid, 0)
    wall = time.perf_counter() - t0
    exited = time.time()
    proc.returncode = os.waitstatus_to_exitcode(status)
    reap_all()
    tree = children_cpu() - cpu0
    if proc.returncode not in (0, 1, 3):
        raise SystemExit(f"genderlens failed ({proc.returncode}):\n{err.decode()}")
    rows = json.loads(stats.read_text("utf-8"))
    workers: dict[int, Worker] = defaultdict(Worker)
    for r in rows:
        w = workers[int(r["pid"])]
        start = float(r["started"]) - launched
        w.first = start if not w.files else min(w.first, start)
        w.files += 1
        w.busy += float(r["seconds"])
        w.cpu += float(r["cpu_seconds"])
        w.peak_mb = max(w.peak_mb, int(r["peak_rss_kb"]) / 1024)
    report = json.loads(out.read_text("utf-8"))
    return Run(
        code=str(code), jobs=jobs, wall=wall,
        tree_cpu=tree, review_cpu=sum(float(r["cpu_seconds"]) for r in rows),
        files=len(report["files"]),
        errors=sum(1 for f in report["files"] if f["error"]),
        findings=sum(len(f["findings"]) for f in report["files"]),
        workers=dict(workers),
        first_start=min(float(r["started"]) for r in rows) - launched,
        tail=exited - max(float(r["started"]) + float(r["seconds"]) for r in rows),
        load=load,
    )


def transfer_cost(paths: list[Path]) -> tuple[float, float, float, float]:
    """Mean pickled size (MB) and dumps+loads time (ms) of a full and a slim Review."""
    sys.path.insert(0, str(ROOT))
    from genderlens.api import review
    from genderlens.commands.runner import slim_document

    def cost(r: object) -> tuple[float, float]:
        t0 = time.perf_counter()
        data = pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)
        return len(data) / 1e6, (time.perf_counter() - t0) * 1000

    full, slim = [], []
    for p in paths:
        r = review(p)
        full.append(cost(r))
        slim_document(r)
        slim.append(cost(r))
    n = len(paths)
    return (sum(s for s, _ in full) / n, sum(t for _, t in full) / n,
            sum(s for s, _ in slim) / n, sum(t for _, t in slim) / n)


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


def report(code: str, jobs: int, runs: list[Run]) -> None:
    m = median_run(runs)
    med = statistics.median
    print(f"\n{code} --jobs {jobs}: wall {med(r.wall for r in runs):.2f} s, CPU "
          f"{med(r.tree_cpu for r in runs):.2f} s (reviewing files "
          f"{med(r.review_cpu for r in runs):.2f} s, the rest "
          f"{med(r.tree_cpu - r.review_cpu for r in runs):.2f} s: interpreter, imports, "
          f"warm-up, planning, transfer, report); {m.files} files, {m.errors} unreadable, "
          f"{m.findings} findings")
    print("  walls: " + ", ".join(f"{r.wall:.2f}" for r in runs)
          + "; CPU: " + ", ".join(f"{r.tree_cpu:.2f}" for r in runs)
          + "; load before: " + ", ".join(f"{r.load:.1f}" for r in runs)
          + "; machine ceiling: " + ", ".join(f"{r.ceiling:.2f}x" for r in runs))
    print(f"  median run: first file starts {m.first_start:.2f} s after launch, "
          f"{m.tail:.2f} s from the last file's end to exit (report, clean-up)")
    for pid, w in sorted(m.workers.items(), key=lambda kv: kv[1].first):
        print(f"  process {pid}: {w.files} files from {w.first:.2f} s, busy {w.busy:.2f} s "
              f"(CPU {w.cpu:.2f} s), peak memory {w.peak_mb:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--folder", type=Path, nargs="+",
                    default=[DEFAULT_CORPUS / "vi" / "laws-txt"])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3, help="rounds (medians are reported)")
    ap.add_argument("--code", type=Path, nargs="+", default=[ROOT],
                    help="checkouts to run (PYTHONPATH), alternating")
    ap.add_argument("--transfer", action="store_true",
                    help="also measure the cost of sending one review back from a worker")
    args = ap.parse_args()
    folders = [f.resolve() for f in args.folder]
    codes = [c.resolve() for c in args.code]
    sys.path.insert(0, str(ROOT / "bench"))
    from peers import compile_package

    for code in codes:
        compile_package(code)  # as pip compiles an installed package
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        raise SystemExit(f"corpus folder not found: {missing[0]}")
    files = [p for f in folders for p in f.rglob("*") if p.suffix in (".txt", ".docx", ".md")]
    size = sum(p.stat().st_size for p in files) / 1e6
    reaper = become_subreaper()
    print(f"corpus: {', '.join(f.name for f in folders)}: {len(files)} files, {size:.1f} MB; "
          f"cores: {os.cpu_count()}; load average: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; start method: "
          f"{os.environ.get('GENDERLENS_MP_START', 'default')}; CPU of orphaned processes "
          f"{'counted' if reaper else 'NOT counted (no subreaper)'}")
    runs: dict[tuple[str, int], list[Run]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            ceiling = machine_parallelism(2)
            for code in codes:
                for jobs in args.jobs:
                    r = run_once(folders, jobs, code, Path(tmp))
                    r.ceiling = ceiling
                    runs[(str(code), jobs)].append(r)
    for (code, jobs), rs in runs.items():
        report(code, jobs, rs)
    print()
    for code in codes:
        one = runs.get((str(code), 1))
        if not one:
            continue
        for jobs in args.jobs:
            if jobs == 1:
                continue
            rs = runs[(str(code), jobs)]
            wall = statistics.median(r.wall for r in one) / statistics.median(r.wall for r in rs)
            pairs = [a.wall / b.wall for a, b in zip(one, rs, strict=False)]
            cpu1 = statistics.median(r.tree_cpu for r in one)
            upper = cpu1 / (statistics.median(r.tree_cpu for r in rs) / jobs)
            lower = cpu1 / statistics.median(
                (r.tree_cpu - r.review_cpu) + r.review_cpu / jobs for r in rs)
            print(f"{code}: --jobs {jobs} speed-up {wall:.2f}x (medians; per round "
                  f"{', '.join(f'{p:.2f}' for p in pairs)}); from CPU times "
                  f"{lower:.2f}x-{upper:.2f}x (target >= 1.7x with 2 jobs)")
    if args.transfer:
        largest = sorted(files, key=lambda p: -p.stat().st_size)[:3]
        fmb, fms, smb, sms = transfer_cost(largest)
        print(f"result transfer (3 largest laws): full review {fmb:.2f} MB, {fms:.0f} ms to "
              f"pickle and unpickle; slim review (what workers return) {smb:.3f} MB, "
              f"{sms:.1f} ms")


if __name__ == "__main__":
    main()
