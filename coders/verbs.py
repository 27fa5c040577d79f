"""Verb-pattern matching: which pattern a verb (or event noun) satisfies, and where its target is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from coders.dictionaries import Dictionaries, Pattern
from coders.parsed import Word

OBJECT_DEPS = frozenset({"dobj", "obj"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# Heads that count or group what their "of" phrase names
COUNT_NOUNS = frozenset({"series", "number", "set", "pair", "package", "raft", "host", "batch", "couple", "range", "string"})
ADVERB_PARTICLES = frozenset({"out", "off", "away", "back", "down"})
PARTICLE_DEPS = frozenset({"prt", "advmod"})  # "stepped down" is often parsed with an adverb
VERBAL = frozenset({"VERB", "AUX"})
OF = frozenset({"of"})
COMPLEMENT_DEPS = frozenset({"oprd", "xcomp", "acomp"})  # "called the move *a disgrace*", "called it *illegal*"


class PatternMatch(NamedTuple):
    """A pattern matched at ``anchor``; ``target_heads`` are the tokens whose phrases are the targets."""

    pattern: Pattern
    anchor: Word
    target_heads: tuple[Word, ...]

    @property
    def blocks(self) -> bool:
        """An object pattern without a preposition: it codes nothing and stops weaker patterns
        (e.g. "kill the bill" must not fall back to a generic "kill")."""
        return bool(self.pattern.object) and self.pattern.prep is None and not self.pattern.object_is_target


def candidate_matches(token: Word, dictionaries: Dictionaries) -> Iterator[PatternMatch]:
    """Patterns ``token`` satisfies, most specific first (patterns are pre-sorted by specificity)."""
    pos = "VERB" if token.pos_ in VERBAL else "NOUN" if token.pos_ == "NOUN" else None
    # a predicate adjective ("is *critical of* Russia"), or a participle used as one ("was *concerned about*")
    kinds = (("ADJ", token.lower_),) if token.dep_ == "acomp" and token.pos_ in ("ADJ", "VERB") else ()
    kinds += ((pos, token.lemma),) if pos else ()
    arguments: _Arguments | None = None
    for kind, lemma in kinds:
        for pattern in dictionaries.patterns.get((lemma, kind), ()):
            arguments = arguments or _Arguments.of(token)
            match = _try(pattern, token, arguments)
            if match is not None:
                yield match


def match_pattern(token: Word, dictionaries: Dictionaries) -> PatternMatch | None:
    """The most specific pattern ``token`` satisfies, if any."""
    return next(candidate_matches(token, dictionaries), None)


class _Arguments(NamedTuple):
    """What a word's patterns are tried against, read once per word."""

    obj: Word | None  # the direct object
    pattern_object: Word | None  # what an object pattern tests: the direct object, or an adverbial noun
    object_words: frozenset[str]  # what ``pattern_object`` is (see :func:`object_words`)
    particles: frozenset[str]  # "driven *out*", "stepped *down*" (also parsed as adverbs or prepositions)
    modifiers: frozenset[str]  # compound and adjective lemmas of an event noun ("an *air* strike")

    @classmethod
    def of(cls, token: Word) -> _Arguments:
        obj = direct_object(token)
        # "gave the generals *15 days*", parsed as an adverbial noun phrase
        tested = obj or next((c for c in token.children if c.dep_ == "npadvmod" and c.pos_ == "NOUN"), None)
        return cls(
            obj=obj,
            pattern_object=tested,
            object_words=object_words(tested) if tested is not None else frozenset(),
            particles=frozenset(c.lower_ for c in token.children if c.dep_ in PARTICLE_DEPS
                                or (c.dep_ == "prep" and c.lower_ in ADVERB_PARTICLES)),
            modifiers=frozenset(c.lemma for c in token.children if c.dep_ in ("compound", "amod")),
        )


