"""The event coder: one parsed article in, its coded events and its status out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc

from coders.actors import (
    Actor,
    Mention,
    References,
    find_mentions,
    is_place,
    phrase_actor,
    phrase_actors,
    phrase_head,
)
from coders.dictionaries import Dictionaries, Discard
from coders.extract import RawEvent, register_proposals, sentence_events
from coders.modality import Mode
from coders.parsed import ParsedDoc, Span, Strings, Word

Status = Literal["coded", "discarded", "quarantined"]
WORD_RE = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class CodedEvent:
    """An event with its sentence; the codebook fields are added when rows are written."""

    sentence_index: int
    sentence_text: str
    source: Actor
    target: Actor
    code: str
    pattern_id: str
    verb_text: str
    verb_offset: int  # character offset of the verb (or event noun) in its sentence
    mode: Mode
    source_chars: tuple[int, int] | None = None  # character span of the source's words in the sentence
    target_chars: tuple[int, int] | None = None  # (None: the actor is implied, or named in another sentence)


@dataclass(frozen=True)
class ArticleResult:
    """What coding made of one article."""

    article_id: str
    status: Status
    reason: str | None
    n_sentences: int
    events: tuple[CodedEvent, ...]


class EventCoder:
    """Codes parsed articles with one set of dictionaries (immutable, safe to share)."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.dictionaries = dictionaries
        self._article_discards = tuple(d for d in dictionaries.discards if d.scope == "article")
        self._sentence_discards = tuple(d for d in dictionaries.discards if d.scope == "sentence")
        self._strings = Strings()  # spaCy string hashes seen so far (grows with the vocabulary, not the corpus)

    def code(self, doc: Doc | ParsedDoc, article_id: str, date: dt.date | None,
             title: str | None = None) -> ArticleResult:
        """Code one parsed article; discards it when a story-level discard phrase matches."""
        if isinstance(doc, ParsedDoc):
            return self._code(doc, article_id, date, title)
        view = ParsedDoc(doc, self._strings)
        try:
            return self._code(view, article_id, date, title)
        finally:
            view.release()  # freed now, by reference counting, rather than later by the cyclic collector

    def _code(self, doc: ParsedDoc, article_id: str, date: dt.date | None, title: str | None) -> ArticleResult:
        sentences = doc.sents
        reason = self._article_discard(title, sentences[:2])
        if reason is not None:
            return ArticleResult(article_id, "discarded", reason, len(sentences), ())
        mentions = find_mentions(doc, self.dictionaries)
        refs = References(date)
        events: list[CodedEvent] = []
        for index, sent in enumerate(sentences):
            register_actors(sent, mentions, refs)
            register_proposals(sent, mentions, refs)
            if _matches_any(_lower_tokens(sent), self._sentence_discards) is not None:
                continue
            raws = list(sentence_events(sent, mentions, refs, self.dictionaries))
            _remember_parties(raws, refs)
            events.extend(_coded(index, sent, raw) for raw in raws)
        return ArticleResult(article_id, "coded", None, len(sentences), tuple(events))

    def _article_discard(self, title: str | None, lead: list[Span]) -> str | None:
        texts = [tuple(WORD_RE.findall(title.lower()))] if title else []
        texts += [_lower_tokens(sent) for sent in lead]
        for tokens in texts:
            found = _matches_any(tokens, self._article_discards)
            if found is not None:
                return f"discard: {found.reason} ({' '.join(found.phrase)!r})"
        return None


def _lower_tokens(sent: Span) -> tuple[str, ...]:
    return tuple(sent.doc.lowers[sent.start:sent.end])


def _matches_any(tokens: tuple[str, ...], discards: Iterable[Discard]) -> Discard | None:
    padded = " " + " ".join(tokens) + " "
    for discard in discards:
        if " " + " ".join(discard.phrase) + " " in padded:
            return discard
    return None


def register_actors(sent: Span, mentions: dict[int, Mention], refs: References) -> None:
    """Record every actor phrase of the sentence, in order, for later pronouns and references."""
    heads = {}
    for token in sent:
        if token.i in mentions:
            head = phrase_head(token)
            heads.setdefault(head.i, head)
    for head in sorted(heads.values(), key=lambda t: t.i):
        if is_place(head):  # a location is not what a later "they" or "the minister" refers to
            continue
        actor = phrase_actor(head, mentions, refs)
        if actor is not None:
            refs.add(actor)
            refs.learn_name(head, actor, mentions)
            _remember_coordination(head, actor, mentions, refs)


def _remember_coordination(head: Word, actor: Actor, mentions: dict[int, Mention], refs: References) -> None:
    """"Turkey and Greece had poor relations, but the two countries' leaders spoke": coordinated
    subjects are the parties a later "they" or "the two countries" means."""
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return
    if head.conjuncts:
        parties = [actor, *(a for c in head.conjuncts if (a := phrase_actor(c, mentions, refs)) is not None)]
        at = max(c.i for c in head.conjuncts)
    else:  # "Thai and Cambodian troops exchanged fire, with each side accusing the other"
        parties = [a for a in phrase_actors(head, mentions, refs) if a.via == "dictionary"]  # not "the two sides"
        at = head.i
    if len({p.code for p in parties}) > 1:
        refs.set_group(at, tuple(parties))


def _remember_parties(raws: list[RawEvent], refs: References) -> None:
    """The parties of the sentence's last mutual event (coded both ways) are what a later "they" means."""
    pairs = {(r.source.code, r.target.code): r for r in raws}
    mutual = [r for r in raws if (r.target.code, r.source.code) in pairs]
    if mutual:
        last = mutual[-1]
        refs.set_group(last.anchor.i, (last.source, last.target))


def _coded(index: int, sent: Span, raw: RawEvent) -> CodedEvent:
    return CodedEvent(
        sentence_index=index,
        sentence_text=sent.text,
        source=raw.source,
        target=raw.target,
        code=raw.code,
        pattern_id=raw.pattern.id,
        verb_text=raw.anchor.text,
        verb_offset=raw.anchor.idx - sent.start_char,
        mode=raw.mode,
        source_chars=_chars(raw.source, sent),
        target_chars=_chars(raw.target, sent),
    )


def _chars(actor: Actor, sent: Span) -> tuple[int, int] | None:
    """The character span (start, end) in ``sent`` of the words an actor was read from, or None when
    they are not in the sentence (an implied actor has none)."""
    if not sent.start <= actor.start < actor.end <= sent.end:
        return None
    words = sent.doc[actor.start:actor.end]
    return words.start_char - sent.start_char, words.end_char - sent.start_char
