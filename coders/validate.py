"""Validate: Great Expectations suites over a run's events, articles and profile, and the quarantine.

The suites are code, versioned with the project:

* ``events`` (:func:`event_expectations`): one check a row. A row that fails any of them is moved to
  ``quarantine/`` with the names of the checks it failed, and is not written to ``events/``.
* ``articles`` (:func:`article_expectations`): the ledger of input records. Unique ids, known
  statuses, a reason for every article set aside, and one row an input record (so input = coded +
  discarded + quarantined). A failure here fails the run.
* ``run`` (:func:`run_expectations`): the share of coded articles with an event and the share of the
  largest root code within bounds (a failure fails the run), and the shift of the root distribution
  from the previous run in the same output folder (a warning: flagged in the summary, the run goes on).
* one suite per derived dataset (:func:`derived_expectations`, when :func:`validate_run` is given a
  ``derive`` step): the deduplicated events and dyad aggregates made from the valid events have one row
  per group, and their counts add up to the events they count. A failure here fails the run.

:func:`validate_run` runs them in an ephemeral Great Expectations context, writes the Data Docs HTML
under ``reports/validation/`` and the raw results as ``reports/validation.json``, and returns the
events split into valid and quarantined rows with a :class:`ValidationReport`. The run fails when a
critical check of the articles or run suite fails, or when more than
:attr:`ValidationPolicy.max_quarantine_share` of the event rows are quarantined.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from coders.codebook import Codebook
from coders.derive import QUAD_COLUMNS, Derived, DerivedTable
from coders.dictionaries import SECTORS, Dictionaries
from coders.plover import PloverRow

EVENT_REQUIRED = ("event_id", "article_id", "sentence_index", "sentence_text", "event_date", "source_code",
                  "target_code", "cameo_code", "cameo_root", "quad_class", "goldstein", "pattern_id", "mode",
                  "coder_version", "dictionary_sha256", "model", "run_id")
MODES = ("asserted", "negated", "hypothetical", "future")
VIAS = ("dictionary", "pronoun", "reference", "context", "implied")  # how an actor was resolved
STATUSES = ("coded", "discarded", "quarantined")
EARLIEST_DATE = dt.datetime(1900, 1, 1)
WELL_FORMED_ACTOR = r"^(?:[A-Z]{3})+$"
QUARANTINE_COLUMN = "failed_expectations"
# the same sentence, actors and code twice is one event counted twice
EVENT_KEY = ["article_id", "sentence_index", "source_code", "target_code", "cameo_code"]
# Checks of uniqueness and their columns: of a set of duplicates, the first stays (see _keep_first_copies)
UNIQUE_CHECKS = {"event_id_unique": ["event_id"], "one_event_per_sentence_dyad_code": EVENT_KEY}


@dataclass(frozen=True)
class ValidationPolicy:
    """Thresholds of the run-level decisions (see the module docstring).

    Attributes:
        max_quarantine_share: share of event rows that may be quarantined before the run fails.
        min_articles_with_events: least share of coded articles with at least one event.
        max_root_share: largest share of the events one root code may have.
        max_root_shift: largest total variation distance between this run's root distribution and
            the previous run's before the shift is flagged.
        min_events_for_profile: the share of articles with events is judged from this many coded
            articles, the root distribution from this many events (in the previous run too, for the
            shift); smaller runs skip those checks.
    """

    max_quarantine_share: float = 0.01
    min_articles_with_events: float = 0.02
    max_root_share: float = 0.6
    max_root_shift: float = 0.3
    min_events_for_profile: int = 50


@dataclass(frozen=True)
class RunProfile:
    """What the run suite checks and the next run compares with (kept in the run manifest)."""

    n_events: int
    n_coded_articles: int
    articles_with_events: float
    root_shares: Mapping[str, float]

    @classmethod
    def of(cls, events: pa.Table, articles: pa.Table) -> RunProfile:
        coded = [n for s, n in zip(articles.column("status").to_pylist(), articles.column("n_events").to_pylist(),
                                   strict=True) if s == "coded"]
        roots = Counter(events.column("cameo_root").to_pylist())
        total = sum(roots.values())
        return cls(n_events=events.num_rows, n_coded_articles=len(coded),
                   articles_with_events=round(sum(1 for n in coded if n) / len(coded), 6) if coded else 0.0,
                   root_shares={r: round(n / total, 6) for r, n in sorted(roots.items())} if total else {})

    def shift_from(self, previous: RunProfile) -> float:
        """Total variation distance between the two root distributions (0: the same, 1: disjoint)."""
        roots = set(self.root_shares) | set(previous.root_shares)
        return round(sum(abs(self.root_shares.get(r, 0.0) - previous.root_shares.get(r, 0.0)) for r in roots) / 2, 6)

    def to_json(self) -> dict[str, Any]:
        return {"n_events": self.n_events, "n_coded_articles": self.n_coded_articles,
                "articles_with_events": self.articles_with_events, "root_shares": dict(self.root_shares)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunProfile:
        return cls(int(data["n_events"]), int(data["n_coded_articles"]), float(data["articles_with_events"]),
                   {str(k): float(v) for k, v in data["root_shares"].items()})


@dataclass(frozen=True)
class Reference:
    """What a dataset is checked against: the codebook, the actors the dictionaries know, the number of
    input records (``None`` when unknown) and the previous run's profile."""

    codebook: Codebook
    known_actor: str  # a regular expression: a known root code followed by sector codes
    n_records: int | None = None
    previous: RunProfile | None = None
    plover: Mapping[str, PloverRow] = field(default_factory=dict)  # empty: PLOVER columns are not checked

    @classmethod
    def of(cls, dictionaries: Dictionaries, *, n_records: int | None = None,
           previous: RunProfile | None = None) -> Reference:
        return cls(dictionaries.codebook, known_actor_regex(dictionaries), n_records, previous, dictionaries.plover)


