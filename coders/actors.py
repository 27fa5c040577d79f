"""Actor recognition: dictionary mentions in a parsed text, and the actor a noun phrase denotes.

Two steps, as in spaCy's rule-based components:

* :func:`find_mentions` (match): every dictionary name and agent term in the doc, longest first;
* :func:`phrase_actor` (resolve): the actor code of the noun phrase headed by a token, composed from
  the mentions inside the phrase (``his Chinese counterpart Foreign Minister Wang Yi`` → CHNGOV), and
  for pronouns and bare agents (``he``, ``the minister``) the most recent compatible actor of the
  article, kept by a :class:`References` tracker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from coders.dictionaries import ORG_ROOTS, ActorEntry, Agent, Dictionaries
from coders.parsed import ParsedDoc, Word

# Dependency relations that stay inside a noun phrase when we collect its mentions.
PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "appos", "flat", "det", "nummod", "npadvmod",
                         "case", "punct", "quantmod", "advmod"})
# Prepositions whose object still describes the head ("the president of France", "officials from Japan").
PHRASE_PREPS = frozenset({"of", "from", "for"})
NOMINAL = frozenset({"NOUN", "PROPN"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "across", "throughout", "inside", "outside", "around", "within"})
# "its border with Ukraine": the country on the other side is where the event happens
BORDER_NOUNS = frozenset({"border", "frontier", "boundary"})
# Parts of a place: "the outskirts of Algiers", "the centre of Kabul", "the city of Kherson"
AREA_NOUNS = frozenset({"outskirts", "outskirt", "suburb", "suburbs", "centre", "center", "heart", "north", "south",
                        "east", "west", "city", "town", "village", "province", "region", "district", "capital",
                        "edge", "part", "parts", "streets", "state", "county", "area"})
# Clauses inside a clause whose places are their own ("..., and Seoul returned fire")
EMBEDDED_CLAUSE_DEPS = frozenset({"conj", "advcl", "ccomp", "relcl", "parataxis", "csubj"})
# Heads that count members of the group in their "of" phrase ("thousands of protesters")
QUANTITY_NOUNS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "score", "scores",
                            "million", "millions", "group", "number", "crowd", "band", "team", "contingent"})
# "the two countries", "both sides": the parties of the latest pair
PARTY_NOUNS = frozenset({"country", "side", "nation", "government", "leader", "state", "party", "neighbour",
                         "neighbor", "rival", "capital", "delegation", "army", "force", "minister", "president"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})  # "protesters" are no "he"
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
# First-person pronouns stand for whoever is quoted (see _speaker)
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "ours"})
SAYING_VERBS = frozenset({"say", "tell", "add", "write", "tweet", "state", "declare", "insist", "stress",
                          "warn", "announce", "explain", "note", "argue", "respond", "reply", "post", "retort",
                          "remark", "comment", "claim", "assert", "emphasize", "emphasise", "continue"})
# Verbs whose object is the subject of their complement clause ("let them deliver", "made him resign")
ECM_VERBS = frozenset({"let", "make", "have", "help", "see", "watch", "hear"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
# "it", "they" as subjects and "its", "their" as possessors: a country, an organisation or a group, never
# a single person ("them" as an object too often means things: "prohibiting him from releasing them")
GROUP_PRONOUNS = frozenset({"it", "its", "they", "their"})
# "pro-Israel", "anti-American": an attitude, not an actor
ATTITUDE_PREFIXES = frozenset({"pro", "anti"})


class Mention(NamedTuple):
    """A dictionary match over doc tokens ``start:end``: a named actor or an agent term."""

    start: int
    end: int
    entry: ActorEntry | None
    agent: Agent | None


class Actor(NamedTuple):
    """A resolved actor: its CAMEO code and the tokens it was read from."""

    code: str
    start: int  # first token of the phrase in the doc
    end: int
    text: str
    person: bool  # a single human being (for he/she resolution)
    via: str  # how it was resolved: "dictionary", "pronoun", "reference", "context", "implied"
    entries: tuple[Mention, ...] = ()  # the dictionary matches that resolved it (written by :func:`entry_label`)

    @property
    def root(self) -> str:
        return self.code[:3]

    @property
    def country(self) -> str | None:
        return None if self.root in ORG_ROOTS else self.root

    @property
    def sector(self) -> str | None:
        if self.root in ORG_ROOTS:
            return self.root
        return self.code[3:6] or None


def entry_label(mention: Mention) -> str:
    """How a mention's dictionary entry is recorded with an event: kind, label and ``file:line``
    ("country China (countries.jsonl:45)", "agent minister (agents.jsonl:80)")."""
    if mention.entry is not None:
        return f"{mention.entry.kind} {mention.entry.label} ({mention.entry.source})"
    assert mention.agent is not None
    return f"agent {mention.agent.term} ({mention.agent.source})"


def find_mentions(words: ParsedDoc, dictionaries: Dictionaries) -> dict[int, Mention]:
    """Return the mentions of ``words`` keyed by each token index they cover (longest match wins)."""
    by_token: dict[int, Mention] = {}
    firsts, texts, lowers, lemmas, n = dictionaries.mention_firsts, words.texts, words.lowers, words.lemmas, len(words)
    i = 0
    while i < n:
        if lowers[i] not in firsts and texts[i] not in firsts and lemmas[i] not in firsts \
                and not lowers[i].endswith("-led") and (i + 2 >= n or lowers[i + 1] != "and"):
            i += 1  # most words: no name, region or agent starts here (the checks below, in brief)
            continue
        region_end = _region_end(words, i, dictionaries)
        if region_end:  # "Latin America", "the Indian Ocean": a place, and no actor inside it
            i = region_end
            continue
        mention = (_name_at(words, i, dictionaries) or _elliptic_name_at(words, i, dictionaries)
                   or _agent_at(words, i, dictionaries))
        if mention is None:
            i += 1
            continue
        for k in range(mention.start, mention.end):
            by_token[k] = mention
        i = mention.end
    return by_token


def _region_end(words: ParsedDoc, i: int, dictionaries: Dictionaries) -> int:
    for length in dictionaries.region_lengths.get(words.lowers[i], ()):
        if 1 < length <= len(words) - i and tuple(words.lowers[i:i + length]) in dictionaries.regions:
            return i + length
    return 0


def _name_at(words: ParsedDoc, i: int, dictionaries: Dictionaries) -> Mention | None:
    if words.lowers[i].endswith("-led") and len(words.texts[i]) > 4:  # "U.S.-led forces" (one token): the leader
        prefix = words.texts[i][:-4]
        entry = dictionaries.names_exact.get((prefix,)) or dictionaries.names_lower.get((prefix.lower(),))
        return Mention(i, i + 1, entry, None) if entry is not None else None
    lengths = _lengths(dictionaries.name_lengths, words.texts[i], words.lowers[i])
    if not lengths or not _capitalised(words.texts[i]) or _after_attitude_prefix(words, i):
        return None
    for length in lengths:
        end = i + length
        if end > len(words):
            continue
        entry = dictionaries.names_exact.get(tuple(words.texts[i:end])) or dictionaries.names_lower.get(
            tuple(words.lowers[i:end]))
        if entry is not None:
            return Mention(i, end, entry, None)
    return None


def _lengths(index: Mapping[str, tuple[int, ...]], form: str, other: str) -> tuple[int, ...]:
    """Lengths of the keys starting with either form of a word, longest first."""
    found = index.get(form, ())
    if other == form or other not in index:
        return found
    return tuple(sorted({*found, *index[other]}, reverse=True))


def _elliptic_name_at(words: ParsedDoc, i: int, dictionaries: Dictionaries) -> Mention | None:
    """"*North* and South Korea": a word that, with the last word of the name after "and", is a name."""
    if i + 2 >= len(words) or words.lowers[i + 1] != "and" or not _capitalised(words.texts[i]):
        return None
    following = _name_at(words, i + 2, dictionaries)
    if following is None or following.end - following.start < 2:
        return None
    entry = dictionaries.names_lower.get((words.lowers[i], words.lowers[following.end - 1]))
    return Mention(i, i + 1, entry, None) if entry is not None and entry.code != following.entry.code else None


def _after_attitude_prefix(words: ParsedDoc, i: int) -> bool:
    return i >= 2 and words.texts[i - 1] == "-" and words.lowers[i - 2] in ATTITUDE_PREFIXES


def _capitalised(first: str) -> bool:
    """Names match only when capitalised: lower-case "turkey", "chad", "china" are ordinary words."""
    return first[:1].isupper() or not first[:1].isalpha()


def _agent_at(words: ParsedDoc, i: int, dictionaries: Dictionaries) -> Mention | None:
    n = len(words)
    if words.pos[i] == "PROPN" and not words.sent_starts[i]:
        for length in dictionaries.proper_agent_lengths.get(words.texts[i], ()):
            agent = dictionaries.proper_agents.get(tuple(words.texts[i:i + length])) if length <= n - i else None
            if agent is not None:  # "the House" (not "House prices ..." opening a sentence)
                return Mention(i, i + length, None, agent)
    for length in _lengths(dictionaries.agent_lengths, words.lemmas[i], words.lowers[i]):
        end = i + length
        if end > n:
            continue
        agent = dictionaries.agents.get(tuple(words.lemmas[i:end])) or dictionaries.agents.get(
            tuple(words.lowers[i:end]))
        if agent is not None and words.pos[end - 1] in NOMINAL:
            return Mention(i, end, None, agent)
    return None


# --------------------------------------------------------------------------- phrases


def phrase_tokens(head: Word) -> list[Word]:
    """The tokens of the noun phrase headed by ``head``, without clauses, conjuncts and most PPs."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in PHRASE_DEPS:
            tokens.extend(phrase_tokens(child))
        elif child.dep_ == "prep" and (child.lower_ in PHRASE_PREPS or _such_as(child) or _works_at(child)):
            tokens.append(child)
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    tokens.extend(phrase_tokens(grandchild))
    return tokens


