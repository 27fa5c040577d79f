"""The pipeline's stages as plain functions, and :func:`code_files` that runs them straight through.

The Prefect flow (``flows/code_articles.py``) wraps the same stage functions in tasks, so the two
ways of running produce the same dataset.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import importlib
import json
import os
import pickle
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import spacy

from coders import __version__
from coders.cache import ParseCache, parser_identity
from coders.coder import EventCoder
from coders.config import Settings
from coders.dataset import Existing
from coders.derive import derive, read_derived, write_derived
from coders.dictionaries import Dictionaries, dictionary_checksum, load_dictionaries
from coders.errors import DatasetError, DictionaryError
from coders.ingest import Article, ArticleStatus, IngestResult, IngestStream, batched
from coders.lock import OutputLock
from coders.parse import (
    doc_from_bytes,
    doc_to_bytes,
    load_model,
    model_id,
)
from coders.report import reason_kind, write_run_report
from coders.validate import (
    Reference,
    RunProfile,
    Validated,
    ValidationPolicy,
    ValidationReport,
    validate_run,
)
from coders.write import (
    DATASETS,
    DERIVED,
    Provenance,
    article_status,
    articles_table,
    crash_point,
    event_rows,
    events_table,
    read_articles,
    read_events,
    recover,
    write_articles,
    write_events,
    write_manifest,
    write_quarantine,
)

# The modules whose code decides what a parse codes as (see coder_version)
CODER_MODULES = ("parse", "cache", "parsed", "actors", "verbs", "extract", "modality", "codes", "coder", "write")


@dataclass(frozen=True)
class RunInfo:
    """Identity of a run: what every output row and the manifest record."""

    run_id: str
    settings: Settings
    provenance: Provenance
    started: str


@dataclass(frozen=True)
class Parsed:
    """The parses of one batch, one ``DocBin`` a document in batch order, and how many came from the cache."""

    docs: list[bytes]
    n_cached: int = 0


@dataclass
class BatchResult:
    """What coding one batch produced: its events (columnar, compact) and one status per article."""

    events: pa.Table
    statuses: list[ArticleStatus] = field(default_factory=list)
    n_sentences: int = 0
    n_cached: int = 0  # articles whose parse came from the cache


@dataclass
class RunSummary:
    """Counts, timings and report paths of a finished run."""

    run_id: str
    output: Path
    counts: dict[str, Any]
    timings: dict[str, float]
    validation: ValidationReport
    manifest_path: Path
    report_path: Path | None = None  # the HTML run report

    def text(self) -> str:
        c = self.counts
        return "\n".join([
            f"run {self.run_id} → {self.output}",
            f"  ingest: {c['ingest']['records']} records, {c['ingest']['articles']} to code, "
            f"{c['ingest']['set_aside']} set aside",
            *(["  set aside at ingest: " + ", ".join(f"{k} ×{n}" for k, n in c["ingest"]["reasons"].items())]
              if c["ingest"].get("reasons") else []),
            f"  dataset: {c['dataset']['coded_now']} articles coded now, {c['dataset']['reused']} unchanged since an "
            f"earlier run (not coded again), {c['dataset']['kept']} rows kept from other inputs",
            f"  parse: {c['parse']['articles']} articles ({c['parse']['from_cache']} from the parse cache), "
            f"{c['parse']['sentences']} sentences",
            f"  code: {c['code']['events']} events; articles coded {c['articles']['coded']}, "
            f"discarded {c['articles']['discarded']}, quarantined {c['articles']['quarantined']}",
            f"  write: {c['validate']['events']} events, {c['validate']['quarantined']} event rows quarantined; "
            + ", ".join(f"{name} {rows}" for name, rows in c.get("derived", {}).items()),
            self.validation.summary(),
            *([f"  run report: {self.report_path}"] if self.report_path else []),
        ])


def new_run_id(now: dt.datetime | None = None) -> str:
    """``YYYYMMDDTHHMMSSZ-xxxxxxxx``: sortable by time, unique across machines."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def start_run(settings: Settings) -> RunInfo:
    """Load the model and dictionaries once (failing early on a bad dictionary) and fix the run's ids."""
    nlp = load_model(settings.model)
    dictionaries = current_dictionaries(settings)
    run_id = new_run_id()
    provenance = Provenance(coder_version(), dictionaries.sha256, model_id(nlp), run_id)
    return RunInfo(run_id, settings, provenance, dt.datetime.now(dt.timezone.utc).isoformat())


