"""The parse cache: a second run parses nothing and codes the same; a changed dictionary re-codes from
the cache; a changed parser parses again; ``eventcoder code --recode`` re-codes a folder's last inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, ROOT

from coders import cache
from coders.cache import ParseCache
from coders.config import Settings, default_dictionary_dir
from coders.pipeline import code_files
from flows.cli import main


def _manifest(out: Path, index: int = -1) -> dict:
    return json.loads(sorted((out / "runs").glob("*.json"))[index].read_text())


def _events(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "events").sort_values("event_id").reset_index(drop=True)


def test_cache_keys_parses_by_parser_and_text(tmp_path: Path) -> None:
    with ParseCache(tmp_path / "c.sqlite", "model-1.0|x") as store:
        store.put_many([("Iran and Iraq met.", b"parse-1")])
        assert store.get_many(["Other text.", "Iran and Iraq met."]) == {1: b"parse-1"}
    with ParseCache(tmp_path / "c.sqlite", "model-2.0|x") as store:  # another model: nothing cached
        assert store.get_many(["Iran and Iraq met."]) == {}


def test_second_run_parses_nothing_and_codes_the_same(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code_files([ROOT / "seeds"], out)
    first = _events(out)
    code_files([ROOT / "seeds"], out)  # unchanged: the article is reused, not even parsed
    assert _manifest(out)["counts"]["dataset"]["reused"] == 1
    code_files([ROOT / "seeds"], out, recode=True)  # coded again, from the parse cache
    assert _manifest(out)["counts"]["parse"]["from_cache"] == 1
    second = _events(out)
    assert second["event_id"].tolist() == first["event_id"].tolist()
    assert second.drop(columns=["run_id"]).equals(first.drop(columns=["run_id"]))


def test_changed_dictionary_recodes_from_the_cache(tmp_path: Path) -> None:
    dictionaries = tmp_path / "dictionaries"
    shutil.copytree(default_dictionary_dir(), dictionaries)
    out = tmp_path / "out"
    code_files([ROOT / "seeds"], out, Settings.from_env(dictionary_dir=dictionaries))
    before = _events(out)
    dropped = before["pattern_id"].iloc[0]
    verbs = dictionaries / "verbs.jsonl"
    verbs.write_text("".join(line for line in verbs.read_text().splitlines(keepends=True)
                             if f'"id": "{dropped}"' not in line))
    code_files([ROOT / "seeds"], out, Settings.from_env(dictionary_dir=dictionaries))
    manifest = _manifest(out)
    assert manifest["counts"]["parse"]["from_cache"] == 1
    assert manifest["dictionary_sha256"] != _manifest(out, 0)["dictionary_sha256"]
    after = _events(out)
    assert dropped not in set(after["pattern_id"]) and len(after) < len(before)


def test_changed_parser_parses_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    code_files([ROOT / "seeds"], out)
    monkeypatch.setattr(cache, "PARSE_VERSION", "sentence_guard-test")
    code_files([ROOT / "seeds"], out, recode=True)
    assert _manifest(out)["counts"]["parse"]["from_cache"] == 0


def test_recode_command_recodes_the_last_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["code", str(ROOT / "seeds"), "--output", str(out)]) == 0
    assert main(["code", "--recode", "--output", str(out)]) == 0
    assert "1 articles (1 from the parse cache)" in capsys.readouterr().out
    assert main(["code", "--recode", "--output", str(tmp_path / "empty")]) == 2
    assert "records no earlier run to re-code" in capsys.readouterr().err


def test_cache_can_be_turned_off(tmp_path: Path) -> None:
    code_files([ROOT / "seeds"], tmp_path / "out", Settings.from_env(parse_cache=False))
    assert not (tmp_path / "out" / "cache").exists()


def test_partly_cached_corpus_streams_in_order(tmp_path: Path) -> None:
    corpus = [line for line in (FIXTURES / "corpus.jsonl").read_text().splitlines() if line.startswith("{")][:11]
    half, whole = tmp_path / "half.jsonl", tmp_path / "whole.jsonl"
    half.write_text("\n".join(corpus[::2]) + "\n")  # every other article: the cache has holes
    whole.write_text("\n".join(corpus) + "\n")
    settings = Settings.from_env(batch_size=3)
    code_files([half], tmp_path / "out", settings)
    for dataset in ("articles", "events", "quarantine"):  # the cache alone stays: its articles are not reused
        shutil.rmtree(tmp_path / "out" / dataset)
    code_files([whole], tmp_path / "out", settings)
    code_files([whole], tmp_path / "fresh", Settings.from_env(batch_size=3, parse_cache=False))
    counts = _manifest(tmp_path / "out")["counts"]
    assert counts["parse"]["from_cache"] == 6  # the first run's articles, its sport story included
    assert counts["parse"]["articles"] == 11
    pd.testing.assert_frame_equal(_events(tmp_path / "out").drop(columns=["run_id"]),
                                  _events(tmp_path / "fresh").drop(columns=["run_id"]))


def test_dictionaries_come_back_from_their_pickle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coders import pipeline

    monkeypatch.setenv("EVENTCODER_CACHE_DIR", str(tmp_path))
    directory = default_dictionary_dir()
    loaded = pipeline.cached_dictionaries.__wrapped__(str(directory), pipeline.dictionary_checksum(directory))
    (stored,) = tmp_path.glob("dictionaries-*.pickle")
    again = pipeline._stored_dictionaries(loaded.sha256)
    assert again is not None and again.sha256 == loaded.sha256 and again is not loaded
    assert again.patterns == loaded.patterns and again.names_lower == loaded.names_lower
    stored.write_bytes(b"not a pickle")  # damaged: loaded from the files again, and stored anew
    assert pipeline._stored_dictionaries(loaded.sha256) is None
    assert pipeline.cached_dictionaries.__wrapped__(str(directory), loaded.sha256).sha256 == loaded.sha256