def _works_at(prep: Word) -> bool:
    """"judges *at the International Criminal Court*", "officials *at the Pentagon*": where people work."""
    return (prep.lower_ == "at" and prep.head.pos_ == "NOUN"
            and any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in prep.children))


def _such_as(prep: Word) -> bool:
    """"allies *such as Germany*", "countries *including Algeria and Morocco*": the examples name the actor."""
    return (prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)) or prep.lower_ == "including"


def conjuncts(head: Word) -> list[Word]:
    """``head`` and the heads it is coordinated with ("the US and South Korea"), including lists the
    parser hangs on an apposition ("Saudi Arabia, the UAE, Bahrain and Egypt")."""
    if head.dep_ == "conj":
        return [head]
    found = [head, *head.conjuncts]
    for child in head.children:
        if child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children):
            found += [child, *child.conjuncts]
    return found


@dataclass
class References:
    """The actors an article has mentioned so far, for pronouns and short references."""

    date: dt.date | None
    history: list[Actor] = field(default_factory=list)
    proposals: list[Actor] = field(default_factory=list)  # authors of proposals, plans, offers
    names: dict[str, Actor] = field(default_factory=dict)  # names learnt in this article ("Mitsotakis")
    group: tuple[int, tuple[Actor, ...]] = (-1, ())  # the latest parties of a mutual event, and where

    def set_group(self, at: int, actors: tuple[Actor, ...]) -> None:
        """"China and India met ... They agreed": remember the parties for a following "they"."""
        self.group = (at, actors)

    def learn_name(self, head: Word, actor: Actor, mentions: dict[int, "Mention"]) -> None:
        """"Greek Prime Minister Kyriakos Mitsotakis" codes GRCGOV from its title; later, "Mitsotakis"
        alone is the same person. Learns the head word of a titled name the dictionaries lack, and the
        surname of a person the dictionaries know by full name ("George W. Bush ... Bush said")."""
        if head.pos_ == "PROPN" and head.i not in mentions and actor.person:
            self.names[head.lower_] = actor
        mention = mentions.get(head.i)
        if mention is not None and mention.entry is not None and mention.entry.kind == "person" \
                and mention.end - mention.start > 1 and head.i == mention.end - 1:
            self.names[head.lower_] = actor  # "George W. Bush ... Bush said": the surname, for the article

    def add(self, actor: Actor) -> None:
        self.history.append(actor)

    def add_proposal(self, author: Actor, at: int) -> None:
        """Remember that ``author`` made a proposal at token ``at`` ("Beijing plans to present a plan")."""
        self.proposals.append(author._replace(start=at, end=at + 1))

    def latest_proposal(self, before: int) -> Actor | None:
        return next((a for a in reversed(self.proposals) if a.start < before), None)

    def latest(self, before: int, *, person: bool | None = None, sector: str | None = None,
               skip: range = range(0)) -> Actor | None:
        """The latest actor mentioned before token ``before``; ``person`` True or False restricts it
        to single human beings or to everything else; actors starting in ``skip`` are passed over."""
        for actor in reversed(self.history):
            if actor.start >= before or actor.start in skip:
                continue
            if person is not None and actor.person != person:
                continue
            if sector is not None and actor.sector != sector:
                continue
            return actor
        return None


