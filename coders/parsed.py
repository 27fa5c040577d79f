"""The coder's view of a parse: a spaCy ``Doc`` read once into plain Python objects.

spaCy creates a new ``Token`` object on every access (``doc[i]``, ``token.head``, each of
``token.children``), and the coder's rules walk the tree many times a word: that object creation was
most of the coder's time. :class:`ParsedDoc` reads a ``Doc`` once, through ``Doc.to_array``, into
:class:`Word` objects whose attributes have spaCy's names and meanings (``i``, ``text``, ``lower_``,
``lemma_``, ``pos_``, ``tag_``, ``dep_``, ``head``, ``children``, ``lefts``, ``rights``, ``conjuncts``,
``subtree``, ``left_edge``, ``right_edge``, ``sent``, ``doc`` …), linked to each other once. The rules
read the frequent ones at the cost of a plain attribute; the rare ones are computed when asked for.

Two additions: ``Word.lemma`` is the lower-cased lemma the dictionaries are keyed on (spaCy's
``Token.lemma`` is a hash), and :class:`ParsedDoc` keeps per-attribute lists (``texts``, ``lowers``,
``lemmas``, ``pos``, ``tags``, ``sent_starts``) for the dictionary matcher's scans.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import overload

from spacy.attrs import (
    DEP,
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
from spacy.tokens import Doc

ATTRS = [ORTH, LOWER, LEMMA, TAG, DEP, POS, HEAD, IDX, SPACY, SENT_START, IS_PUNCT, IS_QUOTE]  # strings first


class Word:
    """One token of a parse, with spaCy's attribute names (read-only by convention)."""

    __slots__ = ("i", "text", "lower_", "lemma", "pos_", "tag_", "dep_", "head", "children", "sent", "doc")

    def __repr__(self) -> str:
        return self.text

    def __len__(self) -> int:
        return len(self.text)

    # the rarer attributes, read from the document's columns
    @property
    def lemma_(self) -> str:
        return self.doc.lemma_forms[self.i]

    @property
    def idx(self) -> int:
        return self.doc.idxs[self.i]

    @property
    def whitespace_(self) -> str:
        return " " if self.doc.spaces[self.i] else ""

    @property
    def is_punct(self) -> bool:
        return self.doc.puncts[self.i] == 1

    @property
    def is_quote(self) -> bool:
        return self.doc.quotes[self.i] == 1

    @property
    def ent_type_(self) -> str:
        return self.doc.spacy[self.i].ent_type_

    @property
    def is_sent_start(self) -> bool:
        return self.sent.start == self.i

    # the tree beyond head and children
    @property
    def lefts(self) -> tuple[Word, ...]:
        return tuple(c for c in self.children if c.i < self.i)

    @property
    def rights(self) -> tuple[Word, ...]:
        return tuple(c for c in self.children if c.i > self.i)

    @property
    def conjuncts(self) -> tuple[Word, ...]:
        """Coordinated words, without the word itself, as spaCy's ``Token.conjuncts``."""
        start = self
        while start.dep_ == "conj" and start.head is not start:
            start = start.head
        found = [start]
        for word in found:
            found.extend(c for c in word.children if c.dep_ == "conj" and c.i > word.i)
        return tuple(w for w in found if w is not self)

    @property
    def subtree(self) -> Iterator[Word]:
        """The word and its descendants in document order, as spaCy's ``Token.subtree``."""
        found: list[Word] = []
        _collect_subtree(self, found)
        return iter(found)

    @property
    def left_edge(self) -> Word:
        """The leftmost word of the subtree."""
        return self.doc.words[min(w.i for w in self.subtree)]

    @property
    def right_edge(self) -> Word:
        """The rightmost word of the subtree."""
        return self.doc.words[max(w.i for w in self.subtree)]


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
        return self.doc.idxs[self.start] if self.end > self.start else 0

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.start_char
        return self.doc.idxs[self.end - 1] + len(self.doc.texts[self.end - 1])

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char:self.end_char]


class Strings:
    """spaCy string hashes → strings, each looked up once (one table can serve many documents:
    a hash names the same string in every vocabulary)."""

    def __init__(self) -> None:
        self._found: dict[int, str] = {}

    def column(self, doc: Doc, hashes: list[int]) -> list[str]:
        """The strings of a column of ``doc.to_array``, in order."""
        found, lookup = self._found, doc.vocab.strings
        get = found.get
        return [s if (s := get(h)) is not None else found.setdefault(h, lookup[h]) for h in hashes]