@lru_cache(maxsize=1)
def coder_version() -> str:
    """The package version and a digest of the coding modules' source (``0.1.0+3f2a9c1d04be``): a coder
    edited without a new version number is another coder, and a run codes again what it coded."""
    return f"{__version__}+{_source_sha256(CODER_MODULES)[:12]}"


def _source_sha256(modules: Sequence[str]) -> str:
    """The SHA-256 of the source of ``coders`` modules (by name, in order)."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(Path(importlib.import_module(f"coders.{name}").__file__ or "").read_bytes())
    return digest.hexdigest()


def current_dictionaries(settings: Settings) -> Dictionaries:
    """The dictionaries of ``settings``' folder as they are now (loaded once per content checksum)."""
    return cached_dictionaries(str(settings.dictionary_dir), dictionary_checksum(settings.dictionary_dir))


@lru_cache(maxsize=4)
def cached_dictionaries(directory: str, sha256: str) -> Dictionaries:
    """Dictionaries loaded once per process for a given folder and content checksum; across processes
    they come from a pickle in the user's cache folder (see :func:`_stored_dictionaries`)."""
    stored = _stored_dictionaries(sha256)
    if stored is not None:
        return stored
    dictionaries = load_dictionaries(Path(directory))
    if dictionaries.sha256 != sha256:  # someone saved a dictionary file while we read the folder
        raise DictionaryError(Path(directory), 0, "the dictionaries changed while they were being loaded; run again")
    _store_dictionaries(dictionaries)
    return dictionaries


def _dictionary_pickle(sha256: str) -> Path:
    """``EVENTCODER_CACHE_DIR`` (default ``~/.cache/eventcoder``)/dictionaries-<loader>-<content>.pickle:
    keyed by the SHA-256 of the dictionary files and of the loader's source, so that an edit of either
    loads afresh."""
    root = Path(os.environ.get("EVENTCODER_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or
                                                                Path.home() / ".cache") / "eventcoder")
    loader = _source_sha256(["dictionaries", "codebook", "plover"])[:16]  # the loader and the tables it builds
    return root / f"dictionaries-{loader}-{sha256}.pickle"


def _stored_dictionaries(sha256: str) -> Dictionaries | None:
    try:
        with _dictionary_pickle(sha256).open("rb") as handle:
            stored = pickle.load(handle)
    except Exception:  # noqa: BLE001 - absent, unreadable or stale: load the files instead
        return None
    return stored if isinstance(stored, Dictionaries) and stored.sha256 == sha256 else None


