"""The HTML run report: self-contained (no outside resources, inline PNGs), escaped, deterministic,
capped, and written atomically with a relative link to the validation Data Docs."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from coders import report
from coders.report import (
    MAX_ARTICLE_ROWS,
    NO_EVENTS,
    render_run_report,
    write_run_report,
)
from coders.write import ARTICLE_SCHEMA, EVENT_SCHEMA

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')

EVENTS_SCHEMA = pa.schema([EVENT_SCHEMA.field(name) for name in (
    "event_date", "source_code", "target_code", "source_country", "target_country", "cameo_code", "quad_class",
    "goldstein")])
ARTICLES_SCHEMA = pa.schema([ARTICLE_SCHEMA.field(name)
                             for name in ("article_id", "status", "reason", "origin", "date", "title")])

# (day of January 2024, source, target, CAMEO code, quad class, Goldstein)
EVENT_ROWS = [
    (1, "USA", "RUS", "042", 1, 1.9),
    (1, "USA", "RUS", "111", 3, -2.0),
    (2, "USA", "RUS", "190", 4, -10.0),
    (3, "USA", "RUS", "036", 1, 3.7),
    (3, "CHN", "USA", "061", 2, 6.4),
    (4, "CHN", "USA", "042", 1, 1.9),
    (5, "UKR", "RUS", "190", 4, -10.0),
]
# USA → RUS is the top pair: 4 events, mean Goldstein (1.9 - 2.0 - 10.0 + 3.7) / 4 = -1.6
TOP_PAIR = ("USA", "RUS", 4, "-1.60")


def _events(rows: list[tuple[int, str, str, str, int, float]] = EVENT_ROWS) -> pa.Table:
    return pa.table({
        "event_date": [dt.date(2024, 1, day) for day, *_ in rows],
        "source_code": [r[1] for r in rows],
        "target_code": [r[2] for r in rows],
        "source_country": [r[1] for r in rows],
        "target_country": [r[2] for r in rows],
        "cameo_code": [r[3] for r in rows],
        "quad_class": [r[4] for r in rows],
        "goldstein": [r[5] for r in rows],
    }, schema=EVENTS_SCHEMA)


def _articles(records: list[dict[str, Any]] | None = None) -> pa.Table:
    if records is None:
        records = [
            {"article_id": "a1", "status": "coded", "reason": None, "origin": "news.jsonl:1",
             "date": dt.date(2024, 1, 1), "title": "Coded article title"},
            {"article_id": "a3", "status": "quarantined", "reason": "2 events failed 'goldstein_in_range'",
             "origin": "news.jsonl:3", "date": dt.date(2024, 1, 2), "title": "Quarantined article title"},
            {"article_id": "a2", "status": "discarded", "reason": "no text <script>alert(1)</script>",
             "origin": "news.jsonl:2", "date": None, "title": None},
            {"article_id": "a4", "status": "discarded", "reason": "unparseable date '12/03'",
             "origin": "news.jsonl:4", "date": None, "title": "Undated <b>article</b>"},
        ]
    return pa.Table.from_pylist(records, schema=ARTICLES_SCHEMA)


def _manifest(**changes: Any) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "run_id": "20240105T120000Z-abcdef12",
        "started": "2024-01-05T12:00:00+00:00",
        "finished": "2024-01-05T12:00:42+00:00",
        "runner": "plain",
        "inputs": ["/data/news.jsonl"],
        "output": "/data/out",
        "coder_version": "0.1.0+test",
        "model": "en_core_web_sm-3.8.0",
        "spacy_version": "3.8.7",
        "dictionary_sha256": "0123456789abcdef" * 4,
        "counts": {
            "ingest": {"records": 4, "articles": 2, "set_aside": 2, "batches": 1,
                       "reasons": {"unparseable date …": 1, "no text …": 1}},
            "dataset": {"records": 4, "kept": 0, "reused": 0, "coded_now": 2},
            "parse": {"articles": 2, "sentences": 31, "from_cache": 0},
            "code": {"events": 8},
            "validate": {"events": 7, "quarantined": 1},
            "articles": {"coded": 1, "discarded": 2, "quarantined": 1},
        },
        "timings_seconds": {"ingest": 0.5, "parse+code": 3.25, "validate": 1.0, "write": 0.1},
        "validation": {"success": True, "passed": 27, "failed": 0, "html": None, "json": None},
    }
    manifest.update(changes)
    return manifest


def _images(page: str) -> list[bytes]:
    return [base64.b64decode(data, validate=True) for data in IMAGE.findall(page)]


def _section(page: str, title: str) -> str:
    """The HTML from the ``<h2>`` titled ``title`` to the next ``<h2>`` (or the end)."""
    start = page.index(f"<h2>{title}")
    end = page.find("<h2>", start + 1)
    return page[start:] if end == -1 else page[start:end]


def _rows(table_html: str) -> list[list[str]]:
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table_html)
            if "<td" in row]


@pytest.fixture(scope="module")
def page() -> str:
    return render_run_report(_manifest(), _events(), _articles())


def test_page_is_self_contained(page: str) -> None:
    assert "http://" not in page and "https://" not in page
    assert "<link" not in page and "<script" not in page and "@import" not in page and "url(" not in page
    for ref in re.findall(r'(?:src|href)="([^"]*)"', page):
        assert ref.startswith("data:image/png;base64,"), ref


def test_two_inline_pngs(page: str) -> None:
    assert page.count("data:image/png;base64,") == 2
    images = _images(page)
    assert len(images) == 2
    assert all(image.startswith(PNG_SIGNATURE) for image in images)
    assert all(b"Software" not in image for image in images)  # no matplotlib version in the files


def test_header(page: str) -> None:
    assert "20240105T120000Z-abcdef12" in page
    assert "2024-01-05T12:00:00+00:00" in page and "2024-01-05T12:00:42+00:00" in page
    assert "0.1.0+test" in page and "en_core_web_sm-3.8.0" in page and "spaCy 3.8.7" in page
    assert ">0123456789ab<" in page  # the checksum's first 12 characters
    assert "/data/news.jsonl" in page
    assert "passed" in page and "27 checks passed, 0 failed" in page


def test_counts_and_timings(page: str) -> None:
    section = _section(page, "Counts per stage")
    rows = {(r[0], r[1]): r[2] for r in _rows(section) if len(r) == 3}
    assert rows[("ingest", "records read")] == "4"
    assert rows[("ingest", "set aside")] == "2"
    assert rows[("parse", "sentences")] == "31"
    assert rows[("code", "events coded")] == "8"
    assert rows[("validate", "events kept")] == "7"
    assert rows[("validate", "events quarantined")] == "1"
    assert rows[("articles", "discarded")] == "2"
    assert rows[("dataset", "coded now")] == "2"
    assert rows[("ingest", "set aside because: unparseable date …")] == "1"
    timings = {r[0]: r[1] for r in _rows(section) if len(r) == 2}
    assert timings["parse+code"] == "3.25"
    assert "7 dated events from 2024-01-01 to 2024-01-05, counted per day" in page


def test_top_dyad_table(page: str) -> None:
    rows = _rows(_section(page, "Top 15 dyads"))
    source, target, n, mean = TOP_PAIR
    assert rows[0][1:5] == [source, target, str(n), mean]
    assert rows[0][5:] == ["2", "0", "1", "1"]  # by quad class
    assert [r[1:4] for r in rows[1:]] == [["CHN", "USA", "2"], ["UKR", "RUS", "1"]]
    assert rows[1][4] == "4.15"


def test_articles_not_coded_are_listed_escaped(page: str) -> None:
    section = _section(page, "Discarded and quarantined articles")
    assert "<script>" not in page
    assert "no text &lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "Undated &lt;b&gt;article&lt;/b&gt;" in section
    listed = [r for r in _rows(section) if len(r) == 6]
    assert [(r[0], r[1]) for r in listed] == [("a2", "discarded"), ("a4", "discarded"), ("a3", "quarantined")]
    assert listed[2][2:5] == ["news.jsonl:3", "2024-01-02", "Quarantined article title"]
    assert "a1" not in [r[0] for r in listed] and "Coded article title" not in page


def test_reasons_are_counted_without_particulars(page: str) -> None:
    rows = [r for r in _rows(_section(page, "Discarded and quarantined articles")) if len(r) == 3]
    assert ["discarded", "unparseable date …", "1"] in rows
    assert ["quarantined", "… events failed …", "1"] in rows
    many = _articles([{"article_id": f"x{i}", "status": "discarded", "reason": f"unparseable date '{i}/03'",
                       "origin": f"f.jsonl:{i}", "date": None, "title": None} for i in range(5)])
    rows = [r for r in _rows(_section(render_run_report(_manifest(), _events(), many), "Discarded"))
            if len(r) == 3]
    assert rows == [["discarded", "unparseable date …", "5"]]


def test_rendering_is_deterministic() -> None:
    assert render_run_report(_manifest(), _events(), _articles()) == \
        render_run_report(_manifest(), _events(), _articles())


def test_no_events() -> None:
    page = render_run_report(_manifest(), _events([]), _articles())
    assert "data:image/png" not in page and "<img" not in page
    assert page.count(NO_EVENTS) == 2
    assert "a2" in page  # the articles are still listed


def test_months_for_long_spans_and_missing_manifest_keys() -> None:
    rows = [(1, "USA", "RUS", "042", 1, 1.9)]
    events = pa.concat_tables([_events(rows), pa.table({
        "event_date": [dt.date(2024, 6, 30)], "source_code": ["RUS"], "target_code": ["USA"],
        "source_country": [None], "target_country": [None], "cameo_code": ["190"],
        "quad_class": [4], "goldstein": [-10.0]}, schema=EVENTS_SCHEMA)])
    page = render_run_report({"run_id": "bare"}, events, _articles([]))
    assert "counted per month" in page and len(_images(page)) == 2
    assert "Every article was coded." in page and "no counts" in page


def test_article_list_is_capped() -> None:
    extra = 7
    records = [{"article_id": f"id{i:05d}", "status": "discarded", "reason": "empty text", "origin": f"f:{i}",
                "date": None, "title": None} for i in range(MAX_ARTICLE_ROWS + extra)]
    page = render_run_report(_manifest(), _events(), _articles(records))
    listed = [r for r in _rows(_section(page, "Discarded")) if len(r) == 6]
    assert len(listed) == MAX_ARTICLE_ROWS
    assert listed[0][0] == "id00000" and listed[-1][0] == f"id{MAX_ARTICLE_ROWS - 1:05d}"
    assert f"… and {extra} more (see <code>articles/</code> where status != 'coded')" in page


def test_write_run_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    docs = out / "reports" / "validation" / "index.html"
    manifest = _manifest(validation={"success": False, "passed": 20, "failed": 7, "html": str(docs), "json": None})
    target = out / "reports" / "runs" / "nested" / "run.html"
    replaced: list[tuple[Path, Path, str | None]] = []  # (temporary file, target, the target's text before)
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        before = Path(dst).read_text(encoding="utf-8") if Path(dst).exists() else None
        replaced.append((Path(src), Path(dst), before))
        real_replace(src, dst)

    monkeypatch.setattr(report.os, "replace", spy)
    written = write_run_report(target, manifest, _events(), _articles())
    assert written == target and target.is_file()
    assert len(replaced) == 1
    tmp, dst, before = replaced[0]
    assert dst == target and tmp.parent == target.parent and tmp != target and before is None
    assert sorted(p.name for p in target.parent.iterdir()) == ["run.html"]  # no temporary file left
    page = target.read_text(encoding="utf-8")
    assert page == render_run_report(manifest, _events(), _articles(), base=target.parent)
    assert '<a href="../../validation/index.html">Data Docs</a>' in page
    assert (target.parent / "../../validation/index.html").resolve() == docs.resolve()
    assert "failed" in page and "20 checks passed, 7 failed" in page
    write_run_report(target, manifest, _events(), _articles())  # replaces the earlier page whole
    assert replaced[1][2] == page and target.read_text(encoding="utf-8") == page
    assert sorted(p.name for p in target.parent.iterdir()) == ["run.html"]


def test_link_without_a_base_folder() -> None:
    page = render_run_report(_manifest(validation={"success": True, "passed": 1, "failed": 0,
                                                   "html": "reports/validation/index.html"}), _events(), _articles())
    assert '<a href="reports/validation/index.html">Data Docs</a>' in page
