"""Explain: show why a text codes as it does — parse, actors, patterns and events, sentence by sentence."""

from __future__ import annotations

import datetime as dt

from coders.actors import Mention, References, find_mentions
from coders.coder import EventCoder, register_actors
from coders.config import Settings
from coders.dictionaries import Dictionaries
from coders.extract import source_heads
from coders.modality import modality
from coders.parse import load_model
from coders.parsed import ParsedDoc, Span
from coders.pipeline import current_dictionaries
from coders.verbs import match_pattern


def explain(text: str, date: dt.date | None = None, settings: Settings | None = None) -> str:
    """A plain-text account of how ``text`` (dated ``date``) is coded."""
    settings = settings or Settings.from_env()
    nlp = load_model(settings.model)
    dictionaries = current_dictionaries(settings)
    doc = ParsedDoc(nlp(text))
    mentions = find_mentions(doc, dictionaries)
    refs = References(date)
    lines: list[str] = []
    for index, sent in enumerate(doc.sents):
        register_actors(sent, mentions, refs)
        lines += [f"sentence {index}: {sent.text.strip()}", "  parse:"]
        lines += [f"    {t.i:>3} {t.text:<16} {t.lemma_:<14} {t.pos_:<6} {t.dep_:<10} -> {t.head.i}" for t in sent]
        lines += ["  actors:", *_actor_lines(sent, mentions, date)]
        lines += ["  patterns:", *_pattern_lines(sent, dictionaries)]
    result = EventCoder(dictionaries).code(doc, "explain", date)
    lines.append("events:")
    lines += [f"  [{e.sentence_index}] {e.source.code} ({e.source.text!r}) → {e.target.code} ({e.target.text!r}) "
              f"{e.code} {dictionaries.codebook[e.code].name!r} via {e.pattern_id!r} on {e.verb_text!r} "
              f"[{e.mode}]" for e in result.events] or ["  (none)"]
    return "\n".join(lines)


def _actor_lines(sent: Span, mentions: dict[int, Mention], date: dt.date | None) -> list[str]:
    seen, lines = set(), []
    for token in sent:
        mention = mentions.get(token.i)
        if mention is None or mention.start in seen:
            continue
        seen.add(mention.start)
        words = sent.doc[mention.start:mention.end].text
        if mention.entry is not None:
            entry = mention.entry
            lines.append(f"    {words!r}: {entry.kind} {entry.label!r} → {entry.code_on(date)} ({entry.source})")
        elif mention.agent is not None:
            agent = mention.agent
            lines.append(f"    {words!r}: agent {agent.term!r} → sector {agent.sector or '(country)'} ({agent.source})")
    return lines or ["    (none)"]


def _pattern_lines(sent: Span, dictionaries: Dictionaries) -> list[str]:
    lines = []
    for token in sent:
        match = match_pattern(token, dictionaries)
        if match is None:
            continue
        p = match.pattern
        sources = ", ".join(t.text for t in source_heads(token)) or "-"
        targets = ", ".join(t.text for t in match.target_heads) or "-"
        lines.append(f"    {token.text!r} ~ {p.id!r} ({p.code}): source heads [{sources}], "
                     f"target heads [{targets}], mode {modality(token)}")
    return lines or ["    (none)"]
