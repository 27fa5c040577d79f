"""A local Prefect server for ``eventcoder serve`` when the user has none.

Scheduled runs need Prefect's scheduler service, which the ephemeral mode used by ``eventcoder run``
does not run. When ``PREFECT_API_URL`` is not set, ``serve`` starts ``prefect server start`` on
127.0.0.1 for as long as it serves, so nobody has to start a server by hand.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coders.errors import EventCoderError


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def local_prefect_server(port: int | None = None, timeout: float = 180.0) -> Iterator[str]:
    """Run a Prefect server (API and scheduler, no UI) on 127.0.0.1; yields its API URL."""
    port = port or free_port()
    server = ["-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui",
              "--analytics-off", "--scheduler"]
    command = [sys.executable, "-c", _DIE_WITH_PARENT, str(os.getpid()), *server]
    # Its own session, so that a Ctrl-C meant for ``serve`` reaches the server only through _stop; no
    # inherited output, so that a server outliving a killed ``serve`` holds none of its caller's pipes;
    # and on Linux it is told to stop when its parent dies.
    log_path = Path(tempfile.gettempdir()) / f"eventcoder-prefect-server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_until_healthy(url, process, timeout, log_path)
        yield url
    finally:
        _stop(process)


# Run as ``python -c _DIE_WITH_PARENT PARENT_PID ARGS...``: on Linux, ask for SIGTERM when the parent
# dies (the request survives exec), give up if it is already gone, then become ``python ARGS...``.
_DIE_WITH_PARENT = """
import ctypes, os, signal, sys
if sys.platform.startswith("linux"):
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
if os.getppid() != int(sys.argv[1]):
    sys.exit("eventcoder serve exited before its Prefect server started")
os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
"""


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EventCoderError(f"the local Prefect server exited with code {process.returncode} while starting "
                                  f"(its log: {log_path})")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise EventCoderError(f"the local Prefect server did not answer on {url} within {timeout:.0f} s "
                          f"(its log: {log_path})")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
