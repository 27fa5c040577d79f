"""Event assembly on a dependency parse: who did what to whom, in which mode.

:func:`sentence_events` is a generator of small named tuples, in the manner of textacy's
subject–verb–object triples: for each verb or event noun that matches a pattern it finds the source
phrase(s) and the target phrase(s), expands coordinations into one event per pair, and takes the mode
(asserted, negated, hypothetical, future) from :mod:`coders.modality`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from coders.actors import (
    QUANTITY_NOUNS,
    SAYING_VERBS,
    Actor,
    Mention,
    References,
    conjuncts,
    context_country,
    phrase_actors,
    place_country,
)
from coders.codes import STATE_FORCES, VISIT_CODES, code_by_parties, reception_code
from coders.dictionaries import Dictionaries, Pattern
from coders.modality import CONDITIONAL_MARKS, Mode, modality
from coders.parsed import Span, Word
from coders.verbs import (
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    PatternMatch,
    candidate_matches,
    direct_object,
    is_passive,
    pobjs,
)

RELATIVE_TAGS = frozenset({"WDT", "WP"})
# A clause without its own subject takes it from the clause it hangs on, through these relations.
SUBJECT_CLIMB_DEPS = frozenset({"xcomp", "acomp", "conj", "advcl", "acl", "pcomp", "pobj", "prep", "dobj"})
# Light verbs whose object noun carries the event ("hold talks with", "pay a visit to").
LIGHT_VERBS = frozenset({
    "hold", "pay", "make", "conduct", "launch", "carry", "stage", "issue", "deliver", "give", "begin", "start",
    "end", "conclude", "open", "resume", "continue", "wrap", "undertake", "mount", "lead", "host", "have",
    "take", "impose", "level", "lodge", "file", "extend", "send", "express", "voice", "announce", "sign",
    "increase", "expand", "boost", "deepen", "strengthen", "step", "intensify", "escalate",
    "order", "authorize", "authorise", "approve",  # "ordered a complete siege of Gaza": the siege is the event
    "complete", "finish",  # "completed the withdrawal of its troops"
})
CONTROL_PREPS = ("on", "upon")
# Verbs whose object is a means, not who acts next ("used rubber bullets *to disperse* protesters")
INSTRUMENT_VERBS = frozenset({"use", "employ", "take", "spend", "need", "require", "utilize", "utilise"})
CONTROL_VERBS = frozenset({"call", "prevail", "rely", "count", "depend", "lean", "press", "impress"})
# Verbs of saying whose refusal is a refusal to talk, not a rejection of what they are about.
COMMENT_VERBS = frozenset({"comment", "elaborate", "confirm", "say", "specify", "speculate", "discuss", "disclose"})
# Prepositions that make an act the topic of another event ("an investigation *into* the shelling")
ARGUMENT_PREPS = frozenset({"into", "of", "on", "about", "over", "against", "for", "to", "from"})
# Prepositions whose event noun is the clause subject's own occasion ("*on a visit to* China")
OCCASION_PREPS = frozenset({"during", "on", "in"})
# Verbs that say an event happened, with the event noun as their subject ("protests *erupted*").
OCCURRENCE_VERBS = frozenset({"erupt", "break", "take", "spread", "continue", "rage", "sweep", "grip", "begin",
                              "start", "escalate", "intensify", "occur", "hit", "engulf", "rock", "resume"})
# Proposals whose author a later "the proposal" refers to.
PROPOSAL_VERBS = frozenset({"propose", "present", "offer", "suggest", "submit", "float", "unveil", "table"})
PROPOSAL_NOUNS = frozenset({"proposal", "plan", "offer", "initiative", "idea", "suggestion", "proposition",
                            "roadmap", "scheme", "draft"})
# What an announced (future) action of a root is, in CAMEO: an intent (03x) or a threat (13x).
FUTURE_INTENT = {
    "04": "036", "05": "032", "06": "031", "07": "033", "08": "035",
    "14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138",
    "045": "039",  # a code of its own takes precedence over its root's
}
# Verbal acts a penalty in the complement makes an ultimatum (139), and the relations that lead to it
VERBAL_ROOTS = frozenset({"01", "02", "10", "11", "13"})
ULTIMATUM_DEPS = frozenset({"xcomp", "ccomp", "dobj", "acl", "relcl", "advcl"})
# What refusing a concession of each kind is, in CAMEO ("has not lifted the sanctions": 1244)
REFUSALS = {"080": "124", "081": "1241", "082": "1242", "083": "123", "084": "1243", "085": "1244",
            "086": "1245", "087": "1246"}
HYPHEN_DOER_VERBS = frozenset({"broker", "mediate", "sponsor", "host", "organize", "organise", "draft", "lead"})
# Passives whose unnamed agent the sentence still gives (see _passive_source)
EXPULSION_VERBS = frozenset({"deport", "expel", "banish", "evict", "extradite", "exile"})
DEPLOYMENT_VERBS = frozenset({"deploy", "station", "mobilize", "mobilise", "mass", "redeploy"})
# Mediation: its targets are the parties of the talks it brokers ("talks brokered by Moscow")
MEDIATION_CODES = frozenset({"045", "039"})
MEDIATION_VERBS = frozenset({"host", "broker", "mediate", "facilitate", "sponsor", "convene", "arrange"})
PARTY_PREPS = frozenset({"between", "among"})
# Prepositions that tie a thing to the actor it concerns ("flights *to* Cuba", "the city *of* Kherson")
RELATED_PREPS = frozenset({"to", "from", "of"})
# Wrongs whose place or doer is whom an investigation or a charge concerns
OFFENCE_NOUNS = frozenset({"crime", "abuse", "atrocity", "violation", "killing", "massacre", "corruption", "fraud",
                           "torture", "wrongdoing", "misconduct", "offence", "offense"})
# Groups that act for whoever sends, leads or runs them ("a convoy organised by the UN")
BODY_NOUNS = frozenset({"convoy", "team", "delegation", "mission", "force", "group", "coalition", "operation",
                        "campaign", "committee", "panel", "commission", "investigation", "inquiry", "probe", "unit",
                        "contingent", "envoy", "representative", "militia", "fleet", "flotilla"})
# Participles that name who did an act ("attacks *claimed by* the Houthis", "a raid *carried out by* X")
DOING_VERBS = frozenset({"claim", "carry", "conduct", "launch", "stage", "mount", "perpetrate", "commit", "order",
                         "organize", "organise", "lead", "orchestrate", "execute", "plan", "fire", "drop"})
COMMAND_VERBS = frozenset({"order", "instruct", "command", "direct", "put", "place"})
FORCE_SECTORS = frozenset({"MIL", "COP", "SPY"})
# Nouns for people who are no actor of their own (the victims of coercion or violence)
PEOPLE_NOUNS = frozenset({
    "people", "person", "man", "woman", "child", "resident", "villager", "civilian", "worker", "student",
    "family", "member", "individual", "passenger", "pilgrim", "worshipper", "teenager", "boy", "girl", "youth",
    "voter", "supporter", "follower", "prisoner", "detainee", "hostage", "migrant", "refugee", "farmer",
    "journalist", "activist", "protester", "demonstrator", "suspect", "citizen", "inhabitant",
    "victim", "minority", "muslim", "christian", "opponent", "critic", "dissident", "lawmaker", "officer",
    "anyone", "anybody", "everyone", "everybody", "someone", "those",
})
# Uses of force and coercion whose target, when no actor is named, is the place or population they hit.
IMPLIED_TARGET_ROOTS = frozenset({"15", "17", "18", "19", "20"})
# ... and symbolic acts and easings a country performs for itself ("held a minute of silence",
# "declared mourning", "lifted the state of emergency")
IMPLIED_TARGET_CODES = frozenset({"017", "081", "0811", "0812", "0813", "0814", "154", "0831"})  # and resignations
# ... and de-escalations whose target is only ever the place ("declared a unilateral ceasefire in Gaza")
IMPLIED_PLACE_CODES = frozenset({"0871", "0872", "0874", "055", "015"})  # and apologies made there, and
# claims of responsibility for an attack there
OWN_COUNTRY = "(implied: their own country)"
RECIPROCAL_ROOTS = frozenset({"04", "05", "06"})
RECIPROCAL_CODES = frozenset({"190", "193", "0871", "019"})
# Events that are mutual by nature: coded in both directions ("A met with B", "A signed a pact with B").
MUTUAL_CODES = frozenset({"040", "041", "044", "046", "057", "061", "062", "064"})  # not 063: extradition goes one way
# Prepositions that introduce whom an action is done to ("talks *with* X", "a strike *against* X"), not
# where or when it happens ("crossings *from* Turkey", "*in* Moscow").
TARGET_PREPS = frozenset({"with", "to", "against", "on", "upon", "toward", "towards", "into", "at"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})  # "called on China to ...": the object of "on" controls the xcomp


class RawEvent(NamedTuple):
    """One coded event before enrichment with codebook fields."""

    source: Actor
    target: Actor
    code: str
    pattern: Pattern
    anchor: Word
    mode: Mode


def sentence_events(sent: Span, mentions: dict[int, Mention], refs: References,
                    dictionaries: Dictionaries) -> Iterator[RawEvent]:
    """Yield the events of one sentence, one per source × target pair, without duplicates."""
    seen: set[tuple[str, str, str]] = set()
    words = dictionaries.pattern_words
    for token in sent:
        if token.lemma not in words and token.lower_ not in words:
            continue  # no pattern of this word (most words)
        for event in _events_at(token, mentions, refs, dictionaries):
            key = (event.source.code, event.target.code, event.code)
            if key not in seen:
                seen.add(key)
                yield event


def _events_at(token: Word, mentions: dict[int, Mention], refs: References,
               dictionaries: Dictionaries) -> list[RawEvent]:
    """Events of the first pattern at ``token`` whose actors resolve.

    A prepositional pattern whose object is no actor ("called Putin *on Tuesday*") gives way to the
    next pattern; a blocking pattern or a plain one ends the search.
    """
    implied: list[PatternMatch] = []  # patterns whose target may be implied, in order of specificity
    for match in candidate_matches(token, dictionaries):
        if match.pattern.code == "030" and _hostile_complement(token, dictionaries):
            continue  # "vowed to destroy the militants" is a threat (its complement's 138), not cooperation
        events = list(_events_of_match(match, mentions, refs))
        if events:
            return events
        code = match.pattern.code
        if code[:2] in IMPLIED_TARGET_ROOTS or code in IMPLIED_TARGET_CODES or code in IMPLIED_PLACE_CODES:
            implied.append(match)
        if match.pattern.source_sectors:
            continue  # "police questioned X" (091) gives way to "X questioned Y" (110) for other sources
        if match.blocks or match.pattern.prep is None:
            break
    if implied and _is_clause_event(token):
        # "imposed a curfew (on Sunday evening)": the pattern without the preposition, when there is one
        best = next((m for m in implied if m.pattern.prep is None), implied[0])
        return list(_events_of_match(best, mentions, refs, implied=True))
    return []


def _hostile_complement(verb: Word, dictionaries: Dictionaries) -> bool:
    """Whether what ``verb`` commits to is a hostile act (a pattern of root 11 or above)."""
    return any(m.pattern.code[:2] >= "11" for c in verb.children if c.dep_ in ("xcomp", "ccomp")
               for m in candidate_matches(c, dictionaries))


def _events_of_match(match: PatternMatch, mentions: dict[int, Mention], refs: References, *,
                     implied: bool = False) -> Iterator[RawEvent]:
    sources, targets, reciprocal = _parties(match, mentions, refs, implied=implied)
    if not sources or not targets:
        return
    code, mode = _code_and_mode(match)
    for source in sources:
        for target in targets:
            if target.text == OWN_COUNTRY and target.country != source.country:
                continue  # "Algeria and Morocco imposed bans": each on its own people
            if code in VISIT_CODES and target.sector is None and target.country == source.country:
                continue  # "Koizumi visited the Yasukuni shrine": a trip at home is no diplomatic visit
            if _commands_own_forces(match, source, target):
                continue  # "Saddam ordered his troops to withdraw": the withdrawal is the event, not a demand
            if _distinct(source, target, reciprocal):
                coded = code_by_parties(code, source, target, match.anchor)
                yield RawEvent(source, target, coded, match.pattern, match.anchor, mode)
                if code in MUTUAL_CODES and target not in sources:  # "A met with B": B met A too
                    yield RawEvent(target, source, code, match.pattern, match.anchor, mode)
                received = reception_code(coded, source, target, match.anchor)
                if received:  # "peacekeepers landed in Monrovia": Liberia receives them (0861)
                    yield RawEvent(target, source, received, match.pattern, match.anchor, mode)


def _parties(match: PatternMatch, mentions: dict[int, Mention], refs: References, *,
             implied: bool) -> tuple[list[Actor], list[Actor], bool]:
    """Sources, targets, and whether the sources act on each other."""
    parties = _between_parties(match, mentions, refs)
    if parties is not None:  # "clashes between police and protesters", "talks between A and B"
        return parties, parties, True
    if match.pattern.source_is_prep:  # "drew condemnation from Japan": Japan condemns the subject
        return _actors(match.target_heads, mentions, refs), _actors(source_heads(match.anchor), mentions, refs), False
    source_phrases = source_heads(match.anchor)
    sources = _actors(source_phrases, mentions, refs) or _occurrence_source(match.anchor, mentions, refs)
    if match.pattern.source_sectors:
        sources = [s for s in sources if s.sector in match.pattern.source_sectors]
    heads = match.target_heads
    if not (match.blocks or match.pattern.code[:2] == "01"):  # what is said is no target of saying it
        heads = heads or _complement_targets(match.anchor)
    heads = tuple(h for h in heads if h.i not in {s.i for s in source_phrases})  # "police were deployed"
    if match.anchor.pos_ == "NOUN" and match.pattern.prep == "by":
        heads = ()  # "an investigation by the UN and the OPCW": "by" names the doers, not whom it is done to
    if any(_each_other(h) for h in heads) and len(sources) > 1:  # "accused each other": of the same thing
        return sources, sources, True
    targets = _actors(tuple(_doer(h) for h in heads), mentions, refs) or _actors(_related(heads), mentions, refs)
    if targets and sources and {t.country for t in targets} == {s.country for s in sources}:
        # "remorse for *Japan's colonial rule of Korea*": the act is the source's own; its object is the target
        others = [t for t in _actors(_related(heads), mentions, refs) if t.country not in {s.country for s in sources}]
        targets = others or targets
    if not targets and (match.pattern.code in MEDIATION_CODES or match.pattern.code[:2] == "02"):
        # "talks brokered by Moscow", "called for a cessation of hostilities between Israel and Hezbollah"
        events = heads or ((match.anchor.head,) if match.anchor.dep_ in ("amod", "acl") else ())  # "X-brokered talks"
        targets = _actors(tuple(p for h in events for p in _event_parties(h)), mentions, refs)
        targets = [t for t in targets if t.root not in {s.root for s in sources}]  # a mediator is no party
    if not targets and not heads:  # "telephoned Bush to offer his condolences", "warned Putin during a call"
        targets = _actors(_purpose_targets(match.anchor) or _occasion_targets(match.anchor, mentions), mentions, refs)
    if implied and not targets:
        code = match.pattern.code  # "arrested a man", "imposed a curfew", "banned niqabs": the population
        population = code not in IMPLIED_PLACE_CODES and (
            (heads and all(map(_is_people, heads))) or (not heads and code[:2] in ("17", "18", "20"))
            or code in IMPLIED_TARGET_CODES or (code[:3] == "172" and not any(map(_named, heads))))
        targets = _implied_targets(match.anchor, sources, mentions, population=population)
    if not targets and len(sources) > 1 and _reciprocal(match):
        return sources, sources, True  # "China and Russia met", "Turkey and Libya signed an agreement"
    if not targets and not match.target_heads and match.pattern.code[:2] == "14":
        targets = _own_government(sources)  # "protesters marched in Cairo": against their government
    return sources, targets, False


def _between_parties(match: PatternMatch, mentions: dict[int, Mention], refs: References) -> list[Actor] | None:
    """The parties of a mutual event noun that names them with "between" or "among" ("clashes between
    police and protesters"); ``None`` when it names no two, or when the noun is what a mediator hosts
    or brokers ("hosted talks between A and B": the host's event, 045)."""
    anchor, code = match.anchor, match.pattern.code
    if anchor.pos_ != "NOUN" or not (code[:2] in RECIPROCAL_ROOTS or code in RECIPROCAL_CODES):
        return None
    named = pobjs(anchor, PARTY_PREPS)
    if anchor.dep_ == "nsubj" and anchor.head.lemma in OCCURRENCE_VERBS:
        named += pobjs(anchor.head, PARTY_PREPS)  # "fighting *erupted between* Armenia and Azerbaijan"
    parties = _actors(tuple(named), mentions, refs)
    if len(parties) < 2:
        return None
    if anchor.dep_ in ("dobj", "obj") and anchor.head.lemma in MEDIATION_VERBS:
        return []
    return parties


def _event_parties(noun: Word) -> tuple[Word, ...]:
    """Who takes part in the talks or deal a mediator brokers: those named "between" or "with" it, or
    its owner, else the subject of the clause it hangs on ("A and B agreed to a truce *after talks*
    brokered by Moscow")."""
    named = pobjs(noun, PARTY_PREPS | {"with"}) + list(_noun_owner(noun)) + [  # "a cessation of hostilities
        p for o in pobjs(noun, frozenset({"of"})) if o.pos_ == "NOUN" for p in pobjs(o, PARTY_PREPS)]  # between"
    if named:
        return tuple(named)
    if noun.dep_ in ("dobj", "obj") and noun.head.lemma in LIGHT_VERBS:
        return _verb_source(noun.head)  # "A and B opened Norwegian-brokered talks"
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX"):
        verb = noun.head.head
        if verb.lemma in SAYING_VERBS and verb.dep_ in ("advcl", "parataxis") and verb.head.i != verb.i:
            verb = verb.head  # "A and B agreed to a truce after talks ..., Lavrov said": the parser's "after"
        return _clause_subject(verb)
    return ()


def _purpose_targets(verb: Word) -> tuple[Word, ...]:
    """A purpose clause acts on its governing verb's object: "telephoned Bush *to offer his
    condolences*", "met Xi *to discuss* trade"."""
    if verb.pos_ != "VERB" or verb.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                                              for c in verb.children):
        return ()
    obj = direct_object(verb.head)
    return (obj,) if obj is not None and not any(c.dep_ in SUBJECT_DEPS for c in verb.children) else ()


def _occasion_targets(noun: Word, mentions: dict[int, Mention]) -> tuple[Word, ...]:
    """The other party of an occasion that names none: whom the clause's verb addresses ("warned
    Putin of sanctions *during a video call*", "told Abe *in a phone call*")."""
    if noun.pos_ != "NOUN" or noun.dep_ != "pobj" or noun.head.lower_ not in OCCASION_PREPS:
        return ()
    verb = noun.head.head
    while verb.dep_ == "xcomp" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        verb = verb.head  # "asked Wang Yi to restructure the debt *during talks*": the talks are with Wang Yi
    if verb.pos_ not in ("VERB", "AUX"):
        return ()
    obj = direct_object(verb)
    found = ((obj,) if obj is not None else ()) + tuple(pobjs(verb, frozenset({"to", "with"})))
    return tuple(h for h in found if h.pos_ != "NOUN" or h.i in mentions)  # people, not "Sri Lanka's debt"


def _code_and_mode(match: PatternMatch) -> tuple[str, Mode]:
    """The event's code and mode: CAMEO codes an announced action as its intent (036) or threat (138),
    and some refusals as events of their own ("declined to comment": 011; a concession not made, "did
    not release the prisoners", is a refusal to yield: 1243)."""
    mode = modality(match.anchor)
    code = match.pattern.code
    if code[:2] in VERBAL_ROOTS and mode == "asserted" and _ultimatum(match.anchor):
        return "139", mode  # "demanded that Iran halt enrichment *or face sanctions*"
    if mode == "future":
        intent = match.pattern.future_code or FUTURE_INTENT.get(code) or FUTURE_INTENT.get(code[:2])
        return (intent, "asserted") if intent else (code, mode)
    if mode == "negated" and match.pattern.negated_code:
        return match.pattern.negated_code, "asserted"
    if mode == "negated" and code[:2] == "08" and any(c.dep_ == "neg" for c in match.anchor.children):
        # "did not accede to their demands": a refusal to yield (a governing "refused" codes its own event)
        return REFUSALS.get(code[:3], "124"), "asserted"
    return code, mode


def _ultimatum(verb: Word) -> bool:
    """Whether what ``verb`` demands carries its penalty: "... *or face* sanctions" in its complement
    ("demanded that Iran halt enrichment or face sanctions", "gave the generals 15 days to hand over
    power or face suspension")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    todo = [c for c in verb.children if c.dep_ in ULTIMATUM_DEPS]
    while todo:
        node = todo.pop()
        if node.lemma == "face" and node.dep_ == "conj" and node.doc[node.i - 1].lower_ == "or":
            return True
        todo += [c for c in node.children if c.dep_ in ULTIMATUM_DEPS | {"conj"}]
    return False


def _doer(head: Word) -> Word:
    """A target that is an act done by someone stands for its doer: "condemned *the attack by
    militants*", "an investigation into *the shelling of Kharkiv by Russian forces*"."""
    agents = _by_agent(head) if head.pos_ == "NOUN" else ()
    return agents[0] if agents else head


def _each_other(head: Word) -> bool:
    """"each other", "one another" (however the parser splits them)."""
    words = {c.lower_ for c in head.children}
    return (head.lower_ in ("other", "another") and bool(words & {"each", "one", "the"})) or (
        head.lower_ == "one" and "another" in words)  # and "each side accused *the other*"


def _related(heads: tuple[Word, ...]) -> tuple[Word, ...]:
    """Whom a thing that is no actor concerns: "restrictions on *flights to Cuba*", "sanctions on
    *imports from Iran*", "shelled *the city of Kherson*"."""
    first = [p for h in heads if h.pos_ == "NOUN" for p in pobjs(h, RELATED_PREPS)]
    first += [p for h in heads if h.lemma in ("border", "frontier", "boundary")
              for p in pobjs(h, frozenset({"with"}))]  # "moved troops to its border *with Pakistan*"
    first += [p for h in heads if h.lemma in OFFENCE_NOUNS  # "an investigation into *crimes in Burundi*"
              for p in pobjs(h, frozenset({"in", "by", "against"}))]
    # "an investigation into *alleged crimes in Burundi*", "... *by government forces*"
    second = [p for h in heads if h.pos_ == "NOUN" for n in pobjs(h, frozenset({"into", "over", "for"}))
              if n.pos_ == "NOUN" for p in pobjs(n, frozenset({"in", "by", "against"}))]
    return tuple(first + second)


def _occurrence_source(anchor: Word, mentions: dict[int, Mention], refs: References) -> list[Actor]:
    """The people behind an event noun that is said to happen ("anti-government protests *erupted* in
    Belgrade", "riots *spread* across Iran"): civilians of the country its modifiers or its place name,
    else of the country the article is about."""
    if anchor.pos_ != "NOUN" or anchor.dep_ != "nsubj" or anchor.head.lemma not in OCCURRENCE_VERBS:
        return []
    country = (next((a.country for a in phrase_actors(anchor, mentions, refs) if a.country), None)
               or context_country(anchor.head, refs, mentions, anchor.i))
    if country is None:
        return []
    return [Actor(country + "CVL", anchor.i, anchor.i + 1, anchor.text, False, "implied")]


def _is_clause_event(anchor: Word) -> bool:
    """A verb, or an event noun a light verb makes the clause's event ("launched airstrikes"); not a
    nominal mentioned in passing ("an investigation into the shelling of Kharkiv")."""
    if anchor.pos_ != "NOUN":  # not a participle describing a thing ("treasures *looted by* troops in 1892",
        # "characterised the deaths as *crushing*")
        return not (anchor.dep_ == "acl" and is_passive(anchor)) and anchor.dep_ not in ("pcomp", "acomp", "amod")
    return anchor.dep_ in ("dobj", "obj") and anchor.head.lemma in LIGHT_VERBS


def _implied_targets(anchor: Word, sources: list[Actor], mentions: dict[int, Mention], *,
                     population: bool) -> list[Actor]:
    """The target of a use of force or coercion that names none as an actor ("imposed a curfew",
    "deployed riot police in central Minsk", "massacred hundreds of people in Baga"): the country
    where it happens, else — when it names no target, or only people ("arrested a man") — the
    source's own country (CAMEO codes the population as the target). A thing or an unknown name
    ("seized 126 skins", "the shelling of Kharkiv") implies nobody."""
    if not sources:
        return []
    where = place_country(anchor, mentions)
    if where:
        return [sources[0]._replace(code=where, start=-1, end=-1, text="(implied: the place)", person=False,
                                    via="implied", entries=())]
    if not population:
        return []
    # each source's own country, in order; its people when the source is the country itself ("Algeria
    # imposed bans": DZA → DZACVL)
    own = dict.fromkeys(s.country for s in sources if s.country)
    return [sources[0]._replace(code=country if any(s.code != country for s in sources if s.country == country)
                                else country + "CVL", start=-1, end=-1, text=OWN_COUNTRY, person=False,
                                via="implied", entries=next(s.entries for s in sources if s.country == country))
            for country in own]


def _named(head: Word) -> bool:
    """A thing that belongs to someone the dictionaries do not know ("*Mahan's* operations")."""
    return head.pos_ == "PROPN" or any(c.dep_ in ("poss", "compound") and c.pos_ == "PROPN" for c in head.children)


def _is_people(head: Word) -> bool:
    """A phrase that names people without naming who they are: "a man", "hundreds of people",
    "30 villagers"."""
    lemma = head.lemma
    if lemma in QUANTITY_NOUNS or head.pos_ == "NUM":
        return any(_is_people(g) for g in pobjs(head, frozenset({"of"})))
    return lemma in PEOPLE_NOUNS


def _own_government(sources: list[Actor]) -> list[Actor]:
    """The implied target of a protest with none named: the protesters' own government (CAMEO practice)."""
    return [s._replace(code=s.country + "GOV", start=-1, end=-1, text="(implied: their government)", person=False,
                       via="implied") for s in sources[:1]
            if s.country and s.sector is not None and s.sector not in STATE_FORCES]  # not "Japan lodged a protest"


def _complement_targets(verb: Word) -> tuple[Word, ...]:
    """Targets a verb's complement names: "refused *to meet with China*", "threatened *to launch a
    strike against the US*", "pledged *to provide aid to Afghanistan*", "demanded *that the US
    extradite* him" — in that order of preference: objects, prepositional objects, clause subjects."""
    found: list[Word] = []
    for child in verb.children:
        if child.dep_ == "xcomp" and child.lemma in COMMENT_VERBS:
            continue  # "declined to comment on Syria's report" rejects nothing of Syria's
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            obj = direct_object(child)
            found += [obj] if obj is not None else []
            found += pobjs(child, TARGET_PREPS) + (pobjs(obj, TARGET_PREPS) if obj is not None else [])
            # "refused to let them deliver aid": the subject of what they are (not) let do
            found += [g for c in child.children if c.dep_ == "ccomp" for g in c.children if g.dep_ in SUBJECT_DEPS]
        elif child.dep_ == "ccomp":
            subjects = [c for c in child.children if c.dep_ in SUBJECT_DEPS]
            # "demanded that Iran halt enrichment" when the parser takes "halt" for a noun's modifier
            found += subjects or [g for c in child.children if c.dep_ == "compound" for g in c.children
                                  if g.dep_ in SUBJECT_DEPS]
    return tuple(found)


def _reciprocal(match: PatternMatch) -> bool:
    """Events that coordinated subjects do to each other when no target is named: meetings, talks,
    agreements, cooperation ("France and Germany signed an accord"), clashes ("troops clashed").
    Only for the verb's own subject: an inherited one shares the verb with nobody."""
    code = match.pattern.code
    anchor = match.anchor
    if anchor.pos_ == "NOUN" and anchor.dep_ in ("dobj", "obj") and anchor.head.lemma in LIGHT_VERBS:
        anchor = anchor.head  # "India and Japan began an exercise": the light verb's subject
    # its own subject, or one it shares as an adverbial clause ("Rabin and Arafat shook hands *after signing*
    # the accords"), not one it inherits as a complement ("pledged funds to help")
    shared = anchor.dep_ in ("pcomp", "advcl") and not any(c.dep_ == "aux" and c.lower_ == "to" for c in anchor.children)
    own_subject = any(c.dep_ in SUBJECT_DEPS for c in anchor.children) or shared
    if not own_subject or (match.target_heads and not match.blocks):
        return False  # "China, Iran and Russia pledged funds": a named target that is no actor
    return code[:2] in RECIPROCAL_ROOTS or code in RECIPROCAL_CODES or match.anchor.lemma == "agree"


def _commands_own_forces(match: PatternMatch, source: Actor, target: Actor) -> bool:
    return (match.pattern.code[:2] == "10" and match.anchor.lemma in COMMAND_VERBS
            and source.country is not None and target.country == source.country and target.sector in FORCE_SECTORS)


def _distinct(source: Actor, target: Actor, reciprocal: bool) -> bool:
    """Whether an event may go from ``source`` to ``target``: two different actors, or two phrases of
    the same code that name different parties ("President Trump lashed out at the mayor": USAGOV →
    USAGOV), but never a phrase with itself or a pronoun with its antecedent."""
    if reciprocal:  # "his Greek and French counterparts, Dendias and Le Drian": FRA and FRAGOV are one party,
        # but "Indonesia and the Free Aceh Movement" (IDN, IDNSEP) are two
        longer, shorter = (source, target) if len(source.code) >= len(target.code) else (target, source)
        return source.code != target.code and not (
            longer.code.startswith(shorter.code) and (longer.sector in STATE_FORCES or longer.sector is None))
    if source.code != target.code:
        return not _same_phrase(source, target)
    return (not _same_phrase(source, target) and {source.via, target.via} <= {"dictionary", "context"}
            and source.sector is not None and source.text.lower() != target.text.lower())


def _same_phrase(a: Actor, b: Actor) -> bool:
    return a.start < b.end and b.start < a.end


def _actors(heads: tuple[Word, ...], mentions: dict[int, Mention], refs: References) -> list[Actor]:
    """Actors of the phrases headed by ``heads`` and their conjuncts ("the US and South Korea")."""
    actors: list[Actor] = []
    for head in heads:
        for conjunct in conjuncts(head):
            found = (phrase_actors(conjunct, mentions, refs) or _actors(_acl_agents(conjunct), mentions, refs)
                     or [_proposal_reference(conjunct, refs)])
            actors += [a for a in found if a is not None and a.code not in {b.code for b in actors}]
    return actors


def _acl_agents(head: Word) -> tuple[Word, ...]:
    """"a convoy *organised by the Red Cross and the UN*", "an investigation *by the UN*": a body someone
    sends or runs stands for them (not a thing: "rocket launchers supplied by the US" did not visit Ukraine)."""
    doing = any(c.dep_ == "acl" and c.lemma in DOING_VERBS for c in head.children)
    if head.lemma not in BODY_NOUNS and not doing:
        return ()
    return _by_agent(head) + tuple(g for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"
                                   for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj")


def _proposal_reference(head: Word, refs: References) -> Actor | None:
    """"the proposal", "the plan": the author of the latest proposal in the article, so that
    "Tillerson dismissed the proposal" is a rejection of whoever proposed it."""
    if head.lemma not in PROPOSAL_NOUNS or not any(c.lower_ in DEFINITE for c in head.children):
        return None
    author = refs.latest_proposal(before=head.i)
    if author is None:
        return None
    return author._replace(start=head.i, end=head.i + 1, text=head.text, person=False, via="reference")


def register_proposals(sent: Span, mentions: dict[int, Mention], refs: References) -> None:
    """Record who proposes what in ``sent`` ("Beijing plans to present its own plan", "China's proposal")."""
    for token in sent:
        lemma = token.lemma
        if token.pos_ == "VERB" and lemma in PROPOSAL_VERBS:
            authors = _actors(source_heads(token), mentions, refs)
        elif token.pos_ == "NOUN" and lemma in PROPOSAL_NOUNS:
            authors = _actors(_noun_owner(token), mentions, refs)
        else:
            continue
        for author in authors:
            refs.add_proposal(author, token.i)


# --------------------------------------------------------------------------- sources


def source_heads(anchor: Word) -> tuple[Word, ...]:
    """Heads of the source phrase of a verb or event noun."""
    if anchor.pos_ == "NOUN":
        return _noun_source(anchor)
    return _verb_source(anchor)


def _verb_source(verb: Word) -> tuple[Word, ...]:
    prefix = _hyphen_prefix(verb)
    if prefix is not None:  # "*Norwegian*-brokered talks", "a *Saudi*-led coalition"
        return (prefix,)
    # passive voice: the source is the "by" agent, or unknown
    if is_passive(verb):
        agents = tuple(g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj")
        # "was condemned in a joint statement by Egypt": the "by" of the statement
        return agents or tuple(a for noun in pobjs(verb) for a in _by_agent(noun)) or _passive_source(verb)
    # active voice with a subject of its own; a relative pronoun stands for the noun it modifies
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        return tuple(verb.head if s.tag_ in RELATIVE_TAGS and verb.dep_ == "relcl" else s for s in subjects)
    return _inherited_subject(verb)


def _hyphen_prefix(verb: Word) -> Word | None:
    """The doer written before a hyphen: "Norwegian-brokered", "Egyptian-mediated"."""
    if verb.i < 2 or verb.lemma not in HYPHEN_DOER_VERBS or verb.doc[verb.i - 1].text != "-":
        return None
    before = verb.doc[verb.i - 2]
    return before if before.head.i == verb.i else None


def _passive_source(verb: Word) -> tuple[Word, ...]:
    """Who acts when a passive names no agent but the verb implies one: the country someone "was
    deported from", the forces that "were deployed" (they act for their country)."""
    lemma = verb.lemma
    if lemma in EXPULSION_VERBS:
        return tuple(pobjs(verb, frozenset({"from"})))
    if lemma in DEPLOYMENT_VERBS:
        return tuple(c for c in verb.children if c.dep_ == "nsubjpass")
    return ()


def _inherited_subject(token: Word) -> tuple[Word, ...]:
    """Subject of a clause that has none: object control ("urged Beijing to drop"), then the
    governing clause's subject ("is expected to challenge", "denounced X and singled out Y")."""
    if token.dep_ not in SUBJECT_CLIMB_DEPS or token.head.i == token.i:
        return ()
    head = token.head
    if token.dep_ == "xcomp" and head.lemma not in INSTRUMENT_VERBS:
        controller = direct_object(head) or _control_pobj(head)
        if controller is not None:
            return (controller,)
    if token.dep_ in ("pcomp", "pobj") and head.lower_ == "from" and direct_object(head.head) is not None:
        return (direct_object(head.head),)  # "prevented supporters from rallying": the supporters rally
    grammatical = [c for c in head.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    if grammatical and head.pos_ in ("VERB", "AUX", "ADJ"):
        return tuple(grammatical)
    if head.pos_ == "NOUN" and token.dep_ == "acl":
        if token.tag_ == "VBG" and head.dep_ not in ("dobj", "obj"):
            return (head,)  # "with sanctions *restricting* the purchase": the noun itself acts (but "signed
            # a decree *banning* ...": the signer does)
        owner = _noun_owner(head)
        if owner:
            return owner
    return _inherited_subject(head)


def _control_pobj(verb: Word) -> Word | None:
    """"called *on China* to ...": the object of "on" controls the complement — for verbs of asking
    only, not for "voted *on Saturday* to suspend"."""
    if verb.lemma not in CONTROL_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in CONTROL_PREPS:
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _noun_owner(noun: Word) -> tuple[Word, ...]:
    """The possessor of an event noun ("his visit", "the administration's warning")."""
    return tuple(c for c in noun.children if c.dep_ == "poss")


def _by_agent(noun: Word) -> tuple[Word, ...]:
    """"the attack on the embassy *by militants*": the object of the noun's "by"."""
    return tuple(g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                 for g in c.children if g.dep_ == "pobj")


def _noun_source(noun: Word) -> tuple[Word, ...]:
    """Source of an event noun: its possessor ("his visit"), else the subject of the light verb whose
    object it is ("held talks with"); a noun under any other verb ("condemned the airstrikes on
    Syria") has no source of its own."""
    if _mentioned_in_passing(noun):
        return ()
    owner = _noun_owner(noun) or _by_agent(noun)
    under_light_verb = noun.dep_ in ("dobj", "obj") and noun.head.lemma in LIGHT_VERBS
    if owner and not (under_light_verb and all(o.pos_ == "PRON" for o in owner)):
        return owner
    if under_light_verb:  # "India and Japan began *their* exercise": the clause's subject
        return _verb_source(noun.head) or owner
    if noun.dep_ == "pobj" and noun.head.lower_ == "into" and noun.head.head.lemma == "enter":
        return _verb_source(noun.head.head)  # "entered into an agreement with the government"
    if not owner and any(c.dep_ == "amod" and c.pos_ == "ADJ" and c.lower_[:1] != c.text[:1] for c in noun.children):
        return (noun,)  # "*Israeli* air strikes on Gaza killed ...": the nationality of the act
    if noun.dep_ == "pobj" and noun.head.lower_ in OCCASION_PREPS:
        verb = noun.head.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and noun.head.lower_ == "during":
            verb = verb.head  # "acknowledged responsibility for the genocide *during a visit to Kigali*"
        if verb.pos_ not in ("VERB", "AUX"):
            return ()
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children):
            return ()  # "if Russia invaded Ukraine *during a call*": the parser's attachment; nobody's occasion
        return _clause_subject(verb)  # "Rice urged Kibaki ... *during a visit to Nairobi*": Rice's visit
    return owner


def _mentioned_in_passing(noun: Word) -> bool:
    """An act named inside another event's argument ("opened an investigation into *the shelling of
    Kharkiv by Russian forces*"): the sentence reports the investigation, not the shelling."""
    if noun.dep_ in ("dobj", "obj"):
        return noun.head.lemma not in LIGHT_VERBS
    if noun.dep_ == "pobj" and noun.head.lower_ == "into" and noun.head.head.lemma == "enter":
        return False
    return noun.dep_ == "pobj" and noun.head.lower_ in ARGUMENT_PREPS


def _clause_subject(verb: Word) -> tuple[Word, ...]:
    """The grammatical subject of the clause ``verb`` belongs to, without object control: in "Rice
    urged Kibaki to share power during a visit", the visitor is Rice."""
    node = verb
    while not any(c.dep_ in SUBJECT_DEPS for c in node.children) and node.dep_ in SUBJECT_CLIMB_DEPS \
            and node.head.i != node.i:
        node = node.head
    return tuple(c for c in node.children if c.dep_ in SUBJECT_DEPS)
