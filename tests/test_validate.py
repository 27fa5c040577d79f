"""Validation gates: each kind of bad row planted in a real dataset is caught, quarantined and counted,
with nothing lost; bad article ledgers and runs fail; ``eventcoder validate`` checks a hand-edited folder."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT

from coders.config import Settings
from coders.derive import Derived, derive
from coders.pipeline import code_files, current_dictionaries, validate_dataset
from coders.validate import (
    Reference,
    RunProfile,
    Validated,
    ValidationPolicy,
    validate_run,
)
from coders.write import ARTICLE_SCHEMA, EVENT_SCHEMA, read_articles, read_events
from flows.cli import main


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run over the seed article."""
    out = tmp_path_factory.mktemp("seed_run")
    summary = code_files([ROOT / "seeds"], out)
    assert summary.validation.success
    return out


@pytest.fixture(scope="module")
def reference(dataset: Path) -> Reference:
    return Reference.of(current_dictionaries(Settings.from_env()), n_records=1)


def _validate(events: list[dict[str, Any]], articles: pa.Table, reference: Reference, tmp_path: Path,
              policy: ValidationPolicy | None = None, derive: Any = None) -> Validated:
    return validate_run(pa.Table.from_pylist(events, schema=EVENT_SCHEMA), articles, reference,
                        tmp_path / "reports", policy, derive)


def _bad(row: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**row, "event_id": "planted", **changes}


PLANTED = [
    # (what is wrong, the change to a real row, the checks it must fail)
    ("an ICEWS-style code", {"cameo_code": "13y"},  # nor then are its root and Goldstein value the codebook's
     {"cameo_code_in_codebook", "cameo_root_is_first_two_digits", "goldstein_is_codebook_value",
      "plover_event_is_table_value"}),
    ("a root that is not the code's", {"cameo_root": "19", "sentence_index": 999},
     {"cameo_root_is_first_two_digits", "quad_class_matches_root"}),
    ("a Goldstein value of another table", {"goldstein": 5.5, "sentence_index": 999}, {"goldstein_is_codebook_value"}),
    ("a quad class against the root", {"quad_class": 4, "sentence_index": 999}, {"quad_class_matches_root"}),
    ("a malformed actor code", {"source_code": "usa-gov", "sentence_index": 999},
     {"source_code_well_formed", "source_code_known"}),
    ("an actor unknown to the dictionaries", {"target_code": "XYZGOV", "sentence_index": 999}, {"target_code_known"}),
    ("a date in the future", {"event_date": dt.date.today() + dt.timedelta(days=30), "sentence_index": 999},
     {"event_date_between_1900_and_today", "event_date_is_article_date"}),
    ("a date before 1900", {"event_date": dt.date(1850, 1, 1), "sentence_index": 999},
     {"event_date_between_1900_and_today", "event_date_is_article_date"}),
    ("a date that is not its article's", {"event_date": dt.date(2001, 9, 11), "sentence_index": 999},
     {"event_date_is_article_date"}),
    ("an article missing from articles/", {"article_id": "no-such-article"},
     {"article_in_articles", "event_date_is_article_date"}),
    ("an empty sentence", {"sentence_text": "", "sentence_index": 999}, {"sentence_text_not_empty"}),
    ("a missing pattern id", {"pattern_id": None, "sentence_index": 999}, {"pattern_id_present"}),
    ("the same event twice under another id", {}, {"one_event_per_sentence_dyad_code"}),
    ("an unknown way of resolving an actor", {"source_via": "guess", "sentence_index": 999}, {"source_via_known"}),
    ("an empty verb span", {"verb_start": 10, "verb_end": 10, "sentence_index": 999}, {"verb_span_not_empty"}),
    ("a reversed target span", {"target_start": 30, "target_end": 12, "sentence_index": 999},
     {"target_span_not_empty"}),
    ("a PLOVER category not the table's", {"plover_event": "ASSAULT", "sentence_index": 999},
     {"plover_event_is_table_value"}),
]


