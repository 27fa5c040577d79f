"""Provenance of every event (issue 7): character spans of source, verb and target, the dictionary
entries behind each actor, and ``eventcoder explain --event``."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import D2017, Row, make_doc

from coders.actors import entry_label
from coders.coder import EventCoder
from coders.dictionaries import Dictionaries
from coders.pipeline import RunSummary
from coders.provenance import Marked, explain_event, mark
from flows.cli import main

# Wang Yi met with Tillerson .
MET = [("Wang", "Wang", "PROPN", "compound", 1), ("Yi", "Yi", "PROPN", "nsubj", 2),
       ("met", "meet", "VERB", "ROOT", 2), ("with", "with", "ADP", "prep", 2),
       ("Tillerson", "Tillerson", "PROPN", "pobj", 3), (".", ".", "PUNCT", "punct", 2)]
# He denounced the Chinese government .   (after the sentence above: "he" is Tillerson, the latest person)
HE = [("He", "he", "PRON", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
      ("the", "the", "DET", "det", 4), ("Chinese", "chinese", "ADJ", "amod", 4),
      ("government", "government", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]


def _sentences(*sentences: list[Row]) -> list[Row]:
    rows: list[Row] = []
    for sentence in sentences:
        offset = len(rows)
        rows += [(w, lemma, pos, dep, head + offset) for w, lemma, pos, dep, head in sentence]
    return rows


def test_spans_and_entries_on_a_hand_built_parse(fixture_dictionaries: Dictionaries) -> None:
    result = EventCoder(fixture_dictionaries).code(make_doc(_sentences(MET, HE)), "a1", D2017)
    by_sentence = {(e.sentence_index, e.source.code): e for e in result.events}
    met, denounced = by_sentence[0, "CHNGOV"], by_sentence[1, "USAGOV"]  # (meeting is mutual: USAGOV→CHNGOV too)
    assert met.sentence_text == "Wang Yi met with Tillerson ."  # hand-built: a space before each token
    assert (met.source.code, met.source_chars, met.source.via) == ("CHNGOV", (0, 7), "dictionary")
    assert (met.target.code, met.target_chars, met.target.via) == ("USAGOV", (17, 26), "dictionary")
    assert met.sentence_text[met.verb_offset:met.verb_offset + len(met.verb_text)] == "met"
    assert re.fullmatch(r"person Wang Yi \(people\.jsonl:\d+\)", entry_label(met.source.entries[0]))
    assert re.fullmatch(r"person Rex Tillerson \(people\.jsonl:\d+\)", entry_label(met.target.entries[0]))
    # a pronoun is marked where it stands, and records the entries of the actor it stands for
    assert denounced.sentence_index == 1 and denounced.sentence_text == "He denounced the Chinese government ."
    assert (denounced.source.code, denounced.source_chars, denounced.source.via) == ("USAGOV", (0, 2), "pronoun")
    assert denounced.source.entries == met.target.entries
    # "the Chinese government": the country from the adjective, the sector from the agent term
    assert (denounced.target.code, denounced.target_chars) == ("CHNGOV", (13, 35))
    labels = [entry_label(m) for m in denounced.target.entries]
    assert [label.split(" ")[0] for label in labels] == ["adjective", "agent"]
    assert "government (agents.jsonl:" in labels[1]


def test_mark_brackets_nested_and_shared_spans() -> None:
    text = "the Chinese foreign minister met them"
    assert mark(text, [Marked(0, 28, "source CHNGOV"), Marked(4, 11, "x"), Marked(29, 32, "verb 040"),
                       Marked(33, 37, "target A"), Marked(33, 37, "target B")]) == \
        "[the [Chinese]{x} foreign minister]{source CHNGOV} [met]{verb 040} [them]{target A + target B}"
    assert mark(text, [Marked(5, 99, "out of range")]) == text


def test_every_seed_event_span_is_its_text(seed_events: pd.DataFrame) -> None:
    for row in seed_events.itertuples():
        assert row.sentence_text[row.verb_start:row.verb_end] == row.verb_text
        for role in ("source", "target"):
            start, end = getattr(row, f"{role}_start"), getattr(row, f"{role}_end")
            via, entries = getattr(row, f"{role}_via"), list(getattr(row, f"{role}_entries"))
            assert via in {"dictionary", "pronoun", "reference", "context", "implied"}
            if via == "implied":
                assert pd.isna(start) and pd.isna(end)
            else:
                assert row.sentence_text[int(start):int(end)] == getattr(row, f"{role}_text")
                assert entries, (row.event_id, role)  # every named actor says which entries made it


def test_explain_event_marks_the_sentence(seed_run: RunSummary, seed_events: pd.DataFrame) -> None:
    meet = seed_events[(seed_events.verb_text == "meet") & (seed_events.target_code == "CHNGOV")].iloc[0]
    text = explain_event(seed_run.output, meet.event_id)
    assert "In Beijing, [he]{source USAGOV} will [meet]{verb 036} with " \
           "[his Chinese counterpart Foreign Minister Wang Yi]{target CHNGOV}" in text
    assert re.search(r"resolved by pronoun: person Rex Tillerson \(people\.jsonl:\d+\)", text)
    assert re.search(r"resolved by dictionary: person Wang Yi \(people\.jsonl:\d+\); agent counterpart", text)
    assert "036 'Express intent to meet or negotiate': quad class 1, Goldstein 4.0, PLOVER AGREE/diplomatic" in text
    assert f"pattern {meet.pattern_id!r}, mode asserted" in text and meet.run_id in text


def test_explain_event_command(seed_run: RunSummary, seed_events: pd.DataFrame,
                               capsys: pytest.CaptureFixture[str]) -> None:
    event_id = seed_events.event_id.iloc[0]
    assert main(["explain", "--event", event_id, str(seed_run.output)]) == 0
    assert capsys.readouterr().out.startswith(f"event {event_id}\n")
    assert main(["explain", "--event", "0000", str(seed_run.output)]) == 2
    assert "no event '0000'" in capsys.readouterr().err


def test_plover_columns_of_the_seed(seed_events: pd.DataFrame) -> None:
    denounced = seed_events[seed_events.verb_text == "denounced"].iloc[0]
    assert (denounced.cameo_code, denounced.plover_event, denounced.plover_mode) == ("111", "ACCUSE", "disapprove")
    urged = seed_events[seed_events.verb_text == "urged"].iloc[0]  # CAMEO root 02 has no PLOVER category
    assert urged.cameo_root == "02" and pd.isna(urged.plover_event)
