"""Unit tests of the extractor on hand-built parses (no statistical model involved).

Each test builds the dependency parse spaCy gives such a sentence and asserts the exact events.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import D2017, Row, make_doc

from coders.coder import EventCoder
from coders.dictionaries import Dictionaries


def events(dictionaries: Dictionaries, rows: list[Row], date: dt.date = D2017) -> set[tuple[str, str, str, str]]:
    result = EventCoder(dictionaries).code(make_doc(rows), "a1", date)
    return {(e.source.code, e.target.code, e.code, e.mode) for e in result.events}


def test_active_subject_verb_object(fixture_dictionaries: Dictionaries) -> None:
    rows = [("China", "China", "PROPN", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
            ("North", "North", "PROPN", "compound", 3), ("Korea", "Korea", "PROPN", "dobj", 1),
            (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "111", "asserted")}


def test_region_names_are_no_actors(fixture_dictionaries: Dictionaries) -> None:
    # China denounced the Korean Peninsula talks .   ("Korean" inside a region name is not South Korea)
    rows = [("China", "China", "PROPN", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 5), ("Korean", "Korean", "PROPN", "compound", 4),
            ("Peninsula", "Peninsula", "PROPN", "compound", 5), ("talks", "talk", "NOUN", "dobj", 1),
            (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == set()
    # the same adjective outside the region name is an actor
    without_region = [*rows[:4], ("talks", "talk", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    without_region[3] = ("Korean", "Korean", "ADJ", "amod", 4)
    assert events(fixture_dictionaries, without_region) == {("CHN", "KOR", "111", "asserted")}


def test_passive_with_by_agent(fixture_dictionaries: Dictionaries) -> None:
    rows = [("North", "North", "PROPN", "compound", 1), ("Korea", "Korea", "PROPN", "nsubjpass", 3),
            ("was", "be", "AUX", "auxpass", 3), ("denounced", "denounce", "VERB", "ROOT", 3),
            ("by", "by", "ADP", "agent", 3), ("China", "China", "PROPN", "pobj", 4), (".", ".", "PUNCT", "punct", 3)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "111", "asserted")}


def test_passive_without_agent_has_no_source(fixture_dictionaries: Dictionaries) -> None:
    rows = [("North", "North", "PROPN", "compound", 1), ("Korea", "Korea", "PROPN", "nsubjpass", 3),
            ("was", "be", "AUX", "auxpass", 3), ("denounced", "denounce", "VERB", "ROOT", 3),
            (".", ".", "PUNCT", "punct", 3)]
    assert events(fixture_dictionaries, rows) == set()


def test_prepositional_target_and_dated_person(fixture_dictionaries: Dictionaries) -> None:
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 1), ("met", "meet", "VERB", "ROOT", 1),
            ("with", "with", "ADP", "prep", 1), ("Wang", "Wang", "PROPN", "compound", 4),
            ("Yi", "Yi", "PROPN", "pobj", 2), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHNGOV", "040", "asserted"),
                                                  ("CHNGOV", "USAGOV", "040", "asserted")}
    # before taking office Tillerson is not government
    assert events(fixture_dictionaries, rows, dt.date(2016, 6, 1)) == {("USA", "CHNGOV", "040", "asserted"),
                                                                       ("CHNGOV", "USA", "040", "asserted")}


def test_announced_meeting_is_intent_to_meet(fixture_dictionaries: Dictionaries) -> None:
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 2), ("will", "will", "AUX", "aux", 2),
            ("meet", "meet", "VERB", "ROOT", 2), ("with", "with", "ADP", "prep", 2),
            ("Wang", "Wang", "PROPN", "compound", 5), ("Yi", "Yi", "PROPN", "pobj", 3), (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHNGOV", "036", "asserted")}


def test_announced_attack_is_a_threat(fixture_dictionaries: Dictionaries) -> None:
    # China will attack Pyongyang .
    rows = [("China", "China", "PROPN", "nsubj", 2), ("will", "will", "AUX", "aux", 2),
            ("attack", "attack", "VERB", "ROOT", 2), ("Pyongyang", "Pyongyang", "PROPN", "dobj", 2),
            (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "138", "asserted")}


def test_raising_verb_chain_is_future(fixture_dictionaries: Dictionaries) -> None:
    # Tillerson is expected to denounce China .
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubjpass", 2), ("is", "be", "AUX", "auxpass", 2),
            ("expected", "expect", "VERB", "ROOT", 2), ("to", "to", "PART", "aux", 4),
            ("denounce", "denounce", "VERB", "xcomp", 2), ("China", "China", "PROPN", "dobj", 4),
            (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHN", "111", "future")}


def test_object_control_and_hypothetical_complement(fixture_dictionaries: Dictionaries) -> None:
    # Tillerson urged Beijing to denounce Pyongyang .
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 1), ("urged", "urge", "VERB", "ROOT", 1),
            ("Beijing", "Beijing", "PROPN", "dobj", 1), ("to", "to", "PART", "aux", 4),
            ("denounce", "denounce", "VERB", "xcomp", 1), ("Pyongyang", "Pyongyang", "PROPN", "dobj", 4),
            (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHN", "020", "asserted"),
                                                  ("CHN", "PRK", "111", "hypothetical")}


def test_call_on_prepositional_target(fixture_dictionaries: Dictionaries) -> None:
    # Tillerson called on China to denounce Pyongyang .
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 1), ("called", "call", "VERB", "ROOT", 1),
            ("on", "on", "ADP", "prep", 1), ("China", "China", "PROPN", "pobj", 2), ("to", "to", "PART", "aux", 5),
            ("denounce", "denounce", "VERB", "xcomp", 1), ("Pyongyang", "Pyongyang", "PROPN", "dobj", 5),
            (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHN", "020", "asserted"),
                                                  ("CHN", "PRK", "111", "hypothetical")}


def test_compound_actors_give_one_event_per_pair(fixture_dictionaries: Dictionaries) -> None:
    # The US and South Korea denounced North Korea and China .
    rows = [("The", "the", "DET", "det", 1), ("US", "US", "PROPN", "nsubj", 5), ("and", "and", "CCONJ", "cc", 1),
            ("South", "South", "PROPN", "compound", 4), ("Korea", "Korea", "PROPN", "conj", 1),
            ("denounced", "denounce", "VERB", "ROOT", 5), ("North", "North", "PROPN", "compound", 7),
            ("Korea", "Korea", "PROPN", "dobj", 5), ("and", "and", "CCONJ", "cc", 7),
            ("China", "China", "PROPN", "conj", 7), (".", ".", "PUNCT", "punct", 5)]
    assert events(fixture_dictionaries, rows) == {
        ("USA", "PRK", "111", "asserted"), ("USA", "CHN", "111", "asserted"),
        ("KOR", "PRK", "111", "asserted"), ("KOR", "CHN", "111", "asserted")}


def test_coordinated_subjects_of_a_meeting_meet_each_other(fixture_dictionaries: Dictionaries) -> None:
    # China and Russia met .  /  China and Russia denounced .
    def rows(verb: str, lemma: str) -> list[Row]:
        return [("China", "China", "PROPN", "nsubj", 3), ("and", "and", "CCONJ", "cc", 0),
                ("Russia", "Russia", "PROPN", "conj", 0), (verb, lemma, "VERB", "ROOT", 3), (".", ".", "PUNCT", "punct", 3)]

    assert events(fixture_dictionaries, rows("met", "meet")) == {("CHN", "RUS", "040", "asserted"),
                                                                 ("RUS", "CHN", "040", "asserted")}
    assert events(fixture_dictionaries, rows("denounced", "denounce")) == set()  # no target, not reciprocal


def test_refusal_targets_the_complement_and_negates_it(fixture_dictionaries: Dictionaries) -> None:
    # Tillerson refused to meet with Wang Yi .
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 1), ("refused", "refuse", "VERB", "ROOT", 1),
            ("to", "to", "PART", "aux", 3), ("meet", "meet", "VERB", "xcomp", 1), ("with", "with", "ADP", "prep", 3),
            ("Wang", "Wang", "PROPN", "compound", 6), ("Yi", "Yi", "PROPN", "pobj", 4), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHNGOV", "120", "asserted"),
                                                  ("USAGOV", "CHNGOV", "040", "negated"),
                                                  ("CHNGOV", "USAGOV", "040", "negated")}


def test_list_hung_on_an_apposition(fixture_dictionaries: Dictionaries) -> None:
    # Russia , China and South Korea denounced North Korea .  (parsed: China appos of Russia, Korea conj of China)
    rows = [("Russia", "Russia", "PROPN", "nsubj", 7), (",", ",", "PUNCT", "punct", 0),
            ("China", "China", "PROPN", "appos", 0), ("and", "and", "CCONJ", "cc", 2),
            ("South", "South", "PROPN", "compound", 5), ("Korea", "Korea", "PROPN", "conj", 2),
            ("all", "all", "DET", "advmod", 7), ("denounced", "denounce", "VERB", "ROOT", 7),
            ("North", "North", "PROPN", "compound", 9), ("Korea", "Korea", "PROPN", "dobj", 7)]
    assert events(fixture_dictionaries, rows) == {("RUS", "PRK", "111", "asserted"), ("CHN", "PRK", "111", "asserted"),
                                                  ("KOR", "PRK", "111", "asserted")}


def test_coordinated_modifiers_give_one_actor_each(fixture_dictionaries: Dictionaries) -> None:
    # Chinese and Russian troops attacked the army of North Korea and South Korea .
    rows = [("Chinese", "chinese", "ADJ", "amod", 3), ("and", "and", "CCONJ", "cc", 0),
            ("Russian", "russian", "ADJ", "conj", 0), ("troops", "troop", "NOUN", "nsubj", 4),
            ("attacked", "attack", "VERB", "ROOT", 4), ("the", "the", "DET", "det", 6), ("army", "army", "NOUN", "dobj", 4),
            ("of", "of", "ADP", "prep", 6), ("North", "North", "PROPN", "compound", 9), ("Korea", "Korea", "PROPN", "pobj", 7),
            ("and", "and", "CCONJ", "cc", 9), ("South", "South", "PROPN", "compound", 12),
            ("Korea", "Korea", "PROPN", "conj", 9), (".", ".", "PUNCT", "punct", 4)]
    assert events(fixture_dictionaries, rows) == {(s, t, "190", "asserted") for s in ("CHNMIL", "RUSMIL")
                                                  for t in ("PRKMIL", "KORMIL")}


def test_object_that_is_also_the_target(fixture_dictionaries: Dictionaries) -> None:
    # China expelled the American ambassador .
    rows = [("China", "China", "PROPN", "nsubj", 1), ("expelled", "expel", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 4), ("American", "american", "ADJ", "amod", 4),
            ("ambassador", "ambassador", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("CHN", "USA", "161", "asserted")}


def test_object_pattern_targets_the_dative(fixture_dictionaries: Dictionaries) -> None:
    # China gave Pyongyang an ultimatum .
    rows = [("China", "China", "PROPN", "nsubj", 1), ("gave", "give", "VERB", "ROOT", 1),
            ("Pyongyang", "Pyongyang", "PROPN", "dative", 1), ("an", "an", "DET", "det", 4),
            ("ultimatum", "ultimatum", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "139", "asserted")}


def test_demand_targets_the_subject_of_its_clause(fixture_dictionaries: Dictionaries) -> None:
    # China urged that Pyongyang denounce Seoul .
    rows = [("China", "China", "PROPN", "nsubj", 1), ("urged", "urge", "VERB", "ROOT", 1),
            ("that", "that", "SCONJ", "mark", 4), ("Pyongyang", "Pyongyang", "PROPN", "nsubj", 4),
            ("denounce", "denounce", "VERB", "ccomp", 1), ("Seoul", "Seoul", "PROPN", "dobj", 4),
            (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "020", "asserted"),
                                                  ("PRK", "KOR", "111", "hypothetical")}


def test_negation(fixture_dictionaries: Dictionaries) -> None:
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 3), ("did", "do", "AUX", "aux", 3),
            ("not", "not", "PART", "neg", 3), ("denounce", "denounce", "VERB", "ROOT", 3),
            ("China", "China", "PROPN", "dobj", 3), (".", ".", "PUNCT", "punct", 3)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHN", "111", "negated")}


def test_title_and_adjective_compose_with_the_person(fixture_dictionaries: Dictionaries) -> None:
    # Chinese Foreign Minister Wang Yi denounced the US .
    rows = [("Chinese", "chinese", "ADJ", "amod", 4), ("Foreign", "foreign", "PROPN", "compound", 2),
            ("Minister", "minister", "PROPN", "compound", 4), ("Wang", "Wang", "PROPN", "compound", 4),
            ("Yi", "Yi", "PROPN", "nsubj", 5), ("denounced", "denounce", "VERB", "ROOT", 5),
            ("the", "the", "DET", "det", 7), ("US", "US", "PROPN", "dobj", 5), (".", ".", "PUNCT", "punct", 5)]
    assert events(fixture_dictionaries, rows) == {("CHNGOV", "USA", "111", "asserted")}


def test_national_institution_codes_country_and_sector(fixture_dictionaries: Dictionaries) -> None:
    # The Pentagon denounced the White House .
    rows = [("The", "the", "DET", "det", 1), ("Pentagon", "Pentagon", "PROPN", "nsubj", 2),
            ("denounced", "denounce", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 5),
            ("White", "White", "PROPN", "compound", 5), ("House", "House", "PROPN", "dobj", 2),
            (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, rows) == {("USAMIL", "USAGOV", "111", "asserted")}


def test_country_adjective_and_agent(fixture_dictionaries: Dictionaries) -> None:
    # Chinese officials denounced the American troops .
    rows = [("Chinese", "chinese", "ADJ", "amod", 1), ("officials", "official", "NOUN", "nsubj", 2),
            ("denounced", "denounce", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 5),
            ("American", "american", "ADJ", "amod", 5), ("troops", "troop", "NOUN", "dobj", 2),
            (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, rows) == {("CHNGOV", "USAMIL", "111", "asserted")}


def test_pronoun_resolves_to_the_latest_person(fixture_dictionaries: Dictionaries) -> None:
    # Tillerson arrived in the Chinese capital . He denounced Pyongyang .
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 1), ("arrived", "arrive", "VERB", "ROOT", 1),
            ("in", "in", "ADP", "prep", 1), ("the", "the", "DET", "det", 5), ("Chinese", "chinese", "ADJ", "amod", 5),
            ("capital", "capital", "NOUN", "pobj", 2), (".", ".", "PUNCT", "punct", 1),
            ("He", "he", "PRON", "nsubj", 8), ("denounced", "denounce", "VERB", "ROOT", 8),
            ("Pyongyang", "Pyongyang", "PROPN", "dobj", 8), (".", ".", "PUNCT", "punct", 8)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHN", "042", "asserted"),
                                                  ("USAGOV", "PRK", "111", "asserted")}


def test_group_pronoun_resolves_to_the_latest_country_not_a_person(fixture_dictionaries: Dictionaries) -> None:
    # Tillerson met China . It denounced Pyongyang .
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 1), ("met", "meet", "VERB", "ROOT", 1),
            ("China", "China", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
            ("It", "it", "PRON", "nsubj", 5), ("denounced", "denounce", "VERB", "ROOT", 5),
            ("Pyongyang", "Pyongyang", "PROPN", "dobj", 5), (".", ".", "PUNCT", "punct", 5)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHN", "040", "asserted"),
                                                  ("CHN", "USAGOV", "040", "asserted"),
                                                  ("CHN", "PRK", "111", "asserted")}


def test_event_noun_with_possessor(fixture_dictionaries: Dictionaries) -> None:
    # Tillerson began his visit to Beijing .
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 1), ("began", "begin", "VERB", "ROOT", 1),
            ("his", "his", "PRON", "poss", 3), ("visit", "visit", "NOUN", "dobj", 1), ("to", "to", "ADP", "prep", 3),
            ("Beijing", "Beijing", "PROPN", "pobj", 4), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHN", "042", "asserted")}


def test_object_noun_decides_the_code(fixture_dictionaries: Dictionaries) -> None:
    # China imposed sanctions on North Korea .
    rows = [("China", "China", "PROPN", "nsubj", 1), ("imposed", "impose", "VERB", "ROOT", 1),
            ("sanctions", "sanction", "NOUN", "dobj", 1), ("on", "on", "ADP", "prep", 2),
            ("North", "North", "PROPN", "compound", 5), ("Korea", "Korea", "PROPN", "pobj", 3),
            (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "163", "asserted")}


def test_negation_of_a_governing_clause(fixture_dictionaries: Dictionaries) -> None:
    # China has not followed through on threats to impose sanctions on North Korea .
    rows = [("China", "China", "PROPN", "nsubj", 3), ("has", "have", "AUX", "aux", 3), ("not", "not", "PART", "neg", 3),
            ("followed", "follow", "VERB", "ROOT", 3), ("through", "through", "ADP", "prt", 3),
            ("on", "on", "ADP", "prep", 3), ("threats", "threat", "NOUN", "pobj", 5), ("to", "to", "PART", "aux", 8),
            ("impose", "impose", "VERB", "acl", 6), ("sanctions", "sanction", "NOUN", "dobj", 8),
            ("on", "on", "ADP", "prep", 8), ("North", "North", "PROPN", "compound", 12),
            ("Korea", "Korea", "PROPN", "pobj", 10), (".", ".", "PUNCT", "punct", 3)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "163", "negated")}


def test_relative_clause_subject_is_the_modified_noun(fixture_dictionaries: Dictionaries) -> None:
    # the troops that attacked China
    rows = [("American", "american", "ADJ", "amod", 1), ("troops", "troop", "NOUN", "ROOT", 1),
            ("that", "that", "PRON", "nsubj", 3), ("attacked", "attack", "VERB", "relcl", 1),
            ("China", "China", "PROPN", "dobj", 3)]
    assert events(fixture_dictionaries, rows) == {("USAMIL", "CHN", "190", "asserted")}


def test_rejecting_the_proposal_targets_its_author(fixture_dictionaries: Dictionaries) -> None:
    # China offered a plan . Tillerson rejected the proposal .
    rows = [("China", "China", "PROPN", "nsubj", 1), ("offered", "offer", "VERB", "ROOT", 1),
            ("a", "a", "DET", "det", 3), ("plan", "plan", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
            ("Tillerson", "Tillerson", "PROPN", "nsubj", 6), ("rejected", "reject", "VERB", "ROOT", 6),
            ("the", "the", "DET", "det", 8), ("proposal", "proposal", "NOUN", "dobj", 6),
            (".", ".", "PUNCT", "punct", 6)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHN", "120", "asserted")}
    # without a definite article, "a proposal" is a new one: no target
    indefinite = [*rows[:7], ("a", "a", "DET", "det", 8), *rows[8:]]
    assert events(fixture_dictionaries, indefinite) == set()


@pytest.mark.parametrize("scope_text,expected", [("Premier League", "discarded"), ("Parliament", "coded")])
def test_article_discard(fixture_dictionaries: Dictionaries, scope_text: str, expected: str) -> None:
    doc = make_doc([("China", "China", "PROPN", "nsubj", 1), ("won", "win", "VERB", "ROOT", 1),
                    ("the", "the", "DET", "det", 3), ("match", "match", "NOUN", "dobj", 1)])
    result = EventCoder(fixture_dictionaries).code(doc, "a1", D2017, title=f"{scope_text} roundup")
    assert result.status == expected
    assert (result.reason or "").startswith("discard: sport") == (expected == "discarded")


def test_coercion_without_named_target_targets_the_own_country(fixture_dictionaries: Dictionaries) -> None:
    # The Chinese government imposed a curfew .
    rows = [("The", "the", "DET", "det", 2), ("Chinese", "chinese", "ADJ", "amod", 2),
            ("government", "government", "NOUN", "nsubj", 3), ("imposed", "impose", "VERB", "ROOT", 3),
            ("a", "a", "DET", "det", 5), ("curfew", "curfew", "NOUN", "dobj", 3), (".", ".", "PUNCT", "punct", 3)]
    assert events(fixture_dictionaries, rows) == {("CHNGOV", "CHN", "1723", "asserted")}


def test_force_near_a_border_targets_the_country_across_it(fixture_dictionaries: Dictionaries) -> None:
    # Russia massed troops near its border with South Korea .
    rows = [("Russia", "Russia", "PROPN", "nsubj", 1), ("massed", "mass", "VERB", "ROOT", 1),
            ("troops", "troop", "NOUN", "dobj", 1), ("near", "near", "ADP", "prep", 2),
            ("its", "its", "PRON", "poss", 5), ("border", "border", "NOUN", "pobj", 3),
            ("with", "with", "ADP", "prep", 5), ("South", "South", "PROPN", "compound", 8),
            ("Korea", "Korea", "PROPN", "pobj", 6), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("RUS", "KOR", "154", "asserted")}


def test_bare_agent_takes_the_country_of_its_place_before_the_article_history(
        fixture_dictionaries: Dictionaries) -> None:
    # China denounced North Korea . Russian troops attacked civilians in Seoul .
    rows = [("China", "China", "PROPN", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
            ("North", "North", "PROPN", "compound", 3), ("Korea", "Korea", "PROPN", "dobj", 1),
            (".", ".", "PUNCT", "punct", 1),
            ("Russian", "russian", "ADJ", "amod", 6), ("troops", "troop", "NOUN", "nsubj", 7),
            ("attacked", "attack", "VERB", "ROOT", 7), ("civilians", "civilian", "NOUN", "dobj", 7),
            ("in", "in", "ADP", "prep", 7), ("Seoul", "Seoul", "PROPN", "pobj", 9), (".", ".", "PUNCT", "punct", 7)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "111", "asserted"),
                                                  ("RUSMIL", "KORCVL", "190", "asserted")}


def test_a_fragment_without_a_verb_codes_nothing_and_ends(fixture_dictionaries: Dictionaries) -> None:
    # Troops in Seoul .   (the root is a noun: finding the clause of "Troops" must stop at the root)
    rows = [("Troops", "troop", "NOUN", "ROOT", 0), ("in", "in", "ADP", "prep", 0),
            ("Seoul", "Seoul", "PROPN", "pobj", 1), (".", ".", "PUNCT", "punct", 0)]
    assert events(fixture_dictionaries, rows) == set()


def test_coordination_folded_into_an_apposition_gives_two_actors(fixture_dictionaries: Dictionaries) -> None:
    # US President Trump and Chinese President Wang Yi met .  (parsed as in the model's output:
    # "Trump" an apposition inside the name, "President" its conjunct, "Yi" the subject)
    rows = [("US", "US", "PROPN", "compound", 1), ("President", "President", "PROPN", "compound", 7),
            ("Trump", "Trump", "PROPN", "appos", 1), ("and", "and", "CCONJ", "cc", 2),
            ("Chinese", "chinese", "ADJ", "amod", 5), ("President", "President", "PROPN", "conj", 2),
            ("Wang", "Wang", "PROPN", "compound", 7), ("Yi", "Yi", "PROPN", "nsubj", 8),
            ("met", "meet", "VERB", "ROOT", 8), (".", ".", "PUNCT", "punct", 8)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHNGOV", "040", "asserted"),
                                                  ("CHNGOV", "USAGOV", "040", "asserted")}


def test_a_thing_owned_by_an_actor_targets_its_owner(fixture_dictionaries: Dictionaries) -> None:
    # Russia denounced the Chinese government 's decision .
    rows = [("Russia", "Russia", "PROPN", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 4), ("Chinese", "chinese", "ADJ", "amod", 4),
            ("government", "government", "NOUN", "poss", 6), ("'s", "'s", "PART", "case", 4),
            ("decision", "decision", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("RUS", "CHNGOV", "111", "asserted")}


def test_prep_object_decides_and_the_direct_object_is_the_target(fixture_dictionaries: Dictionaries) -> None:
    # Seoul placed the North Korean minister under investigation .
    rows = [("Seoul", "Seoul", "PROPN", "nsubj", 1), ("placed", "place", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 5), ("North", "North", "PROPN", "compound", 4),
            ("Korean", "Korean", "PROPN", "amod", 5), ("minister", "minister", "NOUN", "dobj", 1),
            ("under", "under", "ADP", "prep", 1), ("investigation", "investigation", "NOUN", "pobj", 6),
            (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("KOR", "PRKGOV", "090", "asserted")}
    # another preposition object: no event
    other = [*rows[:7], ("review", "review", "NOUN", "pobj", 6), rows[8]]
    assert events(fixture_dictionaries, other) == set()


def test_protests_said_to_happen_are_by_civilians_against_their_government(
        fixture_dictionaries: Dictionaries) -> None:
    # Protests erupted in Moscow .
    rows = [("Protests", "protest", "NOUN", "nsubj", 1), ("erupted", "erupt", "VERB", "ROOT", 1),
            ("in", "in", "ADP", "prep", 1), ("Moscow", "Moscow", "PROPN", "pobj", 2), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("RUSCVL", "RUSGOV", "141", "asserted")}


def test_the_objects_predicate_decides_and_the_object_is_the_target(fixture_dictionaries: Dictionaries) -> None:
    # Russia called the Chinese government a disgrace .
    rows = [("Russia", "Russia", "PROPN", "nsubj", 1), ("called", "call", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 4), ("Chinese", "chinese", "ADJ", "amod", 4),
            ("government", "government", "NOUN", "dobj", 1), ("a", "a", "DET", "det", 6),
            ("disgrace", "disgrace", "NOUN", "oprd", 1), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("RUS", "CHNGOV", "111", "asserted")}
    # a predicate the pattern does not list: no event
    praise = [*rows[:6], ("model", "model", "NOUN", "oprd", 1), rows[7]]
    assert events(fixture_dictionaries, praise) == set()


def test_prevented_from_controls_and_negates(fixture_dictionaries: Dictionaries) -> None:
    # China prevented Russia from denouncing North Korea .
    rows = [("China", "China", "PROPN", "nsubj", 1), ("prevented", "prevent", "VERB", "ROOT", 1),
            ("Russia", "Russia", "PROPN", "dobj", 1), ("from", "from", "ADP", "prep", 1),
            ("denouncing", "denounce", "VERB", "pcomp", 3), ("North", "North", "PROPN", "compound", 6),
            ("Korea", "Korea", "PROPN", "dobj", 4), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("RUS", "PRK", "111", "negated")}


def test_a_governing_verb_rules_its_complements_not_its_adverbial_clauses(
        fixture_dictionaries: Dictionaries) -> None:
    # Russia rejected the plan after China attacked North Korea .
    rows = [("Russia", "Russia", "PROPN", "nsubj", 1), ("rejected", "reject", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 3), ("plan", "plan", "NOUN", "dobj", 1), ("after", "after", "SCONJ", "mark", 6),
            ("China", "China", "PROPN", "nsubj", 6), ("attacked", "attack", "VERB", "advcl", 1),
            ("North", "North", "PROPN", "compound", 8), ("Korea", "Korea", "PROPN", "dobj", 6),
            (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "190", "asserted")}


@pytest.mark.parametrize("subject,source,code", [("police", "RUSCOP", "091"), ("government", "RUSGOV", "110")])
def test_source_sectors_choose_between_patterns(fixture_dictionaries: Dictionaries, subject: str, source: str,
                                                code: str) -> None:
    # Russian police / government questioned the Chinese minister .
    rows = [("Russian", "russian", "ADJ", "amod", 1), (subject, subject, "NOUN", "nsubj", 2),
            ("questioned", "question", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 5),
            ("Chinese", "chinese", "ADJ", "amod", 5), ("minister", "minister", "NOUN", "dobj", 2),
            (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, rows) == {(source, "CHNGOV", code, "asserted")}


def test_the_two_countries_are_the_latest_coordinated_pair(fixture_dictionaries: Dictionaries) -> None:
    # China and Russia denounced North Korea . The two countries met .
    rows = [("China", "China", "PROPN", "nsubj", 3), ("and", "and", "CCONJ", "cc", 0),
            ("Russia", "Russia", "PROPN", "conj", 0), ("denounced", "denounce", "VERB", "ROOT", 3),
            ("North", "North", "PROPN", "compound", 5), ("Korea", "Korea", "PROPN", "dobj", 3),
            (".", ".", "PUNCT", "punct", 3),
            ("The", "the", "DET", "det", 9), ("two", "two", "NUM", "nummod", 9),
            ("countries", "country", "NOUN", "nsubj", 10), ("met", "meet", "VERB", "ROOT", 10),
            (".", ".", "PUNCT", "punct", 10)]
    assert events(fixture_dictionaries, rows) == {
        ("CHN", "PRK", "111", "asserted"), ("RUS", "PRK", "111", "asserted"),
        ("CHN", "RUS", "040", "asserted"), ("RUS", "CHN", "040", "asserted")}


@pytest.mark.parametrize("modal,expected", [("must", {("USAGOV", "CHN", "100", "asserted")}), ("will", set())])
def test_saying_someone_must_act_is_a_demand(fixture_dictionaries: Dictionaries, modal: str,
                                             expected: set[tuple[str, str, str, str]]) -> None:
    # The US president said China must / will withdraw .
    rows = [("The", "the", "DET", "det", 2), ("US", "US", "PROPN", "compound", 2),
            ("president", "president", "NOUN", "nsubj", 3), ("said", "say", "VERB", "ROOT", 3),
            ("China", "China", "PROPN", "nsubj", 6), (modal, modal, "AUX", "aux", 6),
            ("withdraw", "withdraw", "VERB", "ccomp", 3), (".", ".", "PUNCT", "punct", 3)]
    assert events(fixture_dictionaries, rows) == expected


@pytest.mark.parametrize("subject,lemma,count,expected", [
    ("troops", "troop", None, ("RUSMIL", "KORCVL", "190")),     # a state's forces fighting: a battle
    ("troops", "troop", "hundreds", ("RUSMIL", "KORCVL", "202")),  # hundreds of civilians: mass killing
    ("rebels", "rebel", None, ("RUSREB", "KORCVL", "1823")),  # non-state attackers of civilians: 18
])
def test_who_kills_whom_decides_the_violence_code(fixture_dictionaries: Dictionaries, subject: str, lemma: str,
                                                  count: str | None, expected: tuple[str, str, str]) -> None:
    # Russian troops / rebels attacked (hundreds of) civilians in Seoul .
    head = 3 if count is None else 5
    rows: list[Row] = [("Russian", "russian", "ADJ", "amod", 1), (subject, lemma, "NOUN", "nsubj", 2),
                       ("attacked", "attack", "VERB", "ROOT", 2)]
    if count is not None:
        rows += [(count, "hundred", "NOUN", "dobj", 2), ("of", "of", "ADP", "prep", 3),
                 ("civilians", "civilian", "NOUN", "pobj", 4)]
    else:
        rows += [("civilians", "civilian", "NOUN", "dobj", 2)]
    rows += [("in", "in", "ADP", "prep", 2), ("Seoul", "Seoul", "PROPN", "pobj", head + 1),
             (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, rows) == {(*expected, "asserted")}


def test_first_person_in_reported_speech_is_the_speaker(fixture_dictionaries: Dictionaries) -> None:
    # We denounce North Korea , the Chinese minister said .
    rows = [("We", "we", "PRON", "nsubj", 1), ("denounce", "denounce", "VERB", "ccomp", 8),
            ("North", "North", "PROPN", "compound", 3), ("Korea", "Korea", "PROPN", "dobj", 1),
            (",", ",", "PUNCT", "punct", 8), ("the", "the", "DET", "det", 7), ("Chinese", "chinese", "ADJ", "amod", 7),
            ("minister", "minister", "NOUN", "nsubj", 8), ("said", "say", "VERB", "ROOT", 8),
            (".", ".", "PUNCT", "punct", 8)]
    assert events(fixture_dictionaries, rows) == {("CHNGOV", "PRK", "111", "asserted")}


def test_they_after_coordinated_subjects_but_not_past_a_nearer_group(fixture_dictionaries: Dictionaries) -> None:
    # China and Russia denounced North Korea . They met .   /   ... . The Chinese government said they met .
    first = [("China", "China", "PROPN", "nsubj", 3), ("and", "and", "CCONJ", "cc", 0),
             ("Russia", "Russia", "PROPN", "conj", 0), ("denounced", "denounce", "VERB", "ROOT", 3),
             ("North", "North", "PROPN", "compound", 5), ("Korea", "Korea", "PROPN", "dobj", 3),
             (".", ".", "PUNCT", "punct", 3)]
    they_met = [("They", "they", "PRON", "nsubj", 8), ("met", "meet", "VERB", "ROOT", 8), (".", ".", "PUNCT", "punct", 8)]
    denounced = {("CHN", "PRK", "111", "asserted"), ("RUS", "PRK", "111", "asserted")}
    assert events(fixture_dictionaries, first + they_met) == denounced | {
        ("CHN", "RUS", "040", "asserted"), ("RUS", "CHN", "040", "asserted")}
    # "they" after "the Chinese government" in its own sentence is not the pair: a lone "they" meets no one
    gov_said = [("The", "the", "DET", "det", 9), ("Chinese", "chinese", "ADJ", "amod", 9),
                ("government", "government", "NOUN", "nsubj", 10), ("said", "say", "VERB", "ROOT", 10),
                ("they", "they", "PRON", "nsubj", 12), ("met", "meet", "VERB", "ccomp", 10),
                (".", ".", "PUNCT", "punct", 10)]
    assert events(fixture_dictionaries, first + gov_said) == denounced


def test_a_brokered_talk_is_mediation_between_its_parties(fixture_dictionaries: Dictionaries) -> None:
    # China and North Korea met after talks brokered by Moscow .   (a participle with a "by" agent is passive)
    rows = [("China", "China", "PROPN", "nsubj", 4), ("and", "and", "CCONJ", "cc", 0),
            ("North", "North", "PROPN", "compound", 3), ("Korea", "Korea", "PROPN", "conj", 0),
            ("met", "meet", "VERB", "ROOT", 4), ("after", "after", "ADP", "prep", 4),
            ("talks", "talk", "NOUN", "pobj", 5), ("brokered", "broker", "VERB", "acl", 6),
            ("by", "by", "ADP", "agent", 7), ("Moscow", "Moscow", "PROPN", "pobj", 8), (".", ".", "PUNCT", "punct", 4)]
    doc = make_doc(rows)
    doc[7].tag_ = "VBN"
    result = EventCoder(fixture_dictionaries).code(doc, "a1", D2017)
    assert {(e.source.code, e.target.code, e.code, e.mode) for e in result.events} == {
        ("CHN", "PRK", "040", "asserted"), ("PRK", "CHN", "040", "asserted"),
        ("RUS", "CHN", "045", "asserted"), ("RUS", "PRK", "045", "asserted")}


def test_offering_to_mediate_is_an_intent_to_mediate(fixture_dictionaries: Dictionaries) -> None:
    # Russia offered to mediate between China and North Korea .   (CAMEO 039, not a hypothetical 045)
    rows = [("Russia", "Russia", "PROPN", "nsubj", 1), ("offered", "offer", "VERB", "ROOT", 1),
            ("to", "to", "PART", "aux", 3), ("mediate", "mediate", "VERB", "xcomp", 1),
            ("between", "between", "ADP", "prep", 3), ("China", "China", "PROPN", "pobj", 4),
            ("and", "and", "CCONJ", "cc", 5), ("North", "North", "PROPN", "compound", 8),
            ("Korea", "Korea", "PROPN", "conj", 5), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("RUS", "CHN", "039", "asserted"), ("RUS", "PRK", "039", "asserted")}


def test_a_clash_between_two_parties_goes_both_ways(fixture_dictionaries: Dictionaries) -> None:
    # Clashes between police and rebels in Beijing .   ("between" names both parties of a mutual event noun)
    rows = [("Clashes", "clash", "NOUN", "ROOT", 0), ("between", "between", "ADP", "prep", 0),
            ("police", "police", "NOUN", "pobj", 1), ("and", "and", "CCONJ", "cc", 2),
            ("rebels", "rebel", "NOUN", "conj", 2), ("in", "in", "ADP", "prep", 0),
            ("Beijing", "Beijing", "PROPN", "pobj", 5), (".", ".", "PUNCT", "punct", 0)]
    assert events(fixture_dictionaries, rows) == {("CHNCOP", "CHNREB", "190", "asserted"),
                                                  ("CHNREB", "CHNCOP", "190", "asserted")}


def test_a_participle_with_an_agent_acts_on_the_noun_it_modifies(fixture_dictionaries: Dictionaries) -> None:
    # China denounced the rebels arrested by the army .   (the army arrested the rebels: passive, no auxiliary)
    rows = [("China", "China", "PROPN", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 3), ("rebels", "rebel", "NOUN", "dobj", 1),
            ("arrested", "arrest", "VERB", "acl", 3), ("by", "by", "ADP", "agent", 4),
            ("the", "the", "DET", "det", 7), ("army", "army", "NOUN", "pobj", 5), (".", ".", "PUNCT", "punct", 1)]
    doc = make_doc(rows)
    doc[4].tag_ = "VBN"
    result = EventCoder(fixture_dictionaries).code(doc, "a1", D2017)
    assert {(e.source.code, e.target.code, e.code) for e in result.events} == {
        ("CHN", "CHNREB", "111"), ("CHNMIL", "CHNREB", "173")}


def test_a_purpose_clause_acts_on_its_governing_verbs_object(fixture_dictionaries: Dictionaries) -> None:
    # Russia telephoned China to offer condolences .
    rows = [("Russia", "Russia", "PROPN", "nsubj", 1), ("telephoned", "telephone", "VERB", "ROOT", 1),
            ("China", "China", "PROPN", "dobj", 1), ("to", "to", "PART", "aux", 4),
            ("offer", "offer", "VERB", "advcl", 1), ("condolences", "condolence", "NOUN", "dobj", 4),
            (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {
        ("RUS", "CHN", "041", "asserted"), ("CHN", "RUS", "041", "asserted"), ("RUS", "CHN", "018", "asserted")}


def test_an_object_pronoun_is_not_its_own_clauses_subject(fixture_dictionaries: Dictionaries) -> None:
    # Wang Yi spoke . Tillerson denounced him .   ("him" is Wang Yi; Tillerson would be "himself")
    rows = [("Wang", "Wang", "PROPN", "compound", 1), ("Yi", "Yi", "PROPN", "nsubj", 2),
            ("spoke", "speak", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2),
            ("Tillerson", "Tillerson", "PROPN", "nsubj", 5), ("denounced", "denounce", "VERB", "ROOT", 5),
            ("him", "he", "PRON", "dobj", 5), (".", ".", "PUNCT", "punct", 5)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHNGOV", "111", "asserted")}


def test_an_occasion_in_a_show_of_force_against_someone(fixture_dictionaries: Dictionaries) -> None:
    # US troops flew over South Korea in a show of force against North Korea .
    rows = [("US", "US", "PROPN", "compound", 1), ("troops", "troop", "NOUN", "nsubj", 2),
            ("flew", "fly", "VERB", "ROOT", 2), ("over", "over", "ADP", "prep", 2),
            ("South", "South", "PROPN", "compound", 5), ("Korea", "Korea", "PROPN", "pobj", 3),
            ("in", "in", "ADP", "prep", 2), ("a", "a", "DET", "det", 8), ("show", "show", "NOUN", "pobj", 6),
            ("of", "of", "ADP", "prep", 8), ("force", "force", "NOUN", "pobj", 9),
            ("against", "against", "ADP", "prep", 10), ("North", "North", "PROPN", "compound", 13),
            ("Korea", "Korea", "PROPN", "pobj", 11), (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, rows) == {("USAMIL", "KOR", "150", "asserted"),
                                                  ("USAMIL", "PRK", "150", "asserted")}


def test_by_on_an_event_noun_names_its_doers_not_its_target(fixture_dictionaries: Dictionaries) -> None:
    # An investigation by China and Russia denounced North Korea .   (no China → Russia investigation)
    rows = [("An", "an", "DET", "det", 1), ("investigation", "investigation", "NOUN", "nsubj", 6),
            ("by", "by", "ADP", "prep", 1), ("China", "China", "PROPN", "pobj", 2), ("and", "and", "CCONJ", "cc", 3),
            ("Russia", "Russia", "PROPN", "conj", 3), ("denounced", "denounce", "VERB", "ROOT", 6),
            ("North", "North", "PROPN", "compound", 8), ("Korea", "Korea", "PROPN", "dobj", 6),
            (".", ".", "PUNCT", "punct", 6)]
    assert events(fixture_dictionaries, rows) == {("CHN", "PRK", "111", "asserted"), ("RUS", "PRK", "111", "asserted")}


def test_restrictions_on_a_thing_bound_for_another_country_are_sanctions(fixture_dictionaries: Dictionaries) -> None:
    # China announced restrictions on flights to Russia .   (the flights are no actor; where they go is)
    rows = [("China", "China", "PROPN", "nsubj", 1), ("announced", "announce", "VERB", "ROOT", 1),
            ("restrictions", "restriction", "NOUN", "dobj", 1), ("on", "on", "ADP", "prep", 2),
            ("flights", "flight", "NOUN", "pobj", 3), ("to", "to", "ADP", "prep", 4),
            ("Russia", "Russia", "PROPN", "pobj", 5), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("CHN", "RUS", "163", "asserted")}


def test_a_proper_agent_term_counts_only_capitalised(fixture_dictionaries: Dictionaries) -> None:
    # Tillerson denounced the House .   ("the House" is the legislature of the article's country; "the house" is not)
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 3), ("House", "House", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "USALEG", "111", "asserted")}
    lower = [*rows[:3], ("house", "house", "NOUN", "dobj", 1), rows[4]]
    assert events(fixture_dictionaries, lower) == set()


def test_a_concession_not_made_is_a_refusal_to_yield(fixture_dictionaries: Dictionaries) -> None:
    # China did not release Tillerson .   (CAMEO 1243, refuse to release persons; not a negated 0841)
    rows = [("China", "China", "PROPN", "nsubj", 3), ("did", "do", "AUX", "aux", 3), ("not", "not", "PART", "neg", 3),
            ("release", "release", "VERB", "ROOT", 3), ("Tillerson", "Tillerson", "PROPN", "dobj", 3),
            (".", ".", "PUNCT", "punct", 3)]
    assert events(fixture_dictionaries, rows) == {("CHN", "USAGOV", "1243", "asserted")}


def test_deported_from_a_country_names_the_deporter(fixture_dictionaries: Dictionaries) -> None:
    # Wang Yi was deported from Russia .   (a passive without agent; the country deported him)
    rows = [("Wang", "Wang", "PROPN", "compound", 1), ("Yi", "Yi", "PROPN", "nsubjpass", 3),
            ("was", "be", "AUX", "auxpass", 3), ("deported", "deport", "VERB", "ROOT", 3),
            ("from", "from", "ADP", "prep", 3), ("Russia", "Russia", "PROPN", "pobj", 4), (".", ".", "PUNCT", "punct", 3)]
    assert events(fixture_dictionaries, rows) == {("RUS", "CHNGOV", "174", "asserted")}


def test_forces_deployed_act_for_their_country(fixture_dictionaries: Dictionaries) -> None:
    # Chinese troops were deployed in Pyongyang .   (the troops are the source, not their own target)
    rows = [("Chinese", "Chinese", "ADJ", "amod", 1), ("troops", "troop", "NOUN", "nsubjpass", 3),
            ("were", "be", "AUX", "auxpass", 3), ("deployed", "deploy", "VERB", "ROOT", 3),
            ("in", "in", "ADP", "prep", 3), ("Pyongyang", "Pyongyang", "PROPN", "pobj", 4), (".", ".", "PUNCT", "punct", 3)]
    assert events(fixture_dictionaries, rows) == {("CHNMIL", "PRK", "154", "asserted")}


def test_entering_into_an_agreement_is_the_agreement(fixture_dictionaries: Dictionaries) -> None:
    # China entered into an agreement with Russia .
    rows = [("China", "China", "PROPN", "nsubj", 1), ("entered", "enter", "VERB", "ROOT", 1),
            ("into", "into", "ADP", "prep", 1), ("an", "an", "DET", "det", 4), ("agreement", "agreement", "NOUN", "pobj", 2),
            ("with", "with", "ADP", "prep", 4), ("Russia", "Russia", "PROPN", "pobj", 5), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("CHN", "RUS", "057", "asserted"), ("RUS", "CHN", "057", "asserted")}


def test_countries_including_examples_each_ban_for_their_own_people(fixture_dictionaries: Dictionaries) -> None:
    # Countries including China and Russia imposed bans on niqabs .   (each on its own population)
    rows = [("Countries", "country", "NOUN", "nsubj", 5), ("including", "include", "VERB", "prep", 0),
            ("China", "China", "PROPN", "pobj", 1), ("and", "and", "CCONJ", "cc", 2), ("Russia", "Russia", "PROPN", "conj", 2),
            ("imposed", "impose", "VERB", "ROOT", 5), ("bans", "ban", "NOUN", "dobj", 5), ("on", "on", "ADP", "prep", 6),
            ("niqabs", "niqab", "NOUN", "pobj", 7), (".", ".", "PUNCT", "punct", 5)]
    assert events(fixture_dictionaries, rows) == {("CHN", "CHNCVL", "172", "asserted"), ("RUS", "RUSCVL", "172", "asserted")}


def test_a_plural_pronoun_let_do_something_is_the_plural_phrase(fixture_dictionaries: Dictionaries) -> None:
    # US troops left . China refused to let them deliver aid .   ("them": the troops, not China)
    rows = [("US", "US", "PROPN", "compound", 1), ("troops", "troop", "NOUN", "nsubj", 2), ("left", "leave", "VERB", "ROOT", 2),
            (".", ".", "PUNCT", "punct", 2),
            ("China", "China", "PROPN", "nsubj", 5), ("refused", "refuse", "VERB", "ROOT", 5), ("to", "to", "PART", "aux", 7),
            ("let", "let", "VERB", "xcomp", 5), ("them", "they", "PRON", "nsubj", 9), ("deliver", "deliver", "VERB", "ccomp", 7),
            ("aid", "aid", "NOUN", "dobj", 9), (".", ".", "PUNCT", "punct", 5)]
    doc = make_doc(rows)
    doc[1].tag_ = "NNS"
    result = EventCoder(fixture_dictionaries).code(doc, "a1", D2017)
    assert {(e.source.code, e.target.code, e.code, e.mode) for e in result.events} == {("CHN", "USAMIL", "120", "asserted")}


def test_an_occasion_naming_no_one_is_with_whom_the_clause_addresses(fixture_dictionaries: Dictionaries) -> None:
    # Tillerson denounced Wang Yi during a call .   (the call was with Wang Yi)
    rows = [("Tillerson", "Tillerson", "PROPN", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
            ("Wang", "Wang", "PROPN", "compound", 3), ("Yi", "Yi", "PROPN", "dobj", 1), ("during", "during", "ADP", "prep", 1),
            ("a", "a", "DET", "det", 6), ("call", "call", "NOUN", "pobj", 4), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("USAGOV", "CHNGOV", "111", "asserted"),
                                                  ("USAGOV", "CHNGOV", "041", "asserted"),
                                                  ("CHNGOV", "USAGOV", "041", "asserted")}


def test_the_surname_of_a_known_person_is_learnt_for_the_article(fixture_dictionaries: Dictionaries) -> None:
    # Hillary Clinton spoke . Clinton denounced China .   ("Clinton" alone is no dictionary name)
    rows = [("Hillary", "Hillary", "PROPN", "compound", 1), ("Clinton", "Clinton", "PROPN", "nsubj", 2),
            ("spoke", "speak", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2),
            ("Clinton", "Clinton", "PROPN", "nsubj", 5), ("denounced", "denounce", "VERB", "ROOT", 5),
            ("China", "China", "PROPN", "dobj", 5), (".", ".", "PUNCT", "punct", 5)]
    assert events(fixture_dictionaries, rows, dt.date(2010, 5, 1)) == {("USAGOV", "CHN", "111", "asserted")}
    alone = [("Clinton", "Clinton", "PROPN", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
             ("China", "China", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, alone, dt.date(2010, 5, 1)) == set()  # not without the full name


def test_a_shared_alias_codes_by_the_article_date(fixture_dictionaries: Dictionaries) -> None:
    # Assad denounced China .   (Hafez in 1995, Bashar in 2012: both SYRGOV; nobody's in 2030, SYR)
    rows = [("Assad", "Assad", "PROPN", "nsubj", 1), ("denounced", "denounce", "VERB", "ROOT", 1),
            ("China", "China", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows, dt.date(1995, 1, 1)) == {("SYRGOV", "CHN", "111", "asserted")}
    assert events(fixture_dictionaries, rows, dt.date(2030, 1, 1)) == {("SYR", "CHN", "111", "asserted")}


def test_a_country_or_government_protest_is_not_against_itself(fixture_dictionaries: Dictionaries) -> None:
    # China staged a protest .   (a state lodging a protest: not China against China's government)
    rows = [("China", "China", "PROPN", "nsubj", 1), ("staged", "stage", "VERB", "ROOT", 1),
            ("a", "a", "DET", "det", 3), ("protest", "protest", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == set()
    # Chinese civilians staged a protest .   (people protesting: against their government)
    people = [("Chinese", "Chinese", "ADJ", "amod", 1), ("civilians", "civilian", "NOUN", "nsubj", 2),
              ("staged", "stage", "VERB", "ROOT", 2), ("a", "a", "DET", "det", 4),
              ("protest", "protest", "NOUN", "dobj", 2), (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, people) == {("CHNCVL", "CHNGOV", "141", "asserted")}


def test_penalty_in_the_complement_makes_an_ultimatum(fixture_dictionaries: Dictionaries) -> None:
    # Russia demanded that China halt exports or face sanctions .
    rows = [("Russia", "Russia", "PROPN", "nsubj", 1), ("demanded", "demand", "VERB", "ROOT", 1),
            ("that", "that", "SCONJ", "mark", 4), ("China", "China", "PROPN", "nsubj", 4),
            ("halt", "halt", "VERB", "ccomp", 1), ("exports", "export", "NOUN", "dobj", 4),
            ("or", "or", "CCONJ", "cc", 4), ("face", "face", "VERB", "conj", 4),
            ("sanctions", "sanction", "NOUN", "dobj", 7), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("RUS", "CHN", "139", "asserted")}
    # without the penalty it is a plain demand
    plain = rows[:6] + [(".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, plain) == {("RUS", "CHN", "100", "asserted")}


def test_predicate_adjective_with_its_preposition(fixture_dictionaries: Dictionaries) -> None:
    # Russia is critical of China .
    rows = [("Russia", "Russia", "PROPN", "nsubj", 1), ("is", "be", "AUX", "ROOT", 1),
            ("critical", "critical", "ADJ", "acomp", 1), ("of", "of", "ADP", "prep", 2),
            ("China", "China", "PROPN", "pobj", 3), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("RUS", "CHN", "111", "asserted")}


def test_peacekeepers_arriving_are_received_by_the_host(fixture_dictionaries: Dictionaries) -> None:
    # Chinese peacekeepers arrived in Seoul .  (troops abroad: 074; the host receives them: 0861)
    rows = [("Chinese", "Chinese", "ADJ", "amod", 1), ("peacekeepers", "peacekeeper", "NOUN", "nsubj", 2),
            ("arrived", "arrive", "VERB", "ROOT", 2), ("in", "in", "ADP", "prep", 2),
            ("Seoul", "Seoul", "PROPN", "pobj", 3), (".", ".", "PUNCT", "punct", 2)]
    assert events(fixture_dictionaries, rows) == {("CHNMIL", "KOR", "074", "asserted"),
                                                  ("KOR", "CHNMIL", "0861", "asserted")}
    # troops that come for no stated peacekeeping purpose are not "received"
    troops = [("Chinese", "Chinese", "ADJ", "amod", 1), ("troops", "troop", "NOUN", "nsubj", 2)] + rows[2:]
    assert events(fixture_dictionaries, troops) == {("CHNMIL", "KOR", "074", "asserted")}


def test_event_noun_whose_verb_names_the_parties(fixture_dictionaries: Dictionaries) -> None:
    # Fighting erupted between Russia and China .
    rows = [("Fighting", "fighting", "NOUN", "nsubj", 1), ("erupted", "erupt", "VERB", "ROOT", 1),
            ("between", "between", "ADP", "prep", 1), ("Russia", "Russia", "PROPN", "pobj", 2),
            ("and", "and", "CCONJ", "cc", 3), ("China", "China", "PROPN", "conj", 3), (".", ".", "PUNCT", "punct", 1)]
    assert events(fixture_dictionaries, rows) == {("RUS", "CHN", "190", "asserted"), ("CHN", "RUS", "190", "asserted")}
