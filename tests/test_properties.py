"""Property-based tests (hypothesis): arbitrary text and malformed records never make ingest, cleaning
or the coder raise, and every record is accounted for (issue 6)."""

from __future__ import annotations

import datetime as dt
import json
import string
import tempfile
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coders.clean import CONTROL, clean_text, not_english
from coders.coder import EventCoder
from coders.config import Settings
from coders.ingest import ingest
from coders.parse import load_model
from coders.pipeline import current_dictionaries

TODAY = dt.date(2026, 11, 29)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)
FIELD = st.sampled_from(["id", "date", "text", "title", "url", "publisher", "other"])
DATES = st.one_of(st.dates().map(str), st.text(max_size=12), st.just("2020-01-02"), st.integers())
RECORDS = st.fixed_dictionaries({}, optional={"id": st.one_of(st.text(max_size=8), st.integers(), st.none()),
                                              "date": DATES, "text": st.one_of(st.text(max_size=300), JSON_VALUES),
                                              "title": JSON_VALUES}) | st.dictionaries(FIELD, JSON_VALUES, max_size=4)
LINES = st.one_of(RECORDS.map(lambda r: json.dumps(r).encode("utf-8")),
                  st.binary(max_size=60).filter(lambda b: b"\n" not in b and b"\r" not in b),
                  st.text(max_size=60).filter(lambda t: "\n" not in t and "\r" not in t).map(str.encode),
                  JSON_VALUES.map(lambda v: json.dumps(v).encode("utf-8")))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=12))
def test_ingest_accounts_for_every_jsonl_line(lines: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_bytes(b"".join(line + b"\n" for line in lines))
        result = ingest([path], TODAY)
    n_lines = sum(1 for line in lines if line.strip())  # blank lines are no records
    assert result.n_records == n_lines
    for article in result.articles:
        assert article.id and article.text.strip() and isinstance(article.date, dt.date)
    for status in result.set_aside:
        assert status.status in ("discarded", "quarantined") and status.reason


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=string.printable + "éü中\x00\u2028", max_size=30), min_size=1,
                         max_size=4), max_size=8))
def test_ingest_never_raises_on_csv(rows: list[list[str]]) -> None:
    import csv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "date", "text"])
            writer.writerows(rows)
        result = ingest([path], TODAY)
    assert result.n_records <= len(rows)  # a row of empty fields only is no record for csv.DictReader
    assert all(a.id and a.text.strip() for a in result.articles)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_cleaning_never_raises(text: str) -> None:
    cleaned = clean_text(text)
    assert not CONTROL.search(cleaned.text)
    assert isinstance(not_english(cleaned.text), (str, type(None)))


@lru_cache(maxsize=1)
def _coder() -> tuple[object, EventCoder]:
    settings_ = Settings.from_env()
    return load_model(settings_.model), EventCoder(current_dictionaries(settings_))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1))))
def test_coder_never_raises_on_arbitrary_text(text: str, date: dt.date | None) -> None:
    nlp, coder = _coder()
    result = coder.code(nlp(text), "p1", date)  # type: ignore[operator]
    assert result.status in ("coded", "discarded")
    for event in result.events:
        assert event.sentence_index < result.n_sentences and event.code


NEWSY = st.lists(st.sampled_from(["Iran", "Israel", "the United States", "China", "police", "protesters",
                                  "condemned", "met", "attacked", "said", "he", "they", "its", "and", "in",
                                  "Moscow", "on Monday", ",", ".", "\"", "not", "will", "threatened to"]),
                 min_size=1, max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY)
def test_coder_never_raises_on_newsy_word_salad(text: str) -> None:
    nlp, coder = _coder()
    result = coder.code(nlp(text), "p2", dt.date(2020, 1, 1))  # type: ignore[operator]
    assert result.status in ("coded", "discarded")
