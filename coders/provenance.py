"""Provenance: one event of a written dataset, shown in its sentence with its parts marked.

``eventcoder explain --event EVENT_ID DIR`` prints :func:`explain_event`: the sentence with the
source, verb and target spans bracketed, then what resolved each part (the dictionary entries of each
actor, the pattern, the mode) and what made the row (coder version, dictionaries, model, run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import pyarrow.compute as pc
import pyarrow.dataset as ds

from coders.errors import DatasetError
from coders.write import EVENT_SCHEMA, PARTITIONING, conform


class Marked(NamedTuple):
    """A character span of a sentence to mark, and its label."""

    start: int
    end: int
    label: str


def find_event(output: Path, event_id: str) -> tuple[dict[str, Any], str]:
    """The row of ``event_id`` in ``output/events`` (or, failing that, ``output/quarantine``), and which
    of the two it is in. Raises :class:`DatasetError` when neither has it."""
    for where, dataset in (("events", _events(output)), ("quarantine", _quarantine(output))):
        if dataset is None:
            continue
        table = dataset.to_table(filter=pc.field("event_id") == event_id)
        if table.num_rows:
            return conform(table, EVENT_SCHEMA).to_pylist()[0], where
    raise DatasetError(f"no event {event_id!r} in {output}/events or {output}/quarantine")


def _events(output: Path) -> ds.Dataset | None:
    folder = output / "events"
    return ds.dataset(folder, format="parquet", partitioning=PARTITIONING) if folder.is_dir() else None


def _quarantine(output: Path) -> ds.Dataset | None:
    path = output / "quarantine" / "events.parquet"
    return ds.dataset(path, format="parquet") if path.is_file() else None


def mark(text: str, spans: list[Marked]) -> str:
    """``text`` with each span bracketed and labelled: ``[Rex Tillerson]{source USAGOV}``. Spans with
    the same characters share one bracket; nested spans nest."""
    merged: dict[tuple[int, int], list[str]] = {}
    for span in spans:
        if 0 <= span.start < span.end <= len(text):
            merged.setdefault((span.start, span.end), []).append(span.label)
    # at one position, closing brackets before opening ones; the longer span opens first and closes last
    inserts = [(end, 0, -start, "]{" + " + ".join(labels) + "}") for (start, end), labels in merged.items()]
    inserts += [(start, 1, -end, "[") for (start, end) in merged]
    out, at = [], 0
    for position, _, _, marker in sorted(inserts):
        out += [text[at:position], marker]
        at = position
    return "".join(out) + text[at:]


def explain_event(output: Path | str, event_id: str) -> str:
    """A plain-text account of one event of the dataset in ``output``."""
    output = Path(output)
    row, where = find_event(output, event_id)
    spans = [Marked(row["source_start"], row["source_end"], f"source {row['source_code']}"),
             Marked(row["verb_start"], row["verb_end"], f"verb {row['cameo_code']}"),
             Marked(row["target_start"], row["target_end"], f"target {row['target_code']}")]
    lines = [f"event {row['event_id']}" + (" (quarantined: it failed validation)" if where == "quarantine" else ""),
             f"  article {row['article_id']}, dated {row['event_date']}, sentence {row['sentence_index']}:",
             "",
             "  " + mark(row["sentence_text"], [s for s in spans if s.start is not None]),
             ""]
    lines += _actor_lines("source", row) + _actor_lines("target", row)
    plover = "/".join(v for v in (row["plover_event"], row["plover_mode"], row["plover_context"]) if v) or "(none)"
    lines += [f"  event   {row['cameo_code']} {row['cameo_name']!r}: quad class {row['quad_class']}, "
              f"Goldstein {row['goldstein']}, PLOVER {plover}",
              f"  verb    {row['verb_text']!r} at {_chars(row, 'verb')}: pattern {row['pattern_id']!r}, "
              f"mode {row['mode']}",
              f"  made by coder {row['coder_version']}, dictionaries {str(row['dictionary_sha256'])[:12]}, "
              f"model {row['model']}, run {row['run_id']}"]
    return "\n".join(lines)


def _actor_lines(role: str, row: dict[str, Any]) -> list[str]:
    where = _chars(row, role)
    head = f"  {role:<7} {row[f'{role}_code']} {row[f'{role}_text']!r}" + (f" at {where}" if where else "")
    entries = row[f"{role}_entries"] or []
    resolved = f"          resolved by {row[f'{role}_via']}" + (": " if entries else "")
    return [head, resolved + "; ".join(entries)]


def _chars(row: dict[str, Any], role: str) -> str | None:
    start, end = row[f"{role}_start"], row[f"{role}_end"]
    return None if start is None else f"characters {start}–{end}"
