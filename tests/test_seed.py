"""The seed article, coded end to end with the real model and the project's dictionaries.

The expected events were written down by a human coder reading the article (2017-03-18, Tillerson's
visit to Beijing) before the coder's output was looked at. Each is (source, target, root, mode,
the verb or event noun that carries it).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from coders.pipeline import RunSummary

EXPECTED = [
    # "Tillerson arrived in the Chinese capital Saturday"
    ("USAGOV", "CHN", "04", "asserted", "arrived"),
    # "after issuing the administration's bluntest warning yet to North Korea"
    ("USAGOV", "PRK", "13", "asserted", "warning"),
    # "In Beijing, he will meet with his Chinese counterpart Foreign Minister Wang Yi" (announced: 036)
    ("USAGOV", "CHNGOV", "03", "asserted", "meet"),
    # "US President Donald Trump on Friday denounced North Korea"
    ("USAGOV", "PRK", "11", "asserted", "denounced"),
    # "... and singled out China"
    ("USAGOV", "CHN", "11", "asserted", "singled"),
    # "Tillerson also called on China to give up its opposition to ... THAAD"
    ("USAGOV", "CHN", "02", "asserted", "called"),
    # "He also urged Beijing to drop any retaliatory action against South Korea"
    ("USAGOV", "CHN", "02", "asserted", "urged"),
    # "He also endorsed the 'One China' policy"
    ("USAGOV", "CHN", "05", "asserted", "endorsed"),
    # "Beijing plans to present its own plan to Tillerson ..., but Tillerson has dismissed the proposal"
    ("USAGOV", "CHN", "12", "asserted", "dismissed"),
]

# "Trump has not followed through on campaign threats to ... impose steep tariffs on Chinese imports":
# kept, but never as an asserted sanction.
NEGATED = ("USAGOV", "CHN", "16", "negated", "impose")

def _keys(events: pd.DataFrame) -> set[tuple[str, str, str, str, str]]:
    return {(r.source_code, r.target_code, r.cameo_root, r.mode, r.verb_text)
            for r in events.itertuples()}


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: f"{e[0]}-{e[2]}-{e[1]}-{e[4]}")
def test_seed_event_found(seed_events: pd.DataFrame, expected: tuple[str, ...]) -> None:
    assert expected in _keys(seed_events)


def test_seed_threat_of_tariffs_is_negated_not_asserted(seed_events: pd.DataFrame) -> None:
    keys = _keys(seed_events)
    assert NEGATED in keys
    asserted_conflict = {k for k in keys if k[:2] == ("USAGOV", "CHN") and k[2] in ("16", "17") and k[3] == "asserted"}
    assert asserted_conflict == set()


def test_seed_no_self_or_empty_events(seed_events: pd.DataFrame) -> None:
    assert (seed_events.source_code != seed_events.target_code).all()
    assert seed_events.sentence_text.str.len().gt(0).all()
    assert set(seed_events["mode"]) <= {"asserted", "negated", "hypothetical", "future"}


def test_seed_article_row(seed_run: RunSummary) -> None:
    articles = pd.read_parquet(seed_run.output / "articles")
    assert articles[["article_id", "status"]].values.tolist() == [["279682f1db8c8255", "coded"]]
    assert articles.n_events.iloc[0] == len(pd.read_parquet(seed_run.output / "events"))
    assert articles.n_sentences.iloc[0] > 20


def test_seed_rerun_gives_identical_events(seed_run: RunSummary, tmp_path: Path) -> None:
    from coders.pipeline import code_files

    again = code_files([ROOT / "seeds"], tmp_path / "again")
    first = pd.read_parquet(seed_run.output / "events").drop(columns=["run_id"])
    second = pd.read_parquet(again.output / "events").drop(columns=["run_id"])
    pd.testing.assert_frame_equal(first, second)
