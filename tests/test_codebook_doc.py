"""``docs/codebook.md`` (issue 7): current, complete, and its load examples work on a real dataset."""

from __future__ import annotations

import re

import duckdb
from conftest import ROOT

from coders.codebook_doc import DATASETS, PLOVER_MEANINGS, render_codebook, undocumented
from coders.config import default_dictionary_dir
from coders.derive import DEDUP_SCHEMA, DYAD_DAY_SCHEMA, DYAD_MONTH_SCHEMA
from coders.dictionaries import load_dictionaries
from coders.pipeline import RunSummary
from coders.plover import PLOVER_EVENTS
from coders.write import ARTICLE_SCHEMA, EVENT_SCHEMA

PAGE = ROOT / "docs" / "codebook.md"


def test_the_committed_page_is_current() -> None:
    expected = render_codebook(load_dictionaries(default_dictionary_dir()))
    assert PAGE.read_text(encoding="utf-8") == expected, "run: python -m coders.codebook_doc"


def test_every_dataset_and_column_is_described() -> None:
    assert undocumented() == []
    schemas = [schema for _, _, schema, _ in DATASETS]
    for schema in (EVENT_SCHEMA, DEDUP_SCHEMA, ARTICLE_SCHEMA, DYAD_DAY_SCHEMA, DYAD_MONTH_SCHEMA):
        assert schema in schemas
    page = PAGE.read_text(encoding="utf-8")
    for field in EVENT_SCHEMA:
        assert f"| `{field.name}` |" in page
    assert set(PLOVER_MEANINGS) == PLOVER_EVENTS


def test_the_cameo_table_has_every_code_with_its_plover_category() -> None:
    dictionaries = load_dictionaries(default_dictionary_dir())
    rows = re.findall(r"^\| `(\d{2,4})` \| (.*?) \| (\d) \| (-?[\d.]+) \| (\w*) \|", PAGE.read_text(encoding="utf-8"),
                      flags=re.MULTILINE)
    assert [code for code, *_ in rows] == list(dictionaries.codebook)
    by_code = {code: (name, int(quad), float(goldstein), event or None) for code, name, quad, goldstein, event in rows}
    assert by_code["111"] == ("Criticize or denounce", 3, -2.0, "ACCUSE")
    assert by_code["0871"][1:] == (2, 9.0, "RETREAT")
    assert by_code["010"][3] is None


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_pandas_example_runs_on_a_dataset(seed_run: RunSummary) -> None:
    (code,) = _blocks("python")
    scope: dict = {}
    exec(code.replace('"data/', f'"{seed_run.output}/'), scope)  # noqa: S102 - the page's own example
    assert len(scope["events"]) == seed_run.counts["validate"]["events"]
    assert scope["story"]["n_mentions"].sum() == len(scope["events"])
    assert scope["dyads"]["n_events"].sum() == len(scope["story"])
    assert len(scope["articles"]) == 1


def test_the_duckdb_examples_run_on_a_dataset(seed_run: RunSummary) -> None:
    (sql,) = _blocks("sql")
    statements = [s for s in sql.replace("'data/", f"'{seed_run.output}/").split(";") if s.strip()]
    by_root = duckdb.sql(statements[0]).fetchall()
    assert sum(n for *_, n in by_root) == seed_run.counts["validate"]["events"] - _not_asserted(seed_run)
    months = duckdb.sql(statements[1]).df()
    assert months[["year", "month"]].drop_duplicates().values.tolist() == [[2017, 3]]


def _not_asserted(run: RunSummary) -> int:
    query = f"SELECT count(*) FROM read_parquet('{run.output}/events/**/*.parquet') WHERE mode <> 'asserted'"
    return duckdb.sql(query).fetchall()[0][0]


def test_the_r_example_names_existing_folders(seed_run: RunSummary) -> None:
    (code,) = _blocks("r")  # R is not installed here: check what it opens exists and has the columns it uses
    for folder in re.findall(r'open_dataset\("data/(\w+)"\)', code):
        assert (seed_run.output / folder).is_dir()
    assert "filter(mode ==" in code and "mode" in EVENT_SCHEMA.names