@dataclass(frozen=True)
class ExpectationOutcome:
    suite: str
    check: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int
    severity: str = "critical"


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of a validation: pass/fail, one line per expectation, quarantine counts, report paths."""

    success: bool
    outcomes: tuple[ExpectationOutcome, ...] = field(default=())
    html_index: Path | None = None
    json_path: Path | None = None
    n_event_rows: int = 0
    n_quarantined: int = 0
    max_quarantine_share: float = 0.0
    profile: RunProfile | None = None
    shift: float | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def n_passed(self) -> int:
        return sum(o.success for o in self.outcomes)

    @property
    def n_failed(self) -> int:
        return sum(not o.success for o in self.outcomes)

    @property
    def quarantine_share(self) -> float:
        return self.n_quarantined / self.n_event_rows if self.n_event_rows else 0.0

    def summary(self) -> str:
        lines = [f"validation: {'PASSED' if self.success else 'FAILED'} — "
                 f"{self.n_passed} expectations passed, {self.n_failed} failed; "
                 f"{self.n_quarantined} of {self.n_event_rows} event rows quarantined "
                 f"({self.quarantine_share:.2%}, limit {self.max_quarantine_share:.2%})"]
        for o in self.outcomes:
            if not o.success:
                verdict = "FLAGGED" if o.severity == "warning" else "FAILED"
                lines.append(f"  {verdict} {o.suite}: {o.check} — {o.unexpected_count} rows")
        lines += [f"  note: {note}" for note in self.notes]
        if self.html_index:
            lines.append(f"  report: {self.html_index}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Validated:
    """Events split by the events suite, and the report."""

    events: pa.Table
    quarantine: pa.Table
    report: ValidationReport
    derived: Derived | None = None  # the derived datasets of the valid events, checked


# --------------------------------------------------------------------------- suites


def event_expectations(reference: Reference) -> list[Any]:
    """The events suite over the frame of :func:`_event_frame`: every check is row-level, so a failing
    row can be quarantined on its own."""
    import great_expectations as gx

    exp = gx.expectations
    codebook = reference.codebook
    today = dt.datetime.combine(dt.date.today(), dt.time())
    return [
        *(exp.ExpectColumnValuesToNotBeNull(column=c, meta={"check": f"{c}_present"}) for c in EVENT_REQUIRED),
        exp.ExpectColumnValuesToBeInSet(column="cameo_code", value_set=sorted(codebook),
                                        meta={"check": "cameo_code_in_codebook"}),
        # the codebook's values for each row's code and root are looked up beside it (see _event_frame)
        exp.ExpectColumnPairValuesToBeEqual(column_A="cameo_root", column_B="codebook_root",
                                            meta={"check": "cameo_root_is_first_two_digits"}),
        exp.ExpectColumnPairValuesToBeEqual(column_A="goldstein", column_B="codebook_goldstein",
                                            meta={"check": "goldstein_is_codebook_value"}),
        exp.ExpectColumnPairValuesToBeEqual(column_A="quad_class", column_B="codebook_quad_class",
                                            meta={"check": "quad_class_matches_root"}),
        exp.ExpectColumnValuesToBeInSet(column="mode", value_set=list(MODES), meta={"check": "mode_known"}),
        *(exp.ExpectColumnValuesToMatchRegex(column=c, regex=WELL_FORMED_ACTOR, meta={"check": f"{c}_well_formed"})
          for c in ("source_code", "target_code")),
        *(exp.ExpectColumnValuesToMatchRegex(column=c, regex=reference.known_actor, meta={"check": f"{c}_known"})
          for c in ("source_code", "target_code")),
        exp.ExpectColumnValuesToBeBetween(column="event_date", min_value=EARLIEST_DATE, max_value=today,
                                          meta={"check": "event_date_between_1900_and_today"}),
        exp.ExpectColumnPairValuesToBeEqual(column_A="event_date", column_B="article_date",
                                            ignore_row_if="both_values_are_missing",
                                            meta={"check": "event_date_is_article_date"}),
        exp.ExpectColumnValuesToBeUnique(column="event_id", meta={"check": "event_id_unique"}),
        exp.ExpectColumnValuesToNotBeNull(column="article_date", meta={"check": "article_in_articles"}),
        exp.ExpectColumnValueLengthsToBeBetween(column="sentence_text", min_value=1,
                                                meta={"check": "sentence_text_not_empty"}),
        exp.ExpectCompoundColumnsToBeUnique(column_list=EVENT_KEY, meta={"check": "one_event_per_sentence_dyad_code"}),
        *_provenance_expectations(reference),
    ]


def _provenance_expectations(reference: Reference) -> list[Any]:
    """Checks of the provenance and PLOVER columns: known ways of resolving actors, spans that are
    spans, and each row's PLOVER category as the project's table gives it for its code."""
    import great_expectations as gx

    exp = gx.expectations
    checks = [
        *(exp.ExpectColumnValuesToBeInSet(column=f"{role}_via", value_set=list(VIAS), meta={"check": f"{role}_via_known"})
          for role in ("source", "target")),
        *(exp.ExpectColumnPairValuesAToBeGreaterThanB(column_A=f"{part}_end", column_B=f"{part}_start",
                                                      ignore_row_if="either_value_is_missing",
                                                      meta={"check": f"{part}_span_not_empty"})
          for part in ("source", "target", "verb")),
    ]
    if reference.plover:
        checks.append(exp.ExpectColumnPairValuesToBeEqual(column_A="plover_event", column_B="table_plover_event",
                                                          ignore_row_if="both_values_are_missing",
                                                          meta={"check": "plover_event_is_table_value"}))
    return checks


def derived_expectations(item: DerivedTable) -> list[Any]:
    """A derived dataset's suite: one row per group, counts that are counts and add up to the events
    counted, and (deduplicated events) listed ids or (aggregates) quad-class counts that add up."""
    import great_expectations as gx

    exp = gx.expectations
    count = "n_mentions" if item.kind == "dedup" else "n_events"
    checks = [
        exp.ExpectCompoundColumnsToBeUnique(column_list=list(item.keys), meta={"check": "one_row_per_group"}),
        exp.ExpectColumnValuesToBeBetween(column=count, min_value=1, meta={"check": f"{count}_at_least_one"}),
        exp.ExpectColumnSumToBeBetween(column=count, min_value=item.total, max_value=item.total,
                                       meta={"check": "every_event_counted_once"}),
    ]
    if item.kind == "dedup":
        return [*checks,
                exp.ExpectColumnValuesToBeUnique(column="event_id", meta={"check": "event_id_unique"}),
                exp.ExpectColumnValuesToBeBetween(column="n_articles", min_value=1, meta={"check": "n_articles_at_least_one"}),
                exp.ExpectColumnPairValuesAToBeGreaterThanB(column_A="n_mentions", column_B="n_articles", or_equal=True,
                                                            meta={"check": "n_articles_at_most_n_mentions"}),
                exp.ExpectColumnPairValuesToBeEqual(column_A="n_mentions", column_B="n_event_ids",
                                                    meta={"check": "every_collapsed_event_id_listed"})]
    return [*checks,
            exp.ExpectColumnPairValuesToBeEqual(column_A="n_events", column_B="quad_total",
                                                meta={"check": "quad_class_counts_add_up"}),
            exp.ExpectColumnValuesToBeBetween(column="goldstein_mean", min_value=-10, max_value=10,
                                              meta={"check": "goldstein_mean_within_scale"})]


def article_expectations(reference: Reference) -> list[Any]:
    """The articles suite: the ledger of input records."""
    import great_expectations as gx

    exp = gx.expectations
    checks = [
        exp.ExpectColumnValuesToNotBeNull(column="article_id", meta={"check": "article_id_present"}),
        exp.ExpectColumnValuesToBeUnique(column="article_id", meta={"check": "article_id_unique"}),
        exp.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES), meta={"check": "status_known"}),
        exp.ExpectColumnValuesToNotBeNull(column="reason", row_condition='status!="coded"', condition_parser="pandas",
                                          meta={"check": "reason_for_every_article_set_aside"}),
    ]
    if reference.n_records is not None:  # input = coded + discarded + quarantined
        checks.append(exp.ExpectTableRowCountToEqual(value=reference.n_records,
                                                     meta={"check": "one_row_per_input_record"}))
    return checks


def run_expectations(profile: RunProfile, previous: RunProfile | None, policy: ValidationPolicy) -> list[Any]:
    """The run suite, over a one-row frame of :func:`run_frame`; empty for runs too small to judge."""
    import great_expectations as gx

    exp = gx.expectations
    enough = policy.min_events_for_profile
    checks = []
    if profile.n_coded_articles >= enough:  # a broken model codes hundreds of articles into no events
        checks.append(exp.ExpectColumnValuesToBeBetween(
            column="articles_with_events", min_value=policy.min_articles_with_events, max_value=1.0,
            meta={"check": "share_of_articles_with_events"}))
    if profile.n_events < enough:
        return checks
    checks.append(exp.ExpectColumnValuesToBeBetween(column="max_root_share", min_value=0.0,
                                                    max_value=policy.max_root_share, meta={"check": "largest_root_share"}))
    if previous is not None and previous.n_events >= enough:
        checks.append(exp.ExpectColumnValuesToBeBetween(
            column="root_shift", min_value=0.0, max_value=policy.max_root_shift, severity="warning",
            meta={"check": "root_distribution_shift_from_previous_run"}))
    return checks


def run_frame(profile: RunProfile, previous: RunProfile | None) -> pd.DataFrame:
    return pd.DataFrame([{
        "articles_with_events": profile.articles_with_events,
        "max_root_share": max(profile.root_shares.values(), default=0.0),
        "root_shift": profile.shift_from(previous) if previous is not None else None,
    }])


def known_actor_regex(dictionaries: Dictionaries) -> str:
    """A regular expression for the actor codes the dictionaries can produce: a code of a country,
    organisation or person's role, followed by sector codes."""
    roots = {entry.code for entry in (*dictionaries.names_exact.values(), *dictionaries.names_lower.values())}
    roots.update(role.code for person in dictionaries.people() for role in person.roles)
    alternatives = "|".join(sorted(map(re.escape, roots), key=lambda r: (-len(r), r)))
    return rf"^(?:{alternatives})(?:{'|'.join(sorted(SECTORS))})*$"


