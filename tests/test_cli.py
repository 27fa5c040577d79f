"""The ``eventcoder`` commands, called as the console script would call them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from flows.cli import main


def test_code_command_writes_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a relative output folder, as in `eventcoder code x.jsonl -o out`
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({
        "id": "a1", "date": "2019-05-02", "title": "Talks",
        "text": "Chinese President Xi Jinping met with Russian President Vladimir Putin in Moscow on Thursday.",
    }) + "\n", encoding="utf-8")
    assert main(["code", "articles.jsonl", "--output", "out"]) == 0
    printed = capsys.readouterr().out
    assert "1 records" in printed and "validation: PASSED" in printed
    assert (tmp_path / "out" / "reports" / "validation" / "index.html").exists()
    events = pd.read_parquet(tmp_path / "out" / "events")
    # a meeting is mutual: coded in both directions
    assert set(zip(events.source_code, events.target_code, events.cameo_code)) == {("CHNGOV", "RUSGOV", "040"),
                                                                                   ("RUSGOV", "CHNGOV", "040")}


def test_explain_shows_actors_patterns_and_events(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "US President Donald Trump denounced North Korea.", "--date", "2017-03-17"]) == 0
    out = capsys.readouterr().out
    assert "'Donald Trump': person" in out
    assert "USAGOV" in out and "'North Korea': country" in out
    assert "events:\n  [0] USAGOV ('US President Donald Trump') → PRK ('North Korea') 111" in out


def test_missing_input_is_counted_and_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", str(tmp_path / "nope.jsonl"), str(ROOT / "seeds"), "--output", str(tmp_path / "out")]) == 0
    assert "set aside at ingest: input path does not exist ×1" in capsys.readouterr().out
    import pandas as pd

    articles = pd.read_parquet(tmp_path / "out" / "articles").set_index("article_id")
    assert articles.loc[str(tmp_path / "nope.jsonl"), "reason"] == "input path does not exist"
    assert (articles["status"] == "coded").sum() == 1


def test_unknown_model_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", str(ROOT / "seeds"), "-o", str(tmp_path / "o"), "--model", "no_such_model"]) == 2
    assert "spaCy model 'no_such_model' is not installed" in capsys.readouterr().err


def test_dedup_option_chooses_the_deduplicated_datasets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, out = str(ROOT / "tests" / "fixtures" / "corpus.jsonl"), tmp_path / "out"
    assert main(["code", corpus, "-o", str(out), "--dedup", "day,story"]) == 0
    printed = capsys.readouterr().out
    assert "events_one_a_day" in printed and "run report: " in printed
    day, story = pd.read_parquet(out / "events_one_a_day"), pd.read_parquet(out / "events_one_a_story")
    events = pd.read_parquet(out / "events")
    assert day["n_mentions"].sum() == story["n_mentions"].sum() == len(events)
    assert len(day) <= len(story) <= len(events)
    assert set(pd.read_parquet(out / "dyad_month")["basis"]) == {"events_one_a_day"}  # the first rule
    assert main(["code", corpus, "-o", str(out), "--dedup", "none"]) == 0
    assert not (out / "events_one_a_day").exists() and not (out / "events_one_a_story").exists()
    assert pd.read_parquet(out / "dyad_month")["n_events"].sum() == len(events)
    assert main(["code", corpus, "-o", str(out), "--dedup", "weekly"]) == 2
    assert "unknown deduplication rule 'weekly'" in capsys.readouterr().err
