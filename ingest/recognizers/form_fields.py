"""Values identified by their place in a table or form rather than by their own shape.

"| Naam | Kenteken |" over rows of values, "Naam betrokkene<TAB>BSN" over tab-separated rows,
"naam;geboortedatum" over the rows of a CSV export,
and a form label alone on its line with the value on the next ("Voornaam:\\nChinedu"): the
column heading or label says what the value is, so a surname without a title or a plate in
lower case is found there. Each value must still have the shape of its type (a date under
"Geboortedatum", nine digits passing the 11-proef under "BSN").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex as re

from assistant.core.protocols import Finding
from ingest.recognizers.base import REGEX_TIMEOUT_SECONDS, word_set
from ingest.recognizers.bedrijf import business_word
from ingest.recognizers.checksums import iban_valid
from ingest.recognizers.geboortedatum import BIRTH_YEAR, DATE
from ingest.recognizers.iban import IBAN_SHAPE
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import institution_word, not_a_name

RECOGNIZER_NAME = "KolomOfVeld"
_SCORE = 0.8

# Column headings and form labels, in lower case, tried in this order (the first that fits
# names the type); a heading about an organisation or a place is no person's name.
_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("GEBOORTEDATUM", re.compile(r"geboorte|geb\.?[ ]?datum|^geb\.?(?:[ ]?ja?a?r\.?)?$|geboren"
                                 r"|\bd\.?o\.?b\b|date of birth"
                                 r"|birth|geburts|naissance|nacimiento|na[sș]terii|urodzenia"
                                 r"|do[gğ]um")),
    ("BSN", re.compile(r"\bbsn\b|burgerservice|sofi")),
    ("KENTEKEN", re.compile(r"kenteken|nummerplaat")),
    ("KVK", re.compile(r"\bkvk\b|kvk-|handelsregister")),
    ("IBAN", re.compile(r"\biban\b|rekening")),
    ("TELEFOON", re.compile(r"telefoon|^tel\b|mobiel|\bgsm\b")),
    ("ZAAKNUMMER", re.compile(r"\bzaak|kenmerk|\bdossier|registratie|\bmutatie|\bbvh\b|referentie"
                              r"|melding(?:s)?n(?:umme)?r|^melding(?:en)?$|^(?:nr|no|nummer|id)\.?$"
                              r"|\bpv\b|proces-verbaal")),
    ("ADRES", re.compile(r"^(?:woon|post|huis)?adres\b|^straat")),
    ("PERSOON", re.compile(r"^(?:naam|achternaam|voornaam|voornamen|roepnaam|geslachtsnaam"
                           r"|betrokkene|verdachte|melder|bewoner|eigenaar|aanvrager|houder"
                           r"|getuige|contactpersoon|persoon|aangever|overtreder|huurder"
                           r"|veroorzaker|slachtoffer|regisseur|behandelaar|casemanager"
                           r"|co[öo]rdinator|wijkagent|handhaver|boa|medewerker|verbalisant"
                           r"|toezichthouder|jongerenwerker|opsteller|opgesteld door"
                           r"|ingevoerd door|gemeld door|uitbater|exploitant)\b")),
)
_NOT_PERSON = re.compile(
    r"organisatie|bedrijf|onderneming|instantie|instelling|gemeente|evenement|straat|school"
    r"|vereniging|stichting|inrichting|locatie|project|document|bestand|voertuig|bank|plaats"
    r"|e-mail|email|functie|afdeling|team"
)
_EMPTY = frozenset({"", "-", "–", "n.v.t.", "nvt", "onbekend", "geen", "nee", "ja", "?", "x"})
_DATE = re.compile(DATE)
_BIRTH_YEAR = re.compile(BIRTH_YEAR)
#: six figures under a birth heading: day, month and year written together ("040201")
_SIX_FIGURES = re.compile(r"\d{6}")
_PLATE = re.compile(r"[A-Za-z0-9]{1,3}[-. ]?[A-Za-z0-9]{2,3}[-. ]?[A-Za-z0-9]{1,3}")
_CASE = re.compile(r"[A-Za-z0-9][\w./ -]{2,40}")
_NAME = re.compile(r"[^\W\d_][\w.,'’ -]{0,60}")
_SEPARATOR_ROW = re.compile(r"[\s|:+-]*")
_LABEL_LINE = re.compile(r"(?m)^[ \t]*(?P<label>[^\W\d_][\w .()/-]{1,40}?)[ \t]*:[ \t]*$")
_DIGIT = re.compile(r"\d")
_IBAN_SHAPE = re.compile(IBAN_SHAPE)
_WORD_SPLIT = re.compile(r"[\s,]+")
_NEWLINE = re.compile(r"\n")
_ADDRESS_AFTER_COMMA = re.compile(r",[ ]?[^,\d\n]{2,40}[ ]\d{1,5}[a-zA-Z]?(?:-\w{1,4})?[ ]*$")
_ROLE_IN_BRACKETS = re.compile(r"[ ]?\([^()\n]{1,30}\)[ ]*$")


def _digits(value: str) -> str:
    return "".join(_DIGIT.findall(value))


def _person(value: str, lex: Lexicon) -> bool:
    words = [w for w in _WORD_SPLIT.split(value) if w]
    return bool(_NAME.fullmatch(value)) and not any(
        institution_word(w) or business_word(w.lower())
        or (not_a_name(w, lex.common_words) and not lex.is_name(w.title()))
        for w in words if len(w.strip(".")) > 2 and w.lower() not in _PARTICLES
    )


_PARTICLES = word_set("van de der den het ter ten te el al da dos le la von ben bin familie")

_CHECKS: dict[str, Callable[[str, Lexicon], bool]] = {
    # under a birth heading a year alone is a year of birth ("2005" in a "geboortedatum" column)
    "GEBOORTEDATUM": lambda v, lex: bool(_DATE.fullmatch(v) or _BIRTH_YEAR.fullmatch(v)
                                         or _SIX_FIGURES.fullmatch(v)),
    # under a BSN or IBAN heading the shape is enough: a mistyped number is still a person's
    "BSN": lambda v, lex: 8 <= len(_digits(v)) <= 9 and len(v) <= 13,
    "KENTEKEN": lambda v, lex: bool(_PLATE.fullmatch(v)) and bool(_DIGIT.search(v))
    and any(c.isalpha() for c in v),
    "KVK": lambda v, lex: len(_digits(v)) in (8, 12) and len(v) <= 16,
    "IBAN": lambda v, lex: iban_valid(v) or bool(_IBAN_SHAPE.fullmatch(v)),
    "TELEFOON": lambda v, lex: 8 <= len(_digits(v)) <= 15 and len(v) <= 25,
    "ZAAKNUMMER": lambda v, lex: bool(_CASE.fullmatch(v)) and bool(_DIGIT.search(v)),
    "ADRES": lambda v, lex: bool(_DIGIT.search(v)) and any(c.isalpha() for c in v)
    and len(v) <= 60,
    "PERSOON": _person,
}


def _label_of(heading: str) -> str | None:
    lower = " ".join(heading.strip(" *_:").lower().split())
    if not lower or len(lower) > 40:
        return None  # a heading is short: a long cell is text
    for label, pattern in _HEADINGS:
        if pattern.search(lower):
            if label == "PERSOON" and _NOT_PERSON.search(lower):
                return None
            return label
    return None


def field_values(text: str, lexicon: Lexicon) -> list[Finding]:
    """Findings for the values under known column headings and after labels on their own line."""
    out: list[Finding] = []
    if "|" in text or "\t" in text or ";" in text:
        out.extend(_table_values(text, lexicon))
    if ":\n" in text or ":\r\n" in text or ": \n" in text:
        out.extend(_next_line_values(text, lexicon))
    out.extend(_attendance_values(text, lexicon))
    return out


#: "Aanwezig: Inge Wolters (voorzitter), M. Tahiri (wijkagent), Tesfay (jeugdbescherming)"
_ATTENDANCE = re.compile(
    r"(?m:^)[ \t]*(?i:aanwezig|afwezig|verhinderd|met kennisgeving afwezig|deelnemers"
    r"|genodigden|genodigd|aanwezigen)(?:[ ][^\n:]{1,30})?[ \t]*:[ \t]*(?P<list>[^\n]+)")
#: an item of such a list, up to the next comma, semicolon, "en" or "&" outside brackets
_LIST_ITEM = re.compile(r"(?:(?![ ](?:en|&)[ ])(?:[^,;()\n]|\([^()\n]*\)))+")


def _attendance_values(text: str, lex: Lexicon) -> Iterator[Finding]:
    """The people of a list of those present or absent: each item a name, with its role or
    body in brackets ("Anouk (Pro Persona)"); items in lower case ("gemeente") are bodies. A
    word in no name list ("Tesfay") counts only in a list that names a known person too
    ("Novadic-Kentron (verslavingszorg)" alone is a body)."""
    for line in _ATTENDANCE.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
        known: list[Finding] = []
        unknown: list[Finding] = []
        for item in _LIST_ITEM.finditer(text, line.start("list"), line.end("list")):
            start = item.start() + len(item.group()) - len(item.group().lstrip())
            if text[start:start + 1].isupper() and (
                    found := _finding("PERSOON", text, start, item.end(), lex)):
                words = text[found.start:found.end].split()
                named = len(words) > 1 and (words[0] in lex.first_names or "." in words[0])
                (known if named or lex.is_name(words[0]) else unknown).append(found)
        yield from known
        if known:
            yield from unknown


def _finding(label: str, text: str, start: int, end: int, lex: Lexicon) -> Finding | None:
    while start < end and text[start] in " \t*_":
        start += 1
    while end > start and text[end - 1] in " \t*_.,;":
        end -= 1
    if label == "PERSOON" and (role := _ROLE_IN_BRACKETS.search(text, start, end)):
        end = role.start()  # "Visser (wijkbeheer)": the name, not the team in brackets
    if label == "PERSOON" and (address := _ADDRESS_AFTER_COMMA.search(text, start, end)):
        end = address.start()  # "Ülker, Vismarkt 6": the name (the address is found apart)
    value = text[start:end]
    if value.lower() in _EMPTY or not _CHECKS[label](value, lex):
        return None
    return Finding(label, start, end, _SCORE, RECOGNIZER_NAME)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _NEWLINE.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _cells(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table line, without the outer bars of "| a | b |"."""
    line = text[start:end]
    cuts = [i for i, ch in enumerate(line) if ch == sep]
    bounds = [-1, *cuts, len(line)]
    cells = [(start + a + 1, start + b) for a, b in zip(bounds, bounds[1:], strict=False)]
    if sep == "|" and line.strip().startswith("|"):
        cells = cells[1:]
    if sep == "|" and line.strip().endswith("|"):
        cells = cells[:-1]
    return cells