# --------------------------------------------------------------------------- running


def validate_run(events: pa.Table, articles: pa.Table, reference: Reference, reports_dir: Path,
                 policy: ValidationPolicy | None = None,
                 derive: Callable[[pa.Table], Derived] | None = None) -> Validated:
    """Run the three suites, split the events, make the derived datasets of the valid ones with
    ``derive`` and check each, write Data Docs and JSON under ``reports_dir``."""
    policy = policy or ValidationPolicy()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    context = _context(reports_dir / "validation")
    event_frame = _event_frame(events, articles, reference)
    profile = RunProfile.of(events, articles)
    suites: dict[str, tuple[list[Any], pd.DataFrame]] = {
        "events": (event_expectations(reference), event_frame),
        "articles": (article_expectations(reference), _frame(articles)),
        "run": (run_expectations(profile, reference.previous, policy), run_frame(profile, reference.previous)),
    }
    outcomes: list[ExpectationOutcome] = []
    failed_rows: dict[int, list[str]] = {}
    raw: dict[str, Any] = {}
    for name, (expectations, frame) in suites.items():
        if not expectations:
            continue
        result = _run_suite(context, name, expectations, frame, complete=name == "events")
        outcomes += _outcomes(name, result)
        if name == "events":
            failed_rows = _keep_first_copies(_failed_rows(result), frame)
        raw[name] = _trimmed(result)
    valid, quarantine = split_events(events, failed_rows)
    derived = derive(valid) if derive is not None else None
    for item in derived.tables if derived is not None else ():
        if item.table.num_rows:  # an empty dataset has nothing to check
            result = _run_suite(context, item.name, derived_expectations(item), _derived_frame(item), complete=False)
            outcomes += _outcomes(item.name, result)
            raw[item.name] = _trimmed(result)
    context.build_data_docs(site_names=["validation"])  # once, for all suites
    shift = profile.shift_from(reference.previous) if reference.previous is not None else None
    notes = () if profile.n_events >= policy.min_events_for_profile else (
        f"root distribution checks skipped: {profile.n_events} events, fewer than {policy.min_events_for_profile}",)
    critical_ok = all(o.success for o in outcomes if o.suite != "events" and o.severity != "warning")
    within = (len(failed_rows) <= policy.max_quarantine_share * events.num_rows) if events.num_rows else True
    reports_dir.mkdir(parents=True, exist_ok=True)
    json_path = reports_dir / "validation.json"
    json_path.write_text(json.dumps(raw, indent=2, default=str) + "\n", encoding="utf-8")
    index = reports_dir / "validation" / "index.html"
    report = ValidationReport(critical_ok and within, tuple(outcomes), index if index.exists() else None, json_path,
                              events.num_rows, len(failed_rows), policy.max_quarantine_share, profile, shift, notes)
    return Validated(valid, quarantine, report, derived)


