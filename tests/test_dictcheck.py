"""``eventcoder dictionaries check``: problems that loading lets through are found, with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coders.config import Settings
from coders.dictcheck import check_dictionaries
from coders.parse import load_model
from flows.cli import main


@pytest.fixture()
def folder(fixture_dictionary_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "dicts"
    shutil.copytree(fixture_dictionary_dir, target)
    return target


def _append(path: Path, *lines: str) -> int:
    """Append ``lines``; the line number of the first."""
    existing = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*existing, *lines]) + "\n", encoding="utf-8")
    return len(existing) + 1


def test_shipped_dictionaries_have_no_errors() -> None:
    problems = check_dictionaries(Settings.from_env().dictionary_dir, load_model(Settings.from_env().model))
    assert [str(p) for p in problems if p.severity == "error"] == []
    # every code of the codebook has a pattern
    assert [str(p) for p in problems if "has no pattern" in p.message] == []


def test_patterns_that_can_never_match_are_errors(folder: Path) -> None:
    line = _append(folder / "verbs.jsonl",
                   '{"id": "050.x", "code": "050", "lemma": "join", "particle": "forces", "prep": "with"}',
                   '{"id": "163.y", "code": "163", "lemma": "freeze", "prep": "belonging", "object": ["asset"]}')
    problems = [p for p in check_dictionaries(folder) if p.severity == "error" and p.file == "verbs.jsonl"]
    assert [p.line for p in problems] == [line, line + 1]
    assert "particle 'forces' is no verb particle" in problems[0].message
    assert "prep 'belonging' is no preposition" in problems[1].message


def test_words_the_model_lemmatises_otherwise_are_warnings(folder: Path) -> None:
    line = _append(folder / "verbs.jsonl",
                   '{"id": "163.z", "code": "163", "lemma": "impose", "prep": "on", "object": ["sanctions"]}',
                   '{"id": "163.w", "code": "163", "lemma": "slap", "prep": "on", "object": ["sanctions", "sanction"]}')
    found = [p for p in check_dictionaries(folder, load_model(Settings.from_env().model)) if "lemmatised" in p.message]
    # the second pattern lists the lemma beside the plural: harmless
    assert [(p.line, p.severity) for p in found] == [(line, "warning")]
    assert "'sanctions' is lemmatised as 'sanction'" in found[0].message


def test_role_of_an_unknown_country_and_two_holders_of_one_office(folder: Path) -> None:
    line = _append(folder / "actors" / "people.jsonl",
                   '{"name": "Ann Other", "country": "USA", "roles": [{"code": "ZZZGOV", "title": "Minister", '
                   '"start": "2010-01-01", "end": null}]}',
                   '{"name": "Bob Rival", "country": "USA", "roles": [{"code": "USAGOV", "title": "President", '
                   '"start": "2005-01-01", "end": "2006-12-31"}]}')
    problems = check_dictionaries(folder)
    errors = [p for p in problems if p.severity == "error" and "ZZZ" in p.message]
    assert [(p.file, p.line) for p in errors] == [("actors/people.jsonl", line)]
    assert "role code 'ZZZGOV' is no country or organisation" in errors[0].message
    assert any("'George W. Bush' and 'Bob Rival' are both 'president' of USAGOV" in p.message for p in problems)


def test_load_error_is_reported_with_file_and_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _append(folder / "verbs.jsonl", '{"id": "x.bad", "code": "999", "lemma": "meet"}')
    assert main(["dictionaries", "check", "--dir", str(folder), "--no-model"]) == 1
    out = capsys.readouterr().out
    assert f"verbs.jsonl:{line}: error: pattern 'x.bad': code '999' is not in the codebook" in out


def test_check_command_passes_on_the_shipped_dictionaries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dictionaries", "check", "--no-model"]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_every_load_error_is_reported_not_only_the_first(folder: Path) -> None:
    verbs = _append(folder / "verbs.jsonl", '{"id": "x.one", "code": "999", "lemma": "meet"}', "{not json",
                    '{"id": "040.dup", "code": "040", "lemma": "meet", "prep": "with", "object": ["x"]}',
                    '{"id": "040.dup", "code": "040", "lemma": "greet"}')
    people = _append(folder / "actors" / "people.jsonl",
                     '{"name": "C D", "country": "USA", "roles": [{"code": "USAGOV", "start": "2010-01-01", '
                     '"end": "2009-01-01"}]}')
    errors = [(p.file, p.line) for p in check_dictionaries(folder) if p.severity == "error"
              and p.file in ("verbs.jsonl", "actors/people.jsonl") and p.line >= 1 and "ZZZ" not in p.message
              and "SYR" not in p.message]
    assert errors == [("actors/people.jsonl", people), ("verbs.jsonl", verbs), ("verbs.jsonl", verbs + 1),
                      ("verbs.jsonl", verbs + 3)]
