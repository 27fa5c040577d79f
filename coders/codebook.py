"""The CAMEO event codebook: code → root, name, Goldstein value and quad class."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from coders.errors import DictionaryError

Row = TypeVar("Row")
CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")


@dataclass(frozen=True)
class CameoCode:
    """One row of the codebook."""

    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int


def quad_class_of_root(root: str) -> int:
    """CAMEO quad class of a root: 1 verbal coop. (01–05), 2 material coop. (06–08),
    3 verbal conflict (09–13), 4 material conflict (14–20)."""
    number = int(root)
    if not 1 <= number <= 20:
        raise ValueError(f"not a CAMEO root code: {root!r}")
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


class CodeTable(Mapping[str, Row]):
    """An immutable mapping of zero-padded CAMEO code strings to rows of a table."""

    def __init__(self, rows: Mapping[str, Row]) -> None:
        self._rows = dict(rows)

    def __getitem__(self, code: str) -> Row:
        return self._rows[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class Codebook(CodeTable[CameoCode]):
    """The codebook's rows by CAMEO code."""

    @classmethod
    def load(cls, path: Path) -> "Codebook":
        """Read and check ``codebook.csv`` (see ``dictionaries/README.md``)."""
        rows: dict[str, CameoCode] = {}
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            expected = ["code", "root", "name", "goldstein", "quad_class"]
            if reader.fieldnames != expected:
                raise DictionaryError(path, 1, f"columns must be {expected}, found {reader.fieldnames}")
            for line, raw in enumerate(reader, start=2):
                row = _parse_row(path, line, raw)
                if row.code in rows:
                    raise DictionaryError(path, line, f"duplicate code {row.code!r}")
                rows[row.code] = row
        return cls(rows)


def _parse_row(path: Path, line: int, raw: dict[str, str]) -> CameoCode:
    code, root = raw["code"].strip(), raw["root"].strip()
    if not CODE_RE.match(code):
        raise DictionaryError(path, line, f"malformed code {code!r} (zero-padded digits, e.g. '042')")
    if code[:2] != root:
        raise DictionaryError(path, line, f"code {code!r} does not start with its root {root!r}")
    try:
        goldstein = float(raw["goldstein"])
        quad = int(raw["quad_class"])
    except ValueError as exc:
        raise DictionaryError(path, line, f"code {code!r}: {exc}") from None
    if not -10.0 <= goldstein <= 10.0:
        raise DictionaryError(path, line, f"code {code!r}: Goldstein value {goldstein} outside -10..10")
    if quad != quad_class_of_root(root):
        raise DictionaryError(path, line, f"code {code!r}: quad class {quad} does not fit root {root}")
    return CameoCode(code, root, raw["name"].strip(), goldstein, quad)
