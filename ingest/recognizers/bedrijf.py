"""Named businesses that are the subject of an enforcement case ("café De Gouden Leeuw").

Four shapes: a name after a kind of business ("snackbar De Smulhoek"), a name with a legal form
("Doğan Vastgoed B.V.", "Ouali Food V.O.F."), a trade name of a one-man business
("Handelsonderneming Bakir", "Klussenbedrijf J. Smit") or a family's holding or foundation
("Kaplan Holding", "Bakir Beheer", "Stichting Familie Kaplan"). Names of institutions and funds
("Stichting Nederlands Fonds voor ...", "Havenbedrijf Rotterdam") are not businesses of a person.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import (
    CAPITAL_TUSSEN,
    INITIALS,
    NAME_WORD,
    TUSSEN,
    institution_word,
    name_words,
    not_a_name,
)

_KIND_WORDS = (
    "café|cafe|eetcafé|eetcafe|bar|cafetaria|coffeeshop|coffee shop|snackbar|restaurant"
    "|discotheek|disco|club|nachtclub|shishalounge|shisha-lounge|shishabar|shisha lounge|lounge"
    "|hotel|pension|grillroom|shoarmazaak|pizzeria|kapsalon|barbershop|nagelstudio|belwinkel"
    "|telefoonwinkel|minimarkt|minimarket|supermarkt|toko|avondwinkel|nachtwinkel|slijterij"
    "|garagebedrijf|autobedrijf|autohandel|horecabedrijf|horecagelegenheid|horeca-inrichting"
    "|seksinrichting|sauna|massagesalon|speelhal|casino|growshop|smartshop|headshop|kiosk"
    "|wasstraat|bakkerij|slagerij|sportschool|kantine|feestzaal|partycentrum|zalencentrum|bodega"
    "|café-restaurant|cafe-restaurant|lunchroom|eethuis|afhaalcentrum|garage|autogarage"
    "|bandenservice|schildersbedrijf|klussenbedrijf|loodgietersbedrijf|bouwbedrijf"
    "|bistro|brasserie|wokrestaurant|bloemenzaak|bloemenwinkel|fietsenwinkel|uitzendbureau"
)
_KIND = keyword_regex(_KIND_WORDS)
#: Lower-case forms of the kinds of business, for other recognisers ("eigenaar van Cafetaria
#: Smikkel" names a business, not a person).
KIND_WORDS = frozenset(w.split()[0] for w in _KIND_WORDS.split("|"))
_CAP = r"[A-ZÀ-ÖØ-Þ0-9]"
_LEGAL_FORM = (
    r"(?:Holding[ ]B\.V\.|B\.V\.|B\.V(?![\w.])|BV|V\.O\.F\.|V\.O\.F(?![\w.])|VOF|N\.V\.|NV"
    r"|C\.V\.|U\.A\.)"
)
# A word of a business name; a legal form ends the name instead of continuing it.
_NAME_PART = (
    rf"(?:(?!{_LEGAL_FORM}(?![\w]))(?!Holding[ ]|Holding$){_CAP}(?:[\w'’&-]|\.(?=\w))*)"
)
_LINK = r"(?:de|het|van|der|den|ter|ten|en|&|of|the|of the|la|le|los|el|al|'t|’t)"
_ARTICLE = r"(?:(?:'t|’t|De|Het|The|La|Le|El|Los)[ ])"
_NAME = rf"{_ARTICLE}?{_NAME_PART}(?:[ ](?:{_LINK}[ ])?{_NAME_PART}){{0,4}}"
# Trade words of one-man businesses, written before the owner's name: "Klussenbedrijf J. Smit".
_TRADE_PREFIX = (
    r"(?:[A-Z][a-zà-ÿ]*(?:bedrijf|onderneming|handel|bouw|service|techniek|installaties"
    r"|transport|schoonmaak|klussen|verhuur|bureau|beheer|kunst|keuken|advies|makelaardij"
    r"|reparatie|verhuizingen|catering|beveiliging|brandwacht)(?:[ ]Service)?)"
)
# Words after a family or owner name that make it a business: "Bakir Beheer", "Nguyen Nails".
_TRADE_SUFFIX_WORDS = (
    "Holding|Beheer|Vastgoed|Groep|Group|Invest|Investments|Participaties|Trading|Nails|Beauty"
    "|Bouw|Transport|Logistiek|Schoonmaak|Services|Food|Foods|Import|Export|Consultancy|Media"
    "|Events|Automotive|Onroerend Goed|Exploitatie|Horeca|Handel|Installatietechniek|Klussen"
    "|Advocatuur|Advocaten|Wokkeuken|Keuken|Catering|Verhuur|Makelaardij|Advies"
)
_TRADE_SUFFIX = keyword_regex(_TRADE_SUFFIX_WORDS, any_case=False)
#: Lower-case trade words ("holding", "vastgoed", "trade"): never part of a person's name.
TRADE_WORDS = frozenset(w.lower() for w in _TRADE_SUFFIX_WORDS.split("|") if " " not in w) | {
    "trade", "trading", "company", "kantoor", "advocatenkantoor", "makelaardij", "garage",
    "schilderwerken", "bouwbedrijf", "autobedrijf", "klusbedrijf", "lounge"}
_BUSINESS_ENDINGS = ("kantoor", "bedrijf", "winkel", "handel", "makelaardij", "werken")


def business_word(lower: str) -> bool:
    """A kind of business or a trade word ("cafetaria", "holding", "advocatenkantoor")."""
    return lower in KIND_WORDS or lower in TRADE_WORDS or lower.endswith(_BUSINESS_ENDINGS)
_OWNER = (
    rf"(?!Stichting[ ])(?:(?:{INITIALS}[ ]?)?{CAPITAL_TUSSEN}?{NAME_WORD}"
    rf"(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD})?"
    rf"|[A-Z]{{2,4}})"
)


class BedrijfRecognizer(DutchPatternRecognizer):
    """A capitalised or quoted name after a kind of business, a name with a legal form, a trade
    name of a one-man business or a family's holding or foundation."""

    ENTITY = "BEDRIJF"
    PATTERNS = (
        Pattern(
            "name_after_kind",
            rf"\b{_KIND}[ ]{{1,2}}(?P<value>{_NAME}(?:[ ]{_LEGAL_FORM})?)(?![\w])",
            0.6,
        ),
        Pattern(
            "quoted_name_after_kind",
            rf"\b{_KIND}[ ]{{1,2}}[\"'“‘](?P<value>[^\"'”’\n]{{2,60}})[\"'”’]",
            0.7,
        ),
        Pattern("name_with_legal_form", rf"(?<![\w]){_NAME}[ ]{_LEGAL_FORM}(?![\w])", 0.7),
        Pattern(
            "trade_name",
            rf"(?<![\w]){_TRADE_PREFIX}[ ](?P<owner>{_OWNER})(?:[ ]{_LEGAL_FORM})?(?![\w])",
            0.7,
        ),
        Pattern(
            "owner_and_trade",
            rf"(?<![\w])(?P<owner>{_OWNER})[ ]{_TRADE_SUFFIX}(?:[ ]{_LEGAL_FORM})?(?![\w])",
            0.7,
        ),
        Pattern(
            "foundation_of_a_family",
            rf"(?<![\w])Stichting[ ](?P<owner>(?:{_NAME_PART}[ ](?:{_LINK}[ ])?){{0,3}}"
            rf"{_NAME_PART})(?![\w])",
            0.7,
        ),
    )
    CONTEXT = ("exploitant", "vergunning", "sluiting", "horeca", "inrichting", "pand")
    TRIGGERS = {
        "name_after_kind": trigger_words(_KIND_WORDS),
        "quoted_name_after_kind": trigger_words(_KIND_WORDS),
        "name_with_legal_form": trigger_words("b|bv|v|vof|n|nv|c|u|holding"),
        "foundation_of_a_family": trigger_words("stichting"),
        "owner_and_trade": trigger_words(_TRADE_SUFFIX_WORDS),
    }

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        super().__init__()
        self._lexicon = lexicon
        self._owner = {
            p.name: c for p, c in self._compiled if "owner" in c.groupindex
        }

    def reject_match(self, text: str, start: int, end: int, pattern_name: str) -> bool:
        """A name with an owner part ("Klussenbedrijf J. Smit") must name a person or family
        there; the other shapes need no owner ("Vastgoedbeheer Oost BV")."""
        compiled = self._owner.get(pattern_name)
        if compiled is None:
            return False
        match = compiled.match(text, start)
        return match is None or not self._owner_like(match.group("owner"), pattern_name)

    def _owner_like(self, owner: str, pattern: str) -> bool:
        """The owner part names a person or family, not a place, an institution or a fund."""
        words = name_words(owner)
        lex = self._lexicon
        if any(institution_word(w) for w in words):
            return False
        if pattern != "foundation_of_a_family" and any(not_a_name(w) for w in words):
            return False  # "Coördinatiebureau Bibob Amsterdam": a body, not an owner
        if lex is not None and (
            lex.is_place(owner) or all(lex.is_place(w) and not lex.is_name(w) for w in words)
        ):
            return False
        if pattern == "foundation_of_a_family":
            # "Stichting Familie Kaplan", "Stichting Woonzorg De Vries": a person's name in it
            return lex is not None and any(
                w == "Familie" or (lex.is_name(w) and w not in lex.first_names) for w in words
            )
        if owner.isupper() and len(owner) <= 4:
            return True  # "RM Holding"
        if lex is None:
            return bool(words)
        return bool(words) and not any(w.lower() in lex.common_words for w in words)
