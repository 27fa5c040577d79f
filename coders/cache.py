"""The parse cache: parses kept under the output folder, so that re-coding after a dictionary change
does not parse again.

One SQLite file, ``DIR/cache/parses.sqlite``, holds one row a parsed text: its key and the parse as
``DocBin`` bytes. The key is the SHA-256 of the parser's identity (the model's name and version and
:data:`PARSE_VERSION`, which changes when our own pre-parser components do) and of the text, so a
changed model parses again and a changed dictionary does not. SQLite gives atomic commits (a killed
run leaves a readable cache) and lets several processes read it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

# Bump when a component the project adds to the pipeline (e.g. the sentence guard) changes parses.
PARSE_VERSION = "sentence_guard-1"
SCHEMA = "CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, parser TEXT NOT NULL, doc BLOB NOT NULL)"


def parse_key(parser: str, text: str) -> str:
    """The cache key of ``text`` parsed by ``parser`` (see :func:`parser_identity`)."""
    return hashlib.sha256(f"{parser}\0{text}".encode("utf-8")).hexdigest()


def parser_identity(model: str) -> str:
    """What a parse depends on besides the text: the model (``name-version``) and our components."""
    return f"{model}|{PARSE_VERSION}"


class ParseCache:
    """Parses of one parser, stored by text; open with a ``with`` block or call :meth:`close`."""

    def __init__(self, path: Path, parser: str) -> None:
        self.path, self.parser = path, parser
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        self._db.execute(SCHEMA)
        self._db.commit()

    def __enter__(self) -> ParseCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get_many(self, texts: Sequence[str]) -> dict[int, bytes]:
        """The cached parses of ``texts``, by position (positions without one are absent)."""
        keys = [parse_key(self.parser, t) for t in texts]
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):  # SQLite limits the number of parameters
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT key, doc FROM parses WHERE key IN ({marks})", chunk).fetchall())
        return {i: found[k] for i, k in enumerate(keys) if k in found}

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store ``(text, parse)`` pairs in one transaction."""
        rows = [(parse_key(self.parser, text), self.parser, doc) for text, doc in items]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO parses (key, parser, doc) VALUES (?, ?, ?)", rows)
