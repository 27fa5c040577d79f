"""Dictionary checks beyond what loading enforces (``eventcoder dictionaries check``).

Loading (:func:`coders.dictionaries.load_dictionaries`) refuses unknown codes, duplicate ids, names and
signatures, and inverted or overlapping date ranges of one person, naming the file and line. The check
loads the dictionaries collecting *every* such error rather than stopping at the first, and then looks
for entries that load but cannot work:

* errors: patterns that can never match (a ``prep`` that is no preposition, a ``particle`` that is no
  particle); people's roles coded with a country or organisation the dictionaries do not have;
* warnings: pattern lemmas and object words the model lemmatises to another word (so the pattern never
  sees them); two people in the same office of the same country at the same time; codebook codes no
  pattern produces.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from coders.dictionaries import (
    SECTORS,
    Dictionaries,
    load_dictionaries,
)
from coders.errors import DictionaryError

Severity = Literal["error", "warning"]
# Words the parser attaches as a preposition (prep, agent, dative) and so a pattern's "prep" can be
PREPOSITIONS = frozenset("""
    aboard about above across after against along alongside amid amidst among amongst around as at atop before
    behind below beneath beside besides between beyond by concerning despite down during except for from in
    including inside into like near of off on onto opposite out outside over past per regarding since than
    through throughout till to toward towards under underneath unlike until up upon versus via with within
    without""".split())
# Words the parser attaches as a verb particle or adverb (prt, advmod) and so a pattern's "particle" can be
PARTICLES = frozenset("""
    about across ahead along apart around aside away back behind by down forth forward home in off on open out
    over short through together under up""".split())
# Offices one person holds at a time in a country (overlaps of two holders are suspicious)
SINGLE_OFFICES = frozenset({"president", "prime minister", "foreign minister", "defence minister", "defense minister",
                            "king", "queen", "emperor", "chancellor", "secretary-general", "foreign secretary",
                            "secretary of state", "supreme leader"})
MIN_OVERLAP_DAYS = 31  # handovers often overlap by days in the sources


@dataclass(frozen=True)
class Problem:
    """One finding, with the file and line it is about."""

    file: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


def check_dictionaries(directory: Path, nlp: Any | None = None) -> list[Problem]:
    """Every problem found in the dictionaries of ``directory``, errors first. With a spaCy pipeline
    ``nlp``, pattern words are also checked against what its lemmatiser produces."""
    directory = Path(directory)
    errors: list[DictionaryError] = []
    try:  # every load error, and the dictionaries without the lines they are on
        dictionaries = load_dictionaries(directory, errors=errors)
    except DictionaryError as exc:  # a missing file or a bad codebook: nothing more can be checked
        return [Problem(_relative(exc.path, directory), exc.line, "error", exc.message)]
    patterns = list(_pattern_lines(directory / "verbs.jsonl"))
    problems = [
        *(Problem(_relative(e.path, directory), e.line, "error", e.message) for e in errors),
        *_unmatchable_patterns(patterns),
        *_unknown_role_codes(directory / "actors" / "people.jsonl", dictionaries),
        *_overlapping_offices(dictionaries),
        *_codes_without_patterns(dictionaries),
        *(_lemma_mismatches(patterns, nlp) if nlp is not None else []),
    ]
    return sorted(problems, key=lambda p: (p.severity != "error", p.file, p.line))


def _relative(path: Path, directory: Path) -> str:
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return str(path)


def _pattern_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON objects of a dictionary file with their line numbers (lines that are none were reported)."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.strip() and not text.lstrip().startswith("#"):
            try:
                data = json.loads(text)
            except ValueError:
                continue
            if isinstance(data, dict) and isinstance(data.get("id", data.get("name", "")), str):
                yield number, data


def _unmatchable_patterns(patterns: Iterable[tuple[int, dict[str, Any]]]) -> Iterator[Problem]:
    for number, data in patterns:
        prep, particle = data.get("prep"), data.get("particle")
        if isinstance(prep, str) and prep.lower() not in PREPOSITIONS:
            yield Problem("verbs.jsonl", number, "error",
                          f"pattern {data['id']!r}: prep {prep!r} is no preposition the parser attaches: "
                          "the pattern can never match")
        if isinstance(particle, str) and particle.lower() not in PARTICLES:
            yield Problem("verbs.jsonl", number, "error",
                          f"pattern {data['id']!r}: particle {particle!r} is no verb particle the parser "
                          "attaches: the pattern can never match")


def _unknown_role_codes(path: Path, dictionaries: Dictionaries) -> Iterator[Problem]:
    roots = {e.code for e in (*dictionaries.names_exact.values(), *dictionaries.names_lower.values())
             if e.kind in ("country", "organization")}
    for number, data in _pattern_lines(path):
        roles = data.get("roles")
        for role in roles if isinstance(roles, list) else []:
            code = role.get("code") if isinstance(role, dict) else None
            if not isinstance(code, str):
                continue  # reported by loading
            if not any(code.startswith(root) and _sectors_only(code[len(root):]) for root in _prefixes(code, roots)):
                yield Problem("actors/people.jsonl", number, "error",
                              f"{data.get('name')!r}: role code {code!r} is no country or organisation of the "
                              "dictionaries followed by sector codes")


def _prefixes(code: str, roots: set[str]) -> list[str]:
    return [code[:n] for n in range(3, len(code) + 1, 3) if code[:n] in roots]


def _sectors_only(rest: str) -> bool:
    return all(rest[i:i + 3] in SECTORS for i in range(0, len(rest), 3)) and len(rest) % 3 == 0


def _overlapping_offices(dictionaries: Dictionaries) -> Iterator[Problem]:
    holders: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = {}
    for person in dictionaries.people():
        for role in person.roles:
            title = role.title.lower().strip()
            if title in SINGLE_OFFICES:
                end = role.end or dt.date.max
                holders.setdefault((role.code, title), []).append((role.start, end, person.name))
    for (code, title), spans in sorted(holders.items()):
        spans.sort()
        for (start_a, end_a, a), (start_b, end_b, b) in zip(spans, spans[1:]):
            overlap = (min(end_a, end_b) - start_b).days
            if a != b and overlap > MIN_OVERLAP_DAYS:
                yield Problem("actors/people.jsonl", 0, "warning",
                              f"{a!r} and {b!r} are both {title!r} of {code} for {overlap} days from {start_b}")


def _codes_without_patterns(dictionaries: Dictionaries) -> Iterator[Problem]:
    produced = {code for group in dictionaries.patterns.values() for p in group
                for code in (p.code, p.future_code, p.negated_code) if code}
    for code in sorted(set(dictionaries.codebook) - produced):
        yield Problem("verbs.jsonl", 0, "warning", f"codebook code {code} ({dictionaries.codebook[code].name}) "
                                                   "has no pattern")


def _lemma_mismatches(patterns: list[tuple[int, dict[str, Any]]], nlp: Any) -> Iterator[Problem]:
    """Pattern lemmas (verbs and nouns) and object words that the model's lemmatiser turns into another
    word: a pattern for "sanctions" never sees a token whose lemma is "sanction" (an object word whose
    lemma is listed beside it is harmless and not reported)."""
    wanted = {(w, pos) for _, data in patterns for w, pos in _words(data)}
    keys = sorted(wanted)
    frames = {"VERB": "They will {} it.", "NOUN": "They discussed the {}."}
    lemmas: dict[tuple[str, str], str] = {}
    for (word, pos), doc in zip(keys, nlp.pipe([frames[pos].format(w) for w, pos in keys]), strict=True):
        position = 2 if pos == "VERB" else 3
        if len(doc) > position and doc[position].lower_ == word and word.isalpha():  # not split by the tokenizer
            lemmas[(word, pos)] = doc[position].lemma_.lower()
    dead: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for number, data in patterns:
        listed = {w for w, _ in _words(data)}
        for word, pos in _words(data):
            lemma = lemmas.get((word, pos), word)
            if lemma != word and lemma not in listed:
                dead.setdefault((word, lemma), []).append((number, data["id"]))
    for (word, lemma), where in sorted(dead.items(), key=lambda item: item[1][0]):
        number, pattern_id = where[0]
        more = f" (and {len(where) - 1} more patterns)" if len(where) > 1 else ""
        yield Problem("verbs.jsonl", number, "warning",
                      f"pattern {pattern_id!r}: {word!r} is lemmatised as {lemma!r} by the model, so it never "
                      f"matches{more}")


def _words(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The lemma (verbs and nouns) and the object words of a pattern, with the part of speech they have."""
    pos, lemma = data.get("pos", "VERB"), data.get("lemma")
    words = [(lemma.lower(), pos)] if pos in ("VERB", "NOUN") and isinstance(lemma, str) and lemma.strip() else []
    listed = [w for key in ("object", "prep_object") if isinstance(data.get(key), list) for w in data[key]]
    return words + [(w.split()[-1].lower(), "NOUN") for w in listed if isinstance(w, str) and w.strip()]
