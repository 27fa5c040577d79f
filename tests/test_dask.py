"""The flow on Dask (prefect-dask) with a LocalCluster of worker processes: the same events as the
library's straight-through run."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES

import flows  # noqa: F401  (quiet Prefect defaults)
from coders.pipeline import code_files

COLUMNS = ["event_id", "article_id", "sentence_index", "source_code", "target_code", "cameo_code", "mode",
           "goldstein", "event_date"]


def _events(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "events")[COLUMNS].sort_values("event_id").reset_index(drop=True)


def test_flow_on_a_local_dask_cluster_matches_the_library(tmp_path: Path) -> None:
    from distributed import LocalCluster
    from prefect.testing.utilities import prefect_test_harness

    from flows.code_articles import run_flow

    corpus = FIXTURES / "corpus.jsonl"
    code_files([corpus], tmp_path / "library")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            prefect_test_harness(server_startup_timeout=120):
        summary = run_flow([str(corpus)], str(tmp_path / "dask"), runner="dask", dask_address=cluster.scheduler_address,
                           batch_size=3)
    assert summary.validation.success
    manifest = json.loads(summary.manifest_path.read_text())
    assert manifest["runner"] == "prefect:DaskTaskRunner"
    assert manifest["counts"]["ingest"]["batches"] == 4  # 11 articles to code in batches of 3
    pd.testing.assert_frame_equal(_events(tmp_path / "dask"), _events(tmp_path / "library"))
    articles = pd.read_parquet(tmp_path / "dask" / "articles").sort_values("article_id")
    library = pd.read_parquet(tmp_path / "library" / "articles").sort_values("article_id")
    assert articles["status"].tolist() == library["status"].tolist()


def test_unknown_task_runner_is_refused() -> None:
    from flows.code_articles import task_runner

    with pytest.raises(ValueError, match="unknown task runner 'spark'"):
        task_runner("spark")
