"""Derived datasets: deduplicated events and dyad aggregates, re-made from the whole ``events/`` each run.

* **One-a-story** (``events_one_a_story/``): the events of one article with the same source, target
  and CAMEO code are one event. **One-a-day** (``events_one_a_day/``): the events of one date with the
  same source, target and code are one, across articles (the Phoenix pipeline's "one-a-day" filter).
  Each kept row is the first of its group (by date, article, sentence, verb position) with
  ``n_mentions`` (the events it stands for, GDELT's NumMentions), ``n_articles`` (the articles they came
  from, GDELT's NumArticles) and ``event_ids`` (their ids, in that order).
* **Dyad aggregates** (``dyad_day/``, ``dyad_month/``): per date (or month), source country and target
  country, the events of each quad class and their summed and mean Goldstein values, counted on the
  first configured deduplication (``basis`` says which). What made the events counted (their coder
  versions, dictionary checksums, models and runs) is in the files' Parquet metadata, under
  ``eventcoder.provenance``; the event rows carry it row by row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

from coders.write import (
    EVENT_ORDER,
    EVENT_SCHEMA,
    read_dataset,
    remove_dataset,
    write_dataset,
)

PROVENANCE_KEY = "eventcoder.provenance"  # Parquet metadata key of an aggregate's provenance (JSON)
DEDUP_RULES: dict[str, str] = {"story": "article_id", "day": "event_date"}  # rule -> the column it groups within
DEDUP_KEYS = ("source_code", "target_code", "cameo_code")
DEDUP_ORDER = [("event_date", "ascending"), ("article_id", "ascending"), ("sentence_index", "ascending"),
               ("verb_start", "ascending"), ("event_id", "ascending")]

DEDUP_SCHEMA = EVENT_SCHEMA.append(pa.field("n_mentions", pa.int32())) \
    .append(pa.field("n_articles", pa.int32())).append(pa.field("event_ids", pa.list_(pa.string())))

QUAD_COLUMNS = ("n_verbal_cooperation", "n_material_cooperation", "n_verbal_conflict", "n_material_conflict")
_MEASURES = [("n_events", pa.int32()), *((name, pa.int32()) for name in QUAD_COLUMNS),
             ("goldstein_sum", pa.float64()), ("goldstein_mean", pa.float64()), ("basis", pa.string())]
DYAD_DAY_SCHEMA = pa.schema([("event_date", pa.date32()), ("source_country", pa.string()),
                             ("target_country", pa.string()), *_MEASURES])
DYAD_MONTH_SCHEMA = pa.schema([("year", pa.int16()), ("month", pa.int8()), ("source_country", pa.string()),
                               ("target_country", pa.string()), *_MEASURES])


@dataclass(frozen=True)
class DerivedTable:
    """One derived dataset, with what validation checks it against: the columns that identify a row,
    and the total its count column (``n_mentions`` or ``n_events``) must reach."""

    name: str
    table: pa.Table
    kind: Literal["dedup", "aggregate"]
    keys: tuple[str, ...]
    total: int


@dataclass(frozen=True)
class Derived:
    """The derived datasets of a run, in writing order, and what the aggregates counted."""

    tables: tuple[DerivedTable, ...]
    basis: str

    def rows(self) -> dict[str, int]:
        return {t.name: t.table.num_rows for t in self.tables}


def derive(events: pa.Table, rules: Sequence[str]) -> Derived:
    """The derived datasets of the whole ``events`` table: one deduplicated dataset per rule, and the
    dyad aggregates counted on the first rule's rows (or, with no rule, on the events)."""
    tables: list[DerivedTable] = []
    basis_table, basis = events, "events"
    for rule in rules:
        table = dedup(events, rule)
        tables.append(DerivedTable(dataset_name(rule), table, "dedup", (DEDUP_RULES[rule], *DEDUP_KEYS),
                                   events.num_rows))
        if rule == rules[0]:
            basis_table, basis = table, dataset_name(rule)
    metadata = {PROVENANCE_KEY: json.dumps(provenance_of(basis_table), sort_keys=True)}
    for name, (aggregate, schema) in AGGREGATES.items():
        table = aggregate(basis_table, basis).replace_schema_metadata(metadata)
        tables.append(DerivedTable(name, table, "aggregate", _aggregate_keys(schema), basis_table.num_rows))
    return Derived(tuple(tables), basis)


def read_derived(output: Path, n_events: int) -> Derived:
    """The derived datasets written in ``output`` (those there are), for checking them against an events
    table of ``n_events`` rows: each deduplicated dataset must count them all, each aggregate the rows
    of its ``basis``."""
    tables: list[DerivedTable] = []
    sizes = {"events": n_events}
    for rule, column in DEDUP_RULES.items():
        name = dataset_name(rule)
        if (output / name).is_dir():
            table = read_dataset(output, name, DEDUP_SCHEMA, partitioned=True)
            tables.append(DerivedTable(name, table, "dedup", (column, *DEDUP_KEYS), n_events))
            sizes[name] = table.num_rows
    basis = "events"
    for name, (_, schema) in AGGREGATES.items():
        if (output / name).is_dir():
            table = read_dataset(output, name, schema)
            basis = table.column("basis")[0].as_py() if table.num_rows else basis
            tables.append(DerivedTable(name, table, "aggregate", _aggregate_keys(schema), sizes.get(basis, 0)))
    return Derived(tuple(tables), basis)


