"""The CAMEO → PLOVER table: its rows, its checks, and its agreement with the published crosswalk."""

from __future__ import annotations

import pickle
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from coders.codebook import Codebook
from coders.dictionaries import (
    FILES,
    Dictionaries,
    dictionary_errors,
    load_dictionaries,
)
from coders.errors import DictionaryError
from coders.plover import PLOVER_EVENTS, PloverRow, PloverTable

DICTIONARIES = Path(__file__).resolve().parents[1] / "dictionaries"
SHARED = Path(__file__).resolve().parents[2] / "shared"
HEADER = "code,plover_event,plover_mode,plover_context"


@lru_cache(maxsize=1)
def codebook() -> Codebook:
    return Codebook.load(DICTIONARIES / "codebook.csv")


@pytest.fixture(scope="module")
def table() -> PloverTable:
    return PloverTable.load(DICTIONARIES / "plover.csv", codebook())


@pytest.mark.parametrize("code,row", [
    ("111", PloverRow("ACCUSE", "disapprove", None)),
    ("1121", PloverRow("ACCUSE", "allege", "crime;corruption")),
    ("0871", PloverRow("RETREAT", "ceasefire", "military")),
    ("042", PloverRow("CONSULT", "visit", None)),
    ("190", PloverRow("ASSAULT", None, "military")),
    ("010", PloverRow(None, None, None)),
    ("08", PloverRow("CONCEDE", None, None)),
    ("163", PloverRow("COERCE", "restrict", "diplomatic")),
])
def test_hand_picked_rows(table: PloverTable, code: str, row: PloverRow) -> None:
    assert table[code] == row


def test_every_codebook_code_has_a_row_in_codebook_order(table: PloverTable) -> None:
    assert list(table) == list(codebook())
    assert len(table) == 312


def test_roots_01_and_02_are_empty_and_every_other_code_has_an_event(table: PloverTable) -> None:
    for code, row in table.items():
        if code[:2] in ("01", "02"):
            assert row == PloverRow(None, None, None), code
        else:
            assert row.event in PLOVER_EVENTS, code


def test_distinct_values_for_documentation(table: PloverTable) -> None:
    assert table.events() == sorted(PLOVER_EVENTS)
    assert {"visit", "allege", "ceasefire", "pro_autocracy"} <= set(table.modes())
    assert {"crime", "corruption", "military", "legal"} <= set(table.contexts())
    assert "crime;corruption" not in table.contexts()
    assert table.modes() == sorted(set(table.modes()))
    assert table["1121"].contexts == ("crime", "corruption")
    assert table["042"].contexts == ()


def test_the_table_is_immutable(table: PloverTable) -> None:
    with pytest.raises(TypeError):
        table["042"] = PloverRow(None, None, None)  # type: ignore[index]


def test_loaded_with_the_dictionaries_and_part_of_the_checksum(fixture_dictionaries: Dictionaries,
                                                              table: PloverTable) -> None:
    assert FILES[FILES.index("codebook.csv") + 1] == "plover.csv"
    assert fixture_dictionaries.plover == table
    assert pickle.loads(pickle.dumps(fixture_dictionaries)).plover == table


def _lines() -> list[str]:
    return (DICTIONARIES / "plover.csv").read_text(encoding="utf-8").splitlines()


def _line_of(lines: list[str], code: str) -> int:
    """1-based line number of ``code``'s row."""
    return next(i for i, line in enumerate(lines, start=1) if line.split(",")[0] == code)


def _replace(code: str, row: str) -> tuple[list[str], int]:
    lines = _lines()
    number = _line_of(lines, code)
    lines[number - 1] = row
    return lines, number


def _append(row: str) -> tuple[list[str], int]:
    lines = _lines()
    return [*lines, row], len(lines) + 1


def _drop(code: str) -> tuple[list[str], int]:
    lines = _lines()
    del lines[_line_of(lines, code) - 1]
    return lines, 1


