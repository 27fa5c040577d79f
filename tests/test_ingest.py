"""Ingest of every input format, and the fate of every bad record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from coders.ingest import Article, IngestStream, batched, ingest

TODAY = dt.date(2026, 11, 29)
GOOD = {"id": "a1", "date": "2020-01-02", "text": "Iran denounced Israel.", "title": "T", "url": "http://x/1"}


def test_jsonl_csv_and_parquet_read_the_same(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text('id,date,text,title,url\na1,2020-01-02,"Iran denounced Israel.",T,http://x/1\n',
                                    encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([GOOD]), tmp_path / "a.parquet")
    results = [ingest([tmp_path / name], TODAY).articles for name in ("a.jsonl", "a.csv", "a.parquet")]
    for articles in results:
        (article,) = articles
        assert (article.id, article.date, article.text, article.title, article.url) == (
            "a1", dt.date(2020, 1, 2), "Iran denounced Israel.", "T", "http://x/1")


def test_folder_of_text_files_with_sidecar(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Iran denounced Israel.", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Iran praised Iraq.", encoding="utf-8")
    (tmp_path / "articles.csv").write_text("file,id,date,publisher\none.txt,x1,2020-01-02,AP\n", encoding="utf-8")
    result = ingest([tmp_path], TODAY)
    assert [(a.id, a.date, a.publisher) for a in result.articles] == [("x1", dt.date(2020, 1, 2), "AP")]
    assert [(s.status, s.reason) for s in result.set_aside] == [
        ("quarantined", "no row for 'two.txt' in the folder's articles.csv/articles.jsonl sidecar")]


def test_every_bad_record_is_accounted_for(tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD),
        "{not json",
        json.dumps({"date": "2020-01-02", "text": "no id"}),
        json.dumps({"id": "b", "text": "no date"}),
        json.dumps({"id": "c", "date": "yesterday", "text": "bad date"}),
        json.dumps({"id": "d", "date": "2031-01-01", "text": "future"}),
        json.dumps({"id": "e", "date": "2020-01-02"}),
        json.dumps({"id": "f", "date": "2020-01-02", "text": "   "}),
        json.dumps(GOOD),
        json.dumps({**GOOD, "text": "Another text."}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest([path], TODAY)
    assert result.n_records == len(lines)
    assert [a.id for a in result.articles] == ["a1"]
    assert [(s.status, s.reason) for s in result.set_aside] == [
        ("quarantined", "malformed JSON line: Expecting property name enclosed in double quotes (column 2)"),
        ("quarantined", "missing id"),
        ("quarantined", "missing date"),
        ("quarantined", "unparseable date 'yesterday'"),
        ("quarantined", "date 2031-01-01 is in the future"),
        ("quarantined", "missing text"),
        ("discarded", "empty text"),
        ("discarded", "duplicate of an earlier record with the same id and text"),
        ("quarantined", "duplicate id with a different text"),
    ]
    assert result.set_aside[0].article_id == f"{path}:2"


def test_missing_path_and_unknown_format_are_records_set_aside(tmp_path: Path) -> None:
    (tmp_path / "x.xml").write_text("<a/>", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    result = ingest([tmp_path / "missing.jsonl", tmp_path / "x.xml", tmp_path / "a.jsonl"], TODAY)
    assert [a.id for a in result.articles] == ["a1"]
    assert [(s.article_id, s.status, s.reason) for s in result.set_aside] == [
        (str(tmp_path / "missing.jsonl"), "quarantined", "input path does not exist"),
        (str(tmp_path / "x.xml"), "quarantined",
         "unsupported file type '.xml': expected .jsonl, .csv, .parquet, or .txt files in a folder"),
    ]
    assert result.n_records == 3


def test_stream_reads_as_consumed_and_counts_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    lines = [json.dumps({**GOOD, "id": f"a{i}"}) for i in range(10)] + ["{broken", json.dumps({**GOOD, "id": "a3"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stream = IngestStream([path], TODAY)
    first = next(iter(batched(stream, 4)))
    assert [a.id for a in first] == ["a0", "a1", "a2", "a3"]
    assert (stream.n_articles, stream.n_records) == (4, 4)  # nothing read beyond the first batch
    with pytest.raises(RuntimeError, match="read once"):
        iter(stream).__next__()


def test_stream_accounts_for_every_record(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    lines = [json.dumps({**GOOD, "id": f"a{i}"}) for i in range(10)] + ["{broken", json.dumps({**GOOD, "id": "a3"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stream = IngestStream([path], TODAY)
    batches = list(batched(stream, 4))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert (stream.n_articles, len(stream.set_aside), stream.n_records) == (10, 2, 12)


def test_batched_is_lazy() -> None:
    def endless():  # type: ignore[no-untyped-def]
        i = 0
        while True:
            yield Article(f"a{i}", dt.date(2020, 1, 1), "text")
            i += 1

    batches = batched(endless(), 3)
    assert [a.id for a in next(batches)] == ["a0", "a1", "a2"]
    assert [a.id for a in next(batches)] == ["a3", "a4", "a5"]


def test_large_parquet_is_read_in_order_in_batches(tmp_path: Path) -> None:
    rows = [{**GOOD, "id": f"p{i}", "text": f"Text {i}."} for i in range(2500)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "big.parquet", row_group_size=700)
    result = ingest([tmp_path / "big.parquet"], TODAY)
    assert [a.id for a in result.articles] == [f"p{i}" for i in range(2500)]
    assert result.articles[-1].origin.endswith("big.parquet:row2500")
