"""Load and check the dictionaries once into immutable lookups.

The formats are specified in ``dictionaries/README.md``; this module checks every rule stated there
and raises :class:`~coders.errors.DictionaryError` with file, line and problem on the first violation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from coders.codebook import Codebook
from coders.errors import DictionaryError
from coders.plover import PloverTable

ACTOR_CODE_RE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")
PATTERN_ID_RE = re.compile(r"^[a-z0-9_.]+$")
ORG_ROOTS = frozenset({"IGO", "NGO", "MNC"})
SECTORS = frozenset(
    "GOV MIL LEG JUD COP SPY OPP PTY REB INS SEP UAF BUS MED CVL EDU NGO REF CRM LAB ELI HLH REL "
    "AGR ENV HRI MOD RAD DEV IGO".split()
)

ActorKind = Literal["country", "capital", "adjective", "institution", "organization", "person", "place"]
PLACE_KINDS = frozenset({"city", "province", "region"})
TokenKey = tuple[str, ...]
Tokenize = Callable[[str], TokenKey]


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Role:
    """A dated role of a person: its actor code applies from ``start`` to ``end`` (inclusive)."""

    code: str
    title: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class Person:
    """A named person whose code depends on the date."""

    name: str
    country: str
    roles: tuple[Role, ...]

    def code_on(self, date: dt.date | None) -> str:
        """The person's actor code on ``date``: the covering role's, else the bare country."""
        if date is not None:
            for role in self.roles:
                if role.start <= date and (role.end is None or date <= role.end):
                    return role.code
        return self.country


@dataclass(frozen=True)
class SharedName:
    """A name several people go by ("Assad", "Kabila"): on a date it codes as the first of them who holds
    a role then, else as the first of them (the one listed first in ``people.jsonl``)."""

    people: tuple[Person, ...]

    def code_on(self, date: dt.date | None) -> str:
        if date is not None:
            for person in self.people:
                code = person.code_on(date)
                if code != person.country:
                    return code
        return self.people[0].code_on(date)


@dataclass(frozen=True)
class ActorEntry:
    """What a name in the text stands for."""

    kind: ActorKind
    code: str  # for people: the nationality; use ``person.code_on(date)``
    label: str  # canonical name, for explanations
    source: str  # "file:line" the entry came from
    person: Person | SharedName | None = None

    def code_on(self, date: dt.date | None) -> str:
        return self.person.code_on(date) if self.person else self.code


@dataclass(frozen=True)
class Agent:
    """An agent term: gives the sector of an actor; ``sector`` None stands for the country itself."""

    sector: str | None
    person: bool
    term: str
    source: str


@dataclass(frozen=True)
class Pattern:
    """A verb or event-noun pattern (see ``verbs.jsonl`` in ``dictionaries/README.md``)."""

    id: str
    code: str
    lemma: str
    pos: Literal["VERB", "NOUN", "ADJ"] = "VERB"
    particle: str | None = None
    prep: str | None = None
    object: frozenset[str] = frozenset()
    future_code: str | None = None
    negated_code: str | None = None  # "declined to comment" is itself an event: 011
    object_is_target: bool = False  # "expelled Russian diplomats": the object decides the code and is the target
    source_is_prep: bool = False  # "drew condemnation *from Japan*": the prep's object acts on the subject
    prep_object: frozenset[str] = frozenset()  # "placed X under *investigation*": the prep's object decides
    complement: frozenset[str] = frozenset()  # "called the deal *a disgrace*": the object's predicate decides
    source_sectors: frozenset[str] = frozenset()  # "*police* questioned X" is an interrogation (091)
    clause_modal: frozenset[str] = frozenset()  # "said Assad *must* step aside": a demand (100) of Assad
    order: int = 0  # position in the file: breaks ties between equally specific patterns

    @property
    def specificity(self) -> int:
        """One point a companion; a predicate (``complement``) counts twice, so it outranks an object list."""
        return sum((self.particle is not None, self.prep is not None, bool(self.object), bool(self.prep_object),
                    bool(self.complement), bool(self.source_sectors), bool(self.clause_modal))) + bool(self.complement)


@dataclass(frozen=True)
class Discard:
    """A phrase that marks a story (or a sentence) to skip."""

    phrase: TokenKey
    reason: str
    scope: Literal["article", "sentence"]


@dataclass(frozen=True)
class Dictionaries:
    """All dictionaries, loaded and checked; immutable after loading."""

    codebook: Codebook
    names_exact: Mapping[TokenKey, ActorEntry]  # all-capital names: case-sensitive
    names_lower: Mapping[TokenKey, ActorEntry]  # every other name: lower-cased tokens
    agents: Mapping[TokenKey, Agent]  # lower-cased lemma sequences
    patterns: Mapping[tuple[str, str], tuple[Pattern, ...]]  # (lemma, pos) -> patterns
    discards: tuple[Discard, ...]
    sha256: str
    regions: frozenset[TokenKey] = frozenset()  # lower-cased place names that are no actor ("Latin America")
    proper_agents: Mapping[TokenKey, Agent] = field(default_factory=lambda: MappingProxyType({}))  # "House"
    files: tuple[str, ...] = field(default=())
    plover: PloverTable = field(default_factory=PloverTable.empty)  # CAMEO code -> PLOVER event, mode, context
    # derived indexes, filled in by __post_init__: for each word a key can start with, the lengths of
    # the keys starting with it, longest first (the matcher tries only those)
    region_lengths: Mapping[str, tuple[int, ...]] = field(init=False)
    name_lengths: Mapping[str, tuple[int, ...]] = field(init=False)  # exact and lower-cased first words
    agent_lengths: Mapping[str, tuple[int, ...]] = field(init=False)
    proper_agent_lengths: Mapping[str, tuple[int, ...]] = field(init=False)
    mention_firsts: frozenset[str] = field(init=False)  # every word a region, name or agent can start with
    pattern_words: frozenset[str] = field(init=False)  # every lemma (or adjective) with a pattern

    def __post_init__(self) -> None:
        indexes = {"region_lengths": self.regions, "name_lengths": [*self.names_exact, *self.names_lower],
                   "agent_lengths": self.agents, "proper_agent_lengths": self.proper_agents}
        for name, keys in indexes.items():
            object.__setattr__(self, name, _lengths_by_first_word(keys))
        firsts = (*self.region_lengths, *self.name_lengths, *self.agent_lengths, *self.proper_agent_lengths)
        object.__setattr__(self, "mention_firsts", frozenset(firsts))
        object.__setattr__(self, "pattern_words", frozenset(lemma for lemma, _ in self.patterns))

    @property
    def n_patterns(self) -> int:
        return sum(len(p) for p in self.patterns.values())

    def people(self) -> tuple[Person, ...]:
        """Every person of ``people.jsonl`` once, those behind shared names included."""
        found: dict[str, Person] = {}
        for entry in (*self.names_exact.values(), *self.names_lower.values()):
            people = entry.person.people if isinstance(entry.person, SharedName) else (entry.person,)
            for person in people:
                if person is not None:
                    found.setdefault(person.name, person)
        return tuple(found.values())

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """Pickle support (read-only mapping views cannot be pickled): rebuilt from plain dicts."""
        state = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        return _rebuild, ({k: dict(v) if isinstance(v, MappingProxyType) else v for k, v in state.items()},)


def _lengths_by_first_word(keys: Iterable[TokenKey]) -> Mapping[str, tuple[int, ...]]:
    """For each first word of ``keys``, the lengths of the keys starting with it, longest first."""
    found: dict[str, set[int]] = {}
    for key in keys:
        found.setdefault(key[0], set()).add(len(key))
    return MappingProxyType({first: tuple(sorted(lengths, reverse=True)) for first, lengths in found.items()})


def _rebuild(state: dict[str, Any]) -> Dictionaries:
    return Dictionaries(**{k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in state.items()})


# --------------------------------------------------------------------------- schema checking


Errors = list[DictionaryError] | None  # None: raise the first error; a list: collect them all and go on


class _Line:
    """One JSON object of a JSONL file, with typed accessors that report file and line."""

    def __init__(self, path: Path, number: int, data: dict[str, Any], errors: Errors = None) -> None:
        self.path, self.number, self.data, self.errors = path, number, data, errors

    def fail(self, message: str) -> DictionaryError:
        return DictionaryError(self.path, self.number, message)

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Around the checks of this line: an error is raised, or collected when collecting."""
        try:
            yield
        except DictionaryError as exc:
            if self.errors is None:
                raise
            self.errors.append(exc)

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.number}"

    def check_keys(self, required: set[str], optional: set[str]) -> None:
        missing = required - self.data.keys()
        if missing:
            raise self.fail(f"missing key(s) {sorted(missing)}")
        unknown = self.data.keys() - required - optional
        if unknown:
            raise self.fail(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(required | optional)}")

    def string(self, key: str, *, optional: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string, found {value!r}")
        return value.strip()

    def strings(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{key!r} must be a list of non-empty strings, found {value!r}")
        return [v.strip() for v in value]

    def actor_code(self, key: str, value: str | None = None) -> str:
        code = value if value is not None else self.string(key)
        assert code is not None
        if not ACTOR_CODE_RE.match(code):
            raise self.fail(f"{key} {code!r} is not an actor code (3-letter root + 3-letter sectors)")
        return code

    def date(self, key: str, value: Any) -> dt.date | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(f"{key} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def read_jsonl(path: Path, errors: Errors = None) -> Iterator[_Line]:
    """Yield the objects of a JSONL file, skipping blank and ``#`` lines (and, when collecting
    ``errors``, lines that are no JSON object)."""
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            try:
                data = json.loads(stripped)
            except json.JSONDecodeError as exc:
                problem = DictionaryError(path, number, f"invalid JSON: {exc.msg} (column {exc.colno})")
            else:
                if isinstance(data, dict):
                    yield _Line(path, number, data, errors)
                    continue
                problem = DictionaryError(path, number, "each line must be a JSON object")
            if errors is None:
                raise problem
            errors.append(problem)


# --------------------------------------------------------------------------- loaders


class _NameTable:
    """Collects names while refusing one name for two different entries."""

    def __init__(self, tokenize: Tokenize) -> None:
        self.tokenize = tokenize
        self.exact: dict[TokenKey, ActorEntry] = {}
        self.lower: dict[TokenKey, ActorEntry] = {}
        self.shared: dict[TokenKey, list[tuple[_Line, str, Person]]] = {}

    def add(self, line: _Line, name: str, entry: ActorEntry) -> None:
        tokens = self.tokenize(name)
        is_acronym = len(name) >= 2 and name.isupper() and " " not in name
        table = self.exact if is_acronym else self.lower
        key = tokens if is_acronym else tuple(t.lower() for t in tokens)
        previous = table.get(key)
        if previous is not None and (previous.code, previous.label) != (entry.code, entry.label):
            raise line.fail(f"name {name!r} is already used by {previous.label!r} ({previous.source})")
        table[key] = entry

    def add_shared(self, line: _Line, name: str, person: Person) -> None:
        """A name this person shares with others; resolved by date (see :class:`SharedName`)."""
        key = tuple(t.lower() for t in self.tokenize(name))
        self.shared.setdefault(key, []).append((line, name, person))

    def close_shared(self) -> None:
        """Enter the shared names, once every person is known: each must be nobody's own name."""
        for key, users in self.shared.items():
            line, name, _ = users[0]
            previous = self.lower.get(key)
            if previous is not None:
                with line.guard():
                    raise line.fail(f"shared alias {name!r} is already the name of {previous.label!r} "
                                    f"({previous.source})")
                continue
            people = tuple(person for _, _, person in users)
            label = " / ".join(p.name for p in people)
            self.lower[key] = ActorEntry("person", people[0].country, label, line.where, SharedName(people))
        self.shared.clear()

    def entries(self) -> list[ActorEntry]:
        return [*self.exact.values(), *self.lower.values()]


def _load_countries(path: Path, names: _NameTable, errors: Errors = None) -> None:
    kinds: dict[str, ActorKind] = {"name": "country", "names": "country", "adjectives": "adjective",
                                   "capitals": "capital"}
    for line in read_jsonl(path, errors):
        with line.guard():
            line.check_keys({"code", "name"}, {"names", "adjectives", "capitals", "institutions"})
            code = line.actor_code("code")
            if len(code) != 3 or code in ORG_ROOTS:
                raise line.fail(f"country code {code!r} must be a 3-letter country root")
            label = line.string("name")
            assert label is not None
            for key, kind in kinds.items():
                values = [label] if key == "name" else line.strings(key)
                for value in values:
                    names.add(line, value, ActorEntry(kind, code, label, line.where))
            for name, sector in _institutions(line):
                names.add(line, name, ActorEntry("institution", code + sector, f"{name} ({label})", line.where))


def _institutions(line: _Line) -> list[tuple[str, str]]:
    """``"institutions": [{"name": "Pentagon", "sector": "MIL"}, ...]`` of a country line."""
    raw = line.data.get("institutions", [])
    if not isinstance(raw, list):
        raise line.fail(f"'institutions' must be a list, found {raw!r}")
    found = []
    for item in raw:
        if not isinstance(item, dict) or item.keys() != {"name", "sector"} or not isinstance(item["name"], str):
            raise line.fail(f"institution {item!r} must be an object with exactly 'name' and 'sector'")
        if item["sector"] not in SECTORS:
            raise line.fail(f"institution {item['name']!r}: unknown sector {item['sector']!r}")
        found.append((item["name"].strip(), item["sector"]))
    return found


def _load_places(path: Path, names: _NameTable, countries: frozenset[str], errors: Errors = None) -> None:
    """Cities, provinces and regions of one country: "Kharkiv" stands for UKR."""
    for line in read_jsonl(path, errors):
        with line.guard():
            line.check_keys({"name", "country", "kind"}, {"names"})
            code = line.actor_code("country")
            if code not in countries:
                raise line.fail(f"place country {code!r} is not a country of countries.jsonl")
            kind = line.string("kind")
            if kind not in PLACE_KINDS:
                raise line.fail(f"place kind {kind!r} must be one of {sorted(PLACE_KINDS)}")
            label = line.string("name")
            assert label is not None
            for value in [label, *line.strings("names")]:
                names.add(line, value, ActorEntry("place", code, label, line.where))


def _load_organizations(path: Path, names: _NameTable, errors: Errors = None) -> None:
    for line in read_jsonl(path, errors):
        with line.guard():
            line.check_keys({"code", "name"}, {"names"})
            code = line.actor_code("code")
            if code[:3] not in ORG_ROOTS or len(code) < 6:
                raise line.fail(f"organisation code {code!r} must start with IGO, NGO or MNC and name the body")
            label = line.string("name")
            assert label is not None
            for value in [label, *line.strings("names")]:
                names.add(line, value, ActorEntry("organization", code, label, line.where))


def _load_people(path: Path, names: _NameTable, errors: Errors = None) -> None:
    for line in read_jsonl(path, errors):
        with line.guard():
            line.check_keys({"name", "country", "roles"}, {"aliases", "shared_aliases"})
            label = line.string("name")
            assert label is not None
            country = line.actor_code("country")
            roles = _roles(line)
            person = Person(label, country, roles)
            for value in [label, *line.strings("aliases")]:
                names.add(line, value, ActorEntry("person", country, label, line.where, person))
            for value in line.strings("shared_aliases") if "shared_aliases" in line.data else []:
                names.add_shared(line, value, person)
    names.close_shared()


def _roles(line: _Line) -> tuple[Role, ...]:
    raw = line.data["roles"]
    if not isinstance(raw, list):
        raise line.fail(f"'roles' must be a list, found {raw!r}")
    roles: list[Role] = []
    for item in raw:
        if not isinstance(item, dict) or not {"code", "start"} <= item.keys() <= {"code", "title", "start", "end"}:
            raise line.fail(f"role {item!r} must have code, start and optionally title, end")
        start = line.date("start", item["start"])
        end = line.date("end", item.get("end"))
        if start is None:
            raise line.fail(f"role {item!r} needs a start date")
        if end is not None and end < start:
            raise line.fail(f"role {item['code']!r}: end {end} is before start {start}")
        roles.append(Role(line.actor_code("role code", item["code"]), str(item.get("title", "")), start, end))
    roles.sort(key=lambda r: r.start)
    for before, after in zip(roles, roles[1:]):
        if before.end is None or before.end >= after.start:
            raise line.fail(f"roles overlap: {before.code} from {before.start} and {after.code} from {after.start}")
    return tuple(roles)


def _load_regions(path: Path, names: _NameTable, errors: Errors = None) -> frozenset[TokenKey]:
    """Regions and geographic names that contain an actor's name but are no actor."""
    regions: set[TokenKey] = set()
    for line in read_jsonl(path, errors):
        with line.guard():
            line.check_keys({"name"}, {"names"})
            label = line.string("name")
            assert label is not None
            for value in [label, *line.strings("names")]:
                key = tuple(t.lower() for t in names.tokenize(value))
                if key in names.lower:
                    other = names.lower[key]
                    raise line.fail(f"region {value!r} is also the name of {other.label!r} ({other.source})")
                regions.add(key)
    return frozenset(regions)


def _load_agents(path: Path, tokenize: Tokenize,
                 errors: Errors = None) -> tuple[dict[TokenKey, Agent], dict[TokenKey, Agent]]:
    """Agent terms keyed by lower-cased tokens, and proper terms keyed by their exact tokens."""
    agents: dict[TokenKey, Agent] = {}
    proper: dict[TokenKey, Agent] = {}
    for line in read_jsonl(path, errors):
        with line.guard():
            line.check_keys({"sector", "person", "terms"}, {"proper_terms"})
            sector = line.data["sector"]
            if sector is not None and sector not in SECTORS:
                raise line.fail(f"unknown sector {sector!r}; known: {' '.join(sorted(SECTORS))}")
            if not isinstance(line.data["person"], bool):
                raise line.fail(f"'person' must be true or false, found {line.data['person']!r}")
            for term in line.strings("terms"):
                key = tuple(t.lower() for t in tokenize(term))
                if key in agents:
                    raise line.fail(f"term {term!r} is already defined at {agents[key].source}")
                agents[key] = Agent(sector, line.data["person"], term, line.where)
            for term in line.strings("proper_terms") if "proper_terms" in line.data else []:
                key = tuple(tokenize(term))
                if not term[:1].isupper():
                    raise line.fail(f"proper term {term!r} must start with a capital letter")
                if key in proper:
                    raise line.fail(f"proper term {term!r} is already defined at {proper[key].source}")
                proper[key] = Agent(sector, line.data["person"], term, line.where)
    return agents, proper


def _load_patterns(path: Path, codebook: Codebook,
                   errors: Errors = None) -> dict[tuple[str, str], tuple[Pattern, ...]]:
    allowed = {"pos", "particle", "prep", "prep_object", "complement", "source_sectors", "clause_modal", "object",
               "target", "source", "future_code", "negated_code", "note"}
    by_key: dict[tuple[str, str], list[Pattern]] = {}
    seen_ids: dict[str, int] = {}
    signatures: dict[tuple[object, ...], str] = {}
    for order, line in enumerate(read_jsonl(path, errors)):
        with line.guard():
            line.check_keys({"id", "code", "lemma"}, allowed)
            pattern = _pattern(line, order, codebook)
            if pattern.id in seen_ids:
                raise line.fail(f"pattern id {pattern.id!r} is already used on line {seen_ids[pattern.id]}")
            seen_ids[pattern.id] = line.number
            signature = (pattern.lemma, pattern.pos, pattern.particle, pattern.prep, tuple(sorted(pattern.object)),
                         tuple(sorted(pattern.prep_object)), tuple(sorted(pattern.complement)),
                         tuple(sorted(pattern.source_sectors)), tuple(sorted(pattern.clause_modal)))
            if signature in signatures:
                raise line.fail(f"pattern {pattern.id!r} matches exactly what {signatures[signature]!r} matches")
            signatures[signature] = pattern.id
            by_key.setdefault((pattern.lemma, pattern.pos), []).append(pattern)
    return {key: tuple(sorted(group, key=lambda p: (-p.specificity, p.order))) for key, group in by_key.items()}


def _pattern(line: _Line, order: int, codebook: Codebook) -> Pattern:
    pattern_id, code, lemma = line.string("id"), line.string("code"), line.string("lemma")
    assert pattern_id is not None and code is not None and lemma is not None
    if not PATTERN_ID_RE.match(pattern_id):
        raise line.fail(f"pattern id {pattern_id!r} must match [a-z0-9_.]+")
    for key, value in (("code", code), ("future_code", line.data.get("future_code")),
                       ("negated_code", line.data.get("negated_code"))):
        if value is not None and value not in codebook:
            raise line.fail(f"pattern {pattern_id!r}: {key} {value!r} is not in the codebook")
    pos = line.data.get("pos", "VERB")
    if pos not in ("VERB", "NOUN", "ADJ"):
        raise line.fail(f"pattern {pattern_id!r}: pos must be VERB, NOUN or ADJ, found {pos!r}")
    if pos == "ADJ" and not line.data.get("prep"):
        raise line.fail(f"pattern {pattern_id!r}: an ADJ pattern needs a prep that names its target")
    if " " in lemma:
        raise line.fail(f"pattern {pattern_id!r}: lemma {lemma!r} must be one word (use particle/prep/object)")
    target = line.data.get("target")
    if target not in (None, "object") or (target == "object" and not line.data.get("object")):
        raise line.fail(f"pattern {pattern_id!r}: target may only be \"object\", on a pattern with an object list")
    if line.data.get("source") not in (None, "prep") or (line.data.get("source") and not line.data.get("prep")):
        raise line.fail(f"pattern {pattern_id!r}: source may only be \"prep\", on a pattern with a prep")
    if line.data.get("prep_object") and not line.data.get("prep"):
        raise line.fail(f"pattern {pattern_id!r}: prep_object needs a prep")
    return Pattern(
        id=pattern_id, code=code, lemma=lemma.lower(), pos=pos,
        particle=_lower(line.string("particle", optional=True)),
        prep=_lower(line.string("prep", optional=True)),
        object=frozenset(o.lower() for o in line.strings("object")),
        prep_object=frozenset(o.lower() for o in line.strings("prep_object")),
        complement=frozenset(o.lower() for o in line.strings("complement")),
        source_sectors=_sectors(line, pattern_id),
        clause_modal=frozenset(o.lower() for o in line.strings("clause_modal")),
        future_code=line.data.get("future_code"), negated_code=line.data.get("negated_code"),
        object_is_target=target == "object", source_is_prep=line.data.get("source") == "prep", order=order,
    )


def _sectors(line: _Line, pattern_id: str) -> frozenset[str]:
    sectors = frozenset(line.strings("source_sectors"))
    unknown = sorted(sectors - SECTORS)
    if unknown:
        raise line.fail(f"pattern {pattern_id!r}: unknown source sector {unknown[0]!r}")
    return sectors


def _lower(value: str | None) -> str | None:
    return value.lower() if value is not None else None


def _load_discards(path: Path, tokenize: Tokenize, errors: Errors = None) -> tuple[Discard, ...]:
    discards = []
    for line in read_jsonl(path, errors):
        with line.guard():
            line.check_keys({"phrase", "reason", "scope"}, set())
            scope = line.data["scope"]
            if scope not in ("article", "sentence"):
                raise line.fail(f"scope must be 'article' or 'sentence', found {scope!r}")
            phrase, reason = line.string("phrase"), line.string("reason")
            assert phrase is not None and reason is not None
            discards.append(Discard(tuple(t.lower() for t in tokenize(phrase)), reason, scope))
    return tuple(discards)


# --------------------------------------------------------------------------- entry point

FILES = (
    "codebook.csv",
    "plover.csv",
    "actors/countries.jsonl",
    "actors/organizations.jsonl",
    "actors/people.jsonl",
    "actors/regions.jsonl",
    "actors/places.jsonl",
    "agents.jsonl",
    "verbs.jsonl",
    "discards.jsonl",
)


def dictionary_checksum(directory: Path) -> str:
    """SHA-256 over the dictionary files, in the fixed order of :data:`FILES`."""
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode())
        digest.update(hashlib.sha256((directory / name).read_bytes()).digest())
    return digest.hexdigest()


def default_tokenizer() -> Tokenize:
    """spaCy's English tokenizer rules, so that names split as the model's texts do."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    return lambda text: tuple(t.text for t in tokenizer(text))


def dictionary_errors(directory: Path, tokenize: Tokenize | None = None) -> list[DictionaryError]:
    """Every error loading would stop at, in file order (empty: the dictionaries load)."""
    errors: list[DictionaryError] = []
    try:
        load_dictionaries(directory, tokenize, errors=errors)
    except DictionaryError as exc:  # a missing file or a bad codebook: nothing after it can be read
        errors.append(exc)
    return errors


def load_dictionaries(directory: Path, tokenize: Tokenize | None = None, *, errors: Errors = None) -> Dictionaries:
    """Load every dictionary in ``directory`` (layout in ``dictionaries/README.md``). The first error
    is raised; with an ``errors`` list, every error is collected there and loading goes on without the
    offending lines."""
    directory = Path(directory)
    missing = [name for name in FILES if not (directory / name).is_file()]
    if missing:
        raise DictionaryError(directory / missing[0], 0, "dictionary file is missing")
    tokenize = tokenize or default_tokenizer()
    codebook = Codebook.load(directory / "codebook.csv")
    plover = _load_plover(directory / "plover.csv", codebook, errors)
    names = _NameTable(tokenize)
    _load_countries(directory / "actors/countries.jsonl", names, errors)
    _load_organizations(directory / "actors/organizations.jsonl", names, errors)
    _load_people(directory / "actors/people.jsonl", names, errors)
    countries = frozenset(e.code for e in names.entries() if e.kind == "country")
    _load_places(directory / "actors/places.jsonl", names, countries, errors)
    agents, proper_agents = _load_agents(directory / "agents.jsonl", tokenize, errors)
    return Dictionaries(
        codebook=codebook,
        names_exact=MappingProxyType(names.exact),
        names_lower=MappingProxyType(names.lower),
        agents=MappingProxyType(agents),
        proper_agents=MappingProxyType(proper_agents),
        patterns=MappingProxyType(_load_patterns(directory / "verbs.jsonl", codebook, errors)),
        discards=_load_discards(directory / "discards.jsonl", tokenize, errors),
        sha256=dictionary_checksum(directory),
        regions=_load_regions(directory / "actors/regions.jsonl", names, errors),
        files=FILES,
        plover=plover,
    )


def _load_plover(path: Path, codebook: Codebook, errors: Errors = None) -> PloverTable:
    """The CAMEO → PLOVER table; when collecting errors, a bad table is reported and left empty."""
    try:
        return PloverTable.load(path, codebook)
    except DictionaryError as exc:
        if errors is None:
            raise
        errors.append(exc)
        return PloverTable.empty()