@pytest.mark.parametrize("what,changes,checks", PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_bad_row_is_quarantined_with_its_checks(dataset: Path, reference: Reference, tmp_path: Path,
                                                        what: str, changes: dict[str, Any], checks: set[str]) -> None:
    rows = read_events(dataset).to_pylist()
    articles = read_articles(dataset)
    validated = _validate([*rows, _bad(rows[0], **changes)], articles, reference, tmp_path)
    quarantined = validated.quarantine.to_pylist()
    assert [q["event_id"] for q in quarantined] == ["planted"]
    assert set(quarantined[0]["failed_expectations"]) == checks
    # nothing lost: every real row is still an event, and the counts add up
    assert sorted(validated.events.column("event_id").to_pylist()) == sorted(r["event_id"] for r in rows)
    assert validated.events.num_rows + validated.quarantine.num_rows == len(rows) + 1
    report = validated.report
    assert report.n_quarantined == 1 and report.n_event_rows == len(rows) + 1
    assert {o.check for o in report.outcomes if not o.success} == checks
    # one bad row in 17 is over the default 1 % limit: the run fails
    assert not report.success and "FAILED events:" in report.summary()


def test_quarantine_limit_decides_whether_the_run_fails(dataset: Path, reference: Reference, tmp_path: Path) -> None:
    rows = read_events(dataset).to_pylist()
    lenient = _validate([*rows, _bad(rows[0], cameo_code="13y")], read_articles(dataset), reference, tmp_path,
                        ValidationPolicy(max_quarantine_share=0.10))
    assert lenient.report.success and lenient.quarantine.num_rows == 1
    assert "1 of 17 event rows quarantined (5.88%, limit 10.00%)" in lenient.report.summary()


def test_duplicate_event_id_keeps_the_first_copy(dataset: Path, reference: Reference, tmp_path: Path) -> None:
    rows = read_events(dataset).to_pylist()
    copy = {**rows[3], "sentence_index": 999}  # same id, another sentence
    validated = _validate([*rows, copy], read_articles(dataset), reference, tmp_path)
    assert validated.quarantine.column("sentence_index").to_pylist() == [999]
    assert validated.quarantine.column("failed_expectations").to_pylist() == [["event_id_unique"]]
    assert validated.events.num_rows == len(rows)


def test_clean_dataset_passes_with_nothing_quarantined(dataset: Path, reference: Reference, tmp_path: Path) -> None:
    rows = read_events(dataset).to_pylist()
    validated = _validate(rows, read_articles(dataset), reference, tmp_path)
    assert validated.report.success and validated.quarantine.num_rows == 0
    assert validated.events.num_rows == len(rows)
    assert (tmp_path / "reports" / "validation" / "index.html").exists()


@pytest.mark.parametrize("what,change,check", [
    ("a duplicate article id", lambda a: a + [a[0]], "article_id_unique"),
    ("an unknown status", lambda a: [{**a[0], "status": "skipped"}], "status_known"),
    ("an article set aside without a reason", lambda a: [{**a[0], "status": "discarded", "reason": None}],
     "reason_for_every_article_set_aside"),
    ("fewer rows than input records", lambda a: a + [{**a[0], "article_id": "x2"}], "one_row_per_input_record"),
])
def test_bad_article_ledger_fails_the_run(dataset: Path, reference: Reference, tmp_path: Path, what: str,
                                          change: Any, check: str) -> None:
    articles = pa.Table.from_pylist(change(read_articles(dataset).to_pylist()), schema=ARTICLE_SCHEMA)
    validated = _validate(read_events(dataset).to_pylist(), articles, reference, tmp_path)
    assert not validated.report.success
    assert check in {o.check for o in validated.report.outcomes if not o.success}


def _profile(roots: dict[str, int], with_events: float = 0.5) -> RunProfile:
    total = sum(roots.values())
    return RunProfile(total, 100, with_events, {r: n / total for r, n in roots.items()})


def test_run_suite_bounds_and_shift_from_previous_run(dataset: Path, reference: Reference, tmp_path: Path) -> None:
    rows = read_events(dataset).to_pylist()
    articles = read_articles(dataset)
    many = [{**r, "event_id": f"{r['event_id']}-{i}", "sentence_index": i * 100 + r["sentence_index"]}
            for i in range(4) for r in rows]  # 64 events: enough to judge the run
    policy = ValidationPolicy(max_root_share=0.15)  # the seed's largest root, 11, has 3 of its 16 events
    validated = _validate(many, articles, reference, tmp_path, policy)
    failed = {o.check for o in validated.report.outcomes if not o.success}
    assert failed == {"largest_root_share"} and not validated.report.success
    # a previous run with a very different mix of roots: flagged as a warning, the run still passes
    previous = Reference(reference.codebook, reference.known_actor, 1, _profile({"19": 90, "20": 10}))
    validated = _validate(many, articles, previous, tmp_path / "p")
    flagged = [o for o in validated.report.outcomes if not o.success]
    assert [(o.check, o.severity) for o in flagged] == [("root_distribution_shift_from_previous_run", "warning")]
    assert validated.report.success and validated.report.shift is not None and validated.report.shift > 0.3
    assert "FLAGGED run: root_distribution_shift_from_previous_run" in validated.report.summary()


def test_run_writes_quarantine_and_records_it(dataset: Path) -> None:
    manifest = json.loads(next((dataset / "runs").glob("*.json")).read_text())
    assert manifest["validation"]["quarantined"] == 0
    assert manifest["counts"]["validate"]["events"] == manifest["counts"]["code"]["events"]
    assert manifest["profile"]["n_events"] == manifest["counts"]["code"]["events"]
    quarantine = pd.read_parquet(dataset / "quarantine" / "events.parquet")
    assert quarantine.empty and "failed_expectations" in quarantine.columns


def test_validate_command_on_a_hand_edited_dataset(dataset: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    edited = tmp_path / "edited"
    shutil.copytree(dataset, edited)
    assert main(["validate", str(edited)]) == 0
    assert "validation: PASSED" in capsys.readouterr().out
    # a researcher "fixes" one code by hand, to one the codebook does not have
    part = next((edited / "events").rglob("*.parquet"))
    table = pq.read_table(part)
    codes = table.column("cameo_code").to_pylist()
    codes[0] = "13y"
    pq.write_table(table.set_column(table.schema.get_field_index("cameo_code"), "cameo_code",
                                    pa.array(codes, pa.string())), part)
    before = part.read_bytes()
    assert main(["validate", str(edited)]) == 1
    out = capsys.readouterr().out
    assert "validation: FAILED" in out and "cameo_code_in_codebook — 1 rows" in out
    assert part.read_bytes() == before  # validating changes nothing
    assert main(["validate", str(edited), "--max-quarantine", "0.5"]) == 0


def test_validate_command_on_a_folder_that_is_no_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert "not an eventcoder output folder" in capsys.readouterr().err


def test_many_articles_without_events_fail_the_run(dataset: Path, reference: Reference, tmp_path: Path) -> None:
    # a model or dictionary that codes nothing: 60 coded articles, no events
    one = read_articles(dataset).to_pylist()[0]
    articles = pa.Table.from_pylist([{**one, "article_id": f"a{i}", "n_events": 0} for i in range(60)],
                                    schema=ARTICLE_SCHEMA)
    validated = _validate([], articles, Reference(reference.codebook, reference.known_actor, 60), tmp_path)
    assert not validated.report.success
    assert [o.check for o in validated.report.outcomes if not o.success] == ["share_of_articles_with_events"]


def test_run_with_no_events_writes_a_readable_empty_dataset(tmp_path: Path) -> None:
    sport = tmp_path / "sport.jsonl"
    sport.write_text(json.dumps({"id": "s1", "date": "2022-03-01", "text": "Manchester United beat Liverpool "
                                 "2-1 in the Premier League on Sunday."}) + "\n", encoding="utf-8")
    summary = code_files([sport], tmp_path / "out")
    assert summary.validation.success and summary.counts["articles"]["discarded"] == 1
    assert pd.read_parquet(tmp_path / "out" / "events").empty
    assert read_events(tmp_path / "out").schema == EVENT_SCHEMA


def test_derived_datasets_are_checked_and_a_broken_one_fails_the_run(dataset: Path, reference: Reference,
                                                                     tmp_path: Path) -> None:
    rows, articles = read_events(dataset).to_pylist(), read_articles(dataset)
    validated = _validate(rows, articles, reference, tmp_path, derive=partial(derive, rules=("story", "day")))
    assert validated.report.success and validated.derived is not None
    suites = {o.suite for o in validated.report.outcomes}
    assert {"events_one_a_story", "events_one_a_day", "dyad_day", "dyad_month"} <= suites

    def broken(events: pa.Table) -> Derived:  # a dyad row counted twice
        good = derive(events, ("story",))
        tables = tuple(replace(t, table=pa.concat_tables([t.table, t.table.slice(0, 1)])) if t.name == "dyad_day"
                       else t for t in good.tables)
        return replace(good, tables=tables)

    validated = _validate(rows, articles, reference, tmp_path / "broken", derive=broken)
    failed = {(o.suite, o.check) for o in validated.report.outcomes if not o.success}
    assert failed == {("dyad_day", "one_row_per_group"), ("dyad_day", "every_event_counted_once")}
    assert not validated.report.success


def test_validate_command_checks_the_derived_datasets_on_disk(dataset: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    edited = tmp_path / "edited"
    shutil.copytree(dataset, edited)
    report = validate_dataset(edited)
    assert report.success and {"events_one_a_story", "dyad_day", "dyad_month"} <= {o.suite for o in report.outcomes}
    # a researcher drops a dyad-month row by hand: the aggregate no longer counts every event
    path = edited / "dyad_month" / "part-0.parquet"
    table = pq.read_table(path)
    pq.write_table(table.slice(1), path)
    assert main(["validate", str(edited)]) == 1
    out = capsys.readouterr().out
    assert "validation: FAILED" in out and "every_event_counted_once" in out
