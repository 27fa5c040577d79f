"""Every kind of bad input gets a specific reason, is counted, and the run goes on (issue 6)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from coders.ingest import IngestResult, ingest

TODAY = dt.date(2026, 11, 29)
NEWS = ("Iran denounced Israel on Monday. The foreign ministry said the attack on its embassy in Damascus "
        "was a violation of international law, and it warned that it would respond at a time of its choosing. ")
GOOD = {"id": "a1", "date": "2020-01-02", "text": NEWS, "title": "T"}


def _jsonl(path: Path, lines: list[str | bytes]) -> Path:
    path.write_bytes(b"".join((line if isinstance(line, bytes) else line.encode("utf-8")) + b"\n" for line in lines))
    return path


def _fates(result: IngestResult) -> list[tuple[str, str, str | None]]:
    return [(s.article_id, s.status, s.reason) for s in result.set_aside]


def _accounted(result: IngestResult, n_records: int) -> None:
    assert result.n_records == n_records == len(result.articles) + len(result.set_aside)


def test_malformed_jsonl_line(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl", [json.dumps(GOOD), '{"id": "b", "date": ', json.dumps({**GOOD, "id": "c"})])
    result = ingest([path], TODAY)
    assert [a.id for a in result.articles] == ["a1", "c"]
    assert _fates(result) == [(f"{path}:2", "quarantined", "malformed JSON line: Expecting value (column 21)")]
    _accounted(result, 3)


def test_invalid_utf8_jsonl_line(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl", [json.dumps(GOOD), b'{"id": "b", "date": "2020-01-02", "text": "caf\xe9"}'])
    result = ingest([path], TODAY)
    assert _fates(result) == [(f"{path}:2", "quarantined", "invalid UTF-8 at byte offset 46 of the line")]
    _accounted(result, 2)


def test_csv_with_embedded_newlines_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('id,date,title,text\n'
                    'a1,2020-01-02,"A ""quoted"" title","Iran denounced Israel.\n\nThe ministry said ""no""."\n'
                    'a2,2020-01-03,T2,"Second, with a comma."\n', encoding="utf-8")
    result = ingest([path], TODAY)
    assert [(a.id, a.title, a.text) for a in result.articles] == [
        ("a1", 'A "quoted" title', 'Iran denounced Israel.\n\nThe ministry said "no".'),
        ("a2", "T2", "Second, with a comma.")]
    assert [a.origin for a in result.articles] == [f"{path}:4", f"{path}:5"]
    _accounted(result, 2)


def test_csv_row_with_invalid_utf8_or_extra_fields(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"id,date,text\na1,2020-01-02,Iran denounced Israel.\na2,2020-01-02,caf\xe9\n"
                     b"a3,2020-01-02,one,two\na4,2020-01-02,Iran praised Iraq.\n")
    result = ingest([path], TODAY)
    assert [a.id for a in result.articles] == ["a1", "a4"]
    assert _fates(result) == [(f"{path}:3", "quarantined", "invalid UTF-8 in column 'text'"),
                              (f"{path}:4", "quarantined", "CSV row has 4 fields, the header 3")]
    _accounted(result, 4)


def test_missing_or_empty_id_date_or_text(tmp_path: Path) -> None:
    records = [{"date": "2020-01-02", "text": NEWS}, {**GOOD, "id": "  "}, {"id": "b", "text": NEWS},
               {**GOOD, "id": "c", "date": ""}, {"id": "d", "date": "2020-01-02"}, {**GOOD, "id": "e", "text": ""}]
    path = _jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in records])
    result = ingest([path], TODAY)
    assert _fates(result) == [
        (f"{path}:1", "quarantined", "missing id"), (f"{path}:2", "quarantined", "missing id"),
        ("b", "quarantined", "missing date"), ("c", "quarantined", "missing date"),
        ("d", "quarantined", "missing text"), ("e", "discarded", "empty text")]
    _accounted(result, 6)


def test_unparseable_future_and_too_early_dates(tmp_path: Path) -> None:
    records = [{**GOOD, "id": "a", "date": "12/03/2020"}, {**GOOD, "id": "b", "date": "2031-01-01"},
               {**GOOD, "id": "c", "date": "1850-06-01"}, {**GOOD, "id": "d", "date": "2020-02-30"},
               {**GOOD, "id": "e", "date": "2020-03-18T09:00:00Z"}]
    result = ingest([_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in records])], TODAY)
    assert [(a.id, a.date) for a in result.articles] == [("e", dt.date(2020, 3, 18))]
    assert _fates(result) == [("a", "quarantined", "unparseable date '12/03/2020'"),
                              ("b", "quarantined", "date 2031-01-01 is in the future"),
                              ("c", "quarantined", "date 1850-06-01 is before 1900"),
                              ("d", "quarantined", "unparseable date '2020-02-30'")]
    _accounted(result, 5)


def test_duplicate_ids(tmp_path: Path) -> None:
    records = [GOOD, GOOD, {**GOOD, "text": NEWS + "More."}]
    result = ingest([_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in records])], TODAY)
    assert [a.id for a in result.articles] == ["a1"]
    assert _fates(result) == [("a1", "discarded", "duplicate of an earlier record with the same id and text"),
                              ("a1", "quarantined", "duplicate id with a different text")]
    _accounted(result, 3)


def test_empty_or_whitespace_text(tmp_path: Path) -> None:
    records = [{**GOOD, "id": "a", "text": " \n\t "}, {**GOOD, "id": "b", "text": "<p> </p><div>&nbsp;</div>"}]
    result = ingest([_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in records])], TODAY)
    assert _fates(result) == [("a", "discarded", "empty text"),
                              ("b", "discarded", "empty text once cleaned (HTML markup removed)")]
    _accounted(result, 2)


def test_five_megabyte_article(tmp_path: Path) -> None:
    big = NEWS * (5_000_000 // len(NEWS) + 1)
    result = ingest([_jsonl(tmp_path / "in.jsonl", [json.dumps({**GOOD, "text": big}), json.dumps(
        {**GOOD, "id": "ok"})])], TODAY)
    assert [a.id for a in result.articles] == ["ok"]
    assert _fates(result) == [("a1", "quarantined", f"text of {len(big):,} characters is longer than the limit "
                                                    "of 1,000,000 (EVENTCODER_MAX_CHARS)")]
    _accounted(result, 2)


def test_html_and_boilerplate_are_cleaned_and_noted(tmp_path: Path) -> None:
    page = ("<html><head><title>x</title><script>var a = 1;</script></head><body><nav>Home | World</nav>"
            "<p>Iran denounced Israel on Monday.</p><p>Share this article</p><div>Advertisement</div>"
            "<p>The ministry said the attack was a violation of international law &amp; warned it would respond.</p>"
            "<footer>All rights reserved.</footer></body></html>")
    plain = "Iran denounced Israel on Monday.\nAdvertisement\nThe ministry said it would respond.\nFollow us on X"
    result = ingest([_jsonl(tmp_path / "in.jsonl", [json.dumps({**GOOD, "text": page}),
                                                    json.dumps({**GOOD, "id": "b", "text": plain})])], TODAY)
    (html, text) = result.articles
    assert html.text == ("Iran denounced Israel on Monday.\nThe ministry said the attack was a violation of "
                         "international law & warned it would respond.")
    assert html.notes == "HTML markup removed; 2 boilerplate lines removed"
    assert text.text == "Iran denounced Israel on Monday.\nThe ministry said it would respond."
    assert text.notes == "2 boilerplate lines removed"
    _accounted(result, 2)


def test_non_english_text(tmp_path: Path) -> None:
    french = ("Le président de la République a rencontré son homologue allemand à Paris lundi pour discuter "
              "de la guerre en Ukraine et des sanctions contre la Russie, a indiqué un communiqué de l'Élysée. ")
    russian = "Президент России Владимир Путин провёл переговоры с председателем КНР Си Цзиньпином в Москве. " * 3
    records = [{**GOOD, "id": "fr", "text": french}, {**GOOD, "id": "ru", "text": russian}, GOOD]
    result = ingest([_jsonl(tmp_path / "in.jsonl", [json.dumps(r, ensure_ascii=False) for r in records])], TODAY)
    assert [a.id for a in result.articles] == ["a1"]
    fates = _fates(result)
    assert [(i, s) for i, s, _ in fates] == [("fr", "discarded"), ("ru", "discarded")]
    assert fates[0][2] == "not English: 6% English and 24% other languages' function words in 33 words"
    assert fates[1][2] == "not English: 0% of its letters are Latin"
    _accounted(result, 3)


def test_binary_file_in_an_input_folder(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    (tmp_path / "dump.jsonl").write_bytes(b"\x00\x01\x02garbage\n\x00\x00\n")
    _jsonl(tmp_path / "good.jsonl", [json.dumps(GOOD)])
    result = ingest([tmp_path], TODAY)
    assert [a.id for a in result.articles] == ["a1"]
    assert _fates(result) == [  # a binary record file: each of its "lines" is a bad record
        (f"{tmp_path / 'dump.jsonl'}:1", "quarantined", "malformed JSON line: Expecting value (column 1)"),
        (f"{tmp_path / 'dump.jsonl'}:2", "quarantined", "malformed JSON line: Expecting value (column 1)"),
        (str(tmp_path / "photo.jpg"), "quarantined",
         "binary file '.jpg': expected .jsonl, .csv, .parquet, or .txt files in a folder")]
    _accounted(result, 4)


def test_missing_input_path(tmp_path: Path) -> None:
    good = _jsonl(tmp_path / "good.jsonl", [json.dumps(GOOD)])
    result = ingest([tmp_path / "nowhere", good], TODAY)
    assert [a.id for a in result.articles] == ["a1"]
    assert _fates(result) == [(str(tmp_path / "nowhere"), "quarantined", "input path does not exist")]
    _accounted(result, 2)


def test_unreadable_parquet(tmp_path: Path) -> None:
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    pq.write_table(pa.Table.from_pylist([GOOD]), tmp_path / "good.parquet")
    result = ingest([tmp_path / "broken.parquet", tmp_path / "good.parquet"], TODAY)
    assert [a.id for a in result.articles] == ["a1"]
    ((origin, status, reason),) = _fates(result)
    assert (origin, status) == (str(tmp_path / "broken.parquet"), "quarantined")
    assert reason.startswith("unreadable Parquet file: ")
    _accounted(result, 2)


def test_a_run_over_every_kind_of_bad_input_accounts_for_every_record(tmp_path: Path) -> None:
    """End to end: the articles table holds one row per input record, with its status and reason."""
    import pandas as pd

    from coders.pipeline import code_files

    folder = tmp_path / "in"
    folder.mkdir()
    good = {**GOOD, "text": "Iran denounced Israel on Monday. " + NEWS}
    _jsonl(folder / "a.jsonl", [
        json.dumps(good), "{broken", b'{"id": "u", "date": "2020-01-02", "text": "caf\xe9"}',
        json.dumps({"date": "2020-01-02", "text": NEWS}), json.dumps({**GOOD, "id": "d1", "date": "tomorrow"}),
        json.dumps({**GOOD, "id": "d2", "date": "2031-01-01"}), json.dumps({**good, "text": NEWS + " Other."}),
        json.dumps({**GOOD, "id": "w", "text": "  \n "}), json.dumps({**GOOD, "id": "big", "text": NEWS * 30_000}),
        json.dumps({**GOOD, "id": "html", "text": f"<div><p>{NEWS}</p><p>Share this article</p></div>"}),
        json.dumps({**GOOD, "id": "fr", "text": "Le président de la République a rencontré son homologue "
                    "allemand à Paris lundi pour discuter de la guerre en Ukraine et des sanctions contre la "
                    "Russie, a indiqué un communiqué de l'Élysée."}, ensure_ascii=False)])
    (folder / "b.csv").write_text('id,date,text\nc1,2020-01-03,"Iran denounced Israel.\n""Again,"" it said."\n',
                                  encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\x00\x10JFIF\x00")
    summary = code_files([folder, tmp_path / "missing.jsonl"], tmp_path / "out")
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    assert len(articles) == summary.counts["ingest"]["records"] == 14
    assert articles["status"].value_counts().to_dict() == {"quarantined": 9, "coded": 3, "discarded": 2}
    assert articles.loc[articles["status"] != "coded", "reason"].notna().all()
    html = articles.set_index("article_id").loc["html"]
    assert (html["status"], html["notes"]) == ("coded", "HTML markup removed; 1 boilerplate line removed")
