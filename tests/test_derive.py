"""Deduplication and dyad aggregates against a hand-computed case (issue 7), and the derived folders
as a run writes and removes them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from coders.config import Settings
from coders.derive import (
    DEDUP_RULES,
    DEDUP_SCHEMA,
    PROVENANCE_KEY,
    dataset_name,
    dedup,
    derive,
    dyad_day,
    dyad_month,
    read_derived,
    write_derived,
)
from coders.errors import SettingError
from coders.write import DERIVED, EVENT_SCHEMA, conform

JAN1, JAN2, FEB3 = dt.date(2020, 1, 1), dt.date(2020, 1, 2), dt.date(2020, 2, 3)


def _event(event_id: str, article: str, sentence: int, date: dt.date, source: str, target: str, code: str,
           quad: int, goldstein: float) -> dict:
    country = (lambda c: None if c[:3] in ("IGO", "NGO", "MNC") else c[:3])
    return {"event_id": event_id, "article_id": article, "sentence_index": sentence, "event_date": date,
            "source_code": source, "target_code": target, "cameo_code": code, "source_country": country(source),
            "target_country": country(target), "quad_class": quad, "goldstein": goldstein,
            "year": date.year, "month": date.month, "verb_start": 0}


# Five articles. By hand:
#   a1 (Jan 1): USAGOV→PRK 111 twice (sentences 0 and 2), USAGOV→CHN 042 once
#   a2 (Jan 1): USAGOV→PRK 111 once, USA→PRK 111 once (another source code: not the same event)
#   a3 (Jan 2): USAGOV→PRK 111 once
#   a4 (Jan 2): IGOUNO→PRK 190 once (an organisation: no source country)
#   a5 (Feb 3): CHNGOV→USAGOV 057 once
EVENTS = [
    _event("e01", "a1", 0, JAN1, "USAGOV", "PRK", "111", 3, -2.0),
    _event("e02", "a1", 2, JAN1, "USAGOV", "PRK", "111", 3, -2.0),
    _event("e03", "a1", 1, JAN1, "USAGOV", "CHN", "042", 1, 1.9),
    _event("e04", "a2", 0, JAN1, "USAGOV", "PRK", "111", 3, -2.0),
    _event("e05", "a2", 3, JAN1, "USA", "PRK", "111", 3, -2.0),
    _event("e06", "a3", 0, JAN2, "USAGOV", "PRK", "111", 3, -2.0),
    _event("e07", "a4", 0, JAN2, "IGOUNO", "PRK", "190", 4, -10.0),
    _event("e08", "a5", 0, FEB3, "CHNGOV", "USAGOV", "057", 1, 8.0),
]


@pytest.fixture()
def events() -> pa.Table:
    return conform(pa.Table.from_pylist(EVENTS[::-1]), EVENT_SCHEMA)  # reversed: order must not matter


def _summary(table: pa.Table) -> list[tuple]:
    return [(r["event_id"], r["n_mentions"], r["n_articles"], r["event_ids"]) for r in table.to_pylist()]


def test_one_a_story_collapses_repeats_within_an_article(events: pa.Table) -> None:
    story = dedup(events, "story")
    assert story.schema == DEDUP_SCHEMA
    assert _summary(story) == [
        ("e01", 2, 1, ["e01", "e02"]),  # a1's two USAGOV→PRK 111; the first sentence's is kept
        ("e03", 1, 1, ["e03"]),
        ("e04", 1, 1, ["e04"]),
        ("e05", 1, 1, ["e05"]),
        ("e06", 1, 1, ["e06"]),
        ("e07", 1, 1, ["e07"]),
        ("e08", 1, 1, ["e08"]),
    ]


def test_one_a_day_collapses_across_articles(events: pa.Table) -> None:
    day = dedup(events, "day")
    assert _summary(day) == [
        ("e01", 3, 2, ["e01", "e02", "e04"]),  # Jan 1 USAGOV→PRK 111: a1 twice, a2 once
        ("e03", 1, 1, ["e03"]),
        ("e05", 1, 1, ["e05"]),
        ("e06", 1, 1, ["e06"]),  # Jan 2 is another day
        ("e07", 1, 1, ["e07"]),
        ("e08", 1, 1, ["e08"]),
    ]
    assert sum(r["n_mentions"] for r in day.to_pylist()) == events.num_rows


def test_dyad_day_sums_by_hand(events: pa.Table) -> None:
    rows = dyad_day(dedup(events, "story"), "events_one_a_story").to_pylist()
    got = {(r["event_date"], r["source_country"], r["target_country"]): (
        r["n_events"], r["n_verbal_cooperation"], r["n_material_cooperation"], r["n_verbal_conflict"],
        r["n_material_conflict"], r["goldstein_sum"]) for r in rows}
    assert got == {
        # story rows e01, e04, e05 (-2 each) and e03 (+1.9)
        (JAN1, "USA", "PRK"): (3, 0, 0, 3, 0, -6.0),
        (JAN1, "USA", "CHN"): (1, 1, 0, 0, 0, 1.9),
        (JAN2, "USA", "PRK"): (1, 0, 0, 1, 0, -2.0),
        (JAN2, None, "PRK"): (1, 0, 0, 0, 1, -10.0),
        (FEB3, "CHN", "USA"): (1, 1, 0, 0, 0, 8.0),
    }
    assert [r["goldstein_mean"] for r in rows] == pytest.approx([1.9, -2.0, -2.0, -10.0, 8.0])
    assert {r["basis"] for r in rows} == {"events_one_a_story"}


def test_dyad_month_sums_by_hand(events: pa.Table) -> None:
    rows = dyad_month(events, "events").to_pylist()
    got = {(r["year"], r["month"], r["source_country"], r["target_country"]): (r["n_events"], r["goldstein_sum"])
           for r in rows}
    assert got == {(2020, 1, "USA", "PRK"): (5, -10.0), (2020, 1, "USA", "CHN"): (1, 1.9),
                   (2020, 1, None, "PRK"): (1, -10.0), (2020, 2, "CHN", "USA"): (1, 8.0)}
    for r in rows:
        assert r["n_events"] == (r["n_verbal_cooperation"] + r["n_material_cooperation"] + r["n_verbal_conflict"]
                                 + r["n_material_conflict"])


def test_empty_events_give_empty_tables() -> None:
    empty = EVENT_SCHEMA.empty_table()
    assert dedup(empty, "day").num_rows == 0
    assert dyad_day(empty, "events").num_rows == 0 and dyad_month(empty, "events").num_rows == 0


def test_write_derived_follows_the_rules_and_removes_stale_folders(events: pa.Table, tmp_path: Path) -> None:
    done = write_derived(derive(events, ("day", "story")), tmp_path)
    assert done == {"basis": "events_one_a_day",
                    "rows": {"events_one_a_story": 7, "events_one_a_day": 6, "dyad_day": 5, "dyad_month": 4}}
    day = pd.read_parquet(tmp_path / "events_one_a_day")
    assert sorted(day["event_id"]) == ["e01", "e03", "e05", "e06", "e07", "e08"]
    assert (tmp_path / "events_one_a_day" / "year=2020" / "month=2").is_dir()  # partitioned as events/
    jan1 = pd.read_parquet(tmp_path / "dyad_day").query("source_country == 'USA' and target_country == 'PRK'")
    assert jan1["n_events"].tolist() == [2, 1]  # one-a-day: Jan 1 (e01 for three, e05) and Jan 2
    # a later run with only one-a-story removes the one-a-day folder rather than leave it stale
    done = write_derived(derive(events, ("story",)), tmp_path)
    assert done["basis"] == "events_one_a_story" and not (tmp_path / "events_one_a_day").exists()
    done = write_derived(derive(events, ()), tmp_path)
    assert done["basis"] == "events" and not (tmp_path / "events_one_a_story").exists()
    assert pd.read_parquet(tmp_path / "dyad_month")["n_events"].sum() == events.num_rows


def test_aggregates_record_what_made_their_events(events: pa.Table, tmp_path: Path) -> None:
    stamped = events.set_column(events.schema.get_field_index("run_id"), "run_id",
                                pa.array(["r2" if i % 2 else "r1" for i in range(events.num_rows)]))
    for column, value in (("coder_version", "0.1.0+abc"), ("dictionary_sha256", "d" * 64), ("model", "m-3.8.0")):
        stamped = stamped.set_column(stamped.schema.get_field_index(column), column,
                                     pa.array([value] * events.num_rows))
    write_derived(derive(stamped, ("story",)), tmp_path)
    for name in ("dyad_day", "dyad_month"):
        metadata = pq.read_schema(tmp_path / name / "part-0.parquet").metadata
        assert json.loads(metadata[PROVENANCE_KEY.encode()]) == {
            "coder_version": ["0.1.0+abc"], "dictionary_sha256": ["d" * 64], "model": ["m-3.8.0"],
            "run_id": ["r1", "r2"]}


def test_dedup_setting() -> None:
    assert Settings().dedup == ("story",)
    assert Settings.from_env(dedup="day, story").dedup == ("day", "story")
    assert Settings.from_env(dedup="none").dedup == ()
    with pytest.raises(SettingError, match="unknown deduplication rule 'weekly'"):
        Settings.from_env(dedup="story,weekly")


def test_the_writer_knows_every_derived_folder() -> None:  # for recovery after a crash and the manifest
    assert set(DERIVED) == {dataset_name(rule) for rule in DEDUP_RULES} | {"dyad_day", "dyad_month"}


def test_read_derived_gives_back_what_was_written(events: pa.Table, tmp_path: Path) -> None:
    made = derive(events, ("day", "story"))
    write_derived(made, tmp_path)
    read = read_derived(tmp_path, events.num_rows)
    assert read.basis == "events_one_a_day"
    by_name = {t.name: t for t in read.tables}
    for item in made.tables:
        again = by_name[item.name]
        assert (again.kind, again.keys, again.total) == (item.kind, item.keys, item.total)
        order = [(k, "ascending") for k in ("event_id",)] if item.kind == "dedup" else \
            [(k, "ascending") for k in item.keys]
        assert again.table.sort_by(order).equals(item.table.sort_by(order))