def split_events(events: pa.Table, failed_rows: Mapping[int, list[str]]) -> tuple[pa.Table, pa.Table]:
    """The rows that passed, and the rows that failed with the names of the checks they failed."""
    bad = sorted(failed_rows)
    keep = sorted(set(range(events.num_rows)) - set(bad))
    quarantine = events.take(pa.array(bad, type=pa.int64())).append_column(
        QUARANTINE_COLUMN, pa.array([sorted(set(failed_rows[i])) for i in bad], type=pa.list_(pa.string())))
    return events.take(pa.array(keep, type=pa.int64())), quarantine


def _frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=None).reset_index(drop=True)


def _event_frame(events: pa.Table, articles: pa.Table, reference: Reference) -> pd.DataFrame:
    """Events with dates as timestamps and, beside each row, what it is checked against: the date of
    its article (missing when the article is not in the articles table), the codebook's root and
    Goldstein value of its code, the quad class of its root and the PLOVER event of its code."""
    codebook = reference.codebook
    frame = _frame(events)
    dates = dict(zip(articles.column("article_id").to_pylist(), articles.column("date").to_pylist(), strict=True))
    frame["article_date"] = pd.to_datetime(frame["article_id"].map(dates))
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    frame["codebook_root"] = frame["cameo_code"].map({c: r.root for c, r in codebook.items()})
    frame["codebook_goldstein"] = frame["cameo_code"].map({c: r.goldstein for c, r in codebook.items()})
    quads = {r.root: r.quad_class for r in codebook.values()}
    frame["codebook_quad_class"] = frame["cameo_root"].map(quads).astype("Int64")
    frame["quad_class"] = frame["quad_class"].astype("Int64")
    frame["table_plover_event"] = frame["cameo_code"].map({c: r.event for c, r in reference.plover.items()})
    return frame


