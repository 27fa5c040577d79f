"""Modality: whether an event is asserted, negated, hypothetical or future, from the clause it is in
and the clauses that govern it."""

from __future__ import annotations

from typing import Literal

from coders.actors import SAYING_VERBS
from coders.parsed import Word
from coders.verbs import PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, is_passive

Mode = Literal["asserted", "negated", "hypothetical", "future"]
# Modality is inherited from governing clauses through these relations (not through "conj" of a
# clause with a subject of its own, which is an independent statement).
MODE_CLIMB_DEPS = frozenset({"xcomp", "ccomp", "acomp", "acl", "advcl", "pcomp", "pobj", "prep", "dobj"})
GOVERNED_DEPS = frozenset({"xcomp", "ccomp", "acomp", "acl", "pcomp", "pobj", "prep", "dobj"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
MODAL_AUX = frozenset({"would", "could", "may", "might", "should", "must", "'d", "can", "ca"})
CONDITIONAL_MARKS = frozenset({"if", "unless"})
REPORTED_FUTURE_AUX = frozenset({"would", "'d"})
FUTURE_GOVERNORS = frozenset({"expect", "plan", "schedule", "due", "intend", "prepare", "set", "aim", "likely",
                              "agree", "decide", "commit", "resolve"})
# Governing verbs of commitment: CAMEO codes what they govern as an intent ("offered to mediate": 039)
INTENT_GOVERNORS = frozenset({"offer", "vow", "pledge", "promise", "volunteer", "willingness", "readiness",
                              "intention", "commitment", "determination", "resolve", "ready", "willing"})
HYPOTHETICAL_GOVERNORS = frozenset({
    "urge", "ask", "call", "demand", "want", "hope", "seek", "try", "threaten", "threat", "propose",
    "consider", "wish", "press", "push", "request", "suggest", "proposal", "plea", "appeal", "reluctant",
    "unwilling", "encourage", "invite", "advise", "recommend",
    # nouns whose infinitive is what they would bring about ("a deal *to remove* Kurdish fighters")
    "deal", "agreement", "resolution", "plan", "bill", "motion", "decision", "accord", "pact", "treaty",
    "initiative", "effort", "bid", "attempt", "mandate",
})
# Verbs that govern an infinitive as what someone is told to do, and a clause as what is reported
# ("told Belgrade *to recognise* Kosovo" is hypothetical; "told CNN *that* Iran had agreed" is not)
TELLING_GOVERNORS = frozenset({"tell", "warn", "instruct", "remind", "persuade", "convince", "pressure",
                               "pressurise", "pressurize", "compel", "beg", "implore", "exhort", "challenge"})
# Governing verbs that say the governed event did not happen ("refused to meet", "failed to stop").
NEGATING_GOVERNORS = frozenset({"refuse", "decline", "fail", "deny", "avoid", "reject", "prevent", "stop", "bar",
                                "ban", "prohibit", "keep", "deter", "block", "forbid"})
# Prepositions that set an event noun in the background: it happened, whatever the clause says
# ("urged them to share power *during a visit to Nairobi*").
BACKGROUND_PREPS = frozenset({"during", "amid", "after", "since"})


def modality(anchor: Word) -> Mode:
    """Mode of the event at ``anchor``: negated > hypothetical > future > asserted.

    Reads negation, auxiliaries and conditional markers on the anchor and on the clauses that govern
    it ("has not followed through on threats to impose tariffs" is negated; "is expected to
    challenge" is future; "urged Beijing to drop" makes the dropping hypothetical).
    """
    found: set[Mode] = set()
    node, governed, via = anchor, False, ""
    while True:
        # a governing verb ("refused", "urged", "plans") rules its complements, not the clauses
        # coordinated with it or adverbial to it ("blocked roads ... after the court sentenced")
        found |= _own_mode(node, governs=governed)
        if via == "xcomp" and node.lemma in TELLING_GOVERNORS:
            found.add("hypothetical")
        if not _climbs(node):
            break
        node, governed, via = node.head, _is_complement(node), node.dep_
    for mode in ("negated", "hypothetical", "future"):
        if mode in found:
            return mode  # type: ignore[return-value]
    return "asserted"


def _is_complement(node: Word) -> bool:
    """Whether ``node`` completes its head's meaning (what is refused, urged, planned): a complement,
    or an infinitive the parser attached as an adverbial clause ("called on X *to release* Y")."""
    if node.dep_ == "advcl":
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
    return node.dep_ in GOVERNED_DEPS


def _climbs(node: Word) -> bool:
    if node.head.i == node.i:
        return False
    if node.dep_ == "conj":  # a coordinated verb phrase shares the first conjunct's auxiliaries
        return not any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in node.children)
    if node.dep_ == "prep" and node.lower_ in BACKGROUND_PREPS:  # "urged X to share power *during a visit*"
        return False
    if node.dep_ == "acl" and is_passive(node):  # "agreed to a ceasefire *brokered by Egypt*": done already
        return False
    return node.dep_ in MODE_CLIMB_DEPS


def _reported(verb: Word) -> bool:
    """A clause reported by a verb of saying, and not a condition ("announced that the US would
    withdraw"; not "would withdraw if ...")."""
    return (verb.dep_ == "ccomp" and verb.head.lemma in SAYING_VERBS
            and not any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS
                                                   for m in c.children) for c in verb.children))


def _own_mode(node: Word, *, governs: bool) -> set[Mode]:
    modes: set[Mode] = set()
    for child in node.children:
        word = child.lower_
        if child.dep_ == "neg":
            modes.add("negated")
        elif child.dep_ == "aux" and word in FUTURE_AUX:
            modes.add("future")
        elif child.dep_ == "aux" and word in REPORTED_FUTURE_AUX and _reported(node):
            modes.add("future")  # "said the United States *would* withdraw": the future of the reported past
        elif child.dep_ == "aux" and word in MODAL_AUX:
            modes.add("hypothetical")
        elif child.dep_ == "mark" and word in CONDITIONAL_MARKS:
            modes.add("hypothetical")
    if governs:
        lemma = node.lemma
        if lemma in NEGATING_GOVERNORS:
            modes.add("negated")
        elif lemma in HYPOTHETICAL_GOVERNORS:
            modes.add("hypothetical")
        elif lemma in FUTURE_GOVERNORS or lemma in INTENT_GOVERNORS:
            modes.add("future")
    return modes