def phrase_actor(head: Word, mentions: dict[int, Mention], refs: References) -> Actor | None:
    """The actor of the noun phrase headed by ``head``, or None when it names no actor."""
    if head.lower_ in FIRST_PERSON and head.pos_ == "PRON":  # "us", not "the US"
        found = _speaker(head, mentions, refs)
        return found._replace(start=head.i, end=head.i + 1, text=head.text, via="pronoun") if found else None
    if head.lower_ in PERSON_PRONOUNS or head.lower_ in GROUP_PRONOUNS or (head.lower_ == "them" and head.dep_ == "nsubj"):
        skip = _own_subject(head)
        found = (_possessor_subject(head, refs) or
                 (_plural_antecedent(head, refs, skip) if head.lower_ in PLURAL_PRONOUNS else None) or
                 refs.latest(head.i, person=head.lower_ in PERSON_PRONOUNS, skip=skip))
        return found._replace(start=head.i, end=head.i + 1, text=head.text, via="pronoun") if found else None
    tokens = sorted((t for t in phrase_tokens(head) if not t.is_punct or t.is_quote), key=lambda t: t.i)
    found_mentions = _unique(mentions[t.i] for t in tokens if t.i in mentions)
    if not found_mentions:
        learnt = refs.names.get(head.lower_) if head.pos_ == "PROPN" else None
        return learnt._replace(start=head.i, end=head.i + 1, text=head.text, via="reference") if learnt else None
    if head.i not in mentions and head.pos_ == "NOUN":
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
        if owner is not None:  # "criticized *the House's decision*", "*their government's* response"
            return phrase_actor(owner, mentions, refs)
    start, end = tokens[0].i, tokens[-1].i + 1
    text = head.doc[start:end].text
    code, person, used = _compose(found_mentions, head, refs.date)
    if code is None:
        return _agent_reference(found_mentions, head, refs, mentions, (start, end, text))
    return Actor(code, start, end, text, person, "dictionary", used)


