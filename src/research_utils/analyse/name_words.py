"""Word lists behind :mod:`.names` and :mod:`.aliases`: titles, organisation words, legal
suffixes, days and months. Lower case, no period; edit here to extend the name rules."""

from __future__ import annotations

import calendar
import re


def _words(text: str) -> list[str]:
    return text.split()


_OFFICIAL = (
    "minister premier president chancellor secretary governor mayor ambassador spokesperson spokesman "
    "spokeswoman senator congressman congresswoman councillor councilor councilman councilwoman "
    "commissioner official chairman chairwoman chairperson deputy judge prosecutor sheriff lawmaker "
    "legislator mp king queen prince princess pope"
)
_EXPERT = (
    "professor prof analyst researcher scientist economist scholar lecturer expert academic historian "
    "sociologist epidemiologist strategist consultant specialist commentator"
)
_PERSON = (
    "mr mrs ms miss mx dr doctor sir dame lord lady ceo cfo coo cto chief executive founder co-founder "
    "director manager boss lawyer attorney editor reporter correspondent columnist nurse surgeon coach "
    "captain officer inspector sergeant detective constable lieutenant colonel reverend rev pastor rabbi imam"
)
#: Title words (lower case, no period) and the kind of person they mark.
TITLES: dict[str, str] = {
    **{w: "person" for w in _PERSON.split()},
    **{w: "expert" for w in _EXPERT.split()},
    **{w: "official" for w in _OFFICIAL.split()},
}
_ORG = {
    "government": "ministry department agency bureau commission council administration authority parliament "
    "congress senate assembly court police government cabinet treasury committee office embassy consulate "
    "army navy municipality legislature tribunal inspectorate regulator republic",
    "company": "ltd limited inc incorporated corp corporation co company plc llc ag sa gmbh group holding "
    "holdings technologies technology bank motors airlines airways pharmaceuticals industries enterprises "
    "partners capital ventures systems solutions labs electronics telecom communications insurance "
    "securities",
    "media": "news times daily post journal herald tribune press gazette telegraph courier chronicle "
    "broadcasting television tv radio magazine wire weekly",
    "institution": "university institute academy college school laboratory centre center observatory",
    "party": "party",
    "organisation": "hospital clinic foundation association union federation society church charity trust "
    "league club alliance coalition organisation organization movement",
}
#: Organisation words (lower case, no period) and the kind of organisation they mark.
ORG_WORDS: dict[str, str] = {w: kind for kind, words in _ORG.items() for w in words.split()}
#: Legal and corporate suffixes a company's name is also written without.
LEGAL_SUFFIXES = frozenset(
    _words("ltd limited inc incorporated corp corporation co plc llc ag sa gmbh group holding holdings")
)
#: Days and months (lower case): proper nouns in the tagset, never actors alone.
CALENDAR = frozenset(w.lower().rstrip(".") for w in (*calendar.day_name, *calendar.month_name) if w)
#: Words that are no name on their own: days, months, generational suffixes (``, Jr.``).
NOT_NAMES = CALENDAR | {"jr", "sr"}
PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
#: Columns of :func:`find_names`.
NAME_COLUMNS = (
    "doc_id", "sent_id", "token_id", "last_token_id", "start", "end", "name", "title", "pronoun", "expansion",
    "common_first",
)  # fmt: skip

NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$")


def name_key(word: str) -> str:
    """``word`` as the lists hold it: lower case, no trailing period."""
    return word.lower().rstrip(".")
