"""Idempotent and incremental runs: the same input twice gives the same bytes; new articles are coded
alone and added; changed dictionaries or texts replace events, never duplicate them (issue 6)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from coders.config import Settings, default_dictionary_dir
from coders.pipeline import code_files

FIXTURES = Path(__file__).parent / "fixtures"


def _records() -> list[dict]:
    lines = (FIXTURES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:10]]  # fx-01 … fx-10: all codable news


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.parquet"))}


def _events(out: Path) -> pd.DataFrame:
    frame = pd.read_parquet(out / "events").drop(columns=["run_id", "year", "month"])
    return frame.sort_values("event_id").reset_index(drop=True)


def _manifests(out: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((out / "runs").glob("*.json"))]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("rerun")
    source = _write(folder / "a.jsonl", _records()[:6])
    out = folder / "out"
    code_files([source], out)
    return source, out


def test_same_input_twice_gives_the_same_bytes(first_run: tuple[Path, Path], tmp_path: Path) -> None:
    source, first = first_run
    out = tmp_path / "out"
    shutil.copytree(first, out)
    before = _files(out)
    summary = code_files([source], out)
    assert summary.counts["dataset"] == {"records": 6, "kept": 0, "reused": 6, "coded_now": 0}
    after = _files(out)
    assert [k for k in after if k.startswith("events/")] and after == before  # events, articles, quarantine
    assert len(_manifests(out)) == 2


def test_new_articles_are_coded_alone_and_added(first_run: tuple[Path, Path], tmp_path: Path) -> None:
    source, first = first_run
    out = tmp_path / "out"
    shutil.copytree(first, out)
    more = _write(tmp_path / "b.jsonl", _records()[6:])
    summary = code_files([source, more], out)
    assert summary.counts["dataset"] == {"records": 10, "kept": 0, "reused": 6, "coded_now": 4}
    clean = tmp_path / "clean"
    code_files([source, more], clean)
    pd.testing.assert_frame_equal(_events(out), _events(clean))
    articles = pd.read_parquet(out / "articles")
    assert sorted(articles["article_id"]) == sorted(r["id"] for r in _records())
    # an input left out of a later run keeps its rows
    summary = code_files([more], out)
    assert summary.counts["dataset"] == {"records": 10, "kept": 6, "reused": 4, "coded_now": 0}
    pd.testing.assert_frame_equal(_events(out), _events(clean))


def test_changed_dictionaries_recode_from_the_cache_and_replace(first_run: tuple[Path, Path], tmp_path: Path) -> None:
    source, first = first_run
    out = tmp_path / "out"
    shutil.copytree(first, out)
    dictionaries = tmp_path / "dictionaries"
    shutil.copytree(default_dictionary_dir(), dictionaries)
    with (dictionaries / "verbs.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"id": "010.rerun_test", "code": "010", "lemma": "rerunedit"}\n')
    settings = Settings.from_env(dictionary_dir=dictionaries)
    summary = code_files([source], out, settings)
    assert summary.counts["dataset"] == {"records": 6, "kept": 0, "reused": 0, "coded_now": 6}
    assert summary.counts["parse"]["from_cache"] == 6
    clean = tmp_path / "clean"
    code_files([source], clean, settings)
    pd.testing.assert_frame_equal(_events(out), _events(clean))
    events = pd.read_parquet(out / "events")
    assert events["event_id"].is_unique and set(events["dictionary_sha256"]) == {summary_sha(out)}


def summary_sha(out: Path) -> str:
    return _manifests(out)[-1]["dictionary_sha256"]


def test_ids_already_coded_from_another_input_are_duplicates(first_run: tuple[Path, Path], tmp_path: Path) -> None:
    source, first = first_run
    out = tmp_path / "out"
    shutil.copytree(first, out)
    records = _records()[:2]
    other = _write(tmp_path / "other.jsonl", [{**records[0], "text": "Germany criticised Poland on Monday."},
                                              records[1]])
    summary = code_files([other], out)
    assert summary.counts["dataset"] == {"records": 8, "kept": 6, "reused": 0, "coded_now": 0}
    articles = pd.read_parquet(out / "articles")
    fates = articles[articles["origin"].str.startswith(str(other))][["article_id", "status", "reason"]]
    assert fates.values.tolist() == [
        ["fx-01", "quarantined", "duplicate id with a different text"],
        ["fx-02", "discarded", "duplicate of an earlier record with the same id and text"]]
    pd.testing.assert_frame_equal(_events(out), _events(first))


def test_edited_input_file_recodes_the_changed_article(first_run: tuple[Path, Path], tmp_path: Path) -> None:
    source, first = first_run
    work = tmp_path / "work"
    work.mkdir()
    out = work / "out"
    shutil.copytree(first, out)
    records = _records()[:6]
    records[0] = {**records[0], "text": "Germany criticised Poland on Monday over the border dispute."}
    original = source.read_text(encoding="utf-8")
    try:
        _write(source, records)  # the same file, edited
        summary = code_files([source], out)
        assert summary.counts["dataset"] == {"records": 6, "kept": 0, "reused": 5, "coded_now": 1}
        events = pd.read_parquet(out / "events")
        assert events["event_id"].is_unique
        mine = events[events["article_id"] == "fx-01"]
        assert set(mine["sentence_text"]) == {"Germany criticised Poland on Monday over the border dispute."}
        assert set(mine["source_code"]) == {"DEU"} and set(mine["target_code"]) == {"POL"}
    finally:
        source.write_text(original, encoding="utf-8")


def test_manifest_records_what_was_committed(first_run: tuple[Path, Path]) -> None:
    _, out = first_run
    committed = _manifests(out)[-1]["committed"]
    assert {f["path"] for f in committed["events"]} == {str(p.relative_to(out)) for p in (out / "events").rglob(
        "*.parquet")}
    assert committed["articles"] == [{"path": "articles/part-0.parquet",
                                      "bytes": (out / "articles" / "part-0.parquet").stat().st_size}]