def _possessor_subject(pronoun: Word, refs: References) -> Actor | None:
    """A possessive pronoun after its clause's subject is the subject's: "the Arab League called on *its*
    members", "Russia withdrew *its* troops" ("his" needs a person, "its" anything else)."""
    if pronoun.dep_ != "poss" or pronoun.lower_ not in ("its", "their", "his", "her"):
        return None
    verb = pronoun.head
    while verb.head.i != verb.i and not (verb.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in verb.children)):
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.i > pronoun.i or subject.pos_ == "PRON":
        return None
    span = range(subject.left_edge.i, subject.right_edge.i + 1)
    person = pronoun.lower_ in ("his", "her")
    return next((a for a in reversed(refs.history) if a.start in span and a.person == person), None)


def _plural_antecedent(pronoun: Word, refs: References, skip: range) -> Actor | None:
    """"U.S. Navy *ships* ... refused to let *them* deliver aid": a plural pronoun takes the latest
    plural phrase of its own or the previous sentence, when there is one."""
    doc = pronoun.doc
    since = doc[pronoun.sent.start - 1].sent.start if pronoun.sent.start > 0 else 0
    for actor in reversed(refs.history):
        if actor.start < since:
            return None
        if actor.start < pronoun.i and actor.start not in skip and actor.end > 0 and not actor.person \
                and doc[actor.end - 1].tag_ in PLURAL_TAGS:
            return actor
    return None


