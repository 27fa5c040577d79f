"""Write: events and articles as Arrow tables, Parquet datasets and a run manifest.

Layout under the output folder::

    events/year=YYYY/month=M/part-0.parquet   Hive-partitioned by the event date
    articles/part-0.parquet                   one row per input record
    quarantine/events.parquet                 event rows that failed validation, with the checks they failed
    events_one_a_story/, events_one_a_day/    deduplicated events (see coders.derive), as events/
    dyad_day/part-0.parquet, dyad_month/…     dyad aggregates (see coders.derive)
    reports/                                  validation reports (coders.validate), run reports (coders.report)
    runs/<run_id>.json                        the run manifest

All columns are plain Arrow types (strings, ints, doubles, date32, lists of strings) so pandas, DuckDB
and R's arrow read them without surprises; ``docs/codebook.md`` describes every column.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from coders.actors import Actor, entry_label
from coders.coder import ArticleResult, CodedEvent
from coders.dictionaries import Dictionaries
from coders.ingest import Article, ArticleStatus

EVENT_SCHEMA = pa.schema([
    ("event_id", pa.string()),
    ("article_id", pa.string()),
    ("sentence_index", pa.int32()),
    ("sentence_text", pa.string()),
    ("event_date", pa.date32()),
    ("source_code", pa.string()),
    ("source_text", pa.string()),
    ("source_country", pa.string()),
    ("source_sector", pa.string()),
    ("source_start", pa.int32()),
    ("source_end", pa.int32()),
    ("source_via", pa.string()),
    ("source_entries", pa.list_(pa.string())),
    ("target_code", pa.string()),
    ("target_text", pa.string()),
    ("target_country", pa.string()),
    ("target_sector", pa.string()),
    ("target_start", pa.int32()),
    ("target_end", pa.int32()),
    ("target_via", pa.string()),
    ("target_entries", pa.list_(pa.string())),
    ("cameo_code", pa.string()),
    ("cameo_root", pa.string()),
    ("cameo_name", pa.string()),
    ("quad_class", pa.int8()),
    ("goldstein", pa.float64()),
    ("plover_event", pa.string()),
    ("plover_mode", pa.string()),
    ("plover_context", pa.string()),
    ("verb_text", pa.string()),
    ("verb_start", pa.int32()),
    ("verb_end", pa.int32()),
    ("pattern_id", pa.string()),
    ("mode", pa.string()),
    ("coder_version", pa.string()),
    ("dictionary_sha256", pa.string()),
    ("model", pa.string()),
    ("run_id", pa.string()),
    ("year", pa.int16()),
    ("month", pa.int8()),
])

ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("status", pa.string()),
    ("reason", pa.string()),
    ("origin", pa.string()),
    ("date", pa.date32()),
    ("title", pa.string()),
    ("url", pa.string()),
    ("publisher", pa.string()),
    ("text_sha256", pa.string()),
    ("n_sentences", pa.int32()),
    ("n_events", pa.int32()),
    ("notes", pa.string()),
    ("coder_version", pa.string()),
    ("dictionary_sha256", pa.string()),
    ("model", pa.string()),
    ("run_id", pa.string()),
])

DATASETS = ("events", "articles", "quarantine")  # the folders a run replaces
# the folders derived from events/ (see coders.derive): re-made from the whole dataset by every run
DERIVED = ("events_one_a_story", "events_one_a_day", "dyad_day", "dyad_month")
EVENT_ORDER = (("event_date", "ascending"), ("article_id", "ascending"), ("sentence_index", "ascending"),
               ("event_id", "ascending"))
PARTITIONING = ds.partitioning(pa.schema([("year", pa.int16()), ("month", pa.int8())]), flavor="hive")


@dataclass(frozen=True)
class Provenance:
    """What every event row records about how it was made."""

    coder_version: str
    dictionary_sha256: str
    model: str
    run_id: str


def event_id(article_id: str, event: CodedEvent) -> str:
    """A deterministic id: the same article, sentence, verb, actors and code give the same id."""
    key = "|".join((article_id, str(event.sentence_index), str(event.verb_offset), event.source.code,
                    event.target.code, event.code))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def event_rows(article: Article, result: ArticleResult, dictionaries: Dictionaries,
               prov: Provenance) -> list[dict[str, Any]]:
    """The rows of one coded article's events, with codebook and PLOVER fields, the provenance of each
    part (character spans in the sentence, the dictionary entries of each actor, the pattern) and of
    the run."""
    rows = []
    for event in result.events:
        cameo, plover = dictionaries.codebook[event.code], dictionaries.plover[event.code]
        rows.append({
            "event_id": event_id(article.id, event),
            "article_id": article.id,
            "sentence_index": event.sentence_index,
            "sentence_text": event.sentence_text,
            "event_date": article.date,
            **_actor_fields("source", event.source, event.source_chars),
            **_actor_fields("target", event.target, event.target_chars),
            "cameo_code": cameo.code,
            "cameo_root": cameo.root,
            "cameo_name": cameo.name,
            "quad_class": cameo.quad_class,
            "goldstein": cameo.goldstein,
            "plover_event": plover.event,
            "plover_mode": plover.mode,
            "plover_context": plover.context,
            "verb_text": event.verb_text,
            "verb_start": event.verb_offset,
            "verb_end": event.verb_offset + len(event.verb_text),
            "pattern_id": event.pattern_id,
            "mode": event.mode,
            "coder_version": prov.coder_version,
            "dictionary_sha256": prov.dictionary_sha256,
            "model": prov.model,
            "run_id": prov.run_id,
            "year": article.date.year,
            "month": article.date.month,
        })
    return rows


def _actor_fields(role: str, actor: Actor, chars: tuple[int, int] | None) -> dict[str, Any]:
    start, end = chars if chars is not None else (None, None)
    return {f"{role}_code": actor.code, f"{role}_text": actor.text, f"{role}_country": actor.country,
            f"{role}_sector": actor.sector, f"{role}_start": start, f"{role}_end": end, f"{role}_via": actor.via,
            f"{role}_entries": [entry_label(m) for m in actor.entries]}


def article_status(article: Article, result: ArticleResult, prov: Provenance) -> ArticleStatus:
    """The articles-table row of a coded (or coder-discarded) article."""
    return ArticleStatus(
        article_id=article.id, status=result.status, reason=result.reason, origin=article.origin,
        date=article.date, title=article.title, url=article.url, publisher=article.publisher,
        text_sha256=article.text_sha256, n_sentences=result.n_sentences, n_events=len(result.events),
        notes=article.notes, coder_version=prov.coder_version, dictionary_sha256=prov.dictionary_sha256,
        model=prov.model,
    )


def events_table(rows: Sequence[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=EVENT_SCHEMA)


def articles_table(statuses: Iterable[ArticleStatus], run_id: str) -> pa.Table:
    rows = [{**status.__dict__, "run_id": run_id} for status in statuses]
    return pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)


# --------------------------------------------------------------------------- files


def read_events(output: Path) -> pa.Table:
    """The ``events/`` dataset of ``output`` with the writer's schema (empty when there is none)."""
    return read_dataset(output, "events", EVENT_SCHEMA, partitioned=True)