def _separator(line: str) -> str:
    """The cell separator of a table line: bars, tabs, or the semicolons of a CSV export
    ("naam;geboortedatum;adres"); "" for a line that is no table row."""
    if "|" in line:
        return "|"
    if "\t" in line:
        return "\t"
    return ";" if line.count(";") >= 2 else ""


def _table_values(text: str, lex: Lexicon) -> Iterator[Finding]:
    """Rows under a heading row, for tables with bars, tabs or semicolons between the cells."""
    columns: list[str | None] | None = None  # None outside a table; the first row heads it
    sep = ""
    for start, end in _lines(text):
        line = text[start:end]
        line_sep = _separator(line)
        if not line_sep:
            columns = None
            continue
        if line_sep != sep:
            columns = None  # another kind of table starts here: this line is its heading
        if _SEPARATOR_ROW.fullmatch(line):
            continue
        cells = _cells(text, start, end, line_sep)
        if columns is None:
            columns, sep = [_label_of(text[a:b]) for a, b in cells], line_sep
            if sep == ";" and sum(label is not None for label in columns) < 2:
                columns = None  # a sentence with semicolons, not the heading of an export
            continue
        for label, (a, b) in zip(columns, cells, strict=False):
            if label is not None and (found := _finding(label, text, a, b, lex)):
                yield found


def _next_line_values(text: str, lex: Lexicon) -> Iterator[Finding]:
    """ "Voornaam:" alone on a line, its value alone on the next."""
    for match in _LABEL_LINE.finditer(text):
        label = _label_of(match.group("label"))
        if label is None:
            continue
        start = match.end() + 1
        if start >= len(text):
            continue
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].rstrip().endswith(":"):
            continue  # the next line is another label
        if (found := _finding(label, text, start, end, lex)) is not None:
            yield found
