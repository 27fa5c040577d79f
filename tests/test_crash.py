"""Crash safety (issue 6): a run killed with SIGKILL, at a named point or at any moment, leaves the
folder readable, and the next run completes it to exactly the dataset of uninterrupted runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from coders.config import Settings
from coders.lock import LOCK_NAME
from coders.pipeline import code_files
from coders.write import recover


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    pq.write_table(pa.table({"x": [1]}), path / "part-0.parquet")
    return path


def test_swap_cut_between_its_renames_is_undone(tmp_path: Path) -> None:
    _folder(tmp_path / ".events-old")  # events/ moved aside, the new one never moved in
    _folder(tmp_path / "articles")
    _folder(tmp_path / ".articles-old")  # a finished swap whose old copy was not yet removed
    _folder(tmp_path / ".quarantine-k2j3x" / "quarantine")  # a staging folder
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "20261129T000000Z-abc.json.tmp").write_text("{", encoding="utf-8")
    done = recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "events", "runs"]
    assert pq.read_table(tmp_path / "events").num_rows == 1
    assert list((tmp_path / "runs").iterdir()) == []
    assert done == ["restored events/ (a run was killed while replacing it)",
                    "removed the staging folder .quarantine-k2j3x",
                    "removed the half-written manifest 20261129T000000Z-abc.json.tmp"]


def test_nothing_to_repair(tmp_path: Path) -> None:
    _folder(tmp_path / "events")
    assert recover(tmp_path) == [] and (tmp_path / "events").exists()


# --------------------------------------------------------------------------- killed runs

ROOT = Path(__file__).resolve().parents[1]
CRASH_POINTS = ("batch-coded", "events-written", "quarantine-written", "articles-written")


def _corpus(path: Path, n: int) -> Path:
    lines = (ROOT / "tests" / "fixtures" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
    return path


def _code(corpus: Path, out: Path, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EVENTCODER_BATCH_SIZE": "3"}
    env.pop("EVENTCODER_CRASH_AT", None)
    if crash_at:
        env["EVENTCODER_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, "-m", "flows.cli", "code", str(corpus), "-o", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)


def _dataset(out: Path) -> dict[str, pd.DataFrame]:
    """Every dataset folder of ``out`` read with pandas (which fails on a half-written one); the input's
    folder (``out``'s parent) is left out of the paths that name records."""
    found = {}
    for name in ("events", "articles", "quarantine"):
        if (out / name).exists():
            frame = pd.read_parquet(out / name).drop(columns=["run_id", "year", "month"], errors="ignore")
            for column in ("origin", "article_id"):
                if column in frame.columns:
                    frame[column] = frame[column].str.replace(str(out.parent), "<dir>", regex=False)
            keys = [k for k in ("event_id", "article_id", "origin", "status") if k in frame.columns]
            found[name] = frame.sort_values(keys).reset_index(drop=True)
    return found


def _assert_same(out: Path, clean: Path) -> None:
    got, want = _dataset(out), _dataset(clean)
    assert sorted(got) == sorted(want)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], obj=name)


@pytest.fixture(scope="module")
def clean_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An uninterrupted first run on half the fixture corpus, then on all of it (the same file grown)."""
    folder = tmp_path_factory.mktemp("clean")
    corpus = folder / "corpus.jsonl"
    settings = Settings.from_env(batch_size=3)
    code_files([_corpus(corpus, 7)], folder / "half", settings)
    code_files([_corpus(corpus, 7)], folder / "whole", settings)
    code_files([_corpus(corpus, 14)], folder / "whole", settings)
    return folder / "half", folder / "whole"


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_run_killed_at_a_point_is_completed_by_the_next(point: str, clean_runs: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    half, whole = clean_runs
    corpus, out = tmp_path / "corpus.jsonl", tmp_path / "out"
    assert _code(_corpus(corpus, 7), out).returncode == 0
    _assert_same(out, half)
    killed = _code(_corpus(corpus, 14), out, crash_at=point)  # the grown corpus, killed on the way
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    readable = _dataset(out)  # readable as it was left: the first run's dataset, or parts of the new
    assert {"events", "articles"} <= set(readable)
    assert (out / LOCK_NAME).exists()  # a dead holder's lock: the next run takes it over
    resumed = _code(corpus, out)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    _assert_same(out, whole)
    assert not (out / LOCK_NAME).exists() and not list(out.glob(".events*")) + list(out.glob(".articles*"))


def test_run_killed_at_any_moment_is_completed_by_the_next(clean_runs: tuple[Path, Path], tmp_path: Path) -> None:
    """Killed at moments spread over a run (whatever it is doing then), then run again."""
    _, whole = clean_runs
    corpus, out = tmp_path / "corpus.jsonl", tmp_path / "out"
    assert _code(_corpus(corpus, 7), out).returncode == 0
    _corpus(corpus, 14)
    for delay in (0.5, 3.0, 6.0, 9.0):
        env = {**os.environ, "EVENTCODER_BATCH_SIZE": "3"}
        child = subprocess.Popen([sys.executable, "-m", "flows.cli", "code", str(corpus), "-o", str(out)],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert {"events", "articles"} <= set(_dataset(out))
    resumed = _code(corpus, out)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    _assert_same(out, whole)
    manifests = [json.loads(p.read_text()) for p in sorted((out / "runs").glob("*.json"))]
    assert manifests[-1]["counts"]["dataset"]["records"] == 14


def test_flow_killed_with_its_whole_process_group_is_completed_by_the_next(clean_runs: tuple[Path, Path],
                                                                           tmp_path: Path) -> None:
    """The Prefect flow (``eventcoder run``) and everything it started (its ephemeral server) killed at
    once, as when the machine goes down; then run again."""
    _, whole = clean_runs
    corpus, out = tmp_path / "corpus.jsonl", tmp_path / "out"
    assert _code(_corpus(corpus, 7), out).returncode == 0
    _corpus(corpus, 14)
    env = {**os.environ, "EVENTCODER_BATCH_SIZE": "3"}
    env.pop("EVENTCODER_CRASH_AT", None)
    command = [sys.executable, "-m", "flows.cli", "run", str(corpus), "-o", str(out)]
    for delay in (4.0, 12.0):
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
        time.sleep(delay)
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        assert {"events", "articles"} <= set(_dataset(out))
    resumed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    _assert_same(out, whole)
