"""One run at a time per output folder: the lock file, stale locks, waiting, and two real runs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coders.lock import LOCK_NAME, OutputLock, OutputLockedError, process_start

ROOT = Path(__file__).resolve().parents[1]


def _write_holder(folder: Path, **fields: object) -> Path:
    holder = {"pid": os.getpid(), "host": socket.gethostname(), "process_start": process_start(os.getpid()),
              "started": "2026-11-29T10:00:00+00:00", "command": "eventcoder run"} | fields
    path = folder / LOCK_NAME
    path.write_text(json.dumps(holder), encoding="utf-8")
    return path


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_second_lock_fails_naming_the_holder(tmp_path: Path) -> None:
    with OutputLock(tmp_path) as first:
        holder = first.holder()
        assert holder is not None and holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()
        with pytest.raises(OutputLockedError, match=rf"in use by another run: pid {os.getpid()} on "):
            OutputLock(tmp_path).acquire()
    assert not (tmp_path / LOCK_NAME).exists()  # released on exit
    with OutputLock(tmp_path):  # and free again
        pass


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    _write_holder(tmp_path, pid=_dead_pid())
    with OutputLock(tmp_path) as lock:
        assert lock.took_over is not None and lock.holder()["pid"] == os.getpid()  # type: ignore[index]


def test_reused_pid_is_stale(tmp_path: Path) -> None:
    _write_holder(tmp_path, process_start="1")  # this pid, but a process that started at another time
    with OutputLock(tmp_path) as lock:
        assert lock.took_over is not None


def test_holder_on_another_host_is_not_stale(tmp_path: Path) -> None:
    _write_holder(tmp_path, pid=_dead_pid(), host="some-other-machine")
    with pytest.raises(OutputLockedError, match="some-other-machine"):
        OutputLock(tmp_path).acquire()


def test_unreadable_lock_file_is_stale_only_when_old(tmp_path: Path) -> None:
    path = tmp_path / LOCK_NAME
    path.write_text("", encoding="utf-8")  # its writer died between creating and writing it, or is writing now
    with pytest.raises(OutputLockedError, match="is locked by another run"):
        OutputLock(tmp_path).acquire()
    old = time.time() - 120
    os.utime(path, (old, old))
    with OutputLock(tmp_path) as lock:
        assert lock.took_over == {}


def test_waits_for_the_holder_to_finish(tmp_path: Path) -> None:
    first = OutputLock(tmp_path)
    first.acquire()
    threading.Timer(0.6, first.release).start()
    started = time.monotonic()
    with OutputLock(tmp_path, wait=10, poll=0.1):
        assert time.monotonic() - started >= 0.5


def test_two_real_runs_on_one_folder(tmp_path: Path) -> None:
    """A second ``eventcoder code`` on a folder a first one is writing fails at once with the holder's
    name, and the first run's dataset is complete and valid."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "flows.cli", "code", str(ROOT / "seeds"), "-o", str(out)]
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out / LOCK_NAME).exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    first_out, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err[-2000:]
    assert second.returncode != 0
    assert f"in use by another run: pid {first.pid}" in second.stderr
    assert not (out / LOCK_NAME).exists()
    import pandas as pd

    assert len(pd.read_parquet(out / "events")) > 0 and len(list((out / "runs").glob("*.json"))) == 1
