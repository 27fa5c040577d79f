"""Ingest: read articles from JSONL, CSV, Parquet or a folder of ``.txt`` files with a sidecar.

Every input record ends up as exactly one of: an :class:`Article` to code, or an
:class:`ArticleStatus` saying why it was discarded or quarantined. Nothing is dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from coders.clean import Cleaned, clean_text, not_english

REQUIRED = ("id", "date", "text")
OPTIONAL = ("title", "url", "publisher")
SIDECARS = ("articles.csv", "articles.jsonl")
RECORD_SUFFIXES = (".jsonl", ".csv", ".parquet")
DEFAULT_MAX_CHARS = 1_000_000  # spaCy's own limit (nlp.max_length) by default
EARLIEST_DATE = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Article:
    """An article ready to code."""

    id: str
    date: dt.date
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    origin: str = ""  # "file:line" it came from
    notes: str | None = None  # what cleaning removed ("HTML markup removed; 2 boilerplate lines removed")

    @cached_property
    def text_sha256(self) -> str:
        """SHA-256 of the text (hex), computed once: it keys duplicates, reuse and the articles table."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ArticleStatus:
    """The fate of one input record that will not be coded (or, after coding, of every article)."""

    article_id: str
    status: str  # "coded" | "discarded" | "quarantined"
    reason: str | None
    origin: str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    text_sha256: str | None = None
    n_sentences: int = 0
    n_events: int = 0
    notes: str | None = None
    coder_version: str | None = None  # how a coded article was coded
    dictionary_sha256: str | None = None
    model: str | None = None


@dataclass
class IngestResult:
    """Articles to code, plus the records set aside with their reasons."""

    articles: list[Article] = field(default_factory=list)
    set_aside: list[ArticleStatus] = field(default_factory=list)

    @property
    def n_articles(self) -> int:
        return len(self.articles)

    @property
    def n_records(self) -> int:
        return len(self.articles) + len(self.set_aside)


class IngestStream:
    """The articles of the input paths, read as they are consumed (the corpus is never held whole);
    the records set aside collect in :attr:`set_aside`, and the counts are final once it is exhausted.

    A path that does not exist, or is of an unsupported type, is itself a record set aside with its
    reason: the run goes on with the other inputs.
    """

    def __init__(self, paths: Sequence[Path | str], today: dt.date | None = None, *,
                 max_chars: int = DEFAULT_MAX_CHARS, seen: dict[str, str] | None = None) -> None:
        """``seen``: article id → text SHA-256 (hex) of articles coded earlier, so that a record reusing
        one of those ids with another text is caught as a duplicate."""
        self.paths = [Path(p).absolute() for p in paths]
        self._checker = _RecordChecker(today or dt.date.today(), max_chars)
        self._checker.seen.update({k: bytes.fromhex(v) for k, v in (seen or {}).items()})
        self._started = False

    @property
    def set_aside(self) -> list[ArticleStatus]:
        return self._checker.set_aside

    @property
    def n_articles(self) -> int:
        return self._checker.n_articles

    @property
    def n_records(self) -> int:
        return self._checker.n_articles + len(self._checker.set_aside)

    def __iter__(self) -> Iterator[Article]:
        if self._started:
            raise RuntimeError("an IngestStream is read once")
        self._started = True
        for path in self.paths:
            for origin, record in _records(path):
                article = self._checker.check(origin, record)
                if article is not None:
                    yield article


def ingest(paths: Sequence[Path | str], today: dt.date | None = None) -> IngestResult:
    """Read every input path (files or folders) and check each record, all at once."""
    stream = IngestStream(paths, today)
    articles = list(stream)
    return IngestResult(articles, stream.set_aside)


def batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive batches of at most ``size`` items, read from ``items`` as they are needed."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# --------------------------------------------------------------------------- readers

Record = dict[str, Any] | str  # a str is a reason the record could not be read


def _records(path: Path) -> Iterator[tuple[str, Record]]:
    if not path.exists():
        yield str(path), "input path does not exist"
    elif path.is_dir():
        yield from _folder_records(path)
    elif path.suffix in RECORD_SUFFIXES:
        yield from _file_records(path)
    else:
        yield str(path), _unsupported(path)