def _derived_frame(item: DerivedTable) -> pd.DataFrame:
    """A derived table with, beside each row, what its counts are checked against."""
    frame = _frame(item.table)
    if item.kind == "dedup":
        frame["n_event_ids"] = frame["event_ids"].map(len)
    else:
        frame["quad_total"] = frame[list(QUAD_COLUMNS)].sum(axis=1)
    return frame


def _context(docs_dir: Path) -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # the ephemeral context announces the temporary folder of its default docs site, which we remove
    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for name, site in list(context.list_data_docs_sites().items()):  # the default site is a temp folder
        context.delete_data_docs_site(name)
        shutil.rmtree(site.get("store_backend", {}).get("base_directory", ""), ignore_errors=True)
    context.add_data_docs_site(site_name="validation", site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    return context


def _run_suite(context: Any, name: str, expectations: Iterable[Any], frame: pd.DataFrame, *,
               complete: bool) -> dict[str, Any]:
    import great_expectations as gx

    asset = context.data_sources.add_pandas(name).add_dataframe_asset(name)
    batch = asset.add_batch_definition_whole_dataframe(name)
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=list(expectations)))
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
    # COMPLETE lists every failing row's index (for the quarantine); SUMMARY keeps the others small.
    # The result is stored in the context, for the Data Docs built after all suites ran.
    result = definition.run(batch_parameters={"dataframe": frame},
                            result_format={"result_format": "COMPLETE" if complete else "SUMMARY"})
    return result.to_json_dict()