def _store_dictionaries(dictionaries: Dictionaries) -> None:
    path = _dictionary_pickle(dictionaries.sha256)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(dictionaries, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: every process loads the files


# --------------------------------------------------------------------------- stages


Ingested = IngestResult | IngestStream  # both count their records and keep the ones set aside


def existing_stage(output: Path, inputs: Sequence[Path | str], run: RunInfo, *, reuse: bool = True) -> Existing:
    """What ``output`` already holds, and what of it this run keeps, reuses (unless ``reuse`` is off)
    or replaces, after repairing what a killed run may have left half done."""
    recover(output)
    return Existing.read(output, inputs, run.provenance, reuse=reuse)


def ingest_stage(inputs: Sequence[Path | str], settings: Settings, existing: Existing) -> IngestStream:
    """The input articles, read as they are consumed (see :class:`coders.ingest.IngestStream`); an id
    the dataset already holds with another text is a duplicate."""
    return IngestStream(inputs, max_chars=settings.max_chars, seen=existing.seen_texts())


def parse_stage(batch: Sequence[Article], settings: Settings, cache_path: Path | None = None) -> Parsed:
    """Parse one batch (the flow's unit of work) into ``DocBin`` bytes, cheap to move between workers;
    with ``cache_path``, through the parse cache (see :func:`stream_parses`)."""
    one_batch = replace(settings, batch_size=max(len(batch), 1))
    return next((parsed for _, parsed in stream_parses(batch, one_batch, cache_path)), Parsed([]))


def stream_parses(articles: Iterable[Article], settings: Settings,
                  cache_path: Path | None = None) -> Iterator[tuple[list[Article], Parsed]]:
    """Parse ``articles`` batch by batch through one ``nlp.pipe`` stream (its worker processes start
    once, however many batches), taking what the parse cache has and adding what it lacks. Yields each
    batch with its parses, in order, as soon as they are complete."""
    nlp = load_model(settings.model)
    nlp.max_length = max(nlp.max_length, settings.max_chars)  # ingest has set longer texts aside
    cache = ParseCache(cache_path, parser_identity(model_id(nlp))) if cache_path else None
    pending: deque[tuple[list[Article], dict[int, bytes], list[int]]] = deque()  # batch, parses, misses

    def texts_to_parse() -> Iterator[tuple[str, None]]:  # read by nlp.pipe, ahead of the docs it yields
        for batch in batched(articles, settings.batch_size):
            cached = cache.get_many([a.text for a in batch]) if cache else {}
            misses = [i for i in range(len(batch)) if i not in cached]
            pending.append((batch, cached, misses))
            yield from ((batch[i].text, None) for i in misses)

    def complete() -> Iterator[tuple[list[Article], Parsed]]:
        while pending and len(pending[0][1]) == len(pending[0][0]):
            batch, parsed, misses = pending.popleft()
            if cache and misses:
                cache.put_many((batch[i].text, parsed[i]) for i in misses)
            yield batch, Parsed([parsed[i] for i in range(len(batch))], len(batch) - len(misses))

    try:
        for doc, _ in nlp.pipe(texts_to_parse(), as_tuples=True, n_process=settings.n_process, batch_size=32):
            yield from complete()  # batches wholly from the cache, ahead of this doc's
            batch, parsed, misses = pending[0]
            parsed[misses[len(parsed) - (len(batch) - len(misses))]] = doc_to_bytes(doc)
            yield from complete()
        yield from complete()  # the batches after the last parse
    finally:
        if cache:
            cache.close()


def cache_path_of(output: Path, settings: Settings) -> Path | None:
    """Where the parse cache of ``output`` lives (``None`` when the settings turn it off)."""
    return output / "cache" / "parses.sqlite" if settings.parse_cache else None


def code_stage(batch: Sequence[Article], parsed: Parsed, run: RunInfo) -> BatchResult:
    """Code one parsed batch into event rows and article statuses."""
    settings = run.settings
    nlp = load_model(settings.model)
    dictionaries = cached_dictionaries(str(settings.dictionary_dir), run.provenance.dictionary_sha256)
    freeze_loaded()
    coder = EventCoder(dictionaries)
    rows: list[dict[str, Any]] = []
    statuses: list[ArticleStatus] = []
    n_sentences = 0
    for article, data in zip(batch, parsed.docs, strict=True):
        coded = coder.code(doc_from_bytes(data, nlp), article.id, article.date, article.title)
        rows += event_rows(article, coded, dictionaries, run.provenance)
        statuses.append(article_status(article, coded, run.provenance))
        n_sentences += coded.n_sentences
    crash_point("batch-coded")
    return BatchResult(events_table(rows), statuses, n_sentences, parsed.n_cached)


@lru_cache(maxsize=1)
def freeze_loaded() -> None:
    """Once per process, after the model and dictionaries are loaded: move every object alive (the
    model, the dictionaries, imported modules) out of the cyclic garbage collector's scans
    (``gc.freeze``). They live as long as the process, and scanning them in each full collection
    cost about a sixth of the coding time."""
    gc.freeze()


def combine(ingested: Ingested, batches: Sequence[BatchResult], run: RunInfo,
            existing: Existing) -> tuple[pa.Table, pa.Table]:
    """The dataset's events and articles tables after this run: what it keeps and reuses of the folder's
    dataset, and its batch results."""
    events = pa.concat_tables([batch.events for batch in batches]) if batches else events_table([])
    statuses = [s for batch in batches for s in batch.statuses] + ingested.set_aside
    return existing.combined(events, articles_table(statuses, run.run_id))


def validate_stage(events: pa.Table, articles: pa.Table, run: RunInfo, output: Path,
                   n_records: int | None) -> Validated:
    """Validate the run's tables against the dictionaries and the previous run in ``output``, and the
    datasets derived from the valid events (deduplicated events, dyad aggregates)."""
    dictionaries = cached_dictionaries(str(run.settings.dictionary_dir), run.provenance.dictionary_sha256)
    reference = Reference.of(dictionaries, n_records=n_records, previous=previous_profile(output))
    policy = ValidationPolicy(max_quarantine_share=run.settings.max_quarantine_share)
    return validate_run(events, articles, reference, output / "reports", policy,
                        derive=partial(derive, rules=run.settings.dedup))


def write_stage(validated: Validated, articles: pa.Table, output: Path) -> dict[str, Any]:
    """Replace the folder's datasets, one atomic swap each (the manifest, written after, is the commit),
    then the datasets derived from the whole events table (deduplicated events, dyad aggregates)."""
    written: dict[str, Any] = {"events": str(write_events(validated.events, output))}
    written["quarantine"] = str(write_quarantine(validated.quarantine, output))
    crash_point("quarantine-written")
    written["articles"] = str(write_articles(articles, output))
    crash_point("articles-written")
    assert validated.derived is not None, "validate_stage derives the datasets"
    written["derived"] = write_derived(validated.derived, output)
    return written


def previous_profile(output: Path, before: str | None = None) -> RunProfile | None:
    """The profile of the latest run recorded in ``output/runs/`` (run ids sort by time), or of the
    latest before run ``before``; ``None`` when there is none."""
    for manifest in _manifests(output):
        if before is not None and manifest["run_id"] >= before:
            continue
        if manifest.get("profile"):
            return RunProfile.from_json(manifest["profile"])
    return None


def _manifests(output: Path) -> list[dict[str, Any]]:
    """The run manifests of ``output``, latest first (unreadable ones are skipped)."""
    found = []
    for path in sorted((output / "runs").glob("*.json"), reverse=True):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a manifest being written, or damaged by hand
        if isinstance(manifest, dict) and "run_id" in manifest:
            found.append(manifest)
    return found


def recorded_inputs(output: Path) -> list[str]:
    """The inputs of the latest run recorded in ``output/runs/`` (for re-coding the same articles)."""
    for manifest in _manifests(output):
        if manifest.get("inputs"):
            return [str(p) for p in manifest["inputs"]]
    raise DatasetError(f"{output} records no earlier run to re-code (no runs/*.json with inputs)")


def validate_dataset(directory: Path | str, settings: Settings | None = None) -> ValidationReport:
    """Validate an existing dataset (e.g. after a hand edit) with the same suites as a run, the derived
    datasets as they are written included: reports go to ``DIR/reports/``; the data are not changed (rows
    that fail are counted, not moved)."""
    settings = settings or Settings.from_env()
    directory = Path(directory)
    if not (directory / "articles").exists():
        raise DatasetError(f"{directory} has no articles/ table: not an eventcoder output folder")
    events, articles = read_events(directory), read_articles(directory)
    run_ids = sorted(set(articles.column("run_id").to_pylist()) - {None})
    run_id = run_ids[-1] if run_ids else None
    manifest = next((m for m in _manifests(directory) if m["run_id"] == run_id), None)
    counts = manifest["counts"] if manifest else {}
    n_records = counts.get("dataset", {}).get("records") or counts.get("ingest", {}).get("records")
    reference = Reference.of(current_dictionaries(settings), n_records=n_records,
                             previous=previous_profile(directory, before=run_id))
    policy = ValidationPolicy(max_quarantine_share=settings.max_quarantine_share)
    derived = read_derived(directory, events.num_rows)  # as written: checked against all the events on disk
    return validate_run(events, articles, reference, directory / "reports", policy, derive=lambda _: derived).report


def counts_of(ingested: Ingested, batches: Sequence[BatchResult], validated: Validated,
              articles: pa.Table, existing: Existing, derived: dict[str, Any]) -> dict[str, Any]:
    """Counts per stage, for the manifest and the logs; ``articles`` counts the whole dataset."""
    statuses = Counter(articles.column("status").to_pylist())
    return {
        "ingest": {"records": ingested.n_records, "articles": ingested.n_articles,
                   "set_aside": len(ingested.set_aside), "batches": len(batches),
                   "reasons": dict(Counter(reason_kind(s.reason) for s in ingested.set_aside).most_common())},
        "dataset": {"records": ingested.n_records + existing.kept_articles.num_rows,
                    "kept": existing.kept_articles.num_rows, "reused": len(existing.reused),
                    "coded_now": sum(len(b.statuses) for b in batches)},
        "parse": {"articles": sum(len(b.statuses) for b in batches), "sentences": sum(b.n_sentences for b in batches),
                  "from_cache": sum(b.n_cached for b in batches)},
        "code": {"events": validated.events.num_rows + validated.quarantine.num_rows},
        "validate": {"events": validated.events.num_rows, "quarantined": validated.quarantine.num_rows},
        "articles": {status: statuses.get(status, 0) for status in ("coded", "discarded", "quarantined")},
        "derived": derived["rows"],
    }


def committed_files(output: Path) -> dict[str, list[dict[str, Any]]]:
    """The Parquet files of each dataset folder as the run leaves them (path and size): what the
    manifest, written last, says this run committed."""
    return {name: [{"path": str(path.relative_to(output)), "bytes": path.stat().st_size}
                   for path in sorted((output / name).rglob("*.parquet"))]
            for name in (*DATASETS, *DERIVED) if (output / name).is_dir()}


def finish_run(run: RunInfo, output: Path, inputs: Sequence[Path | str], counts: dict[str, Any],
               timings: dict[str, float], validated: Validated, articles: pa.Table, runner: str) -> RunSummary:
    """Write the run's report and then its manifest, the run's commit record; return the summary."""
    report = validated.report
    report_path = output / "reports" / "runs" / f"{run.run_id}.html"
    manifest = {
        "run_id": run.run_id,
        "committed": committed_files(output),
        "started": run.started,
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(),
        "runner": runner,
        "inputs": [str(Path(p).resolve()) for p in inputs],
        "output": str(output.resolve()),
        "coder_version": run.provenance.coder_version,
        "model": run.provenance.model,
        "spacy_version": spacy.__version__,
        "dictionary_sha256": run.provenance.dictionary_sha256,
        "dictionary_dir": str(run.settings.dictionary_dir),
        "settings": {"batch_size": run.settings.batch_size, "n_process": run.settings.n_process,
                     "parse_cache": run.settings.parse_cache,
                     "max_quarantine_share": run.settings.max_quarantine_share, "dedup": list(run.settings.dedup)},
        "counts": counts,
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
        "validation": {"success": report.success, "passed": report.n_passed, "failed": report.n_failed,
                       "event_rows": report.n_event_rows, "quarantined": report.n_quarantined,
                       "max_quarantine_share": report.max_quarantine_share, "root_shift": report.shift,
                       "html": report.html_index, "json": report.json_path},
        "profile": report.profile.to_json() if report.profile else None,
        "report": str(report_path),
    }
    clock = time.perf_counter()
    write_run_report(report_path, manifest, validated.events, articles)
    manifest["timings_seconds"]["report"] = round(time.perf_counter() - clock, 3)
    path = write_manifest(manifest, output)
    return RunSummary(run.run_id, output, counts, timings, report, path, report_path)


# --------------------------------------------------------------------------- straight through


def code_files(inputs: Sequence[Path | str], output: Path | str, settings: Settings | None = None, *,
               recode: bool = False) -> RunSummary:
    """Ingest, parse, code, validate and write without Prefect (the ``eventcoder code`` command), holding
    the output folder's lock (see :class:`coders.lock.OutputLock`). Articles coded before as they would
    be now are reused, unless ``recode`` asks for every article to be coded again (from the parse cache)."""
    settings = settings or Settings.from_env()
    with OutputLock(output, wait=settings.lock_wait):
        return _code_files(inputs, Path(output), settings, recode)


def _code_files(inputs: Sequence[Path | str], output: Path, settings: Settings, recode: bool) -> RunSummary:
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    run = start_run(settings)
    existing = existing_stage(output, inputs, run, reuse=not recode)
    ingested = ingest_stage(inputs, settings, existing)  # read as parsing consumes it
    batches: list[BatchResult] = []
    timings["ingest+parse"] = timings["code"] = 0.0
    for batch, parsed in stream_parses(existing.to_code(ingested), settings, cache_path_of(output, settings)):
        timings["ingest+parse"] += time.perf_counter() - clock
        clock = time.perf_counter()
        batches.append(code_stage(batch, parsed, run))
        timings["code"] += time.perf_counter() - clock
        clock = time.perf_counter()
    timings["ingest+parse"] += time.perf_counter() - clock
    events, articles = combine(ingested, batches, run, existing)
    clock = time.perf_counter()
    validated = validate_stage(events, articles, run, output, ingested.n_records + existing.kept_articles.num_rows)
    timings["validate"] = time.perf_counter() - clock
    clock = time.perf_counter()
    written = write_stage(validated, articles, output)
    timings["write"] = time.perf_counter() - clock
    counts = counts_of(ingested, batches, validated, articles, existing, written["derived"])
    return finish_run(run, output, inputs, counts, timings, validated, articles, runner="library")
