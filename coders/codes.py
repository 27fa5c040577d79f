"""Codes CAMEO tells apart by who does what to whom: the same verb is a battle between armies and a
bombing by a militant group, an arrest of a person and the occupation of a town."""

from __future__ import annotations

from collections.abc import Iterable

from coders.actors import Actor
from coders.parsed import Word
from coders.verbs import direct_object, pobjs

# Killing, and who counts as a civilian victim or a state's force (see code_by_parties)
KILLING_CODES = frozenset({"190", "193"})
VISIT_CODES = frozenset({"042", "043"})
DISPLACING_VERBS = frozenset({"force", "drive", "expel", "evict", "deport", "displace", "uproot", "push", "chase"})
ORG_CODES_OF_EXPULSION = {"IGO": "1661", "NGO": "1663"}
EXPELLED_BODIES = frozenset({"peacekeeper", "force", "mission", "agency", "organization", "organisation", "group",
                             "worker", "staff", "inspector", "monitor", "observer", "team", "charity", "ngo"})
ARREST_CODES = frozenset({"173", "1711", "171"})
SEIZING_VERBS = frozenset({"seize", "capture", "take", "overrun", "grab", "storm"})
TERRITORY_NOUNS = frozenset({"city", "town", "village", "hometown", "capital", "province", "region", "district",
                             "territory", "area", "enclave", "island", "stronghold", "port", "airport", "base",
                             "outpost", "border", "crossing", "peninsula", "valley", "hill", "suburb", "neighbourhood",
                             "neighborhood", "county", "oblast", "state"})
# Who a country receives when it lets others in (see reception_code)
INSPECTORS = frozenset({"inspector", "inspection", "monitor", "observer"})
PEACEKEEPERS = frozenset({"peacekeeper", "peacekeeping", "blue", "helmet"})
PEACEKEEPING_PURPOSES = frozenset({"protect", "help", "assist", "support", "secure", "guard", "stabilise",
                                   "stabilize", "restore", "keep", "monitor", "police"})
# State forces against their own dissenters (see _represses)
FORCE_SECTORS = frozenset({"MIL", "COP"})
DISSENT_SECTORS = frozenset({"OPP", "EDU", "LAB"})
FIRING_VERBS = frozenset({"fire", "shoot", "open"})
CIVILIAN_SECTORS = frozenset({"CVL", "REL", "EDU", "MED", "LAB", "BUS", "HLH", "REF", "AGR", "ENV", "HRI", "NGO"})
STATE_FORCES = frozenset({"MIL", "COP", "GOV", "SPY"})


def code_by_parties(code: str, source: Actor, target: Actor, anchor: Word) -> str:
    """Codes CAMEO tells apart by who does what to whom:

    * cooperation with armed forces is military cooperation, 062 ("increased cooperation with the
      navies of China and India");
    * administrative restrictions on another country are sanctions, 163 ("new restrictions on flights
      to Cuba");
    * seizing a town or a base is occupying territory, 192 ("rebels captured the town of Sirte");
    * killing hundreds of civilians is a mass killing, 202 ("killed at least 500 members of Iraq's
      Yazidi minority");
    * killing civilians by anyone but a state's forces is unconventional violence, 1823 ("gunmen
      killed ten villagers"), not a battle.
    """
    if code == "050" and target.sector == "MIL":
        return "062"
    if anchor.lemma in DISPLACING_VERBS and _en_masse(anchor):
        return "203"  # "forced more than 200,000 East Timorese from their homes": ethnic cleansing
    expelled = direct_object(anchor)
    if code == "174" and target.root in ORG_CODES_OF_EXPULSION and expelled is not None \
            and expelled.lemma in EXPELLED_BODIES:  # "ordered U.N. peacekeepers to leave", not "deported Shakir"
        return ORG_CODES_OF_EXPULSION[target.root]
    if code == "051" and anchor.lemma == "welcome" and target.person and target.sector == "GOV":
        return "043"  # "welcomed by his Pakistani counterpart": hosting a visit, not praise
    if code in VISIT_CODES and source.sector == "MIL" and target.country and target.country != source.country:
        return "074"  # "Nigerian peacekeepers landed in Monrovia": troops arriving abroad are a deployment
    if code in KILLING_CODES and _bombing(source, anchor):
        return "183"  # "a suicide bomber killed ...", "bomb blasts killed 191 people"
    obj = direct_object(anchor) if anchor.pos_ == "VERB" else None
    place = (obj is not None and obj.pos_ == "PROPN" and target.sector is None and not target.person
             and target.via == "dictionary" and anchor.lemma in SEIZING_VERBS)  # "seized Bangui"
    if code in ARREST_CODES and (_territory(obj) or place):
        return "192"  # "rebels captured his hometown of Sirte": territory is occupied, not arrested
    if code == "172" and source.country and target.country and source.country != target.country:
        return "163"  # restrictions imposed on another country are sanctions, not administrative measures
    if code == "084" and anchor.lemma in ("hand", "turn") and _person(obj):
        return "063"  # "handed Milosevic over to the U.N. tribunal": a fugitive is extradited, not returned
    if code in KILLING_CODES and _represses(source, target, anchor):
        return "175"  # "security forces opened fire on students protesting against Suharto"
    if code not in KILLING_CODES or not _civilian(target):
        return code
    obj = direct_object(anchor)
    victims = anchor.doc[target.start:target.end] if target.start >= 0 else (list(obj.subtree) if obj else [])
    if _in_hundreds(victims):
        return "202"
    state = (source.sector in STATE_FORCES or (source.sector is None and source.country is not None)
             or source.root == "IGO")  # NATO's strikes are a state force's
    return code if state else "1823"