def _check_name(config: Mapping[str, Any]) -> str:
    return str((config.get("meta") or {}).get("check") or config["type"])


def _outcomes(suite: str, result: dict[str, Any]) -> list[ExpectationOutcome]:
    outcomes = []
    for item in result["results"]:
        config = item["expectation_config"]
        kwargs = config["kwargs"]
        outcomes.append(ExpectationOutcome(
            suite=suite, check=_check_name(config), expectation=config["type"],
            column=kwargs.get("column") or kwargs.get("column_A"), success=bool(item["success"]),
            unexpected_count=int(item["result"].get("unexpected_count") or (0 if item["success"] else 1)),
            severity=str(config.get("severity") or "critical"),
        ))
    return outcomes


def _failed_rows(result: dict[str, Any]) -> dict[int, list[str]]:
    """Row index → names of the row-level checks the row failed."""
    failed: dict[int, list[str]] = {}
    for item in result["results"]:
        if item["success"]:
            continue
        name = _check_name(item["expectation_config"])
        for index in item["result"].get("unexpected_index_list") or []:
            row = index if isinstance(index, int) else int(next(iter(index.values())))
            failed.setdefault(int(row), []).append(name)
    return failed


def _keep_first_copies(failed: dict[int, list[str]], frame: pd.DataFrame) -> dict[int, list[str]]:
    """Duplicates fail the uniqueness checks all together; the first copy of each stays in ``events/``."""
    for check, columns in UNIQUE_CHECKS.items():
        firsts = set(frame.index[~frame.duplicated(subset=columns, keep="first")])
        failed = {row: [n for n in names if not (n == check and row in firsts)] for row, names in failed.items()}
    return {row: names for row, names in failed.items() if names}


def _trimmed(result: dict[str, Any]) -> dict[str, Any]:
    """The raw result without the complete lists of failing values and rows (the quarantine has them)."""
    for item in result.get("results", []):
        for key in ("unexpected_list", "unexpected_index_list", "unexpected_index_query"):
            item.get("result", {}).pop(key, None)
    return result
