"""Validate: Great Expectations suites over the events and articles of a run.

The suites are code, versioned with the project. :func:`validate_run` runs them in an ephemeral
Great Expectations context, writes the Data Docs HTML under ``DIR/reports/validation/`` and the raw
results as ``DIR/reports/validation.json``, and returns a short :class:`ValidationReport`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from coders.codebook import Codebook

EVENT_REQUIRED = ("event_id", "article_id", "sentence_index", "sentence_text", "event_date", "source_code",
                  "target_code", "cameo_code", "cameo_root", "quad_class", "goldstein", "pattern_id", "mode",
                  "coder_version", "dictionary_sha256", "model", "run_id")
MODES = ("asserted", "negated", "hypothetical", "future")
STATUSES = ("coded", "discarded", "quarantined")


@dataclass(frozen=True)
class ExpectationOutcome:
    suite: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of a validation: pass/fail, one line per expectation, and where the reports are."""

    success: bool
    outcomes: tuple[ExpectationOutcome, ...] = field(default=())
    html_index: Path | None = None
    json_path: Path | None = None

    @property
    def n_passed(self) -> int:
        return sum(o.success for o in self.outcomes)

    @property
    def n_failed(self) -> int:
        return sum(not o.success for o in self.outcomes)

    def summary(self) -> str:
        lines = [f"validation: {'PASSED' if self.success else 'FAILED'} — "
                 f"{self.n_passed} expectations passed, {self.n_failed} failed"]
        lines += [f"  FAILED {o.suite}: {o.expectation}({o.column or ''}) — {o.unexpected_count} rows"
                  for o in self.outcomes if not o.success]
        if self.html_index:
            lines.append(f"  report: {self.html_index}")
        return "\n".join(lines)


def event_expectations(codebook: Codebook) -> list[Any]:
    """The events suite: codes in the codebook, required fields, ranges, unique ids."""
    import great_expectations as gx

    exp = gx.expectations
    return [
        *(exp.ExpectColumnValuesToNotBeNull(column=c) for c in EVENT_REQUIRED),
        exp.ExpectColumnValuesToBeInSet(column="cameo_code", value_set=sorted(codebook)),
        exp.ExpectColumnValuesToBeBetween(column="goldstein", min_value=-10, max_value=10),
        exp.ExpectColumnValuesToBeInSet(column="quad_class", value_set=[1, 2, 3, 4]),
        exp.ExpectColumnValuesToBeInSet(column="mode", value_set=list(MODES)),
        exp.ExpectColumnValuesToBeUnique(column="event_id"),
        exp.ExpectColumnValuesToMatchRegex(column="source_code", regex=r"^[A-Z]{3}(?:[A-Z]{3})*$"),
        exp.ExpectColumnValuesToMatchRegex(column="target_code", regex=r"^[A-Z]{3}(?:[A-Z]{3})*$"),
    ]


def article_expectations() -> list[Any]:
    """The articles suite: unique ids, known statuses, a reason for every article set aside."""
    import great_expectations as gx

    exp = gx.expectations
    return [
        exp.ExpectColumnValuesToNotBeNull(column="article_id"),
        exp.ExpectColumnValuesToBeUnique(column="article_id"),
        exp.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES)),
        exp.ExpectColumnValuesToNotBeNull(column="reason", row_condition='status!="coded"',
                                          condition_parser="pandas"),
    ]


def validate_run(events: pa.Table, articles: pa.Table, codebook: Codebook, reports_dir: Path) -> ValidationReport:
    """Run both suites, write Data Docs and JSON under ``reports_dir``, return the summary."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    context = _context(reports_dir / "validation")
    frames = {"events": _frame(events), "articles": _frame(articles)}
    suites = {"events": event_expectations(codebook), "articles": article_expectations()}
    outcomes: list[ExpectationOutcome] = []
    raw: dict[str, Any] = {}
    for name, expectations in suites.items():
        result = _run_suite(context, name, expectations, frames[name])
        raw[name] = result
        outcomes += _outcomes(name, result)
    reports_dir.mkdir(parents=True, exist_ok=True)
    json_path = reports_dir / "validation.json"
    json_path.write_text(json.dumps(raw, indent=2, default=str) + "\n", encoding="utf-8")
    index = reports_dir / "validation" / "index.html"
    return ValidationReport(all(o.success for o in outcomes), tuple(outcomes),
                            index if index.exists() else None, json_path)


def _frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=None).reset_index(drop=True)


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


def _run_suite(context: Any, name: str, expectations: Iterable[Any], frame: pd.DataFrame) -> dict[str, Any]:
    import great_expectations as gx

    asset = context.data_sources.add_pandas(name).add_dataframe_asset(name)
    batch = asset.add_batch_definition_whole_dataframe(name)
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=list(expectations)))
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
    checkpoint = context.checkpoints.add(gx.Checkpoint(
        name=name, validation_definitions=[definition],
        actions=[gx.checkpoint.UpdateDataDocsAction(name="docs", site_names=["validation"])],
        result_format={"result_format": "SUMMARY"},
    ))
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    (validation,) = result.run_results.values()
    return validation.to_json_dict()


def _outcomes(suite: str, result: dict[str, Any]) -> list[ExpectationOutcome]:
    outcomes = []
    for item in result["results"]:
        config = item["expectation_config"]
        outcomes.append(ExpectationOutcome(
            suite=suite, expectation=config["type"], column=config["kwargs"].get("column"),
            success=bool(item["success"]), unexpected_count=int(item["result"].get("unexpected_count") or 0),
        ))
    return outcomes
