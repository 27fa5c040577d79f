"""The coder's view of a parse: a spaCy ``Doc`` read once into plain Python objects.

spaCy creates a new ``Token`` object on every access (``doc[i]``, ``token.head``, each of
``token.children``), and the coder's rules walk the tree many times a word: that object creation was
most of the coder's time. :class:`ParsedDoc` reads a ``Doc`` once, through ``Doc.to_array``, into
:class:`Word` objects whose attributes have spaCy's names and meanings (``i``, ``text``, ``lower_``,
``lemma_``, ``pos_``, ``tag_``, ``dep_``, ``head``, ``children``, ``conjuncts``, ``subtree``, ``sent``,
``doc`` …), linked to each other once. The rules read them at the cost of a plain attribute.

Two additions: ``Word.lemma`` is the lower-cased lemma the dictionaries are keyed on, and
:class:`ParsedDoc` keeps per-attribute lists (``texts``, ``lowers``, ``lemmas``, ``tags``,
``sent_starts``) for the dictionary matcher's scans.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import overload

from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_PUNCT,
    IS_QUOTE,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc

ATTRS = [ORTH, LOWER, LEMMA, POS, TAG, DEP, HEAD, IDX, SPACY, SENT_START, IS_PUNCT, IS_QUOTE, ENT_TYPE]


class Word:
    """One token of a parse, with spaCy's attribute names (read-only by convention)."""

    __slots__ = ("i", "text", "lower_", "lemma_", "lemma", "pos_", "tag_", "dep_", "idx", "whitespace_",
                 "is_punct", "is_quote", "ent_type_", "head", "children", "lefts", "rights", "left_edge",
                 "right_edge", "sent", "doc", "_conjuncts")

    def __repr__(self) -> str:
        return self.text

    def __len__(self) -> int:
        return len(self.text)

    @property
    def is_sent_start(self) -> bool:
        return self.sent.start == self.i

    @property
    def conjuncts(self) -> tuple[Word, ...]:
        """Coordinated words, without the word itself, as spaCy's ``Token.conjuncts``."""
        if self._conjuncts is None:
            start = self
            while start.dep_ == "conj" and start.head is not start:
                start = start.head
            found = [start]
            for word in found:
                found.extend(c for c in word.rights if c.dep_ == "conj")
            self._conjuncts = tuple(w for w in found if w is not self)
        return self._conjuncts

    @property
    def subtree(self) -> Iterator[Word]:
        """The word and its descendants in document order, as spaCy's ``Token.subtree``."""
        for word in self.lefts:
            yield from word.subtree
        yield self
        for word in self.rights:
            yield from word.subtree


class Span:
    """Words ``start`` to ``end`` (exclusive) of a :class:`ParsedDoc`; sentences are spans."""

    __slots__ = ("doc", "start", "end")

    def __init__(self, doc: ParsedDoc, start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    def __iter__(self) -> Iterator[Word]:
        return iter(self.doc.words[self.start:self.end])

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, index: int) -> Word:
        return self.doc.words[self.start:self.end][index]

    def __repr__(self) -> str:
        return self.text

    @property
    def start_char(self) -> int:
        return self.doc.words[self.start].idx if self.end > self.start else 0

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.start_char
        last = self.doc.words[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char:self.end_char]


class ParsedDoc:
    """A parsed document: its words, linked into the dependency tree, and its sentences."""

    def __init__(self, doc: Doc) -> None:
        columns = doc.to_array(ATTRS).T.tolist() if len(doc) else [[] for _ in ATTRS]
        orth, lower, lemma, pos, tag, dep, head, idx, space, sent_start, punct, quote, ent = columns
        strings = doc.vocab.strings
        self.texts = _strings(strings, orth)
        self.lowers = _strings(strings, lower)
        lemma_forms = _strings(strings, lemma)
        self.lemmas = [form.lower() for form in lemma_forms]
        self.pos = [POS_NAMES[p] for p in pos]
        self.tags = _strings(strings, tag)
        self.sent_starts = [i == 0 or s == 1 for i, s in enumerate(sent_start)]
        self.text = "".join(t + " " if s else t for t, s in zip(self.texts, space))
        deps, ents = _strings(strings, dep), _strings(strings, ent)
        self.words: list[Word] = []
        for i, text in enumerate(self.texts):
            word = Word()
            word.i, word.text, word.lower_, word.lemma_, word.lemma = i, text, self.lowers[i], lemma_forms[i], \
                self.lemmas[i]
            word.pos_, word.tag_, word.dep_, word.idx, word.ent_type_ = self.pos[i], self.tags[i], deps[i], idx[i], \
                ents[i]
            word.whitespace_, word.is_punct, word.is_quote = " " if space[i] else "", punct[i] == 1, quote[i] == 1
            word.doc, word._conjuncts = self, None
            self.words.append(word)
        # HEAD is a relative offset stored unsigned: a negative offset wraps round 2**64
        _link(self.words, [i + (h - (1 << 64) if h >= 1 << 63 else h) for i, h in enumerate(head)])
        self.sents: list[Span] = _sentences(self, self.sent_starts)

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[Word]:
        return iter(self.words)

    @overload
    def __getitem__(self, index: int) -> Word: ...

    @overload
    def __getitem__(self, index: slice) -> Span: ...

    def __getitem__(self, index: int | slice) -> Word | Span:
        if isinstance(index, slice):
            start, stop, _ = index.indices(len(self.words))
            return Span(self, start, max(start, stop))
        return self.words[index]


def parsed(doc: Doc | ParsedDoc) -> ParsedDoc:
    """``doc`` as a :class:`ParsedDoc` (read once; a ``ParsedDoc`` is returned as it is)."""
    return doc if isinstance(doc, ParsedDoc) else ParsedDoc(doc)


def _strings(strings: StringStore, hashes: list[int]) -> list[str]:
    """The strings of ``hashes``, each distinct hash looked up once."""
    found = {h: strings[h] for h in set(hashes)}
    return [found[h] for h in hashes]


def _link(words: list[Word], heads: list[int]) -> None:
    """Set each word's head, children (left to right), lefts, rights and subtree edges."""
    lefts: list[list[Word]] = [[] for _ in words]
    rights: list[list[Word]] = [[] for _ in words]
    for word, head in zip(words, heads):
        word.head = words[head]
        if head > word.i:
            lefts[head].append(word)
        elif head < word.i:
            rights[head].append(word)
    for word, left, right in zip(words, lefts, rights):
        word.lefts, word.rights = tuple(left), tuple(right)
        word.children = word.lefts + word.rights if right else word.lefts
        word.left_edge = word.right_edge = word
    for word in _bottom_up(words):
        for kid in word.children:
            if kid.left_edge.i < word.left_edge.i:
                word.left_edge = kid.left_edge
            if kid.right_edge.i > word.right_edge.i:
                word.right_edge = kid.right_edge


def _bottom_up(words: list[Word]) -> list[Word]:
    """Words ordered so that every word comes after all its descendants."""
    order = [w for w in words if w.head is w]
    for word in order:
        order.extend(word.children)
    return order[::-1]


def _sentences(doc: ParsedDoc, starts: list[bool]) -> list[Span]:
    bounds = [i for i, start in enumerate(starts) if start] + [len(starts)]
    sents = [Span(doc, a, b) for a, b in zip(bounds, bounds[1:])]
    for sent in sents:
        for word in doc.words[sent.start:sent.end]:
            word.sent = sent
    return sents
