"""Person names by rule: titles, initials and role words (complements the deduce lookups)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import (
    DutchPatternRecognizer,
    keyword_regex,
    trigger_words,
    word_before,
    word_set,
)
from ingest.recognizers.bedrijf import KIND_WORDS, business_word
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import (
    FULL_NAME,
    HOUSE_NUMBER_AFTER,
    INITIALS,
    NAME_WORD,
    POLICY_SUFFIXES,
    TITLES,
    TUSSEN,
    district_of,
    name_words,
    not_a_name,
)

_ROLE_WORDS = (
    "melder|melders|melding van|bewoner|bewoonster|betrokkene|verdachte|eigenaar|eigenaresse"
    "|exploitant|huurder|huurster|verhuurder|leidinggevende|beheerder|aanvrager|aanvraagster"
    "|klager|klaagster|getuige|buurman|buurvrouw|zoon|dochter|partner|echtgenoot|echtgenote"
    "|vader|moeder|broer|zus|neef|nicht|oom|tante|vriend|vriendin|schoonzoon|schoondochter"
    "|cliënt|client|jongere|minderjarige|overtreder|wijkagent|agent"
    "|boa|handhaver|toezichthouder|contactpersoon|casemanager|regisseur|jongerenwerker"
    "|behandelaar|ondergetekende|gemachtigde|advocaat|bestuurder|vennoot|uitbater|pleger"
    "|slachtoffer|medewerker|wijkregisseur|coördinator|coordinator|opgesteld door|namens"
    "|genaamd|alias|bijnaam|roepnaam|bekend als|ook wel|familie|fam.|echtpaar|gebroeders"
    "|gezusters|weduwe|wed.|gezin"
)
_ROLE = keyword_regex(_ROLE_WORDS)
#: Role nouns and "stichting": never part of a person's name ("B.V. Bestuurder").
_ROLE_NOUNS = frozenset(w for w in _ROLE_WORDS.split("|") if " " not in w) | {"stichting"}
_LEGAL_FORM_START = re.compile(r"(?:B\.V\.|N\.V\.|V\.O\.F\.|C\.V\.|U\.A\.)")
_ENUMERATION_WORDS = word_set(
    "bijlage onder categorie sub lid artikel hoofdstuk paragraaf afdeling titel fase zone type "
    "model klasse schaal groep letter punt onderdeel variant optie scenario stap bijlagen"
)

# words that open a letter or message: "Beste Fatima," / "Hallo Kavrendo,"
_GREETING = keyword_regex("beste|hallo|hoi|dag|goedemorgen|goedemiddag|goedenavond|geachte")
# the lines under a closing formula are the sender's name
_CLOSING_WORDS = (
    "met vriendelijke groet|met vriendelijke groeten|vriendelijke groet|hartelijke groet"
    "|met hartelijke groet|groeten|groet|groetjes|hoogachtend|mvg|gr.|dank|dank je|dank je wel"
    "|dank u|dank u wel|bedankt|alvast bedankt|alvast dank|liefs|gr|grt|mvg|vriendelijke groeten"
)
_CLOSING = keyword_regex(_CLOSING_WORDS)
_QUOTE = "[\"'“”‘’„]?"
_NAMING_WORDS = (
    "genaamd|bijnaam|alias|roepnaam|bekend als|ook wel|nickname|een zekere|opgaf als|voordeed als"
    "|zich voorstelde als|stelde zich voor als|noemt zich|noemde zich|heet|heette|heten|noemen ze"
    "|genoemd|noemen"
)
_NAMING = keyword_regex(_NAMING_WORDS)
_CAPS_SURNAME = r"\b\p{Lu}[\p{Lu}'’-]{1,}(?:[ ]\p{Lu}[\p{Lu}'’-]{1,}){0,3}"
_CAPS_SURNAME_START = re.compile(rf"{_CAPS_SURNAME},")
_SINGLE_INITIAL = re.compile(r"[A-Z]\.(?!\s?[A-Z]\.)")
_TUSSEN_AFTER_INITIAL = re.compile(rf"[A-Z]\.\s?{TUSSEN}")
_TITLE_BEFORE = re.compile(rf"\b{TITLES}\s{{1,3}}$")
_WORD_AFTER = re.compile(r"[ ]([^\W\d_]+)")
_SPLIT = re.compile(r"[\s-]+")
_GREETING_BEFORE = re.compile(rf"(?m:^)[ \t]*{_GREETING}[ ]{{1,3}}$")
# a signature: the name on the lines under a closing formula
_CLOSING_BEFORE = re.compile(rf"\b{_CLOSING}[,.!]?[ \t]*\n(?:[ \t]*\n){{0,2}}[ \t]*$")


class PersoonRecognizer(DutchPatternRecognizer):
    """``mevrouw Fatima el Amrani``, ``de heer P. de Vries``, ``J.H.M. Bakker``."""

    ENTITY = "PERSOON"
    PATTERNS = (
        Pattern("name_after_title", rf"\b{TITLES}[ ]{{1,3}}(?P<value>{FULL_NAME})(?!\w)", 0.85),
        Pattern(
            "initials_and_surname",
            rf"(?<![\w./-]){INITIALS}[ ]?{TUSSEN}{{0,2}}{NAME_WORD}(?:[ ]{NAME_WORD})?(?!\w)",
            0.6,
        ),
        # Police style: "JANSEN, Pieter", "VAN DER BERG, Johannes"
        Pattern(
            "caps_surname_comma_first_name",
            rf"(?P<value>{_CAPS_SURNAME},[ ]{NAME_WORD}(?:[ ]{NAME_WORD})?)(?!\w)",
            0.6,
        ),
        Pattern(
            "name_after_role",
            rf"\b{_ROLE}(?:[ ]\d{{1,2}})?[,:]?[ ]{{1,3}}{_QUOTE}(?P<value>{FULL_NAME})(?!\w)",
            0.6,
        ),
        # register style after a role and a colon or bracket: "Verdachte: Fuscheye, Tokiek"
        Pattern(
            "surname_comma_given_after_role",
            rf"\b{_ROLE}[ ]?[:(][ ]{{0,3}}(?P<value>{TUSSEN}{{0,2}}{NAME_WORD}(?:[ ]{NAME_WORD})?,"
            rf"[ ]{NAME_WORD}(?:[ ]{NAME_WORD})?)(?!\w)",
            0.7,
        ),
        # "J. (Jan) de Vries": a given name in brackets between initials and surname
        Pattern(
            "initials_given_name_in_brackets",
            rf"(?<![\w.]){INITIALS}[ ]?\({NAME_WORD}\)[ ]{TUSSEN}{{0,2}}{NAME_WORD}(?!\w)",
            0.85,
        ),
        # a name right before a date of birth or a BSN: "Jansen (geb. 3-4-1987)", "P. Kaya,
        # geboren", "Ionuț Rusu, BSN 881645369"
        Pattern(
            "name_before_birth",
            rf"(?<![\w.])(?P<value>{FULL_NAME})[ ]?(?:\([ ]?|,[ ]{{1,2}})"
            r"(?:geb\.|geboren|geb[ ]|\*|°|geboortedatum|BSN[ :]|bsn[ :])",
            0.85,
        ),
        # "genaamd "NORRIE"", "„DE LANGE" GENAAMD", "bijnaam 'Kleine Ricky'", 'heet man
        # "Stijn"': a name in quotes right after or before a naming word, in any case
        Pattern(
            "quoted_name_after_naming_word",
            rf"\b{_NAMING}(?:[ ](?:de[ ])?(?:man|vrouw|jongen|meisje|hij|zij|ze|die)){{0,2}}"
            rf"[ ]{{1,3}}[\"'“”‘’„«](?P<value>[^\W\d_][^\"'“”‘’„«»\n]{{0,28}}[^\W\d_])"
            rf"[\"'“”‘’»]",
            0.85,
        ),
        Pattern(
            "quoted_name_before_naming_word",
            rf"[\"'“”‘’„«](?P<value>[^\W\d_][^\"'“”‘’„«»\n]{{0,28}}[^\W\d_])[\"'“”‘’»][ ]{{1,3}}"
            rf"{_NAMING}\b",
            0.85,
        ),
        # "ene Kasia", "ene 'Nourdin'": police and witness language for a person known by
        # name only ("de ene kant" is no name)
        Pattern(
            "name_after_ene",
            rf"(?<![Dd]e[ ]|[Hh]et[ ])\b[Ee]ne[ ]{{1,3}}(?:(?P<value>{NAME_WORD}"
            rf"(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD})?)(?![\w'’-])"
            rf"|[\"'“‘„](?P<value>\p{{Lu}}[\p{{L}}-]+(?:[ ]\p{{Lu}}[\p{{L}}-]+)?)[\"'”’])",
            0.6,
        ),
        Pattern(
            "name_after_greeting",
            rf"(?m:^)[ \t]*{_GREETING}[ ]{{1,3}}(?P<value>{FULL_NAME})[ ]?[,!]",
            0.6,
        ),
        # "Gr Bas", "groet Sevda": a closing and the sender's given name on one line
        Pattern(
            "name_after_closing",
            rf"(?m:^)[ \t]*{_CLOSING}[,.!]?[ ]{{1,2}}(?P<value>{NAME_WORD}(?:[ ]{NAME_WORD})?)"
            r"[ \t]*$",
            0.6,
        ),
        Pattern(
            "name_under_closing",
            rf"\b{_CLOSING}[,.!]?[ \t]*\n(?:[ \t]*\n){{0,2}}[ \t]*(?P<value>{FULL_NAME})"
            r"[ \t]*(?=\n|$)",
            0.6,
        ),
    )
    CONTEXT = ("mevrouw", "heer", "melder", "bewoner", "betrokkene", "genaamd")
    TRIGGERS = {
        "name_after_title": trigger_words(
            "mevrouw|mevr|mw|mej|juffrouw|heer|dhr|meneer|mijnheer|mr|drs|dr|ir|ing|prof|ds|bc|hr"
            "|mvr"
        ),
        "name_after_role": trigger_words(_ROLE_WORDS),
        "surname_comma_given_after_role": trigger_words(_ROLE_WORDS),
        "name_before_birth": trigger_words("geb|geboren|geboortedatum|bsn"),
        "name_after_ene": trigger_words("ene"),
        "quoted_name_after_naming_word": trigger_words(_NAMING_WORDS),
        "quoted_name_before_naming_word": trigger_words(_NAMING_WORDS),
        "name_after_greeting": trigger_words(
            "beste|hallo|hoi|dag|goedemorgen|goedemiddag|goedenavond|geachte"),
        "name_under_closing": trigger_words(_CLOSING_WORDS),
        "name_after_closing": trigger_words(_CLOSING_WORDS),
    }

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        super().__init__()
        self._lexicon = lexicon

    def reject(self, text: str, start: int, end: int) -> bool:
        value = text[start:end]
        if _CAPS_SURNAME_START.match(value):
            return not self._caps_name_known(value)
        words = name_words(value)
        common = self._lexicon.common_words if self._lexicon else frozenset()
        if not words or any(not_a_name(w) for w in words[:-1]) or all(
                w.lower() in common for w in words):
            return True  # "medewerker Veiligheidsteam Openbaar Vervoer", "namens Onze Minister"
        if not_a_name(words[-1]) and not self._given_then_surname(words):
            return True  # "de heer Burgemeester", but "meneer Jan Koning" is a person
        if any(w.lower() in common for w in words) and not any(
                "-" in part or (self._lexicon is not None and self._lexicon.is_name(part))
                or len(part) > 2 and part.lower() not in common
                for part in words if part.lower() not in common):
            return True
        if self._lexicon is not None and any(
                district_of(w, self._lexicon.is_place) for w in value.split()):
            return True  # "Wijkagent Elst-Noord": the district, not a person
        if any(w.lower() in KIND_WORDS or w.lower() in _ROLE_NOUNS for w in words):
            return True  # "exploitant van Cafetaria Smikkel", "namens Stichting ..."
        if _LEGAL_FORM_START.match(value):
            return True  # "Noordster B.V. Bestuurder ...": a legal form, not initials
        if HOUSE_NUMBER_AFTER.match(text, end):
            return True  # "bewoner van Kastanjelaan 19" is an address
        if (after := _WORD_AFTER.match(text, end)) and business_word(after.group(1).lower()):
            return True  # "bestuurder van Tulip Trade": the name of a business
        if not _SINGLE_INITIAL.match(value) or "(" in value:
            return False  # "A. (Aisha) Oumarou": the given name shows it is a person
        # "bijlage A. Inleiding", "B. Juridisch kader": enumerations, not initials.
        if word_before(text, start) in _ENUMERATION_WORDS:
            return True
        if _TUSSEN_AFTER_INITIAL.match(value) or self._lexicon is None:
            return False
        surname = _SPLIT.split(value)[-1]
        return not self._lexicon.is_name(surname) and not self._titled(text, start)

    def _given_then_surname(self, words: list[str]) -> bool:
        """ "Jan Koning", "Els Raad": a known given name makes the word after it a surname,
        also where that word is a title or a body ("koning", "raad")."""
        lex = self._lexicon
        if lex is None or len(words) < 2:
            return False
        given, surname = words[-2], words[-1]
        return (given in lex.first_names and given.lower() not in lex.common_words
                and not not_a_name(given) and surname in lex.surnames
                and not surname.lower().endswith(POLICY_SUFFIXES))

    def _caps_name_known(self, value: str) -> bool:
        """ "JANSEN, Pieter": the surname or the first name must be a known name."""
        if self._lexicon is None:
            return False
        surname, _, first = value.partition(",")
        last = surname.split()[-1].title()
        first_word = first.split()[0]
        return self._lexicon.is_name(last) or first_word in self._lexicon.first_names

    @staticmethod
    def _titled(text: str, start: int) -> bool:
        """A title or a greeting ("Beste") right before the name."""
        before = text[max(0, start - 30) : start]
        return bool(_TITLE_BEFORE.search(before) or _GREETING_BEFORE.search(before)
                    or _CLOSING_BEFORE.search(text, max(0, start - 60), start))