def _unsupported(path: Path) -> str:
    kind = "binary file" if _is_binary(path) else "unsupported file type"
    return f"{kind} {path.suffix or '(no suffix)'!r}: expected .jsonl, .csv, .parquet, or .txt files in a folder"


def _is_binary(path: Path) -> bool:
    """A NUL byte in the first 8 KB: no text format has one."""
    try:
        with path.open("rb") as handle:
            return b"\0" in handle.read(8192)
    except OSError:
        return False


def _file_records(path: Path) -> Iterator[tuple[str, Record]]:
    # a record file is read record by record, whatever it holds: each bad line or row is its own record
    if path.suffix == ".jsonl":
        yield from _jsonl_records(path)
    elif path.suffix == ".csv":
        yield from _csv_records(path)
    else:
        yield from _parquet_records(path)


def _jsonl_records(path: Path) -> Iterator[tuple[str, Record]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.rstrip(b"\r\n").decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield origin, f"invalid UTF-8 at byte offset {exc.start} of the line"
                continue
            except json.JSONDecodeError as exc:
                yield origin, f"malformed JSON line: {exc.msg} (column {exc.colno})"
                continue
            yield origin, data if isinstance(data, dict) else "JSON line is not an object"


def _csv_records(path: Path) -> Iterator[tuple[str, Record]]:
    # a long article is one long field: allow any (the default limit is 128 KB, and exceeding it ends the file)
    csv.field_size_limit(2**31 - 1)
    # undecodable bytes are kept as surrogates, so that only the rows holding them are set aside
    with path.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            origin = f"{path}:{reader.line_num}"
            bad = [k for k, v in row.items() if k is not None and isinstance(v, str) and _SURROGATE.search(v)]
            if bad:
                yield origin, f"invalid UTF-8 in column {bad[0]!r}"
            elif None in row:
                yield origin, f"CSV row has {len(row[None]) + len(reader.fieldnames or [])} fields, the header " \
                              f"{len(reader.fieldnames or [])}"
            else:
                yield origin, dict(row)


_SURROGATE = re.compile("[\udc80-\udcff]")


def _parquet_records(path: Path) -> Iterator[tuple[str, Record]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    number = 0
    try:
        batches = pq.ParquetFile(path).iter_batches(batch_size=1024)
        for batch in batches:  # a batch of rows at a time, never the whole file
            for row in batch.to_pylist():
                number += 1
                yield f"{path}:row{number}", row
    except (pa.ArrowException, OSError) as exc:
        yield f"{path}:row{number + 1}" if number else str(path), f"unreadable Parquet file: {exc}"


def _folder_records(folder: Path) -> Iterator[tuple[str, Record]]:
    sidecar = _read_sidecar(folder)
    for path in sorted(folder.iterdir()):
        if path.name in SIDECARS or path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix == ".txt":
            yield from _text_file_record(path, sidecar)
        elif path.suffix in RECORD_SUFFIXES:
            yield from _file_records(path)
        else:
            yield str(path), _unsupported(path)


def _read_sidecar(folder: Path) -> dict[str, dict[str, Any]]:
    """Metadata of the folder's ``.txt`` files, keyed by file name and by id."""
    rows: list[dict[str, Any]] = []
    for name in SIDECARS:
        path = folder / name
        if path.exists():
            rows += [r for _, r in _file_records(path) if isinstance(r, dict)]
    keyed: dict[str, dict[str, Any]] = {}
    for row in rows:
        for key in (row.get("file"), row.get("id")):
            if key:
                keyed[str(key)] = row
    return keyed


def _text_file_record(path: Path, sidecar: dict[str, dict[str, Any]]) -> Iterator[tuple[str, Record]]:
    meta = sidecar.get(path.name) or sidecar.get(path.stem)
    if meta is None:
        yield str(path), f"no row for {path.name!r} in the folder's articles.csv/articles.jsonl sidecar"
        return
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        yield str(path), f"invalid UTF-8 at byte offset {exc.start} of the file"
        return
    record = {k: v for k, v in meta.items() if k != "file"} | {"text": text}
    record.setdefault("id", path.stem)
    yield str(path), record


# --------------------------------------------------------------------------- checks


class _RecordChecker:
    """Turns raw records into articles or reasons, remembering ids to catch duplicates."""

    def __init__(self, today: dt.date, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.today = today
        self.max_chars = max_chars
        self.set_aside: list[ArticleStatus] = []
        self.n_articles = 0
        self.seen: dict[str, bytes] = {}  # id -> text hash

    def check(self, origin: str, record: Record) -> Article | None:
        """The article of ``record``, or None when it is set aside (with its reason)."""
        if isinstance(record, str):
            return self._set_aside(origin, origin, "quarantined", record)
        article_id = _clean(record.get("id"))
        if article_id is None:
            return self._set_aside(origin, origin, "quarantined", "missing id")
        problem = self._problem(record)
        if problem is not None:
            status, reason = problem
            return self._set_aside(article_id, origin, status, reason, record)
        cleaned = clean_text(str(record["text"]))
        problem = self._text_problem(cleaned)
        if problem is not None:
            status, reason = problem
            return self._set_aside(article_id, origin, status, reason, record, cleaned.notes)
        article = Article(
            id=article_id, date=_parse_date(record["date"]), text=cleaned.text,  # type: ignore[arg-type]
            title=_clean(record.get("title")), url=_clean(record.get("url")),
            publisher=_clean(record.get("publisher")), origin=origin, notes=_notes(cleaned.notes),
        )
        duplicate = self._duplicate(article)
        if duplicate is not None:
            return self._set_aside(article_id, origin, *duplicate, record, cleaned.notes)
        self.n_articles += 1
        return article

    def _problem(self, record: dict[str, Any]) -> tuple[str, str] | None:
        if _clean(record.get("date")) is None:
            return "quarantined", "missing date"
        date = _parse_date(record["date"])
        if date is None:
            return "quarantined", f"unparseable date {str(record['date'])[:40]!r}"
        if date > self.today:
            return "quarantined", f"date {date} is in the future"
        if date < EARLIEST_DATE:
            return "quarantined", f"date {date} is before {EARLIEST_DATE.year}"
        text = record.get("text")
        if text is None:
            return "quarantined", "missing text"
        if not str(text).strip():
            return "discarded", "empty text"
        return None

    def _text_problem(self, cleaned: Cleaned) -> tuple[str, str] | None:
        if not cleaned.text.strip():
            return "discarded", f"empty text once cleaned ({'; '.join(cleaned.notes)})"
        if len(cleaned.text) > self.max_chars:
            return "quarantined", (f"text of {len(cleaned.text):,} characters is longer than the limit of "
                                   f"{self.max_chars:,} (EVENTCODER_MAX_CHARS)")
        language = not_english(cleaned.text)
        if language is not None:
            return "discarded", language
        return None

    def _duplicate(self, article: Article) -> tuple[str, str] | None:
        digest = bytes.fromhex(article.text_sha256)
        previous = self.seen.get(article.id)
        if previous is None:
            self.seen[article.id] = digest
            return None
        if previous == digest:
            return "discarded", "duplicate of an earlier record with the same id and text"
        return "quarantined", "duplicate id with a different text"

    def _set_aside(self, article_id: str, origin: str, status: str, reason: str,
                   record: dict[str, Any] | None = None, notes: tuple[str, ...] = ()) -> None:
        record = record or {}
        self.set_aside.append(ArticleStatus(
            article_id=article_id, status=status, reason=reason, origin=origin,
            date=_parse_date(record.get("date")), title=_clean(record.get("title")),
            url=_clean(record.get("url")), publisher=_clean(record.get("publisher")), notes=_notes(notes),
        ))


def _notes(notes: tuple[str, ...]) -> str | None:
    return "; ".join(notes) or None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _parse_date(value: Any) -> dt.date | None:
    """ISO dates and datetimes (``2017-03-18``, ``2017-03-18T09:00:00Z``) to a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _clean(value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None