def _try(pattern: Pattern, token: Word, arguments: _Arguments) -> PatternMatch | None:
    if pattern.particle and pattern.particle not in arguments.particles:
        return None
    obj = arguments.pattern_object if pattern.object else arguments.obj
    if pattern.object and pattern.pos == "NOUN":  # an event noun's modifier: "an *air* strike", "drone strikes"
        if arguments.modifiers.isdisjoint(pattern.object):
            return None
        obj = None
    elif pattern.object and (obj is None or arguments.object_words.isdisjoint(pattern.object)):
        return None
    if pattern.clause_modal:
        return _clause_modal_match(pattern, token)
    if pattern.complement:
        return _complement_match(pattern, token, obj)
    if pattern.prep_object:
        return _prep_object_match(pattern, token, obj)
    if pattern.prep:
        heads = (_prep_objects(token, pattern.prep) or (_prep_objects(obj, pattern.prep) if obj is not None else ())
                 or (_owner_objects(obj, pattern.prep) if obj is not None else ())
                 or _light_verb_prep_objects(token, pattern.prep) or _of_phrase_prep_objects(token, pattern.prep)
                 or _occurrence_prep_objects(token, pattern.prep))
        if not heads:
            return None
        return PatternMatch(pattern, token, heads)
    if pattern.object and pattern.object_is_target:  # "expelled Russian diplomats": the object is the target
        return PatternMatch(pattern, token, (obj,))  # type: ignore[arg-type]
    if pattern.object:  # "gave Saddam an ultimatum": the object decides the code, the dative is the target
        return PatternMatch(pattern, token, _datives(token))
    return PatternMatch(pattern, token, _default_targets(token, obj))


def _clause_modal_match(pattern: Pattern, token: Word) -> PatternMatch | None:
    """"said that Assad *must* step aside": a demand of the reported clause's subject."""
    heads = tuple(g for c in token.children if c.dep_ == "ccomp"
                  and any(a.dep_ == "aux" and a.lower_ in pattern.clause_modal for a in c.children)
                  for g in c.children if g.dep_ in ("nsubj", "nsubjpass"))
    return PatternMatch(pattern, token, heads) if heads else None


def _complement_match(pattern: Pattern, token: Word, obj: Word | None) -> PatternMatch | None:
    """"called Trump's conduct *a breach*": the object's predicate decides; the object is the target."""
    if obj is None or not any(c.dep_ in COMPLEMENT_DEPS and c.lemma in pattern.complement
                              for c in token.children):
        return None
    return PatternMatch(pattern, token, (obj,))


def _prep_object_match(pattern: Pattern, token: Word, obj: Word | None) -> PatternMatch | None:
    """"placed Sarkozy under *investigation*": the preposition's object decides; the direct object (or
    a passive subject) is the target."""
    prep = pattern.prep or ""
    found = _prep_objects(token, prep) + (_prep_objects(obj, prep) if obj is not None else ())
    if not any(_object_is(h, pattern.prep_object) for h in found):
        return None
    return PatternMatch(pattern, token, _default_targets(token, obj))


def _object_is(obj: Word, lemmas: frozenset[str]) -> bool:
    """Whether ``obj`` is one of ``lemmas`` (see :func:`object_words`)."""
    return not object_words(obj).isdisjoint(lemmas)


def object_words(obj: Word) -> frozenset[str]:
    """The entries an object matches: its head lemma, a common noun it is named by ("the oil *tanker*
    Stena Impero"), two-word compounds ("a *hunger strike*"), and the same of the conjuncts after it
    ("rescue teams and *relief supplies*"); for a counting noun, what it counts ("a series *of agreements*")."""
    found: set[str] = set()
    for c in obj.conjuncts:
        if c.i > obj.i:
            found |= object_words(c)
    if obj.lemma in COUNT_NOUNS:
        for g in pobjs(obj, OF):
            found |= object_words(g)
        return frozenset(found)
    found.add(obj.lemma)
    for c in obj.children:
        if c.dep_ in ("compound", "amod"):
            found.add(f"{c.lemma} {obj.lemma}")
            if obj.pos_ == "PROPN" and c.dep_ == "compound" and c.pos_ == "NOUN":
                found.add(c.lemma)
    return frozenset(found)


def direct_object(token: Word) -> Word | None:
    """The direct object of a verb (``dobj``), if any."""
    return next((c for c in token.children if c.dep_ in OBJECT_DEPS), None)


def pobjs(token: Word, preps: frozenset[str] | None = None) -> list[Word]:
    """Objects of the prepositions on ``token`` (of those in ``preps`` only, when given)."""
    return [g for c in token.children if c.dep_ == "prep" and (preps is None or c.lower_ in preps)
            for g in c.children if g.dep_ == "pobj"]


