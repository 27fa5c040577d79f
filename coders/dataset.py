"""The output folder as a dataset that runs add to: what a new run keeps, reuses and replaces.

A folder accumulates the articles of every run written to it. A run re-derives the rows of the input
files it reads and keeps every other row as it is. Of the articles it reads, one already coded from
the same text with the same coder, dictionaries and model is *reused*: its article row and events are
kept verbatim (with the id of the run that coded them), so running twice on the same input writes the
same dataset, byte for byte, and adding articles codes only the new ones. Any other article is coded,
and its earlier rows are replaced, never duplicated: a changed text, or changed dictionaries (re-coded
from the parse cache).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from coders.ingest import Article
from coders.write import (
    ARTICLE_SCHEMA,
    EVENT_SCHEMA,
    Provenance,
    read_articles,
    read_events,
    read_quarantine,
)

ORIGIN_LINE = re.compile(r":(?:row)?\d+$")  # "file.jsonl:12", "file.parquet:row3"


@dataclass
class Existing:
    """The dataset already in an output folder, split by what this run will do with it."""

    kept_articles: pa.Table  # rows whose records this run does not read: kept as they are
    kept_events: pa.Table
    again_articles: pa.Table  # rows of the records this run reads again
    events: pa.Table  # all earlier events (validated and quarantined)
    reusable: dict[tuple[str, str], tuple[int, list[int]]]  # (id, text sha) → its again_articles row, events rows
    set_aside: dict[tuple[str, str, str], dict[str, object]] = field(default_factory=dict)  # earlier such rows
    reused: dict[tuple[str, str], None] = field(default_factory=dict)  # in the order met

    @classmethod
    def empty(cls) -> Existing:
        articles, events = ARTICLE_SCHEMA.empty_table(), EVENT_SCHEMA.empty_table()
        return cls(articles, events, articles, events, {})

    @classmethod
    def read(cls, output: Path, inputs: Sequence[Path | str], coding: Provenance, *, reuse: bool = True) -> Existing:
        """Read ``output``'s dataset (if any) for a run over ``inputs`` that codes with ``coding``;
        without ``reuse``, every article read is coded again."""
        if not (output / "articles").exists():
            return cls.empty()
        articles = read_articles(output)
        # the rows validation set aside are candidates again: the new validation decides afresh
        events = pa.concat_tables([read_events(output), read_quarantine(output)])
        roots = [Path(p).absolute() for p in inputs]
        in_inputs = pa.array([_read_again(origin, roots) for origin in articles.column("origin").to_pylist()])
        kept, again = articles.filter(pc.invert(in_inputs)), articles.filter(in_inputs)
        kept_ids = pa.array(sorted(set(kept.filter(_has_text(kept)).column("article_id").to_pylist())), pa.string())
        existing = cls(kept, events.filter(pc.is_in(events.column("article_id"), kept_ids)), again, events, {})
        rows_of: dict[str, list[int]] = {}  # article id → its event rows
        for index, article_id in enumerate(events.column("article_id").to_pylist()):
            rows_of.setdefault(article_id, []).append(index)
        same_coding = pc.and_(pc.and_(_has_text(again), pc.equal(again.column("dictionary_sha256"),
                                                                 coding.dictionary_sha256)),
                              pc.and_(pc.equal(again.column("coder_version"), coding.coder_version),
                                      pc.equal(again.column("model"), coding.model))).to_pylist()
        for index, row in enumerate(again.to_pylist()):
            if row["text_sha256"] is None:  # set aside at ingest
                existing.set_aside[(row["origin"], row["status"], row["reason"])] = row
            elif reuse and same_coding[index]:
                existing.reusable[(row["article_id"], row["text_sha256"])] = (index, rows_of.get(row["article_id"], []))
        return existing

    def seen_texts(self) -> dict[str, str]:
        """Article id → text hash of the kept articles, for ingest's check of duplicate ids across runs."""
        kept = self.kept_articles.filter(_has_text(self.kept_articles))
        return dict(zip(kept.column("article_id").to_pylist(), kept.column("text_sha256").to_pylist()))

    def to_code(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The articles that need coding; the others are set to be reused."""
        for article in articles:
            key = (article.id, article.text_sha256)
            if key in self.reusable and key not in self.reused:
                self.reused[key] = None
            else:
                yield article

    def combined(self, new_events: pa.Table, new_articles: pa.Table) -> tuple[pa.Table, pa.Table]:
        """The whole dataset after this run: kept rows, reused rows and this run's new rows."""
        reused = [self.reusable[key] for key in self.reused]
        article_rows = pa.array([index for index, _ in reused], pa.int64())
        event_rows = pa.array([row for _, rows in reused for row in rows], pa.int64())
        events = pa.concat_tables([self.kept_events, self.events.take(event_rows), new_events.cast(EVENT_SCHEMA)])
        articles = pa.concat_tables([self.kept_articles, self.again_articles.take(article_rows),
                                     self._same_set_aside(new_articles)])
        return events, articles

    def _same_set_aside(self, new_articles: pa.Table) -> pa.Table:
        """This run's rows, with a record set aside for the same reason as before keeping its earlier row
        (and run id), so that re-reading an input changes nothing."""
        rows = [self.set_aside.get((row["origin"], row["status"], row["reason"]), row)
                if row["text_sha256"] is None else row for row in new_articles.to_pylist()]
        return pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)


def _read_again(origin: str | None, roots: list[Path]) -> bool:
    """Whether the record at ``origin`` is in one of this run's inputs (a file, or a file in a folder)."""
    if not origin:
        return False
    path = Path(ORIGIN_LINE.sub("", origin))
    return any(path == root or root in path.parents for root in roots)


def _has_text(articles: pa.Table) -> pa.ChunkedArray:
    """Rows of articles that got as far as coding (coded, or discarded by the coder): they have a text hash."""
    return pc.is_valid(articles.column("text_sha256"))
