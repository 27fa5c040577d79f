"""The CAMEO → PLOVER table: code → PLOVER event category, mode and context(s)."""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from coders.codebook import Codebook, CodeTable
from coders.errors import DictionaryError

COLUMNS = ["code", "plover_event", "plover_mode", "plover_context"]
PLOVER_EVENTS = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})
VALUE_RE = re.compile(r"^[a-z][a-z_-]*$")  # a mode, or one context
MAX_LISTED = 5  # missing codes named in the error


@dataclass(frozen=True)
class PloverRow:
    """The PLOVER facts of one CAMEO code; None where the table leaves a column empty."""

    event: str | None
    mode: str | None
    context: str | None  # one context, or several joined with ";" ("crime;corruption")

    @property
    def contexts(self) -> tuple[str, ...]:
        """The contexts one by one (empty: none)."""
        return tuple(self.context.split(";")) if self.context else ()


class PloverTable(CodeTable[PloverRow]):
    """The PLOVER rows by CAMEO code."""

    @classmethod
    def empty(cls) -> PloverTable:
        """A table without rows (the default of dictionaries built without ``plover.csv``)."""
        return cls({})

    @classmethod
    def load(cls, path: Path, codebook: Codebook) -> PloverTable:
        """Read and check ``plover.csv`` against ``codebook`` (see ``dictionaries/README.md``)."""
        rows: dict[str, PloverRow] = {}
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != COLUMNS:
                raise DictionaryError(path, 1, f"columns must be {COLUMNS}, found {reader.fieldnames}")
            for line, raw in enumerate(reader, start=2):
                code = (raw["code"] or "").strip()
                if code not in codebook:
                    raise DictionaryError(path, line, f"code {code!r} is not in the codebook")
                if code in rows:
                    raise DictionaryError(path, line, f"duplicate code {code!r}")
                rows[code] = _parse_row(path, line, code, raw)
        _check_complete(path, codebook, rows)
        return cls(rows)

    def events(self) -> list[str]:
        """The distinct PLOVER events of the table, sorted."""
        return sorted({row.event for row in self._rows.values() if row.event})

    def modes(self) -> list[str]:
        """The distinct modes of the table, sorted."""
        return sorted({row.mode for row in self._rows.values() if row.mode})

    def contexts(self) -> list[str]:
        """The distinct contexts of the table (each of a row's several on its own), sorted."""
        return sorted({context for row in self._rows.values() for context in row.contexts})


def _parse_row(path: Path, line: int, code: str, raw: dict[str, str]) -> PloverRow:
    event = (raw["plover_event"] or "").strip() or None
    mode = (raw["plover_mode"] or "").strip() or None
    context = (raw["plover_context"] or "").strip() or None
    if event is not None and event not in PLOVER_EVENTS:
        raise DictionaryError(path, line, f"code {code!r}: unknown PLOVER event {event!r}; "
                                          f"known: {' '.join(sorted(PLOVER_EVENTS))}")
    if event is None and (mode or context):
        raise DictionaryError(path, line, f"code {code!r}: mode {mode!r} or context {context!r} without an event")
    if mode is not None and not VALUE_RE.match(mode):
        raise DictionaryError(path, line, f"code {code!r}: mode {mode!r} must match {VALUE_RE.pattern}")
    for value in context.split(";") if context else []:
        if not VALUE_RE.match(value):
            raise DictionaryError(path, line, f"code {code!r}: context {value!r} must match {VALUE_RE.pattern} "
                                              f"(several joined with ';', no spaces)")
    return PloverRow(event, mode, context)


def _check_complete(path: Path, codebook: Codebook, rows: Mapping[str, PloverRow]) -> None:
    missing = [code for code in codebook if code not in rows]
    if missing:
        listed = ", ".join(repr(code) for code in missing[:MAX_LISTED])
        more = f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else ""
        raise DictionaryError(path, 1, f"{len(missing)} codebook code(s) without a row: {listed}{more}")