def _prep_objects(token: Word, prep: str) -> tuple[Word, ...]:
    """Objects of the preposition ``prep`` attached to ``token`` ("meet *with* X")."""
    found = tuple(
        grandchild
        for child in token.children
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ == prep
        for grandchild in child.children
        if grandchild.dep_ == "pobj"
    )
    if not found and prep == "of":  # "out of Kosovo", "because of": the "of" hangs on the first word
        found = tuple(g for c in token.children if c.dep_ == "prep" and c.lower_ == "out"
                      for o in c.children if o.dep_ == "prep" and o.lower_ == "of" for g in o.children if g.dep_ == "pobj")
    return found


def _light_verb_prep_objects(noun: Word, prep: str) -> tuple[Word, ...]:
    """For an event noun that is the object of a verb, the verb's preposition: the parser often
    attaches "to" in "issued a warning to North Korea" to the verb, not to the noun."""
    if noun.pos_ != "NOUN" or noun.dep_ not in OBJECT_DEPS:
        return ()
    return _prep_objects(noun.head, prep)


def _owner_objects(obj: Word, prep: str) -> tuple[Word, ...]:
    """The owner of an object, named by the clause that describes it: "froze assets *belonging to* the
    central bank", "seized a tanker *belonging to* Iran"."""
    return tuple(o for c in obj.children if c.dep_ == "acl" and c.lemma == "belong"
                 for o in _prep_objects(c, prep))


def _occurrence_prep_objects(noun: Word, prep: str) -> tuple[Word, ...]:
    """For an event noun that is the subject of an intransitive verb, the verb's preposition: "heavy
    fighting erupted *between* Armenia and Azerbaijan", "clashes broke out *with* police"."""
    if noun.pos_ != "NOUN" or noun.dep_ != "nsubj" or noun.head.pos_ != "VERB" or direct_object(noun.head):
        return ()
    return _prep_objects(noun.head, prep)


def _of_phrase_prep_objects(noun: Word, prep: str) -> tuple[Word, ...]:
    """For an event noun, a preposition the parser hangs on its "of" phrase: "a show of *force against*
    North Korea", "a campaign of *violence against* civilians"."""
    if noun.pos_ != "NOUN":
        return ()
    return tuple(o for of in _prep_objects(noun, "of") if of.pos_ == "NOUN" for o in _prep_objects(of, prep))


def _datives(token: Word) -> tuple[Word, ...]:
    """Indirect objects: "gave *Iraq* an ultimatum", "sent a letter *to Tehran*" (parsed as dative)."""
    found = []
    for child in token.children:
        if child.dep_ == "dative":
            found.append(next((g for g in child.children if g.dep_ == "pobj"), child))
    return tuple(found)


def _default_targets(token: Word, obj: Word | None) -> tuple[Word, ...]:
    """Target without a preposition: the direct object, else the dative, else a passive subject."""
    if obj is not None:
        return (obj,)
    datives = _datives(token)
    if datives:
        return datives
    passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    if passive is not None:
        return (passive,)
    if is_passive(token) and token.dep_ == "conj":  # "Turkey is ..., and was condemned by X": shared subject
        return tuple(c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass"))
    if _reduced_relative(token):  # "protesters *arrested by police*": the noun it modifies
        return (token.head,)
    if token.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in token.children):
        return (token.head,)  # "415 Palestinians *it accused* of ...": the noun the clause's object gap is
    return ()


def is_passive(verb: Word) -> bool:
    """A passive verb: with a passive subject, or a passive auxiliary ("and *was* condemned by X"), or a
    participle modifying a noun with a "by" agent ("talks *mediated by China*")."""
    return any(c.dep_ in ("nsubjpass", "csubjpass", "auxpass") for c in verb.children) or _reduced_relative(verb)


def _reduced_relative(verb: Word) -> bool:
    """"the ship *seized by Iran*", "talks *brokered by Moscow*": a past participle on a noun, with an agent."""
    head = verb.head  # a name in a place phrase is no patient ("died in Paris, France, surrounded by family")
    return (verb.dep_ == "acl" and verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)
            and (head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.dep_ not in ("pobj", "appos", "conj"))))