def _aggregate_keys(schema: pa.Schema) -> tuple[str, ...]:
    """The columns that identify an aggregate's row: its period and its dyad."""
    return tuple(schema.names[:schema.names.index("target_country") + 1])


def write_derived(derived: Derived, output: Path) -> dict[str, Any]:
    """Replace the derived datasets of ``output`` with ``derived``; the folder of a deduplication rule
    no longer configured is removed, so that nothing stale stays beside the events."""
    names = {t.name for t in derived.tables}
    for rule in DEDUP_RULES:
        if dataset_name(rule) not in names:
            remove_dataset(output, dataset_name(rule))
    for item in derived.tables:
        if item.kind == "dedup":
            write_dataset(item.table, output, item.name, order=EVENT_ORDER, partitioned=True)
        else:
            write_dataset(item.table, output, item.name, order=[(k, "ascending") for k in item.keys])
    return {"basis": derived.basis, "rows": derived.rows()}


def provenance_of(events: pa.Table) -> dict[str, list[str]]:
    """What made the events an aggregate counts: the distinct coder versions, dictionary checksums,
    models and runs of its rows (kept in the aggregate files' metadata under :data:`PROVENANCE_KEY`)."""
    return {column: sorted(v for v in pc.unique(events.column(column)).to_pylist() if v is not None)
            for column in ("coder_version", "dictionary_sha256", "model", "run_id")}


def dataset_name(rule: str) -> str:
    """The folder of a deduplication rule: ``events_one_a_story``, ``events_one_a_day``."""
    return f"events_one_a_{rule}"


def dedup(events: pa.Table, rule: str) -> pa.Table:
    """One row per group of ``rule`` (see the module docstring), with ``n_mentions``, ``n_articles`` and
    ``event_ids``; in event order."""
    ordered = events.sort_by(DEDUP_ORDER)
    ordered = ordered.append_column("_row", pa.array(range(ordered.num_rows), pa.int64()))
    keys = [DEDUP_RULES[rule], *DEDUP_KEYS]
    # single-threaded grouping keeps each group's rows (and so its id list) in event order
    groups = ordered.group_by(keys, use_threads=False).aggregate(
        [("_row", "min"), ("event_id", "list"), ("event_id", "count"), ("article_id", "count_distinct")])
    groups = groups.sort_by("_row_min")
    first = ordered.take(groups.column("_row_min")).drop_columns(["_row"])
    first = first.append_column("n_mentions", groups.column("event_id_count").cast(pa.int32()))
    first = first.append_column("n_articles", groups.column("article_id_count_distinct").cast(pa.int32()))
    first = first.append_column("event_ids", groups.column("event_id_list"))
    return first.cast(DEDUP_SCHEMA)


def dyad_day(events: pa.Table, basis: str) -> pa.Table:
    """Counts per quad class and Goldstein sums per (event date, source country, target country)."""
    return _aggregate(events, ["event_date", "source_country", "target_country"], basis, DYAD_DAY_SCHEMA)


def dyad_month(events: pa.Table, basis: str) -> pa.Table:
    """As :func:`dyad_day`, per (year, month, source country, target country)."""
    return _aggregate(events, ["year", "month", "source_country", "target_country"], basis, DYAD_MONTH_SCHEMA)


def _aggregate(events: pa.Table, keys: list[str], basis: str, schema: pa.Schema) -> pa.Table:
    table = events.select([*keys, "quad_class", "goldstein"])
    for quad, name in enumerate(QUAD_COLUMNS, start=1):
        table = table.append_column(name, pc.cast(pc.equal(table.column("quad_class"), quad), pa.int32()))
    sums = table.group_by(keys, use_threads=False).aggregate(
        [("quad_class", "count"), ("goldstein", "sum"), *((name, "sum") for name in QUAD_COLUMNS)])
    n_events = sums.column("quad_class_count").cast(pa.int32())
    total = sums.column("goldstein_sum")
    columns = {key: sums.column(key) for key in keys} | {
        "n_events": n_events,
        **{name: sums.column(f"{name}_sum").cast(pa.int32()) for name in QUAD_COLUMNS},
        "goldstein_sum": total,
        "goldstein_mean": pc.divide(total, pc.cast(n_events, pa.float64())),
        "basis": pa.array([basis] * sums.num_rows, pa.string()),
    }
    result = pa.Table.from_pydict(columns).cast(schema)
    return result.sort_by([(key, "ascending") for key in keys])


# the aggregate datasets: folder -> (how it is made, its schema)
AGGREGATES: dict[str, tuple[Callable[[pa.Table, str], pa.Table], pa.Schema]] = {
    "dyad_day": (dyad_day, DYAD_DAY_SCHEMA),
    "dyad_month": (dyad_month, DYAD_MONTH_SCHEMA),
}
