"""The shipped dictionaries load and cover the codebook; bad entries fail with file, line and problem."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import SHARED

from coders.codebook import Codebook
from coders.config import default_dictionary_dir
from coders.dictionaries import Person, load_dictionaries
from coders.errors import DictionaryError


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return load_dictionaries(default_dictionary_dir())


def test_shipped_dictionaries_load(shipped) -> None:  # type: ignore[no-untyped-def]
    assert len(shipped.codebook) == 312
    assert len(shipped.sha256) == 64
    codes = {p.code for group in shipped.patterns.values() for p in group}
    roots = {code[:2] for code in codes}
    assert roots == {f"{r:02d}" for r in range(1, 21)}


def test_seed_actors_are_known(shipped) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    lower = shipped.names_lower
    assert lower[("north", "korea")].code == "PRK"
    assert lower[("beijing",)].code == "CHN"
    assert lower[("chinese",)].code == "CHN"
    assert shipped.names_exact[("US",)].code == "USA"
    tillerson = lower[("rex", "tillerson")]
    assert tillerson.code_on(dt.date(2017, 3, 18)) == "USAGOV"
    assert tillerson.code_on(dt.date(2016, 12, 1)) == "USA"


def test_codebook_matches_the_published_cameo_facts() -> None:
    reference = SHARED / "reference" / "cameo_codes.csv"
    if not reference.exists():
        pytest.skip(f"{reference} is not here (it is shared reference data, not part of the project)")
    ours = Codebook.load(default_dictionary_dir() / "codebook.csv")
    with reference.open(encoding="utf-8") as handle:
        published = {row["code"]: float(row["goldstein"]) for row in csv.DictReader(handle)}
    assert {code: row.goldstein for code, row in ours.items()} == published


@pytest.mark.parametrize("file,line,problem", [
    ("verbs.jsonl", '{"id": "x.bad", "code": "999", "lemma": "meet"}', "code '999' is not in the codebook"),
    ("verbs.jsonl", '{"id": "x.bad", "code": "040", "lemma": "meet", "prepp": "with"}', "unknown key(s) ['prepp']"),
    ("verbs.jsonl", '{"id": "111.denounce", "code": "111", "lemma": "decry"}', "pattern id '111.denounce' is already used"),
    ("verbs.jsonl", '{"id": "x.tgt", "code": "161", "lemma": "expel", "target": "object"}',
     "target may only be \"object\", on a pattern with an object list"),
    ("agents.jsonl", '{"sector": "XXX", "person": false, "terms": ["gang"]}', "unknown sector 'XXX'"),
    ("actors/people.jsonl", '{"name": "Ann Tillerson", "shared_aliases": ["Tillerson"], "country": "USA", "roles": []}',
     "shared alias 'Tillerson' is already the name of 'Rex Tillerson'"),
    ("verbs.jsonl", '{"id": "x.src", "code": "111", "lemma": "draw", "source": "prep"}',
     "source may only be \"prep\", on a pattern with a prep"),
    ("agents.jsonl", '{"sector": "LEG", "person": false, "terms": [], "proper_terms": ["house"]}',
     "proper term 'house' must start with a capital letter"),
    ("actors/countries.jsonl", '{"code": "chn", "name": "Chinaland"}', "is not an actor code"),
    ("actors/countries.jsonl", '{"code": "TWN", "name": "China"}', "name 'China' is already used by 'China'"),
    ("actors/countries.jsonl", '{"code": "FRA", "name": "France", "institutions": [{"name": "Elysee", "sector": "PAL"}]}',
     "institution 'Elysee': unknown sector 'PAL'"),
    ("actors/people.jsonl",
     '{"name": "A B", "country": "USA", "roles": [{"code": "USAGOV", "start": "2010-01-01", "end": "2009-01-01"}]}',
     "end 2009-01-01 is before start 2010-01-01"),
    ("actors/people.jsonl",
     '{"name": "C D", "country": "USA", "roles": [{"code": "USAGOV", "start": "2010-01-01", "end": null},'
     ' {"code": "USAMIL", "start": "2012-01-01", "end": null}]}', "roles overlap"),
    ("discards.jsonl", '{"phrase": "x", "reason": "sport", "scope": "page"}', "scope must be 'article' or 'sentence'"),
    ("actors/places.jsonl", '{"name": "Atlantis", "country": "ATL", "kind": "city"}',
     "place country 'ATL' is not a country of countries.jsonl"),
    ("actors/places.jsonl", '{"name": "Incheon", "country": "KOR", "kind": "town"}', "place kind 'town' must be one of"),
    ("actors/places.jsonl", '{"name": "Moscow", "country": "RUS", "kind": "city"}',
     "name 'Moscow' is already used by 'Russia'"),
    ("verbs.jsonl", '{"id": "090.x", "code": "090", "lemma": "put", "prep_object": ["probe"]}',
     "prep_object needs a prep"),
    ("verbs.jsonl", '{"id": "091.x", "code": "091", "lemma": "quiz", "source_sectors": ["PLC"]}',
     "unknown source sector 'PLC'"),
    ("verbs.jsonl", '{"id": "011.x", "code": "010", "lemma": "say", "negated_code": "999"}',
     "negated_code '999' is not in the codebook"),
    ("verbs.jsonl", "{bad json", "invalid JSON"),
    ("verbs.jsonl", '{"id": "013.x", "code": "013", "lemma": "hopeful", "pos": "ADJ"}',
     "an ADJ pattern needs a prep that names its target"),
    ("verbs.jsonl", '{"id": "013.y", "code": "013", "lemma": "hopeful", "pos": "ADV", "prep": "about"}',
     "pos must be VERB, NOUN or ADJ, found 'ADV'"),
])
def test_bad_entry_names_file_line_and_problem(fixture_dictionary_dir: Path, tmp_path: Path, file: str, line: str,
                                               problem: str) -> None:
    folder = tmp_path / "dicts"
    shutil.copytree(fixture_dictionary_dir, folder)
    path = folder / file
    existing = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*existing, line]) + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as caught:
        load_dictionaries(folder)
    assert caught.value.path == path
    assert caught.value.line == len(existing) + 1
    assert problem in caught.value.message


def test_a_shared_alias_codes_as_whoever_holds_a_role_on_the_date(fixture_dictionary_dir: Path) -> None:
    import datetime as dt

    entry = load_dictionaries(fixture_dictionary_dir).names_lower[("bush",)]
    assert entry.label == "George W. Bush / George H. W. Bush"
    assert entry.code_on(dt.date(1991, 1, 17)) == "USAGOV"  # the father
    assert entry.code_on(dt.date(2003, 3, 20)) == "USAGOV"  # the son
    assert entry.code_on(dt.date(1997, 1, 1)) == "USA"  # neither in office: the first listed, by nationality


def test_people_in_organisations_code_as_those_organisations(shipped) -> None:  # type: ignore[no-untyped-def]
    """A UN or EU official codes with the organisation's own code, so that "Guterres said" and "the
    UN said" are the same actor."""
    entries = list(shipped.names_lower.values()) + list(shipped.names_exact.values())
    organisations = {e.code for e in entries if e.kind == "organization"}
    role_codes = {(e.source, role.code) for e in entries if isinstance(e.person, Person) for role in e.person.roles}
    unknown = sorted((source, code) for source, code in role_codes
                     if code[:3] in ("IGO", "NGO", "MNC") and code not in organisations)
    assert unknown == []