def _own_subject(pronoun: Word) -> range:
    """The tokens of the subject of an object pronoun's own clause, which it cannot mean: in "Trump
    recognized *him*", "him" is not Trump (that would be "himself")."""
    if pronoun.dep_ == "nsubj" and pronoun.head.dep_ == "relcl":  # "415 Palestinians *it* accused": not them
        noun = pronoun.head.head
        return range(noun.left_edge.i, noun.i + 1)
    if pronoun.dep_ == "nsubj" and pronoun.head.dep_ == "ccomp" and pronoun.head.head.lemma in ECM_VERBS:
        verb = pronoun.head.head  # "refused to let *them* deliver aid": "them" is let's object
    elif pronoun.dep_ in ("dobj", "pobj", "dative"):
        verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    else:
        return range(0)
    while verb.dep_ in ("xcomp", "conj") and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head  # "the rulers refused to let *them* deliver aid": the rulers' own clause
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return range(0)
    return range(subject.left_edge.i, subject.right_edge.i + 1)


def _speaker(pronoun: Word, mentions: dict[int, Mention], refs: References) -> Actor | None:
    """Who "I" or "we" is in reported speech: the subject of the sentence's verb of saying
    ("'*We* condemn North Korea,' Abe told reporters" → JPNGOV)."""
    for verb in pronoun.sent:
        if verb.lemma not in SAYING_VERBS or verb.i == pronoun.head.i:
            continue
        for subject in (c for c in verb.children
                        if c.dep_ == "nsubj" and not (c.pos_ == "PRON" and c.lower_ in FIRST_PERSON)):
            speaker = phrase_actor(subject, mentions, refs)
            if speaker is not None:
                return speaker._replace(person=pronoun.lower_ in ("i", "me", "my"))
    return None


def phrase_actors(head: Word, mentions: dict[int, Mention], refs: References) -> list[Actor]:
    """The actor of a phrase, and one more for each coordinated modifier: "Turkish and Russian
    troops" → TURMIL, RUSMIL; "the navies of India, Japan and the US" → INDMIL, JPNMIL, USAMIL."""
    at, group = refs.group
    # "The Armenians claim they ...": an actor earlier in the pronoun's own sentence wins over the pair
    newer = refs.latest(head.i, person=False)
    nearer = newer is not None and newer.start > max(at, head.sent.start - 1)
    if group and at < head.i and (_names_both_parties(head) or (
            head.lower_ in ("they", "their", "them") and not nearer)):
        return [a._replace(start=head.i, end=head.i + 1, text=head.text, via="pronoun") for a in group]
    split = _misparsed_coordination(head, mentions, refs)
    if split:
        return split
    base = phrase_actor(head, mentions, refs)
    if base is None:
        return []
    actors = [base]
    if base.via != "dictionary":
        return actors
    for token in _coordinated_modifiers(head):
        mention = mentions.get(token.i)
        if mention is None or mention.entry is None:
            continue
        entry = mention.entry
        code = entry.code_on(refs.date) if entry.kind in ("person", "organization", "institution") \
            else entry.code + base.code[3:]
        if code not in {a.code for a in actors}:
            sector_entries = tuple(m for m in base.entries if m.agent is not None)
            actors.append(base._replace(code=code, start=mention.start, end=mention.end,
                                        text=head.doc[mention.start:mention.end].text,
                                        entries=(mention, *sector_entries)))
    return actors


