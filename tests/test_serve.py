"""``eventcoder serve --cron``: scheduled runs on a local Prefect server, picking up new input files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT


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
    command = [sys.executable, "-m", "flows.cli", "serve", "--cron", "* * * * *", str(inputs), "-o", str(output)]
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
    first, *later = _manifests(output)
    assert first["runner"] == "prefect" and first["counts"]["ingest"]["records"] == 1
    assert "serving on a local Prefect server" in log
    assert "Traceback" not in log.split("KeyboardInterrupt")[0]