@pytest.mark.parametrize("edit,value", [
    (lambda: _replace("030", "030,AGRE,,diplomatic"), "'AGRE'"),
    (lambda: _append("999,AGREE,,"), "'999'"),
    (lambda: _append("042,CONSULT,visit,"), "'042'"),
    (lambda: _replace("code", "code,plover_evnt,plover_mode,plover_context"), "'plover_evnt'"),
    (lambda: _replace("042", "042,CONSULT,Visit!,"), "'Visit!'"),
    (lambda: _replace("010", "010,,visit,"), "'visit'"),
    (lambda: _replace("1121", "1121,ACCUSE,allege,crime; corruption"), "' corruption'"),
    (lambda: _drop("0871"), "'0871'"),
], ids=["unknown-event", "code-not-in-codebook", "duplicate-code", "bad-header", "bad-mode", "mode-without-event",
        "spaced-context", "missing-code"])
def test_bad_table_names_file_line_and_value(tmp_path: Path, edit, value: str) -> None:  # type: ignore[no-untyped-def]
    lines, number = edit()
    path = tmp_path / "plover.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as caught:
        PloverTable.load(path, codebook())
    assert caught.value.path == path
    assert caught.value.line == number
    assert f"plover.csv:{number}:" in str(caught.value)
    assert value in caught.value.message


def test_missing_codes_are_named_up_to_five_and_counted(tmp_path: Path) -> None:
    lines = _lines()
    path = tmp_path / "plover.csv"
    path.write_text("\n".join(lines[:-10]) + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as caught:
        PloverTable.load(path, codebook())
    last = [line.split(",")[0] for line in lines[-10:]]
    assert caught.value.line == 1
    assert caught.value.message.startswith("10 codebook code(s) without a row")
    assert all(repr(code) in caught.value.message for code in last[:5])
    assert repr(last[5]) not in caught.value.message
    assert "and 5 more" in caught.value.message


def test_a_bad_table_stops_loading_and_is_listed_by_the_check(fixture_dictionary_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dicts"
    shutil.copytree(fixture_dictionary_dir, folder)
    lines, number = _replace("030", "030,AGRE,,diplomatic")
    (folder / "plover.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="AGRE"):
        load_dictionaries(folder)
    errors = dictionary_errors(folder)
    assert [(e.path.name, e.line) for e in errors] == [("plover.csv", number)]


def _published_crosswalk(path: Path) -> dict[str, list[PloverRow]]:
    """``code: EVENT, mode, context(s) # comment`` lines of the crosswalk, normalised as ``plover.csv`` is;
    every listing of a code, in file order."""
    found: dict[str, list[PloverRow]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        code, rest = (part.strip() for part in line.split(":", 1))
        event, mode, context = ([part.strip() for part in rest.split(",")] + ["", ""])[:3]
        contexts = ";".join(c.strip().lower() for c in context.split(";") if c.strip())
        found.setdefault(code, []).append(PloverRow(event.upper() or None, mode.lower() or None, contexts or None))
    return found


def test_table_matches_the_published_crosswalk(table: PloverTable) -> None:
    reference = SHARED / "reference" / "cameo_to_plover.txt"
    if not reference.exists():
        pytest.skip(f"{reference} is not here (it is shared reference data, not part of the project)")
    published = _published_crosswalk(reference)
    assert [row.event for row in published["08"]] == ["CONCEDE", "RETREAT"]
    compared = 0
    for code, rows in published.items():
        if code not in table:
            continue
        if code != "08":  # the root heading listed twice; the code 08 is CONCEDE, as 080 is
            assert len(set(rows)) == 1, f"{code} is listed with different mappings: {rows}"
        assert table[code] == rows[0], code
        compared += 1
    assert table["08"].event == "CONCEDE"
    assert compared == len([c for c in table if c[:2] not in ("01", "02")])