class ParsedDoc:
    """A parsed document: its words, linked into the dependency tree, and its sentences."""

    def __init__(self, doc: Doc, strings: Strings | None = None) -> None:
        strings = strings or Strings()
        columns = doc.to_array(ATTRS).T.tolist() if len(doc) else [[] for _ in ATTRS]
        self.texts, self.lowers, self.lemma_forms, self.tags, deps = (strings.column(doc, c) for c in columns[:5])
        self.lemmas = [form.lower() for form in self.lemma_forms]
        self.pos = [POS_NAMES[p] for p in columns[5]]
        self.idxs: list[int] = columns[7]
        self.spaces: list[int] = columns[8]
        self.sent_starts = [i == 0 or s == 1 for i, s in enumerate(columns[9])]
        self.puncts: list[int] = columns[10]
        self.quotes: list[int] = columns[11]
        self.text = "".join([t + " " if s else t for t, s in zip(self.texts, self.spaces)])
        self.spacy = doc  # for the rare attributes
        self.words = _words(self, deps)
        # HEAD is a relative offset stored unsigned: a negative offset wraps round 2**64
        _link(self.words, [i + (h - (1 << 64) if h >= 1 << 63 else h) for i, h in enumerate(columns[6])])
        self.sents: list[Span] = _sentences(self, self.sent_starts)

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[Word]:
        return iter(self.words)

    def release(self) -> None:
        """Unlink the words (heads, children, sentences, document) and drop them: the links are
        reference cycles, which reference counting alone would never free. The document is empty after."""
        for word in self.words:
            word.head = word.children = word.sent = word.doc = None  # type: ignore[assignment]
        self.words, self.sents = [], []

    @overload
    def __getitem__(self, index: int) -> Word: ...

    @overload
    def __getitem__(self, index: slice) -> Span: ...

    def __getitem__(self, index: int | slice) -> Word | Span:
        if isinstance(index, slice):
            start, stop, _ = index.indices(len(self.words))
            return Span(self, start, max(start, stop))
        return self.words[index]


def parsed(doc: Doc | ParsedDoc, strings: Strings | None = None) -> ParsedDoc:
    """``doc`` as a :class:`ParsedDoc` (read once; a ``ParsedDoc`` is returned as it is)."""
    return doc if isinstance(doc, ParsedDoc) else ParsedDoc(doc, strings)


def _words(doc: ParsedDoc, deps: list[str]) -> list[Word]:
    words = []
    for i, (text, lower, lemma, pos, tag, dep) in enumerate(zip(doc.texts, doc.lowers, doc.lemmas, doc.pos,
                                                               doc.tags, deps)):
        word = Word()
        word.i, word.text, word.lower_, word.lemma, word.pos_, word.tag_, word.dep_ = i, text, lower, lemma, pos, \
            tag, dep
        word.doc = doc
        words.append(word)
    return words


def _link(words: list[Word], heads: list[int]) -> None:
    """Set each word's head and children (left to right)."""
    children: dict[int, list[Word]] = {}
    for word, head in zip(words, heads):
        word.head = words[head]
        word.children = ()
        if head != word.i:
            kids = children.get(head)
            if kids is None:
                children[head] = [word]
            else:
                kids.append(word)
    for head, kids in children.items():
        words[head].children = tuple(kids)


def _collect_subtree(word: Word, found: list[Word]) -> None:
    """Append the subtree of ``word`` to ``found``: left children's subtrees, the word, right children's."""
    placed = False
    for child in word.children:  # in document order
        if not placed and child.i > word.i:
            found.append(word)
            placed = True
        _collect_subtree(child, found)
    if not placed:
        found.append(word)


def _sentences(doc: ParsedDoc, starts: list[bool]) -> list[Span]:
    bounds = [i for i, start in enumerate(starts) if start] + [len(starts)]
    sents = [Span(doc, a, b) for a, b in zip(bounds, bounds[1:])]
    for sent in sents:
        for word in doc.words[sent.start:sent.end]:
            word.sent = sent
    return sents
