"""One run at a time per output folder: ``DIR/.eventcoder.lock``.

The lock file is created with ``O_EXCL`` (so two runs cannot both create it) and names its holder: pid,
host, the holder process's start time and its command line. A lock whose holder is gone — same host,
and no process with that pid, or one started at another time (a reused pid) — is stale: it is taken
over, and the takeover says so. A live holder makes the second run wait up to ``wait`` seconds, then
fail with a message naming the holder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from coders.errors import EventCoderError

LOCK_NAME = ".eventcoder.lock"


class OutputLockedError(EventCoderError):
    """Another live run holds the output folder."""


class OutputLock:
    """The exclusive lock of an output folder, as a context manager."""

    def __init__(self, output: Path | str, *, wait: float = 0.0, poll: float = 0.5) -> None:
        self.path = Path(output) / LOCK_NAME
        self.wait, self.poll = wait, poll
        self.took_over: dict[str, Any] | None = None  # the stale holder replaced, if any

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait
        while True:
            if self._create():
                return
            holder = self.holder()
            if holder is not None and is_stale(holder, self.path):
                self.took_over = holder
                self._remove_if(holder)
                continue
            if time.monotonic() >= deadline:
                raise OutputLockedError(_busy_message(self.path, holder))
            time.sleep(self.poll)

    def release(self) -> None:
        holder = self.holder()
        if holder is not None and holder.get("pid") == os.getpid() and holder.get("host") == socket.gethostname():
            self.path.unlink(missing_ok=True)

    def holder(self) -> dict[str, Any] | None:
        """What the lock file says of its holder (``{}`` for a file being written or damaged)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _create(self) -> bool:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(_me(), handle)
            handle.flush()
            os.fsync(handle.fileno())
        return True

    def _remove_if(self, holder: dict[str, Any]) -> None:
        """Remove the lock file if it still names ``holder`` (another run may have taken it over first)."""
        if self.holder() == holder:
            self.path.unlink(missing_ok=True)


def is_stale(holder: dict[str, Any], path: Path | None = None) -> bool:
    """Whether the process named by a lock file is gone. Only a holder on this host can be checked; an
    unreadable lock file (no pid: its writer died before writing it) counts as stale once ``path`` is
    a minute old."""
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return path is not None and _file_age(path) > 60
    if holder.get("host") != socket.gethostname():
        return False
    started = process_start(pid)
    if started is None:
        return True  # no such process
    return holder.get("process_start") is not None and holder["process_start"] != started  # a reused pid


def process_start(pid: int) -> str | None:
    """An identifier of when process ``pid`` started (its start time in clock ticks since boot, on
    Linux), ``"alive"`` where that cannot be read, or None when there is no such process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # exists, owned by another user
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]  # field 22: starttime
    except (OSError, IndexError):
        return "alive"


def _me() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname(), "process_start": process_start(os.getpid()),
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join(sys.argv)[:500]}


def _file_age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _busy_message(path: Path, holder: dict[str, Any] | None) -> str:
    if not holder:
        return f"{path.parent} is locked by another run ({path} exists); wait for it to finish"
    return (f"{path.parent} is in use by another run: pid {holder.get('pid')} on {holder.get('host')}, started "
            f"{holder.get('started')} ({holder.get('command')!r}). Wait for it to finish (or pass a longer "
            f"--wait); if that run is gone from another machine, remove {path}")
