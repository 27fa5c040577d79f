"""Evaluate the coder on gold-standard sentences: precision, recall and F1, per root, with misses.

A gold file is JSONL: ``{"id", "date", "text", "expected": [{"source", "target", "code"}]}``. Scores
are computed on the set of unique (source actor, target actor, root) per item — the *root + dyad*
score — and on (source actor, target actor, full code). An actor is its country (``CHNGOV`` → ``CHN``)
or, for organisations, the organisation (``IGOUNOKID`` → ``IGOUNO``). Only events whose mode is
``asserted`` count as predictions, as in the default analyses.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coders.coder import EventCoder
from coders.config import Settings
from coders.dictionaries import ORG_ROOTS
from coders.errors import InputError
from coders.parse import load_model, parse_texts

Key = tuple[str, str, str]  # (source actor, target actor, code or root)


@dataclass(frozen=True)
class GoldItem:
    id: str
    date: dt.date | None
    text: str
    expected: tuple[tuple[str, str, str], ...]  # (source code, target code, CAMEO code)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: set[Key], expected: set[Key]) -> None:
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Difference:
    item_id: str
    kind: str  # "miss" (expected, not coded) or "false" (coded, not expected)
    key: Key
    text: str


@dataclass
class EvaluationReport:
    n_items: int
    root_dyad: Score = field(default_factory=Score)
    full_code: Score = field(default_factory=Score)
    per_root: dict[str, Score] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "items": self.n_items,
            "root_dyad": self.root_dyad.as_dict(),
            "full_code": self.full_code.as_dict(),
            "per_root": {root: score.as_dict() for root, score in sorted(self.per_root.items())},
            "differences": [d.__dict__ for d in self.differences],
        }

    def text(self, max_differences: int = 50) -> str:
        lines = [f"gold items: {self.n_items}", f"{'':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for name, score in (("root+dyad", self.root_dyad), ("full code", self.full_code)):
            lines.append(_score_line(name, score))
        lines.append("per root (root+dyad):")
        lines += [_score_line(f"  {root}", score) for root, score in sorted(self.per_root.items())]
        shown = self.differences[:max_differences]
        lines.append(f"differences ({len(self.differences)}, showing {len(shown)}):")
        lines += [f"  {d.item_id} {d.kind:<5} {d.key[0]}→{d.key[1]} {d.key[2]}  | {d.text[:110]}" for d in shown]
        return "\n".join(lines)


def _score_line(name: str, score: Score) -> str:
    return (f"{name:<12}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
            f"{score.tp:>6}{score.fp:>6}{score.fn:>6}")


def load_gold(path: Path) -> list[GoldItem]:
    """Read and check a gold JSONL file; errors name the file and line."""
    items = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                expected = tuple((e["source"], e["target"], e["code"]) for e in data["expected"])
                date = dt.date.fromisoformat(data["date"]) if data.get("date") else None
                items.append(GoldItem(str(data["id"]), date, str(data["text"]), expected))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise InputError(f"{path}:{number}: not a gold item ({type(exc).__name__}: {exc})") from None
    return items


def dyad_actor(code: str) -> str:
    """The actor an evaluation compares: the country, or the organisation (root + first code)."""
    return code[:6] if code[:3] in ORG_ROOTS else code[:3]


def evaluate(gold: Sequence[GoldItem], settings: Settings | None = None) -> EvaluationReport:
    """Code every gold item and score the coder against it."""
    from coders.pipeline import current_dictionaries

    settings = settings or Settings.from_env()
    nlp = load_model(settings.model)
    dictionaries = current_dictionaries(settings)
    coder = EventCoder(dictionaries)
    report = EvaluationReport(n_items=len(gold))
    for item, doc in zip(gold, parse_texts(nlp, [g.text for g in gold]), strict=True):
        result = coder.code(doc, item.id, item.date)
        predicted = {(e.source.code, e.target.code, e.code) for e in result.events if e.mode == "asserted"}
        _score_item(report, item, predicted, set(item.expected))
    return report


def _score_item(report: EvaluationReport, item: GoldItem, predicted: set[Key], expected: set[Key]) -> None:
    pred_root, gold_root = _keys(predicted, root=True), _keys(expected, root=True)
    report.root_dyad.add(pred_root, gold_root)
    report.full_code.add(_keys(predicted, root=False), _keys(expected, root=False))
    for root in {k[2] for k in pred_root | gold_root}:
        report.per_root.setdefault(root, Score()).add({k for k in pred_root if k[2] == root},
                                                      {k for k in gold_root if k[2] == root})
    report.differences += [Difference(item.id, "miss", k, item.text) for k in sorted(gold_root - pred_root)]
    report.differences += [Difference(item.id, "false", k, item.text) for k in sorted(pred_root - gold_root)]


def _keys(events: Iterable[Key], *, root: bool) -> set[Key]:
    return {(dyad_actor(s), dyad_actor(t), c[:2] if root else c) for s, t, c in events}


def evaluate_file(path: Path | str, settings: Settings | None = None) -> EvaluationReport:
    return evaluate(load_gold(Path(path)), settings)