def _names_both_parties(head: Word) -> bool:
    """"the two countries", "both sides", "the leaders of the two nations": the latest pair."""
    if head.lemma in PARTY_NOUNS and any(c.lower_ in ("two", "both", "each") for c in head.children):
        return True
    return any(_names_both_parties(g) for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj")


def _misparsed_coordination(head: Word, mentions: dict[int, Mention], refs: References) -> list[Actor]:
    """Two actors the parser has folded into one phrase: in "US President Donald Trump and Turkish
    President Recep Tayyip Erdoğan spoke", "Trump and President" hang inside Erdoğan's name (or, in "Moon
    Jae-in and ... Kim Jong Un", on a piece of a name). Each side of the "and" is then an actor of its own."""
    tokens = [t for t in phrase_tokens(head) if t.i != head.i]
    cc = next((c for t in tokens if t.dep_ in ("appos", "nmod", "compound") for c in t.children
               if c.dep_ == "cc" and c.lower_ in ("and", "&") and any(k.dep_ == "conj" for k in t.children)), None)
    if cc is None:
        return []
    start = min(t.i for t in phrase_tokens(head))
    actors = []
    for lo, hi in ((start, cc.i), (cc.i + 1, head.i + 1)):
        found = _unique(mentions[i] for i in range(lo, hi) if i in mentions)
        code, person, used = _compose(found, head.doc[hi - 1], refs.date) if found else (None, False, ())
        if code is None or not code[:3].isalpha():
            return []
        actors.append(Actor(code, lo, hi, head.doc[lo:hi].text, person, "dictionary", used))
    return actors if actors[0].code != actors[1].code else []


def _coordinated_modifiers(head: Word) -> list[Word]:
    found: list[Word] = []
    for child in head.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss"):
            found += [child, *child.conjuncts] if child.conjuncts else []
        elif child.dep_ == "prep" and (child.lower_ in PHRASE_PREPS or _such_as(child)):
            found += [c for g in child.children if g.dep_ == "pobj" for c in g.conjuncts]
    return found


def _unique(items: object) -> list[Mention]:
    seen: dict[int, Mention] = {}
    for mention in items:  # type: ignore[attr-defined]
        seen.setdefault(mention.start, mention)
    return list(seen.values())


def _compose(found: list[Mention], head: Word, date: dt.date | None) -> tuple[str | None, bool, tuple[Mention, ...]]:
    """Combine the mentions of one phrase into a code: person > organisation > country + agent. Returns
    the code, whether it is one person, and the mentions the code was made from."""
    agents = [m for m in found if m.agent is not None]
    head_agent = next((m for m in agents if m.start <= head.i < m.end), None)
    for mention in found:
        entry = mention.entry
        if entry is not None and entry.kind == "person":
            if head_agent is not None and head_agent.agent.sector and not mention.start <= head.i < mention.end \
                    and head.pos_ == "NOUN":  # "supporters of President Trump": USA + CVL, not Trump
                return entry.code_on(date)[:3] + head_agent.agent.sector, head_agent.agent.person, (mention, head_agent)
            return entry.code_on(date), True, (mention,)
    for mention in found:
        if mention.entry is not None and mention.entry.kind in ("organization", "institution"):
            return mention.entry.code, False, (mention,)
    if not any(m.entry is not None for m in found):
        return None, False, ()
    nearest = _nearest(found, head)
    sectors = [a for a in agents if a.agent.sector]
    by_sector = head_agent if head_agent and head_agent.agent.sector else (sectors[0] if sectors else None)
    sector = by_sector.agent.sector if by_sector else ""
    at_head = next((m.entry for m in found if m.entry is not None and m.start <= head.i < m.end), None)
    if not sector and at_head is not None and at_head.kind == "adjective" and head.tag_ in PLURAL_TAGS:
        sector = "CVL"  # "half a million Romanians protested": the people
    # a person-agent at the head ("the minister"), or a name with a person title ("Minister Lavrov")
    is_person = (bool(head_agent and head_agent.agent.person) and head.tag_ not in PLURAL_TAGS) or (
        head.pos_ == "PROPN" and any(a.agent.person for a in agents))
    used = (nearest, by_sector) if by_sector else (nearest,)
    return nearest.entry.code + (sector or ""), is_person, used


def _nearest(found: list[Mention], head: Word) -> Mention:
    """The country mention nearest the head (the head itself wins: "the Chinese capital" vs "Beijing")."""
    return min((m for m in found if m.entry is not None), key=lambda m: abs(m.start - head.i))


def _agent_reference(found: list[Mention], head: Word, refs: References, mentions: dict[int, Mention],
                     span: tuple[int, int, str]) -> Actor | None:
    """A bare agent ("the minister", "police", "protesters"): the latest actor of the same sector when
    the phrase is definite, else the agent's sector in the country the text is about — the latest
    country mentioned before it, or failing that the next one in its sentence."""
    found = [m for m in found if m.agent is not None]
    by = next((m for m in found if m.start <= head.i < m.end), None)
    if by is None and (head.lemma in QUANTITY_NOUNS or head.pos_ == "NUM"):
        by = next(iter(found), None)  # "thousands of protesters"
    if by is None and head.pos_ == "PROPN":  # "dissident journalist Roman Protasevich": a title and a name
        by = next((m for m in found if m.agent.person and m.end <= head.i), None)
    if by is None or by.agent.sector is None:
        return None
    agent, start, end, text = by.agent, *span
    if any(t.lower_ == "the" for t in head.children):
        previous = refs.latest(start, sector=agent.sector)
        if previous is not None:
            return Actor(previous.code, start, end, text, agent.person, "reference",
                         (*previous.entries, by))
    country = _partner_country(head, mentions) or context_country(head, refs, mentions, start)
    return Actor(country + agent.sector, start, end, text, agent.person, "context", (by,)) \
        if country else None


def _partner_country(head: Word, mentions: dict[int, Mention]) -> str | None:
    """"Sri Lanka's government and Tamil Tiger rebels": a bare agent coordinated with a phrase that
    names a country belongs to that country."""
    partners = [head.head] if head.dep_ == "conj" else list(head.conjuncts)
    for partner in partners:
        for token in phrase_tokens(partner):
            mention = mentions.get(token.i)
            if mention is not None and mention.entry is not None and mention.entry.code[:3] not in ORG_ROOTS \
                    and mention.entry.kind != "person":
                return mention.entry.code[:3]
    return None


def context_country(head: Word, refs: References, mentions: dict[int, Mention], start: int) -> str | None:
    """Where a bare agent belongs: the place its clause is set in ("killed civilians *in the Ethiopian
    city of Axum*", "police ... *in Cairo*"), else the latest country the article mentioned, else the
    first country its sentence names as a modifier ("militants killed members of *Iraq's* Yazidi
    minority"; not "Latin American leaders criticized *the United States*")."""
    return place_country(head, mentions) or next(
        (a.country for a in reversed(refs.history) if a.start < start and a.country), None) or next(
        (m.entry.code[:3] for t in head.sent if (m := mentions.get(t.i)) is not None and m.entry is not None
         and m.entry.kind != "person" and m.entry.code[:3] not in ORG_ROOTS and t.dep_ in ("poss", "amod")), None)


def place_country(anchor: Word, mentions: dict[int, Mention]) -> str | None:
    """The country of the place where the event at ``anchor`` happens: a country named in a locative
    phrase under the anchor ("deployed police *in central Minsk*", "massed troops near its *border with
    Ukraine*"), else under the clause the anchor belongs to ("killed civilians *in Axum*" for
    "civilians"), but not in another clause ("fired at *South Korea*, and Seoul returned fire")."""
    for token in (*anchor.subtree, *_clause_tokens(anchor)):
        mention = mentions.get(token.i)
        if (mention is not None and mention.entry is not None and mention.entry.code[:3] not in ORG_ROOTS
                and is_place(phrase_head(token))):
            return mention.entry.code[:3]
    return None


def _clause_tokens(token: Word) -> list[Word]:
    """The tokens of the clause ``token`` is part of (from the first verb above it with a subject of
    its own), without the clauses embedded in it."""
    node = token
    while node.head.i != node.i and not (node.pos_ in ("VERB", "AUX") and _has_subject(node)):
        node = node.head
    found: list[Word] = []
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(c for c in current.children
                     if (c.dep_ not in EMBEDDED_CLAUSE_DEPS or (c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX")))
                     and not (c.pos_ in ("VERB", "AUX") and _has_subject(c)))  # "hotels ... and a centre in Mumbai"
    return sorted(found, key=lambda t: t.i)


def _has_subject(verb: Word) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def phrase_head(token: Word) -> Word:
    """The head of the noun phrase ``token`` is part of."""
    while token.dep_ in PHRASE_DEPS and token.head.i != token.i:
        token = token.head
    return token


def is_place(head: Word) -> bool:
    """A phrase that says where something happens ("talks *in Moscow*", "troops *near its border with
    Ukraine*")."""
    if head.dep_ != "pobj":
        return False
    prep = head.head
    if prep.lower_ == "with" and prep.head.lemma in BORDER_NOUNS:
        return True
    if prep.lower_ == "of" and prep.head.lemma in AREA_NOUNS:  # "on the outskirts *of Algiers*"
        return True
    return prep.lower_ in LOCATIVE_PREPS
