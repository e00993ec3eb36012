"""Person names with no title, role, verb or field around them, and in no name list.

"Aanwezig: Tesfay Gebremedhin, Ljudmila Kovalenko", "Jansen, Piet (12-3-1980)", "Bennani Y.
(verdachte)": lists, registers and minutes name people bare. Anonymisation fails closed on the
shape: two to four capitalised words that could together be a person's name (no Dutch word, no
institution, place, street or business, see ``person_like``) are a name wherever they stand; so
is a surname with a given name after a comma, or with initials after it.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern
from spacy.lang.nl.stop_words import STOP_WORDS

from assistant.core.protocols import Finding
from ingest.recognizers.base import DutchPatternRecognizer, word_set
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import INITIALS, NAME_WORD, TUSSEN, institution_word, not_a_name
from ingest.recognizers.persoon_positie import person_like

_BARE_NAME = rf"{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD}){{1,3}}"
_END = r"(?![\w'’-])"
#: Where a list or register puts a name: at the start of a line or cell, after a colon,
#: semicolon, comma, bracket, bullet, "en" or "&" ("Aanwezig: A B, C D en E F").
_LIST_POSITION = re.compile(
    r"(?:^|[:;,(|\t•*]|^[ \t]*-|^[ \t]*\d{1,3}[.)]|[ ](?:en|&|of|en/of))[ \t]*$",
    re.MULTILINE,
)
#: An article or demonstrative before capitalised words makes them a noun phrase ("het
#: Psychotrope Stoffen Verdrag", "de Sociale Verzekeringsbank"), not a person.
_ARTICLE_BEFORE = re.compile(
    r"\b(?:de|het|een|der|des|dit|deze|die|dat|onze|uw|zijn|haar|hun|zie|in|op|te|naar|uit"
    r"|tot|bij|van|voor)[ ]$",
    re.IGNORECASE,
)

#: Car, van and motorbike makes: "Toyota Yaris" and "Peugeot Partner" are vehicles.
_VEHICLE_MAKES = frozenset(w.capitalize() for w in word_set(
    "alfa audi bmw citroen citroën cupra dacia daf fiat ford honda hyundai iveco jaguar jeep kia"
    " lancia lexus mazda mercedes mercedes-benz mini mitsubishi nissan opel peugeot porsche"
    " renault saab seat skoda škoda smart subaru suzuki tesla toyota volkswagen volvo vespa"
    " piaggio yamaha kawasaki ducati harley-davidson triumph ktm scania man lynk polestar byd"
    " chevrolet chrysler dodge cadillac landrover land rover"
))

_PAIR = rf"(?P<pair>{NAME_WORD}[ ]{TUSSEN}{{0,2}}{NAME_WORD})"
_SENTENCE_END_BEFORE = re.compile(r"[.!?][ \t]+$")
_LINE_END_AFTER = re.compile(r"[ \t]*(?:\n|$)")
_INITIALS_CODE = re.compile(r"[A-Z]{1,2}(?:d|vd|vdr|vh|te|vt)[A-Z]{1,2}")
_INITIALS_ONLY = re.compile(r"[A-Z]\.(?:[ ]?[A-Z]\.){0,3}")
_AGE_AFTER = re.compile(r",?[ ]\(?\d{1,3}[ ]?(?:jaar|jr\.?)\b")
_DOCUMENT_WORDS = word_set(
    "bijlage notitie rapport versie concept def definitief final memo brief verslag scan foto"
    " document bestand kopie export overzicht tabel lijst agenda besluit advies")
_FILE_NAME = re.compile(r"\.[A-Za-z0-9]{2,4}\b")
_COUPLE_AFTER = re.compile(rf"[ ](?:en|&)[ ]{_PAIR}{_END}")


class PersoonVrijRecognizer(DutchPatternRecognizer):
    """Bare names by their shape, checked against the name, word, place and street lists."""

    ENTITY = "PERSOON"
    PATTERNS = (
        # "Tesfay Gebremedhin", "Nguyen Thi Lan": capitalised words that are no Dutch words
        Pattern("bare_name", rf"(?<![\w'’-]){_BARE_NAME}{_END}", 0.5),
        # "Jansen, Piet", "Kaya, Emre Can": a surname, a comma and a known given name
        Pattern(
            "surname_comma_given_name",
            rf"(?<![\w'’-]){TUSSEN}{{0,2}}{NAME_WORD},[ ]{NAME_WORD}(?:[ ]{NAME_WORD})?{_END}",
            0.5,
        ),
        # "Bennani Y. (verdachte)", "De Vries J.H.": a surname with the initials after it
        Pattern(
            "surname_initials",
            rf"(?<![\w'’.-]){TUSSEN}{{0,2}}{NAME_WORD}[ ]{INITIALS}(?<=\.)(?![ ]?\p{{Lu}}\p{{Ll}})",
            0.5,
        ),
        # "3. Mwangi (leeftijd ca. 25)", "- Kaya, geb. 1990": one name in a list of people,
        # with an age or a birth after it
        Pattern(
            "listed_name_with_age",
            rf"(?m:^)[ \t]*(?:\d{{1,3}}[.)]|[-•*])[ \t]+(?P<value>{NAME_WORD})"
            r"(?=[ ]?[(,][ ]?(?:leeftijd|geb|geboren|°|\*|ca\.|circa|\d{1,3}[ ]?(?:jaar|jr)"
            r"|\d{1,2}\)|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}))",
            0.5,
        ),
        # an official's initials as Dutch offices write them: "JvdL", "MvdB", "PdV", "AvH"
        Pattern(
            "initials_code",
            r"(?<![\w.-])[A-Z]{1,2}(?:d|vd|vdr|vh|te|vt)[A-Z]{1,2}(?![\w-])",
            0.5,
        ),
        # a person known by initials only, with an age: "(K., 17 jaar)", "M.B. (34 jr)"
        Pattern(
            "initials_with_age",
            r"(?<![\w.])[A-Z]\.(?:[ ]?[A-Z]\.){0,3}(?=,?[ ]\(?\d{1,3}[ ]?(?:jaar|jr\.?)\b)",
            0.5,
        ),
        # a user name on a website or app: "Lisa_W", "mariekeS_1990", "@handhaver_ben"
        Pattern(
            "user_handle",
            r"(?<![\w@.-])(?:@[A-Za-z][\w.]{2,30}|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+)(?![\w@-])",
            0.5,
        ),
        # "Wojciech en Agnieszka Kowalczyk": a given name shared out over one surname
        Pattern(
            "given_name_before_couple",
            rf"(?<![\w'’-])(?P<value>{NAME_WORD})[ ](?:en|&)[ ]{_PAIR}{_END}",
            0.5,
        ),
    )
    CONTEXT = ()

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self._lexicon = lexicon

    def reject(self, text: str, start: int, end: int) -> bool:
        value = text[start:end].rstrip(" ")
        if _INITIALS_CODE.fullmatch(value):
            return False  # "JvdL": an official's initials
        if _INITIALS_ONLY.fullmatch(value):
            return _AGE_AFTER.match(text, end) is None  # "(K., 17 jaar)"
        if value.startswith("@"):
            return False
        if "_" in value:
            # "Lisa_W", "mariekeS_1990"; not "artikel_2", "bijlage_2.pdf" or a field name in
            # lower case ("source_file": no capital and no digit)
            first = value.split("_")[0].lower()
            return _FILE_NAME.match(text, end) is not None or first in _DOCUMENT_WORDS or (
                not_a_name(first, self._lexicon.common_words)) or (
                value.islower() and not any(ch.isdigit() for ch in value))
        couple = _COUPLE_AFTER.match(text, end)
        if couple is not None and " " not in value:
            pair = couple.group("pair")
            return (value.lower() in STOP_WORDS or not person_like(value, self._lexicon)
                    or not person_like(pair, self._lexicon)
                    or not any(self._lexicon.is_name(w) for w in pair.split()))
        if "," in value:
            surname, _, given = value.partition(",")
            first = given.split()[0]
            return first not in self._lexicon.first_names or not person_like(surname, self._lexicon)
        if value.endswith("."):
            surname = value.rsplit(" ", 1)[0] if " " in value else value
            while surname.endswith(".") and " " in surname:
                surname = surname.rsplit(" ", 1)[0]
            return not person_like(surname, self._lexicon)
        if not person_like(value, self._lexicon):
            return True
        words = value.split()
        if words[0].lower() in STOP_WORDS or words[0] in _VEHICLE_MAKES:
            return True  # "In de Brink" (a street), "Toyota Yaris" (a car)
        if self._lexicon.is_place(words[-1]) or self._lexicon.is_place(words[0]):
            return True  # "Cameratoezicht Apeldoorn", "Hollands Midden"
        before = text[max(0, start - 40) : start]
        if _ARTICLE_BEFORE.search(before) or _inside_institution_name(text, start):
            return True
        known = any(self._lexicon.is_name(w) for w in words)
        line_start = text.rfind("\n", 0, start) + 1
        if known or _LIST_POSITION.search(text, line_start, start):
            return False
        # a signature: the name closes the message after its last sentence ("... Graag
        # aanpassen. Grzegorz Nowak")
        return not (_SENTENCE_END_BEFORE.search(text, line_start, start)
                    and _LINE_END_AFTER.match(text, end))


#: The capitalised words and joining words before a match, back to the start of its phrase
_PHRASE_BEFORE = re.compile(
    r"(?:\p{Lu}[\w'’-]*[ ]|(?:voor|en|van|der|de|het|in|op|&)[ ]){1,6}$"
)


def _inside_institution_name(text: str, start: int) -> bool:
    """ "Algemene Keuringsdienst voor Zaaizaad en Pootgoed Landbouwgewassen": the words are
    the tail of a body's name that started with an institution word."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 80)
    phrase = _PHRASE_BEFORE.search(text, line_start, start)
    return phrase is not None and any(institution_word(w) for w in phrase.group(0).split())


_BRACKETED_AFTER = re.compile(rf"[ ]?\((?P<name>{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD})?)\)")


def names_in_brackets_after_names(text: str, findings: list[Finding],
                                  lexicon: Lexicon) -> list[Finding]:
    """ "mevrouw Habte (Selam)", "Ferdinand Ramsaran (Ferry)": a name in brackets right after
    a person's name is that person's given name or nickname."""
    out = []
    for f in findings:
        if f.entity_type != "PERSOON":
            continue
        match = _BRACKETED_AFTER.match(text, f.end)
        if match is None or not person_like(match.group("name"), lexicon):
            continue
        # a known given name, or any name after a surname alone ("mevrouw Habte (Selam)");
        # after a full name, brackets more often hold an employer ("J. de Vries (Woonbron)")
        surname_only = " " not in text[f.start : f.end].strip()
        if match.group("name").split()[0] in lexicon.first_names or surname_only:
            start, end = match.span("name")
            out.append(Finding("PERSOON", start, end, f.score, "NaamTussenHaakjes"))
    return out
