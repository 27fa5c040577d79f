"""Shared fixtures: small fixture dictionaries, hand-built parses, and the real model when installed."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from coders.config import default_dictionary_dir
from coders.dictionaries import Dictionaries, load_dictionaries

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = ROOT.parent / "shared"

Row = tuple[str, str, str, str, int]  # word, lemma, POS, dep, head index (absolute; own index = root)


@pytest.fixture(scope="session", autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Pickled dictionaries of this session's (often edited) dictionary folders go to a temporary
    cache folder, not the user's (child processes inherit it)."""
    import os

    os.environ["EVENTCODER_CACHE_DIR"] = str(tmp_path_factory.mktemp("eventcoder-cache"))


@pytest.fixture(scope="session")
def fixture_dictionary_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture dictionaries with the project's codebook and CAMEO → PLOVER table."""
    folder = tmp_path_factory.mktemp("dictionaries")
    shutil.copytree(FIXTURES / "dictionaries", folder, dirs_exist_ok=True)
    for name in ("codebook.csv", "plover.csv"):
        shutil.copy(default_dictionary_dir() / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def fixture_dictionaries(fixture_dictionary_dir: Path) -> Dictionaries:
    return load_dictionaries(fixture_dictionary_dir)


def make_doc(rows: Sequence[Row]) -> Doc:
    """A parsed ``Doc`` built by hand, so unit tests do not depend on the statistical model."""
    words = [r[0] for r in rows]
    return Doc(_english_vocab(), words=words, lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
               deps=[r[3] for r in rows], heads=[r[4] for r in rows],
               tags=["WDT" if r[1] in ("which", "that", "who") and r[3].startswith("nsubj") else "" for r in rows])


@lru_cache(maxsize=1)
def _english_vocab() -> Vocab:
    """English lexical attributes (lower-case forms etc.), built once per test session."""
    return spacy.blank("en").vocab


D2017 = dt.date(2017, 3, 18)


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """``eventcoder code seeds/`` with the real model and dictionaries, once per session."""
    from coders.pipeline import code_files

    return code_files([ROOT / "seeds"], tmp_path_factory.mktemp("seed-run"))


@pytest.fixture(scope="session")
def seed_events(seed_run):  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.read_parquet(seed_run.output / "events")
