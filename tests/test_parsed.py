"""ParsedDoc: the coder's plain-object view of a parse must say exactly what spaCy's Doc says."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from coders.config import Settings
from coders.parse import load_model
from coders.parsed import ParsedDoc, parsed
from tests.conftest import make_doc

TEXT = ("Turkey and Greece, which had poor relations, signed an accord on Monday. "
        "The two countries' leaders said they would meet again, and \"soon\". Iraq's army withdrew from Kuwait.")


def _token_view(token) -> tuple:  # type: ignore[no-untyped-def]
    """Every attribute the coder reads, with tokens replaced by their indexes."""
    return (token.i, token.text, token.lower_, token.lemma_, token.pos_, token.tag_, token.dep_, token.idx,
            token.whitespace_, token.is_punct, token.is_quote, token.ent_type_, token.head.i,
            [c.i for c in token.children], [c.i for c in token.lefts], [c.i for c in token.rights],
            token.left_edge.i, token.right_edge.i, [c.i for c in token.conjuncts],
            [c.i for c in token.subtree], token.sent.start, token.sent.end, token.is_sent_start)


def _assert_same(doc: Doc) -> None:
    view = ParsedDoc(doc)
    assert len(view) == len(doc)
    assert view.text == doc.text
    assert [(s.start, s.end, s.text, s.start_char, s.end_char) for s in view.sents] == \
        [(s.start, s.end, s.text, s.start_char, s.end_char) for s in doc.sents]
    for token, word in zip(doc, view):
        assert _token_view(word) == _token_view(token), token.text
        assert word.lemma == token.lemma_.lower()
    for start, end in [(0, 1), (2, 7), (3, 3), (0, len(doc))]:
        assert view[start:end].text == doc[start:end].text
        assert [w.i for w in view[start:end]] == [t.i for t in doc[start:end]]
    assert view.texts == [t.text for t in doc]
    assert view.lowers == [t.lower_ for t in doc]
    assert view.lemmas == [t.lemma_.lower() for t in doc]
    assert view.pos == [t.pos_ for t in doc]
    assert view.sent_starts == [bool(t.is_sent_start) for t in doc]


def test_hand_built_parse_reads_as_spacy() -> None:
    doc = make_doc([
        ("Turkey", "Turkey", "PROPN", "nsubj", 3), ("and", "and", "CCONJ", "cc", 0),
        ("Greece", "Greece", "PROPN", "conj", 0), ("signed", "sign", "VERB", "ROOT", 3),
        ("an", "an", "DET", "det", 5), ("accord", "accord", "NOUN", "dobj", 3),
        ("with", "with", "ADP", "prep", 5), ("Cyprus", "Cyprus", "PROPN", "pobj", 6),
        ("and", "and", "CCONJ", "cc", 7), ("Malta", "Malta", "PROPN", "conj", 7), (".", ".", "PUNCT", "punct", 3),
    ])
    _assert_same(doc)
    assert [w.text for w in ParsedDoc(doc)[0].conjuncts] == ["Greece"]


@pytest.fixture(scope="module")
def model_doc() -> Doc:
    return load_model(Settings.from_env().model)(TEXT)


def test_model_parse_reads_as_spacy(model_doc: Doc) -> None:
    _assert_same(model_doc)


def test_parsed_is_read_once(model_doc: Doc) -> None:
    view = parsed(model_doc)
    assert parsed(view) is view
    word = view[3]
    assert word.doc is view and word.head is view[word.head.i] and word in word.sent


def test_empty_doc() -> None:
    view = ParsedDoc(make_doc([]))
    assert len(view) == 0 and view.sents == [] and view.text == ""


def test_release_unlinks_the_words(model_doc: Doc) -> None:
    view = ParsedDoc(model_doc)
    word = view[3]
    view.release()
    assert len(view) == 0 and view.sents == []
    assert word.head is None and word.children is None and word.doc is None
    assert ParsedDoc(model_doc)[3].head.i == model_doc[3].head.i  # the spaCy parse itself is untouched