def read_dataset(output: Path, name: str, schema: pa.Schema, *, partitioned: bool = False) -> pa.Table:
    """The folder ``output/NAME`` as a table with ``schema`` (empty when there is none)."""
    folder = output / name
    if not folder.exists():
        return schema.empty_table()
    table = ds.dataset(folder, format="parquet", partitioning=PARTITIONING if partitioned else None).to_table()
    return conform(table, schema)


def read_quarantine(output: Path) -> pa.Table:
    """The event rows of ``output/quarantine`` (without the checks they failed; empty when there are none)."""
    path = output / "quarantine" / "events.parquet"
    if not path.exists():
        return EVENT_SCHEMA.empty_table()
    return conform(pq.read_table(path), EVENT_SCHEMA)


def read_articles(output: Path) -> pa.Table:
    """The ``articles/`` table of ``output`` with the writer's schema."""
    return conform(pq.read_table(output / "articles"), ARTICLE_SCHEMA)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with ``schema``'s columns in order: extra columns dropped, missing ones (a folder
    written by an earlier version) as nulls."""
    columns = [table.column(f.name) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
               for f in schema]
    return pa.Table.from_arrays(columns, schema=schema) if columns else schema.empty_table()



def write_dataset(table: pa.Table, output: Path, name: str, *, order: Sequence[tuple[str, str]],
                  partitioned: bool = False, filename: str = "part-0.parquet") -> Path:
    """Replace the folder ``output/NAME`` with ``table`` sorted by ``order``, in one atomic swap: one
    file, or Hive-partitioned by year and month (an empty table still leaves one file, so that its
    schema stays readable)."""
    target = output / name
    table = table.sort_by(list(order))
    with _staging(output, name) as staging:
        if partitioned and table.num_rows:
            ds.write_dataset(table, staging, format="parquet", partitioning=PARTITIONING,
                             basename_template="part-{i}.parquet", existing_data_behavior="error")
        else:
            staging.mkdir(parents=True)
            pq.write_table(table, staging / filename)
        _replace(staging, target)
    return target


def remove_dataset(output: Path, name: str) -> bool:
    """Remove the folder ``output/NAME`` (a derived dataset no longer configured), so that no stale
    derived data stays beside the events; True when there was one."""
    target, old = output / name, output / f".{name}-old"
    if not target.exists():
        return False
    os.replace(target, old)
    shutil.rmtree(old, ignore_errors=True)
    return True


def write_events(table: pa.Table, output: Path) -> Path:
    """Replace ``output/events`` with ``table``, Hive-partitioned by year and month."""
    target = write_dataset(table, output, "events", order=EVENT_ORDER, partitioned=True)
    crash_point("events-written")
    return target


def write_articles(table: pa.Table, output: Path) -> Path:
    """Replace ``output/articles`` with ``table`` (one file)."""
    order = [("article_id", "ascending"), ("origin", "ascending"), ("status", "ascending")]
    return write_dataset(table, output, "articles", order=order)


def write_quarantine(table: pa.Table, output: Path) -> Path:
    """Replace ``output/quarantine`` with ``table`` (the event rows validation set aside; may be empty)."""
    order = [("article_id", "ascending"), ("event_id", "ascending")]
    return write_dataset(table, output, "quarantine", order=order, filename="events.parquet")


def write_manifest(manifest: dict[str, Any], output: Path) -> Path:
    """Write ``runs/<run_id>.json`` atomically."""
    runs = output / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    path = runs / f"{manifest['run_id']}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=_json_default) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def recover(output: Path) -> list[str]:
    """Finish or undo what a run killed while writing left in ``output`` (call it holding the folder's
    lock): a folder swap cut between its two renames is completed backwards (the earlier folder comes
    back), and staging folders and half-written manifests are removed. Returns what was done."""
    done: list[str] = []
    for name in (*DATASETS, *DERIVED):
        target, old = output / name, output / f".{name}-old"
        if old.exists() and not target.exists():
            os.replace(old, target)
            done.append(f"restored {name}/ (a run was killed while replacing it)")
        elif old.exists():
            shutil.rmtree(old, ignore_errors=True)
        for staging in output.glob(f".{name}-*"):
            if staging.is_dir() and staging != old:
                shutil.rmtree(staging, ignore_errors=True)
                done.append(f"removed the staging folder {staging.name}")
    for tmp in (output / "runs").glob("*.json.tmp"):
        tmp.unlink(missing_ok=True)
        done.append(f"removed the half-written manifest {tmp.name}")
    return done


class _staging:
    """A temporary folder beside the target, removed on exit whatever happens."""

    def __init__(self, output: Path, name: str) -> None:
        self.output, self.name = output, name

    def __enter__(self) -> Path:
        self.output.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.name}-", dir=self.output)) / self.name
        return self.path

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path.parent, ignore_errors=True)


def _replace(staging: Path, target: Path) -> None:
    """Swap ``staging`` in for ``target``, so readers never see a half-written folder: in one atomic
    exchange where the system has one (Linux), else by two renames (a run killed between them leaves
    ``.NAME-old``, which :func:`recover` puts back)."""
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now the earlier folder
        return
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    crash_point(f"{target.name}-moved-aside")
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def crash_point(name: str) -> None:
    """Fault injection for the crash tests: a process whose ``EVENTCODER_CRASH_AT`` names this point
    kills itself here with SIGKILL, as a power cut or the OOM killer would."""
    if os.environ.get("EVENTCODER_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _json_default(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")
