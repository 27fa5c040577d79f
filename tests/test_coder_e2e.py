"""End to end with the statistical model and the project's dictionaries: exact events of real-syntax sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from coders.coder import EventCoder
from coders.config import Settings
from coders.parse import load_model
from coders.pipeline import current_dictionaries

CASES = [
    # a list the parser hangs on an apposition; a prepositional target
    ("Saudi Arabia, the United Arab Emirates, Bahrain and Egypt severed diplomatic ties with Qatar on Monday.",
     "2017-06-05", {("SAU", "QAT", "161", "asserted"), ("ARE", "QAT", "161", "asserted"),
                    ("BHR", "QAT", "161", "asserted"), ("EGY", "QAT", "161", "asserted")}),
    # a national institution; a conjoined clause with its own subject
    ("The Kremlin rejected the accusations, and the Pentagon denounced Russia.", "2019-06-01",
     {("USAMIL", "RUS", "111", "asserted")}),
    # a refusal targets its complement's object; the meeting itself is negated (and mutual)
    ("Iranian Foreign Minister Mohammad Javad Zarif refused to meet with US officials.", "2019-06-01",
     {("IRNGOV", "USAGOV", "120", "asserted"), ("IRNGOV", "USAGOV", "040", "negated"),
      ("USAGOV", "IRNGOV", "040", "negated")}),
    # coercion with no named target: the source's own country; protests said to happen: their people
    ("Sri Lankan authorities imposed a nationwide curfew on Sunday evening after a series of bomb blasts.",
     "2019-04-21", {("LKAGOV", "LKA", "1723", "asserted")}),
    ("Anti-government protests erupted in Tehran on Saturday.", "2019-11-16",
     {("IRNCVL", "IRNGOV", "141", "asserted")}),
    # the preposition's object decides the code, the direct object is the target
    ("French judges placed former President Nicolas Sarkozy under formal investigation on Wednesday.",
     "2018-03-21", {("FRAJUD", "FRA", "090", "asserted")}),
    # force near a border targets the country across it
    ("Russia has massed more than 100,000 troops near its border with Ukraine, U.S. officials said on Tuesday.",
     "2021-12-07", {("RUS", "UKR", "154", "asserted")}),
    # a coordination the parser folds into one name; a phone call both ways
    ("On October 6, US President Donald Trump and Turkish President Recep Tayyip Erdoğan spoke on the phone.",
     "2019-10-10", {("USAGOV", "TURGOV", "041", "asserted"), ("TURGOV", "USAGOV", "041", "asserted")}),
    # declining to comment is an event (011), and no rejection of what it is about
    ("Israel's military declined to comment on Syria's report.", "2019-06-01",
     {("ISRMIL", "SYR", "011", "asserted")}),
    # the predicate of the object decides: calling an act something bad criticises its doer
    ("Pelosi called Trump's conduct a \"breach of his Constitutional responsibilities,\" according to NBC.",
     "2019-10-10", {("USALEG", "USAGOV", "111", "asserted")}),
    # "voted on Saturday to suspend": a date is no controller of the complement
    ("The Arab League voted on Saturday to suspend Syria's membership.", "2011-11-12",
     {("IGOMEAARL", "SYR", "160", "asserted")}),
    # a visit the clause's subject is on happened, whatever the clause asks for
    ("U.S. Secretary of State Condoleezza Rice urged Kenyan President Mwai Kibaki to share power during a "
     "one-day visit to Nairobi on Monday.", "2008-02-18",
     {("USAGOV", "KENGOV", "020", "asserted"), ("USAGOV", "KEN", "042", "asserted")}),
    # cooperation with armed forces is military cooperation, with each of them
    ("According to the Associated Press, Iran has increased cooperation with the navies of China and Russia.",
     "2019-12-27", {("IRN", "CHNMIL", "062", "asserted"), ("IRN", "RUSMIL", "062", "asserted")}),
    # a two-word object ("hunger strike") decides the code; a protest against the protester's government
    ("Jailed Russian opposition leader Alexei Navalny declared a hunger strike on Wednesday.", "2021-03-31",
     {("RUSOPP", "RUSGOV", "142", "asserted")}),
    # police questioning is an interrogation
    ("Israeli police questioned Prime Minister Benjamin Netanyahu at his official residence on Monday.",
     "2017-01-02", {("ISRCOP", "ISRGOV", "091", "asserted")}),
    # a shooting goes one way (only coordinated subjects shoot at each other)
    ("Two Israeli soldiers were shot dead by Palestinian gunmen in the West Bank.", "2015-10-10",
     {("PSEUAF", "ISRMIL", "193", "asserted")}),
    # coordinated subjects agreeing to a ceasefire declare it to each other
    ("Armenia and Azerbaijan agreed to a humanitarian ceasefire in Nagorno-Karabakh.", "2020-10-10",
     {("ARM", "AZE", "0871", "asserted"), ("AZE", "ARM", "0871", "asserted")}),
    # a body run by someone acts for them
    ("A convoy organised by the International Committee of the Red Cross and the United Nations delivered food "
     "to Syria.", "2016-02-17", {("NGOHLHIRC", "SYR", "073", "asserted"), ("IGOUNO", "SYR", "073", "asserted")}),
    # a symbolic act with no one named is the country's own
    ("Both houses of the French Parliament held a minute of silence in Chirac's honor today.", "2019-09-30",
     {("FRALEG", "FRA", "017", "asserted")}),
    # "we" in reported speech is the speaker
    ("\"We condemn North Korea,\" Japanese Prime Minister Shinzo Abe told reporters.", "2017-09-15",
     {("JPNGOV", "PRK", "111", "asserted")}),
    # easing a state of emergency with no one named is for the country itself
    ("The Ethiopian government lifted the state of emergency on Friday.", "2018-06-05",
     {("ETHGOV", "ETH", "0814", "asserted")}),
    # "allies such as Germany and France": the examples are the actors
    ("The US has been encouraging allies such as Germany and France to restrict Mahan's operations.", "2019-11-18",
     {("USA", "DEU", "020", "asserted"), ("USA", "FRA", "020", "asserted")}),
    # "North and South Korea": two countries sharing one name's last word
    ("North and South Korea met in Panmunjom.", "2018-01-09",
     {("PRK", "KOR", "040", "asserted"), ("KOR", "PRK", "040", "asserted")}),
    # a city stands for its country
    ("Russian forces shelled Kharkiv on Tuesday.", "2022-03-01", {("RUSMIL", "UKR", "194", "asserted")}),
    # coordinated adjectives: reciprocal clash
    ("Turkish and Russian troops clashed near the border.", "2019-06-01",
     {("TURMIL", "RUSMIL", "190", "asserted"), ("RUSMIL", "TURMIL", "190", "asserted")}),
    # passive with the agent inside "in a joint statement by ..."
    ("North Korea was condemned in a joint statement by Japan and South Korea.", "2019-06-01",
     {("JPN", "PRK", "111", "asserted"), ("KOR", "PRK", "111", "asserted")}),
    # a passive verb coordinated with an active clause shares its subject as target
    ("Turkey is already under EU sanctions, and was condemned in a joint statement by Egypt, Greece and Cyprus.",
     "2019-10-10", {("EGY", "TUR", "111", "asserted"), ("GRC", "TUR", "111", "asserted"),
                    ("CYP", "TUR", "111", "asserted")}),
    # a titled name the dictionaries lack, then its bare surname in the next sentence
    ("Greek Prime Minister Kyriakos Mitsotakis arrived in Paris. Later, Mitsotakis met with the International "
     "Monetary Fund.", "2020-01-01",
     {("GRCGOV", "FRA", "042", "asserted"), ("GRCGOV", "IGOBUSIMF", "040", "asserted"),
      ("IGOBUSIMF", "GRCGOV", "040", "asserted")}),
    # "they" after a meeting: both parties
    ("Chinese President Xi Jinping met Russian President Vladimir Putin on Monday. They denounced NATO.",
     "2019-06-05", {("CHNGOV", "RUSGOV", "040", "asserted"), ("RUSGOV", "CHNGOV", "040", "asserted"),
                    ("CHNGOV", "IGOWSTNAT", "111", "asserted"), ("RUSGOV", "IGOWSTNAT", "111", "asserted")}),
    # a protest with no named target is against the protesters' own government; the country from the place
    ("Thousands of protesters marched in Cairo on Friday.", "2012-01-09", {("EGYOPP", "EGYGOV", "141", "asserted")}),
    # a target that is an act stands for its doer
    ("Ukrainian prosecutors opened a criminal investigation on Tuesday into the shelling of residential areas of "
     "Kharkiv by Russian forces.", "2022-03-01", {("UKRJUD", "RUSMIL", "090", "asserted")}),
    # a region is no actor, and a bare agent takes no country from a later object
    ("Latin American leaders criticized the United States over the Indian Ocean dispute.", "2019-01-01", set()),
    # dated roles: Biden out of office in 2019, in office in 2022
    ("Joe Biden criticized Vladimir Putin.", "2019-06-01", {("USA", "RUSGOV", "111", "asserted")}),
    ("Joe Biden criticized Vladimir Putin.", "2022-06-01", {("USAGOV", "RUSGOV", "111", "asserted")}),
    # the parser alone ends a sentence before '"El Chapo"'; extradition goes one way
    ('Mexico extradited drug lord Joaquín "El Chapo" Guzmán to the United States on Thursday.', "2017-01-19",
     {("MEX", "USA", "063", "asserted")}),
    # a participle with a "by" agent is passive; a mediator's targets are the parties of the talks
    ("Israel and Hamas agreed to a ceasefire on Friday after talks brokered by Egypt.", "2021-05-21",
     {("ISR", "PSEREB", "0871", "asserted"), ("PSEREB", "ISR", "0871", "asserted"),
      ("EGY", "ISR", "045", "asserted"), ("EGY", "PSEREB", "045", "asserted")}),
    # "between" names both parties of a mutual event noun
    ("Heavy clashes between Armenian and Azerbaijani forces broke out on Sunday.", "2020-09-27",
     {("ARMMIL", "AZEMIL", "190", "asserted"), ("AZEMIL", "ARMMIL", "190", "asserted")}),
    # a purpose clause acts on the governing verb's object
    ("French President Emmanuel Macron telephoned Lebanese President Michel Aoun on Tuesday to offer his "
     "condolences.", "2020-08-04", {("FRAGOV", "LBNGOV", "041", "asserted"), ("LBNGOV", "FRAGOV", "041", "asserted"),
                                   ("FRAGOV", "LBNGOV", "018", "asserted")}),
    # "the House" capitalised is the legislature; "him" is not the clause's own subject
    ("Trump denounced the House on Wednesday after it voted to impeach him.", "2019-12-18",
     {("USAGOV", "USALEG", "111", "asserted"), ("USALEG", "USAGOV", "115", "asserted")}),
    ("Dozens of protesters arrested by police in Minsk were released on Monday.", "2020-08-17",
     {("BLRCOP", "BLROPP", "173", "asserted")}),
    # "drew condemnation from": the preposition's object acts on the subject
    ("North Korea launched a long-range rocket on Sunday, drawing condemnation from Japan and the United States.",
     "2009-04-05", {("JPN", "PRK", "111", "asserted"), ("USA", "PRK", "111", "asserted")}),
    # a modifier of the event noun decides the code: air strikes, not a labour strike; "went on strike" is one
    ("NATO launched air strikes against Yugoslavia on Wednesday.", "1999-03-24", {("IGOWSTNAT", "YUG", "195", "asserted")}),
    ("Workers went on strike against the government in Paris.", "2019-05-01", {("FRALAB", "FRAGOV", "143", "asserted")}),
    # the nationality of an event noun is its source
    ("Israeli air strikes on Gaza killed 20 people on Thursday.", "2014-07-10",
     {("ISR", "PSE", "195", "asserted"), ("ISR", "PSECVL", "190", "asserted")}),
    # coordinated subjects share an adverbial clause's act
    ("Israeli Prime Minister Yitzhak Rabin and PLO leader Yasser Arafat shook hands at the White House after signing "
     "the Oslo accords.", "1993-09-13", {("ISRGOV", "PSEGOV", "057", "asserted"), ("PSEGOV", "ISRGOV", "057", "asserted")}),
    # "U.S.-led" is one token; missiles fired at someone are aerial weapons
    ("U.S.-led forces began bombing Iraq on Thursday.", "1991-01-17", {("USAMIL", "IRQ", "195", "asserted")}),
    ("Iran launched drones and missiles at Israel on Saturday night.", "2024-04-13", {("IRN", "ISR", "195", "asserted")}),
    # attacks "claimed by" someone are theirs; a thing with a nationality stands for its country
    ("Drone attacks claimed by Yemen's Houthi rebels hit two Saudi oil facilities on Saturday.", "2019-09-14",
     {("YEMREB", "SAU", "190", "asserted")}),
    # capturing a town is occupying territory, not an arrest
    ("Libya's former leader Muammar Gaddafi was killed on Thursday as rebels captured his hometown of Sirte.",
     "2011-10-20", {("LBYREB", "LBY", "192", "asserted")}),
    # "would" in reported speech is the future: an announced withdrawal is a threat to reduce relations (131)
    ("Trump announced on Tuesday that the United States would withdraw from the Iran nuclear deal.", "2018-05-08",
     {("USA", "IRN", "131", "asserted")}),
    # the parser hangs "and ... Kim Jong Un" on a piece of Moon's name: still two actors
    ("South Korean President Moon Jae-in and North Korean leader Kim Jong Un signed an agreement in Pyongyang on "
     "Wednesday.", "2018-09-19", {("KORGOV", "PRKGOV", "057", "asserted"), ("PRKGOV", "KORGOV", "057", "asserted")}),
    # the second of two objects decides the code
    ("India sent rescue teams and relief supplies to Nepal after a devastating earthquake.", "2015-04-25",
     {("IND", "NPL", "073", "asserted")}),
    ("Azerbaijan and Armenia accused each other of violating a ceasefire in Nagorno-Karabakh.", "2016-04-03",
     {("AZE", "ARM", "112", "asserted"), ("ARM", "AZE", "112", "asserted")}),
    # a title before an unknown name gives its sector, in the country of the context
    ("Belarus forced a Ryanair plane to land in Minsk and arrested dissident journalist Roman Protasevich.",
     "2021-05-24", {("BLR", "BLRMED", "173", "asserted")}),
    # "EU-brokered": the mediator before the hyphen; its targets are the parties that opened the talks
    ("Serbia's government and Kosovo Albanian leaders opened EU-brokered talks in Brussels on Tuesday.", "2010-06-15",
     {("SRBGOV", "KSVGOV", "046", "asserted"), ("KSVGOV", "SRBGOV", "046", "asserted"),
      ("IGOEUREEC", "SRBGOV", "045", "asserted"), ("IGOEUREEC", "KSVGOV", "045", "asserted")}),
    # an apology with no one named is to the country where it is made
    ("Dutch Prime Minister Jan Peter Balkenende apologised on Tuesday at a ceremony in Jakarta.", "2004-04-20",
     {("NLDGOV", "IDN", "055", "asserted")}),
    # "out of" parsed as two prepositions; driving out hundreds of thousands is ethnic cleansing (203)
    ("Serbian forces have driven more than 800,000 ethnic Albanians out of Kosovo.", "1999-05-10",
     {("SRBMIL", "KSV", "203", "asserted")}),
    # a trip at home is no diplomatic visit; crossing into another country is one
    ("Japanese Prime Minister Junichiro Koizumi visited a war shrine in Tokyo on Monday.", "2005-08-15", set()),
    ("Pakistani Prime Minister Nawaz Sharif crossed into India on Tuesday.", "2013-07-09",
     {("PAKGOV", "IND", "042", "asserted")}),
    ("Somali pirates seized a Saudi oil tanker in the Indian Ocean on Saturday.", "2008-11-15",
     {("SOMCRM", "SAU", "181", "asserted")}),
    # a host receives inspectors (0862) as the inspectors visit it
    ("A team of U.N. weapons inspectors arrived in Baghdad on Monday to resume inspections.", "2003-02-10",
     {("IGOUNO", "IRQ", "042", "asserted"), ("IRQ", "IGOUNO", "0862", "asserted")}),
    # a demand with its penalty is an ultimatum
    ("Turkey warned Syria to stop the crackdown or face consequences.", "2012-02-01",
     {("TUR", "SYR", "139", "asserted")}),
    # a predicate adjective; a thing that belongs to an actor stands for it
    ("Germany is critical of Russia's role in eastern Ukraine.", "2015-03-01", {("DEU", "RUS", "111", "asserted")}),
    # a state's forces firing on their own students: violent repression
    ("Indonesian security forces opened fire on students in Jakarta.", "1998-05-12",
     {("IDNCOP", "IDNEDU", "175", "asserted")}),
    # the parties of an event noun named on the verb it is the subject of
    ("Heavy fighting erupted between Armenia and Azerbaijan on Sunday.", "2020-09-27",
     {("ARM", "AZE", "190", "asserted"), ("AZE", "ARM", "190", "asserted")}),
    # a person handed over is judicial cooperation, not a return
    ("Serbia handed Milosevic over to the U.N. tribunal.", "2001-06-29", {("SRB", "IGOUNO", "063", "asserted")}),
    # troops crossing into another country; hostages held
    ("Kenyan troops crossed into Somalia on Sunday.", "2011-10-16", {("KENMIL", "SOM", "190", "asserted")}),
    ("Rebels are holding 500 U.N. peacekeepers hostage in Sierra Leone.", "2000-05-09",
     {("SLEREB", "IGOUNO", "181", "asserted")}),
    # a claim of responsibility targets where the attack was; people who work at an institution are its own
    ("Boko Haram claimed responsibility for a bomb attack on a church near Abuja.", "2011-12-26",
     {("NGAREB", "NGA", "015", "asserted")}),
    ("Judges at the International Criminal Court authorised an investigation into alleged crimes in Burundi.",
     "2017-11-09", {("IGOJUDICC", "BDI", "090", "asserted")}),
    # police searching homes: a criminal investigation of whom the homes belong to
    ("Brazilian federal police searched the homes of allies of former President Jair Bolsonaro on Thursday.",
     "2023-01-26", {("BRACOP", "BRA", "091", "asserted")}),
]


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    settings = Settings.from_env()
    return EventCoder(current_dictionaries(settings))


@pytest.mark.parametrize("text,date,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_sentence_codes_exactly(coder: EventCoder, text: str, date: str, expected: set[tuple[str, ...]]) -> None:
    nlp = load_model(Settings.from_env().model)
    result = coder.code(nlp(text), "t", dt.date.fromisoformat(date))
    assert {(e.source.code, e.target.code, e.code, e.mode) for e in result.events} == expected

