"""The ``code-articles`` Prefect flow: ingest → parse → code → validate → write.

Each stage is one thin task over a function of :mod:`coders.pipeline`. Parsing and coding are one
task a *batch* of articles (Prefect's per-task overhead is too large for one task an article, and a
batch's parses stay where they were made). The flow reads the input as the tasks consume it and keeps
at most ``max_batches_in_flight`` batches submitted, so it never holds the corpus's texts; what comes
back from each batch is its events, columnar. The write stage retries.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import PrefectFuture

from coders import pipeline
from coders.config import Settings
from coders.ingest import Article, batched
from coders.lock import OutputLock
from coders.pipeline import BatchResult, RunInfo, RunSummary
from coders.validate import Validated

DEFAULT_INPUTS = ("seeds",)
DEFAULT_OUTPUT = "data"
TASK_RUNNERS = ("local", "dask")


def task_runner(kind: str = "local", *, address: str | None = None, n_workers: int = 2) -> Any:
    """The task runner of a run: Prefect's default thread pool (``local``), or Dask (``dask``) on an
    existing cluster at ``address`` (``tcp://HOST:PORT``) or on a local cluster of ``n_workers``
    single-threaded worker processes started for the run."""
    if kind == "local":
        from prefect.task_runners import ThreadPoolTaskRunner

        # one batch at a time: parsing holds the GIL, so more threads only add the memory of their batches
        return ThreadPoolTaskRunner(max_workers=1)
    if kind != "dask":
        raise ValueError(f"unknown task runner {kind!r}; choose one of {TASK_RUNNERS}")
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                          cluster_kwargs={"n_workers": n_workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})


@task(name="parse-and-code", cache_policy=NO_CACHE)
def parse_and_code_task(batch: list[Article], run: RunInfo, cache_path: Path | None) -> BatchResult:
    """Parse one batch (or take it from the parse cache) and code it. One task, so that the parses
    never leave the worker: only the batch's event rows travel back, and memory stays that of a batch."""
    return pipeline.code_stage(batch, pipeline.parse_stage(batch, run.settings, cache_path), run)


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(events: Any, articles: Any, run: RunInfo, output: Path, n_records: int) -> Validated:
    return pipeline.validate_stage(events, articles, run, output, n_records)


@task(name="write", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def write_task(validated: Validated, articles: Any, output: Path) -> dict[str, Any]:
    return pipeline.write_stage(validated, articles, output)


@flow(name="code-articles", validate_parameters=True, task_runner=task_runner("local"))
def code_articles(inputs: list[str] | None = None, output: str = DEFAULT_OUTPUT, model: str | None = None,
                  batch_size: int | None = None, max_quarantine_share: float | None = None,
                  lock_wait: float | None = None, max_batches_in_flight: int = 4,
                  dedup: str | None = None) -> RunSummary:
    """Code the articles in ``inputs`` (files or folders) into the dataset under ``output``; event rows
    that fail validation go to ``quarantine/``, and more than ``max_quarantine_share`` of them fail the run.
    At most ``max_batches_in_flight`` batches are submitted at a time (raise it for a large Dask cluster);
    another run on ``output`` is waited for up to ``lock_wait`` seconds. ``dedup`` names the deduplicated
    datasets to write (``story``, ``day``, ``story,day`` or ``none``; default ``EVENTCODER_DEDUP`` or ``story``)."""
    inputs = list(inputs or DEFAULT_INPUTS)
    settings = Settings.from_env(model=model, batch_size=batch_size, max_quarantine_share=max_quarantine_share,
                                 lock_wait=lock_wait, dedup=dedup)
    with OutputLock(output, wait=settings.lock_wait):  # one run at a time on a folder
        return _run(inputs, Path(output), settings, max_batches_in_flight)


def _run(inputs: list[str], out: Path, settings: Settings, max_batches_in_flight: int) -> RunSummary:
    logger = get_run_logger()
    timings: dict[str, float] = {}

    clock = time.perf_counter()
    run = pipeline.start_run(settings)
    existing = pipeline.existing_stage(out, inputs, run)
    ingested = pipeline.ingest_stage(inputs, settings, existing)  # read as the batches are submitted
    cache_path = pipeline.cache_path_of(out, settings)
    coded: list[BatchResult] = []
    in_flight: deque[PrefectFuture[BatchResult]] = deque()
    for batch in batched(existing.to_code(ingested), settings.batch_size):
        in_flight.append(parse_and_code_task.submit(batch, run, cache_path))
        while len(in_flight) >= max(1, max_batches_in_flight):  # the texts of at most this many batches are held
            coded.append(in_flight.popleft().result())
    coded += [future.result() for future in in_flight]
    timings["ingest+parse+code"] = time.perf_counter() - clock
    logger.info("ingest: %d records, %d to code, %d set aside", ingested.n_records, ingested.n_articles,
                len(ingested.set_aside))
    logger.info("parse+code: %d batches, %d sentences, %d events", len(coded),
                sum(b.n_sentences for b in coded), sum(b.events.num_rows for b in coded))

    events, articles = pipeline.combine(ingested, coded, run, existing)
    clock = time.perf_counter()
    validated = validate_task(events, articles, run, out, ingested.n_records + existing.kept_articles.num_rows)
    report = validated.report
    timings["validate"] = time.perf_counter() - clock
    logger.info("validate: %d passed, %d failed, %d event rows quarantined", report.n_passed, report.n_failed,
                report.n_quarantined)

    clock = time.perf_counter()
    written = write_task(validated, articles, out)
    timings["write"] = time.perf_counter() - clock
    logger.info("write: %d events, %d quarantined, %d articles → %s", validated.events.num_rows,
                validated.quarantine.num_rows, articles.num_rows, written["events"])

    counts = pipeline.counts_of(ingested, coded, validated, articles, existing, written["derived"])
    runner = type(get_run_context().task_runner).__name__  # type: ignore[union-attr]
    return pipeline.finish_run(run, out, inputs, counts, timings, validated, articles, runner=f"prefect:{runner}")


def run_flow(inputs: list[str] | None = None, output: str = DEFAULT_OUTPUT, *, runner: str = "local",
             dask_address: str | None = None, dask_workers: int = 2, max_batches_in_flight: int | None = None,
             **parameters: Any) -> RunSummary:
    """Run :func:`code_articles` on the task runner chosen by ``runner`` (see :func:`task_runner`), with
    twice as many batches in flight as there are workers unless ``max_batches_in_flight`` says otherwise."""
    flow_with_runner = code_articles.with_options(
        task_runner=task_runner(runner, address=dask_address, n_workers=dask_workers))
    if max_batches_in_flight is None:
        max_batches_in_flight = 2 if runner == "local" else 32 if dask_address else 2 * dask_workers
    return flow_with_runner(inputs=inputs, output=output, max_batches_in_flight=max_batches_in_flight, **parameters)
