"""The batch runner's process pool: how workers start, what they return, what happens when
one dies or another thread is running."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from genderlens.commands import runner
from genderlens.project.config import Overrides
from tests.test_batch import LAW_VI, REG_EN


def _tasks(folder: Path, n: int = 4) -> list[runner.Task]:
    from genderlens.commands.review_cmd import plan

    folder.mkdir()
    for i in range(n):
        extra = "\n".join(f"Điều {k}. Điều khoản {k}\nNội dung {k}, nam và nữ."
                          for k in range(4, 4 + 25 * i))
        (folder / f"f{i}.txt").write_text(LAW_VI + extra + "\n", encoding="utf-8")
    (folder / "reg.md").write_text(REG_EN, encoding="utf-8")
    return plan([str(folder)], overrides=Overrides()).tasks


def _fingerprints(results: list[runner.FileResult]) -> list[tuple[str, list[str]]]:
    return [(r.path, [f.fingerprint for f in r.review.findings] if r.review else [])
            for r in results]


def test_pool_results_match_in_process_run(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path / "d")
    alone = runner.run(tasks, 1)
    pooled = runner.run(tasks, 2)
    assert [r.index for r in pooled] == list(range(len(tasks)))
    assert _fingerprints(pooled) == _fingerprints(alone)
    assert {r.pid for r in alone} == {os.getpid()}
    assert os.getpid() not in {r.pid for r in pooled}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is used on Linux only")
def test_fork_only_while_single_threaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GENDERLENS_MP_START", raising=False)
    assert runner.start_method() == "fork"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        # A thread holding a lock at the fork would leave it held in the child forever.
        assert runner.start_method() == "forkserver"
    finally:
        stop.set()
        other.join()
    monkeypatch.setenv("GENDERLENS_MP_START", "spawn")
    assert runner.start_method() == "spawn"


def test_pool_is_started_before_the_progress_thread(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """execute() forks the workers first, then enters the progress display."""
    from genderlens.commands import review_cmd

    tasks = _tasks(tmp_path / "d", 2)
    seen: list[str] = []
    real_enter = review_cmd.Progress.__enter__

    def enter(self: review_cmd.Progress) -> review_cmd.Progress:
        seen.append("progress")
        return real_enter(self)

    real_init = runner.Pool.__init__

    def init(self: runner.Pool, jobs: int, n: int) -> None:
        real_init(self, jobs, n)
        seen.append(f"pool {self.workers}")

    monkeypatch.setattr(review_cmd.Progress, "__enter__", enter)
    monkeypatch.setattr(runner.Pool, "__init__", init)
    results, _ = review_cmd.execute(tasks, 2, quiet=True)
    assert seen == ["pool 2", "progress"]
    assert all(r.review is not None for r in results)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs forked workers")
def test_dead_worker_fails_its_files_not_the_batch(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-review (out of memory, a crash in a C library): the batch ends
    with one-line internal errors instead of hanging or raising."""
    import genderlens.api

    monkeypatch.setenv("GENDERLENS_MP_START", "fork")  # workers inherit the patch below
    tasks = _tasks(tmp_path / "d")
    real = genderlens.api.review

    def crash(path, **kw):  # type: ignore[no-untyped-def]
        if Path(path).name == "f3.txt":
            os._exit(9)
        return real(path, **kw)

    monkeypatch.setattr(genderlens.api, "review", crash)
    results = runner.run(tasks, 2)
    assert len(results) == len(tasks)
    dead = [r for r in results if r.error]
    assert any(r.path.endswith("f3.txt") for r in dead)
    for r in dead:
        assert r.kind == "internal"
        assert r.error is not None and "worker process failed" in r.error


def test_parent_garbage_collection_is_left_as_it_was(tmp_path: Path) -> None:
    import gc

    tasks = _tasks(tmp_path / "d", 2)
    runner.run(tasks, 2)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_single_task_or_one_job_starts_no_pool() -> None:
    assert runner.Pool(1, 10).executor is None
    assert runner.Pool(4, 1).executor is None
