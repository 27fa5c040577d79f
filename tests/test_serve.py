"""``eventcoder serve``: scheduled runs on a local Prefect server, picking up new input files."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

INTERRUPTED = "'Execution was aborted by an interrupt signal.'"


def _manifests(output: Path) -> list[dict]:  # type: ignore[type-arg]
    runs = output / "runs"
    return [json.loads(p.read_text()) for p in sorted(runs.glob("*.json"))] if runs.exists() else []


def _wait_for(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(2)
    return False


def test_serve_runs_on_schedule_and_picks_up_new_files(tmp_path: Path) -> None:
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for name in ("000_279682f1db8c8255.txt", "articles.csv"):
        (inputs / name).write_bytes((ROOT / "seeds" / name).read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {
        "PREFECT_HOME": str(tmp_path / "prefect-home")}
    # every 15 seconds (``--cron "* * * * *"`` is the same code path, but waits for the minute); a run
    # scheduled while the previous one still holds the folder waits for it (``--wait``)
    command = [sys.executable, "-m", "flows.cli", "serve", "--interval", "15", str(inputs), "-o", str(output),
               "--dedup", "day", "--wait", "120"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        assert _wait_for(lambda: len(_manifests(output)) >= 1, 240), "no scheduled run within 4 minutes"
        (inputs / "new.jsonl").write_text(json.dumps({
            "id": "new1", "date": "2019-05-02",
            "text": "Chinese President Xi Jinping met with Russian President Vladimir Putin in Moscow."}) + "\n")
        assert _wait_for(lambda: any(m["counts"]["ingest"]["records"] == 2 for m in _manifests(output)), 180), \
            "the new file was not picked up by a later scheduled run"
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            log = process.communicate(timeout=60)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            log = process.communicate(timeout=60)[0].decode(errors="replace")
    first = _manifests(output)[0]
    assert first["runner"] == "prefect:ThreadPoolTaskRunner" and first["counts"]["ingest"]["records"] == 1
    assert first["settings"]["dedup"] == ["day"] and (output / "events_one_a_day").is_dir()  # options reach the runs
    assert "serving on a local Prefect server" in log
    # every scheduled run finished well. A run still going when the test interrupts serve ends
    # ``Crashed('Execution was aborted by an interrupt signal.')`` (or prints a KeyboardInterrupt traceback
    # while being spawned): that is the interruption, not a failure; any other end state is one.
    ends = re.findall(r"Finished in state (\w+)\((.*)\)", log)
    assert ("Completed", "") in ends, log
    bad = [end for end in ends if end[0] != "Completed" and end != ("Crashed", INTERRUPTED)]
    assert not bad and "in state Failed" not in log, bad


def test_local_server_stops_when_serve_is_killed() -> None:
    """A ``serve`` killed with SIGKILL cannot stop its Prefect server itself; the server must not
    outlive it (it would hold the port and, before, its caller's pipes)."""
    import urllib.request

    from flows.server import free_port

    code = ("import sys, time\nfrom flows.server import local_prefect_server\n"
            "with local_prefect_server(port=int(sys.argv[1])) as url:\n    print(url, flush=True)\n    time.sleep(600)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    parent = subprocess.Popen([sys.executable, "-c", code, str(free_port())], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE)
    assert parent.stdout is not None
    url = parent.stdout.readline().decode().strip()
    assert url.startswith("http://127.0.0.1:")
    parent.kill()
    parent.wait()

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1):
                return True
        except OSError:
            return False

    assert _wait_for(lambda: not answers(), 60), "the Prefect server outlived its killed parent"