def reception_code(code: str, source: Actor, target: Actor, anchor: Word) -> str | None:
    """The host's side of an international deployment, which CAMEO codes as an event of its own: a
    country receives peacekeepers (0861: "Nigerian peacekeepers landed in Monrovia", "troops arrived in
    Darfur to protect the monitors") or inspectors (0862: "U.N. inspectors arrived in Baghdad").
    ``None`` for any other arrival, an invasion included."""
    if code not in VISIT_CODES | {"074"} or target.sector is not None or target.person:
        return None
    if not target.country or target.country == source.country:
        return None
    movers = {t.lemma for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
              for t in c.subtree}
    if movers & INSPECTORS:
        return "0862"
    purposes = {c.lemma for c in anchor.children if c.dep_ in ("advcl", "xcomp")}
    return "0861" if movers & PEACEKEEPERS or purposes & PEACEKEEPING_PURPOSES else None


def _territory(obj: Word | None) -> bool:
    """A town, a base or a named place ("seized Bangui", "seized most of Goma", "bases and buildings")."""
    if obj is None:
        return False
    if obj.lower_ in ("most", "much", "part", "parts", "control"):
        return any(_territory(p) for p in pobjs(obj, frozenset({"of"})))
    return any(o.lemma in TERRITORY_NOUNS for o in (obj, *obj.conjuncts))


def _bombing(source: Actor, anchor: Word) -> bool:
    words = " ".join([source.text.lower(), *(t.lower_ for t in anchor.subtree), anchor.head.lower_])
    return "bomb" in words and "bomber jet" not in words and source.sector not in ("MIL",)


def _person(obj: Word | None) -> bool:
    """A name that is no place or body ("handed *Milosevic* over")."""
    return obj is not None and obj.pos_ == "PROPN" and obj.ent_type_ not in ("GPE", "LOC", "FAC", "ORG", "NORP")


def _represses(source: Actor, target: Actor, anchor: Word) -> bool:
    """A state's forces firing on their own country's protesters, students or opposition: violent
    repression (175), not a battle; a massacre of hundreds stays a mass killing (202)."""
    if source.sector not in FORCE_SECTORS or target.sector not in DISSENT_SECTORS or source.country != target.country:
        return False
    return anchor.lemma in FIRING_VERBS or not _in_hundreds(anchor.doc[target.start:target.end])


def _civilian(actor: Actor) -> bool:
    return actor.sector in CIVILIAN_SECTORS or (actor.via == "implied" and actor.sector is None)


def _en_masse(anchor: Word) -> bool:
    """Tens of thousands or more people driven out ("more than a million black Africans")."""
    obj = direct_object(anchor) or next((c for c in anchor.children if c.dep_ == "nsubjpass"), None)
    for token in (obj.subtree if obj is not None else ()):
        digits = token.text.replace(",", "")
        if token.lemma in ("thousand", "million") or (token.pos_ == "NUM" and digits.isdigit()
                                                               and int(digits) >= 10000):
            return True
    return False


def _in_hundreds(span: Iterable[Word]) -> bool:
    """"hundreds of civilians", "1,429 people", "at least 500 members"."""
    for token in span:
        if token.lemma in ("hundred", "thousand", "million"):
            return True
        digits = token.text.replace(",", "")
        if token.pos_ == "NUM" and digits.isdigit() and int(digits) >= 100:
            return True
    return False
