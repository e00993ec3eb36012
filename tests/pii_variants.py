"""Generated Dutch identifiers in the notations people write, each in a Dutch sentence.

Written from a description of the identifier types and their notations, without sight of the
recognisers, so that the tests built on it measure them instead of mirroring them. A later round
(KvK numbers, BSN in 4-2-3 and 3-4-2 groups, irregularly grouped and foreign IBANs, foreign
numbers and extensions, case numbers with more groups or spaces and in lists, plates with dots,
values in tables and forms, later forms of a name, chat senders) follows the gap classes a
review listed; it was written by someone who had seen the recognisers.

Every generator takes a ``Chooser`` (anything with ``choice(seq)`` and ``randint(a, b)``) and
returns a ``Variant(text, value, label)``:

* ``text``  - a realistic Dutch sentence or short letter fragment with the value in it;
* ``value`` - the identifier exactly as written in ``text`` (for PERSOON: the name words that
  must disappear, i.e. surname, and given name or roepnaam when the text shows them, joined by
  spaces; particles and initials are not part of it);
* ``label`` - the entity type (TELEFOON, KENTEKEN, POSTCODE, IBAN, BSN, GEBOORTEDATUM,
  ZAAKNUMMER, EMAIL, PERSOON, KVK).

``STRATEGIES`` wraps each generator as a Hypothesis strategy (half the draws choose every detail
through Hypothesis and shrink well, half seed ``random.Random`` and cover the notations evenly);
``sample`` draws with a seeded ``random.Random`` (for the end-to-end test and for recall
measurements, without shrinking).
``leaks`` says which parts of a value survive in a redacted text.

All names, numbers and addresses are generated and fictitious; the checksums (IBAN mod-97, BSN
11-proef) are computed so that checksum-validating recognisers see valid numbers.
"""

from __future__ import annotations

import calendar
import random
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

LABELS = ("TELEFOON", "KENTEKEN", "POSTCODE", "IBAN", "BSN", "GEBOORTEDATUM", "ZAAKNUMMER",
          "EMAIL", "PERSOON", "KVK")


class Variant(NamedTuple):
    text: str
    value: str
    label: str


class Chooser(Protocol):
    def choice(self, seq: Sequence[T]) -> T: ...

    def randint(self, a: int, b: int) -> int: ...


class _HypothesisChooser:
    """A ``Chooser`` that draws from Hypothesis, so failing examples shrink."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def choice(self, seq: Sequence[T]) -> T:
        return self._draw(st.sampled_from(list(seq)))

    def randint(self, a: int, b: int) -> int:
        return self._draw(st.integers(a, b))


# --- small helpers ----------------------------------------------------------------------------

UNICODE_DASHES = ("\u2010", "\u2011", "\u2012", "\u2013", "\u2212")
NBSP, NNBSP = "\u00a0", "\u202f"
CITIES = ("Zwolle", "Apeldoorn", "Deventer", "Kampen", "Enschede", "Hengelo", "Amersfoort",
          "Utrecht", "Groningen", "Leeuwarden", "Tilburg", "Breda", "Arnhem", "Nijmegen",
          "'s-Hertogenbosch", "Den Haag", "Alphen aan den Rijn", "Emmen", "Almelo", "Oss")


def _digits(c: Chooser, n: int, first: str = "0123456789") -> str:
    if n <= 0:
        return ""
    return c.choice(first) + "".join(c.choice("0123456789") for _ in range(n - 1))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s and not s[:1].isupper() else s


def _fill(c: Chooser, frames: Sequence[str], **parts: str) -> str:
    return c.choice(frames).format(**parts)


# --- TELEFOON ---------------------------------------------------------------------------------

PHONE_SEPS = ("", " ", "-", ".", "/", *UNICODE_DASHES, NBSP, NNBSP)
GROUP_SEPS = (" ", "-", ".", *UNICODE_DASHES, NBSP, NNBSP)
AREA_3 = ("10", "20", "30", "40", "50", "53", "70", "13", "15", "23", "24", "26", "33", "35",
          "38", "43", "45", "55", "58", "71", "73", "76", "78")
AREA_4 = ("318", "570", "313", "341", "488", "515", "523", "548", "592", "172", "251", "162")
GROUPINGS: dict[int, tuple[tuple[int, ...], ...]] = {
    8: ((8,), (2, 2, 2, 2), (4, 4), (3, 3, 2), (2, 3, 3), (2, 2, 4)),
    7: ((7,), (3, 4), (3, 2, 2), (2, 2, 3), (4, 3)),
    6: ((6,), (3, 3), (2, 2, 2)),
}
WHOLE_GROUPINGS = ((3, 3, 4), (4, 3, 3), (3, 3, 2, 2), (4, 2, 2, 2))


def _group(digits: str, sizes: Sequence[int], sep: str) -> str:
    out, i = [], 0
    for size in sizes:
        out.append(digits[i:i + size])
        i += size
    return sep.join(out)


def phone_number(c: Chooser) -> str:
    kind = c.choice(("mobiel", "mobiel", "vast3", "vast4"))
    if kind == "mobiel":
        area, subscriber = "6", _digits(c, 8, "123456")
    elif kind == "vast3":
        area, subscriber = c.choice(AREA_3), _digits(c, 7, "23456789")
    else:
        area, subscriber = c.choice(AREA_4), _digits(c, 6, "23456789")
    form = c.choice(("nationaal", "nationaal", "heel", "haakjes", "plus", "plus0", "0031"))
    # one separator style per number: 06-12345678, 06 12 34 56 78, 06\u201112\u201134...
    sep = c.choice(PHONE_SEPS)
    group_sep = c.choice((sep, " ")) if sep not in ("", "/") else c.choice((" ", ""))
    if form == "heel":  # the ten national digits grouped as one run: 061 234 5678
        return _group("0" + area + subscriber, c.choice(WHOLE_GROUPINGS), group_sep or " ")
    grouped = _group(subscriber, c.choice(GROUPINGS[len(subscriber)]), group_sep)
    if form == "haakjes" and area != "6":  # (010) 123 45 67
        return f"(0{area})" + c.choice((" ", "", NBSP)) + grouped
    if form in ("nationaal", "haakjes"):
        prefix = "0" + area
    elif form == "plus":  # +31 6 12345678
        prefix = "+31" + c.choice(("", " ", " ", NBSP)) + area
    elif form == "plus0":  # +31 (0)6 12345678
        prefix = "+31" + c.choice((" ", "", NBSP)) + "(0)" + c.choice(("", " ")) + area
    else:  # 0031 6 12345678
        prefix = "0031" + c.choice((" ", " ", "-")) + area
    return prefix + sep + grouped


TELEFOON_FRAMES = (
    "Melder is bereikbaar op {v}.",
    "Bel mij gerust op {v}, ook 's avonds.",
    "Telefoonnummer: {v}",
    "Tel. {v}\nVoorkeur: bellen na de middag.",
    "De bewoner (tel. {v}) wil teruggebeld worden.",
    "{v} belde om kwart over negen over geluidsoverlast.",
    "Terugbelverzoek: mobiel {v}, graag voor het eind van de dag.",
    "Contactgegevens melder:\nTelefoon {v}\nE-mail volgt nog.",
    "Zij gaf haar nummer door ({v}) en hing daarna op.",
    "U kunt mij bereiken via {v}.",
    "De eigenaar van de snackbar is telefonisch bereikbaar onder nummer {v}.",
    "Mobiel: {v}\nBereikbaar op werkdagen.",
    "Bij vragen kunt u bellen met {v} of langskomen op het stadhuis.",
)


FOREIGN_PHONES = (("32", (3, 2, 2, 2)), ("49", (3, 7)), ("48", (3, 3, 3)),
                  ("90", (3, 3, 2, 2)), ("44", (4, 6)), ("212", (3, 2, 2, 2)), ("234", (3, 3, 4)),
                  ("33", (1, 2, 2, 2, 2)))


def foreign_phone(c: Chooser) -> str:
    """+32 470 12 34 56, 0048 601 234 567, +49 (0)170 1234567."""
    country, sizes = c.choice(FOREIGN_PHONES)
    digits = _digits(c, sum(sizes), "123456789")
    head = c.choice(("+", "+", "00")) + country
    trunk = c.choice(("", "", " (0)")) if head.startswith("+") else ""
    return head + trunk + " " + _group(digits, sizes, c.choice((" ", " ", "-", ".")))


def telefoon(c: Chooser) -> Variant:
    kind = c.choice(("nl", "nl", "nl", "nl", "toestel", "buitenland"))
    value = foreign_phone(c) if kind == "buitenland" else phone_number(c)
    written = value
    if kind == "toestel":  # 055 - 580 1234 (toestel 3312): the extension stays readable
        written += c.choice((" (toestel {})", " toestel {}", " (tst. {})", " ext. {}")).format(
            _digits(c, 3, "1234"))
    return Variant(_fill(c, TELEFOON_FRAMES, v=written), value, "TELEFOON")


# --- KENTEKEN ---------------------------------------------------------------------------------

PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
SIDE_CODES = ("XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX",
              "99-XXX-9", "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX",
              "9-XX-999", "999-XX-9")


def plate(c: Chooser) -> str:
    code = c.choice(SIDE_CODES)
    sep = c.choice(("-", "-", " ", "", "."))
    groups = []
    for group in code.split("-"):
        groups.append("".join(c.choice(PLATE_LETTERS) if ch == "X" else c.choice("0123456789")
                              for ch in group))
    value = sep.join(groups)
    return value.lower() if c.choice((False, False, True)) else value


KENTEKEN_FRAMES = (
    "| Naam | Kenteken |\n|---|---|\n| de eigenaar | {v} |",
    "Kenteken\tMerk\n{v}\tVolkswagen",
    "Kenteken:\n{v}",
    "Zij zag een busje, {v}, wegrijden.",
    "Het voertuig met kenteken {v} stond op de invalidenparkeerplaats.",
    "Kenteken: {v}",
    "De auto ({v}) reed met hoge snelheid weg.",
    "Een bestelbus {v} blokkeerde de uitrit van de brandweerkazerne.",
    "Kenteken {v} is al drie keer eerder gesignaleerd bij de coffeeshop.",
    "Er stond een grijze personenauto, kenteken {v}, voor de deur.",
    "De eigenaar van het voertuig met kenteken {v}.",
    "Toezichthouders zagen de bestelbus {v} vaker bij het pand staan.",
    "Gemeld voertuig: een witte scooter met kenteken {v}, zonder verzekering.",
    "Daarna reed de auto met kenteken {v} de parkeergarage in.",
    "Voertuig (kenteken {v}) is weggesleept.",
)


def kenteken(c: Chooser) -> Variant:
    value = plate(c)
    return Variant(_fill(c, KENTEKEN_FRAMES, v=value), value, "KENTEKEN")


# --- POSTCODE ---------------------------------------------------------------------------------

POSTCODE_LETTERS = "ABCEGHJKLMNPRSTVWXZ"  # F, I, O, Q, U and Y are not used
STREETS = ("Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsplein", "Lindelaan", "Beukenlaan",
           "Koningin Julianastraat", "Oude Vismarkt", "Hoofdweg", "Schoolstraat", "Marktplein",
           "Burgemeester van Roijensingel", "Eikenhof", "Wilhelminalaan")


def postcode(c: Chooser) -> str:
    letters = c.choice(POSTCODE_LETTERS) + c.choice(POSTCODE_LETTERS)
    if letters in ("SA", "SD", "SS"):  # not issued
        letters = "ST"
    case = c.choice(("upper", "upper", "lower", "mixed"))
    if case == "lower":
        letters = letters.lower()
    elif case == "mixed":
        letters = letters[0] + letters[1].lower()
    return _digits(c, 4, "123456789") + c.choice((" ", " ", "", NBSP)) + letters


POSTCODE_FRAMES = (
    "Hij woont aan de {street} {nr} {v} {city} en is daar ingeschreven.",
    "Woonadres: {street} {nr} {v}",
    "Het pand aan de {street} {nr}, {v} {city}, wordt voor drie maanden gesloten.",
    "Adres: {street} {nr}, {v} {city}",
    "Aan de bewoner\n{street} {nr}\n{v} {city}",
    "De melding betreft postcode {v}.",
    "Postcode: {v}\nHuisnummer: {nr}",
    "Overlast in de buurt (postcode {v}) neemt toe.",
    "Zij woont sinds vorig jaar op {street} {nr} te {city}, postcode {v}, samen met haar zoon.",
    "{v} {city} is het adres dat de melder opgaf.",
    "Graag de brief sturen naar {street} {nr}, {v}, {city}.",
    "Het bedrijf is gevestigd op {street} {nr} in {v} {city}.",
)


def postcode_variant(c: Chooser) -> Variant:
    value = postcode(c)
    nr = str(c.randint(1, 250)) + c.choice(("", "", "", "a", "b", "-2", " bis"))
    text = _fill(c, POSTCODE_FRAMES, v=value, street=c.choice(STREETS), nr=nr,
                 city=c.choice(CITIES))
    return Variant(text, value, "POSTCODE")


# --- IBAN -------------------------------------------------------------------------------------

BANKS = ("ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ")


def iban_check_digits(bank: str, account: str) -> str:
    rearranged = bank + account + "NL00"
    number = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{98 - number % 97:02d}"


def iban(c: Chooser) -> str:
    bank = c.choice(BANKS)
    account = _digits(c, 10)
    compact = "NL" + iban_check_digits(bank, account) + bank + account
    if c.choice((False, False, False, True)):  # a Belgian or German account
        country, bank = c.choice((("BE", "539"), ("DE", "37040044")))
        account = bank + _digits(c, 9 if country == "BE" else 10)
        compact = country + _check_digits(country, account) + account
    layout = c.choice(("spatie", "spatie", "nbsp", "compact", "onregelmatig"))
    if layout == "compact":
        value = compact
    elif layout == "onregelmatig":  # NL70 RABO 778638 7645: groups as someone typed them
        parts, i = [compact[:4]], 4
        while i < len(compact):
            size = c.randint(2, 6)
            parts.append(compact[i:i + size])
            i += size
        value = " ".join(parts)
    else:
        sep = " " if layout == "spatie" else NBSP
        value = sep.join(compact[i:i + 4] for i in range(0, len(compact), 4))
    return value.lower() if c.choice((False, False, True)) else value


def _check_digits(country: str, account: str) -> str:
    number = int("".join(str(int(ch, 36)) for ch in account + country + "00"))
    return f"{98 - number % 97:02d}"


IBAN_FRAMES = (
    "Rekeningnummer:\n{v}",
    "Het bedrag is overgemaakt naar rekeningnummer {v} ten name van de huurder.",
    "IBAN: {v}",
    "Gelieve de dwangsom te voldoen op rekening {v}, onder vermelding van het kenmerk.",
    "De huur werd contant betaald en niet op {v}.",
    "Betaling (IBAN {v}) is ontvangen.",
    "Rekeningnummer {v}\nten name van de verhuurder",
    "Het bankrekeningnummer van de exploitant is {v}.",
    "Zij maakte het geld over van haar rekening {v} naar een onbekende derde.",
    "{v} staat op naam van de eigenaar van het pand.",
)


def iban_variant(c: Chooser) -> Variant:
    value = iban(c)
    return Variant(_fill(c, IBAN_FRAMES, v=value), value, "IBAN")


# --- BSN --------------------------------------------------------------------------------------


def bsn_digits(c: Chooser) -> str:
    """Nine digits that pass the 11-proef (9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11)."""
    head = [int(ch) for ch in _digits(c, 8, "123456789")]
    rest = sum((9 - i) * d for i, d in enumerate(head)) % 11
    if rest == 10:  # no check digit possible: change the eighth digit (weight 2)
        head[7] = (head[7] + 1) % 10
        rest = sum((9 - i) * d for i, d in enumerate(head)) % 11
    return "".join(map(str, head)) + str(rest)


def bsn(c: Chooser) -> str:
    d = bsn_digits(c)
    layout = c.choice(("compact", "compact", "punten", "spaties", "streepjes", "sofi", "nbsp",
                       "4-2-3", "3-4-2", "2-3-4"))
    if layout == "compact":
        return d
    if layout in ("4-2-3", "3-4-2", "2-3-4"):  # 2608 19 153, 218.5904.89
        sizes = [int(n) for n in layout.split("-")]
        return _group(d, sizes, c.choice((" ", ".", "-")))
    if layout == "sofi":  # the old sofinummer layout 1234.56.782
        return f"{d[:4]}.{d[4:6]}.{d[6:]}"
    sep = {"punten": ".", "spaties": " ", "streepjes": "-", "nbsp": NBSP}[layout]
    return sep.join((d[:3], d[3:6], d[6:]))


BSN_FRAMES = (
    "burgerservicenummer: {v}\nachternaam: Talussio",
    "| Naam | BSN |\n|---|---|\n| betrokkene | {v} |",
    "Naam betrokkene\tBSN\nde huurder\t{v}",
    "De financier ({v}) heeft zelf geen inkomen.",
    "Zijn BSN is {v}, zijn zaaknummer volgt.",
    "Betrokkene, BSN {v}, staat niet ingeschreven op het adres.",
    "Burgerservicenummer: {v}",
    "Zijn sofinummer ({v}) is bij de aanvraag gevoegd.",
    "BSN {v}\nstaat in de Basisregistratie Personen.",
    "Controleer het burgerservicenummer {v} voordat u het besluit verstuurt.",
    "Op de aanvraag stond BSN {v}, maar dat bleek van zijn broer te zijn.",
    "De huurder (BSN {v}) heeft geen bezwaar gemaakt.",
    "Het sofinummer van de werknemer is {v}.",
    "BSN: {v}",
    "In het dossier staat burgerservicenummer {v}, afkomstig uit de BRP.",
)


def bsn_variant(c: Chooser) -> Variant:
    value = bsn(c)
    return Variant(_fill(c, BSN_FRAMES, v=value), value, "BSN")


# --- GEBOORTEDATUM ----------------------------------------------------------------------------

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MONTH_ABBR = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sept", "okt", "nov",
              "dec")
APOSTROPHES = ("'", "\u2019", "\u2018")
#: German, English, French, Polish, Romanian and Turkish month names
FOREIGN_MONTHS = (
    ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
     "Oktober", "November", "Dezember"),
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"),
    ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre"),
    ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
     "września", "października", "listopada", "grudnia"),
    ("ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august",
     "septembrie", "octombrie", "noiembrie", "decembrie"),
    ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
     "Kasım", "Aralık"),
)


def birth_date(c: Chooser) -> str:
    year = c.randint(1935, 2012)
    month = c.randint(1, 12)
    day = c.randint(1, calendar.monthrange(year, month)[1])
    form = c.choice(("d-m-yyyy", "dd-mm-yyyy", "dd-mm-yyyy", "dd-mm-yy", "iso", "maand",
                     "maand", "afk", "hoofdletters", "aaneen", "apostrof", "buitenlands"))
    sep = c.choice(("-", ".", "/"))
    if form == "aaneen":
        return c.choice((f"{day:02d}{month:02d}{year}", f"{year}{month:02d}{day:02d}"))
    if form == "apostrof":
        return f"{day:02d}{sep}{month:02d}{sep}{c.choice(APOSTROPHES)}{year % 100:02d}"
    if form == "buitenlands":
        names = c.choice(FOREIGN_MONTHS)
        dot = "." if names is FOREIGN_MONTHS[0] else ""  # German: "12. März 1987"
        return f"{day}{dot} {names[month - 1]} {year}"
    if form == "d-m-yyyy":
        return f"{day}{sep}{month}{sep}{year}"
    if form == "dd-mm-yyyy":
        return f"{day:02d}{sep}{month:02d}{sep}{year}"
    if form == "dd-mm-yy":
        return f"{day:02d}{sep}{month:02d}{sep}{year % 100:02d}"
    if form == "iso":
        return f"{year}-{month:02d}-{day:02d}"
    if form == "maand":
        name = MONTHS[month - 1]
        return f"{day} {c.choice((name, name, name.capitalize()))} {year}"
    if form == "afk":
        abbr = MONTH_ABBR[month - 1]
        dot = "" if abbr == "mei" else c.choice((".", ".", ""))
        return f"{day} {abbr}{dot} {year}"
    return f"{day:02d} {MONTHS[month - 1].upper()} {year}"


GEBOORTEDATUM_FRAMES = (
    "Betrokkene is geboren op {v} te {city}.",
    "Geboortedatum: {v}",
    "De heer {s} (geb. {v}) werd aangehouden bij het pand.",
    "* {v} te {city}",
    "Zij is geboren te {city} op {v}, en woont sinds kort in de wijk.",
    "Verdachte {s} van {v} is na verhoor heengezonden.",
    "Naam: {s}\nGeboortedatum: {v}\nWoonplaats: {city}",
    "Mevrouw {s}, geb. {v}, verklaarde dat zij niets had gehoord.",
    "De minderjarige zoon (geboren {v}) stond buiten op de uitkijk.",
    "Melder {s}, geboren op {v}.",
    "Betrokkene: {s}, {i}. (geb. {v})",
)


def geboortedatum(c: Chooser) -> Variant:
    value = birth_date(c)
    s = _surname(c).display(capitalise=True)
    text = _fill(c, GEBOORTEDATUM_FRAMES, v=value, city=c.choice(CITIES), s=s,
                 i=c.choice("ABDEFGHJKLMNPRSTW"))
    return Variant(text, value, "GEBOORTEDATUM")


# --- ZAAKNUMMER -------------------------------------------------------------------------------

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CASE_WORDS = ("zaak", "zaaknummer", "dossier", "dossiernummer", "registratienummer", "kenmerk",
              "ons kenmerk", "uw kenmerk", "proces-verbaal", "proces-verbaalnummer", "pv-nummer",
              "PV-nummer", "mutatie", "mutatienummer", "melding", "meldingnummer", "BVH-nummer",
              "BVH", "registratie")


def _prefix(c: Chooser, lo: int = 1, hi: int = 5) -> str:
    return "".join(c.choice(UPPER) for _ in range(c.randint(lo, hi)))


def case_number(c: Chooser) -> str:
    form = c.choice(("prefix-jaar-nummer", "prefix-jaar-nummer", "prefix-nummer", "cijfers",
                     "jaar/afdeling/nummer", "korps", "letter-jj.nummer", "datum-nummer",
                     "meer-groepen", "spaties", "korps-gegroepeerd"))
    year = c.randint(2015, 2026)
    if form == "meer-groepen":  # ZV/2026/0087/HO, OOV-W-2026-00031-A, 2026.PL09.112233
        sep = c.choice(("-", "/", "."))
        groups = [_prefix(c, 2, 4), str(year), _digits(c, c.randint(3, 6))]
        if c.choice((True, False)):
            groups.insert(1, _prefix(c, 1, 3))
        if c.choice((True, False)):
            groups.append(_prefix(c, 1, 2))
        return sep.join(groups)
    if form == "spaties":  # SV 2026 00219
        return f"{_prefix(c, 2, 4)} {year} {_digits(c, c.randint(4, 6))}"
    if form == "korps-gegroepeerd":  # PL1100 2025 133078, PL0500-2026/028817
        sep1, sep2 = c.choice(((" ", " "), ("-", "/"), ("-", " "), ("", "/")))
        return f"PL{_digits(c, 4)}{sep1}{year}{sep2}{_digits(c, 6)}"
    if form == "prefix-jaar-nummer":  # Z-2026-00417, HHZ/26/123456, WX.2026.0457
        sep = c.choice(("-", "/", ".", ""))
        yy = str(year) if c.choice((True, True, False)) else f"{year % 100:02d}"
        return _prefix(c) + sep + yy + c.choice((sep, sep, "-")) + _digits(c, c.randint(3, 10))
    if form == "prefix-nummer":  # ZK123456, M-004512
        return _prefix(c) + c.choice(("-", "/", ".", "")) + _digits(c, c.randint(3, 10))
    if form == "cijfers":  # 2026041512, 48213377
        return _digits(c, c.randint(6, 12), "123456789")
    if form == "jaar/afdeling/nummer":  # 2026/OOV/0457
        sep = c.choice(("/", "-", "."))
        return f"{year}{sep}{_prefix(c, 2, 5)}{sep}{_digits(c, c.randint(3, 6))}"
    if form == "korps":  # PL0900-2026123456
        return _prefix(c, 2, 2) + _digits(c, 4) + "-" + str(year) + _digits(c, 6)
    if form == "letter-jj.nummer":  # U26.01234
        return (_prefix(c, 1, 2) + f"{year % 100:02d}" + c.choice((".", "-", "/"))
                + _digits(c, c.randint(4, 6)))
    # datum-nummer: 20260312-1044
    month = c.randint(1, 12)
    day = c.randint(1, 28)
    return f"{year}{month:02d}{day:02d}" + c.choice(("-", "/", ".")) + _digits(c, c.randint(3, 5))


ZAAK_FRAMES = (
    "Eerder gemeld onder {kws} {o} en {v}.",
    "| Naam | Zaaknummer |\n|---|---|\n| de melder | {v} |",
    "{Kw} {v} is afgesloten.",
    "{Kw}: {v}",
    "Ik verwijs u naar {kw} {v}.",
    "De woning is op last van de burgemeester gesloten ({kw} {v}).",
    "{Kw} {v}, behandeld door team Handhaving, staat nog open.",
    "{Kw}: {v}\nBehandelaar: team Veiligheid",
    "In het systeem staat {kw} {v} als afgehandeld.",
    "Geregistreerd onder {kw} {v}.",
    "Betreft: {kw} {v}",
    "Naar aanleiding van {kw} {v} is een waarschuwing verstuurd.",
    "Onder {kw} {v}, opgemaakt door de wijkagent, is de overlast vastgelegd.",
)


def zaaknummer(c: Chooser) -> Variant:
    value = case_number(c)
    kw = c.choice(CASE_WORDS)
    other = re.sub(r"\d", lambda m: str((int(m.group(0)) + 3) % 10), value)  # same notation
    plural = kw + "s" if kw.endswith("nummer") else "zaaknummers"
    text = _fill(c, ZAAK_FRAMES, v=value, kw=kw, Kw=_cap(kw), o=other, kws=plural)
    return Variant(text, value, "ZAAKNUMMER")


# --- names (for PERSOON, and as context for GEBOORTEDATUM) ------------------------------------

ONSETS = ("b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
          "b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "dr", "kr", "tr", "br", "sh", "ch")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "ai", "ou", "ei")
CODAS = ("", "", "", "", "", "n", "r", "l", "s", "k", "m")
GIVEN_ENDINGS = ("", "o", "a", "i", "en", "el", "ine", "ando", "ira", "ek", "on")
PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "op", "in", "'t", "el",
                       "al", "ben", "bin", "abou", "da", "dos", "di", "le", "la", "von", "du"})


def _syllables(c: Chooser, lo: int, hi: int) -> str:
    return "".join(c.choice(ONSETS) + c.choice(VOWELS) + c.choice(CODAS)
                   for _ in range(c.randint(lo, hi)))


def _word(c: Chooser, lo: int, hi: int, endings: Sequence[str]) -> str:
    word = _syllables(c, lo, hi)[:8] + c.choice(endings)
    while len(word) < 5:
        word += c.choice(("o", "i", "an", "el"))
    return word.capitalize()


def _turkish(word: str, c: Chooser) -> str:
    swaps = {"s": "ş", "c": "ç", "g": "ğ", "i": "ı", "o": "ö", "u": "ü"}
    pos = [i for i, ch in enumerate(word) if ch in swaps and i > 0]
    if pos:
        i = c.choice(pos)
        word = word[:i] + swaps[word[i]] + word[i + 1:]
    return word


class Surname(NamedTuple):
    particle: str  # "", "van der", "El", "Al-", ...
    core: str      # the part that must disappear (may hold a hyphen: "Talussi-Brevaki")

    def display(self, capitalise: bool) -> str:
        """The surname as written: a particle starts with a capital unless initials or a given
        name come first (Dutch rule); hyphenated particles (Al-) are glued to the core."""
        if not self.particle:
            return self.core
        particle = _cap(self.particle) if capitalise else self.particle
        return particle + self.core if particle.endswith("-") else f"{particle} {self.core}"


def _surname(c: Chooser) -> Surname:
    style = c.choice(("exotisch", "exotisch", "nederlands", "arabisch", "turks", "slavisch",
                      "westafrikaans", "portugees", "dubbel"))
    if style == "exotisch":
        return Surname("", _word(c, 2, 2, ("ssi", "ndo", "ari", "ello", "ani", "oso", "anu",
                                           "ez", "eau", "ini")))
    if style == "nederlands":
        particle = c.choice(("", "", "van", "van der", "de", "van den", "ter", "van de"))
        return Surname(particle, _word(c, 1, 2, ("stra", "sen", "ink", "inga", "ema", "huis",
                                                 "kamp", "veld", "berg", "dijk", "hoven",
                                                 "mans", "ing", "enga")))
    if style == "arabisch":
        particle = c.choice(("", "El", "Al-", "Ben", "Abou", "el"))
        return Surname(particle, _word(c, 1, 2, ("i", "ani", "ouri", "aoui", "awi", "ach")))
    if style == "turks":
        return Surname("", _turkish(_word(c, 1, 2, ("oğlu", "kaya", "soy", "türk", "gül",
                                                    "özer", "taş", "can")), c))
    if style == "slavisch":
        return Surname("", _word(c, 1, 2, ("ović", "evič", "ski", "ska", "enko", "czyk",
                                           "ak", "escu")))
    if style == "westafrikaans":
        return Surname("", _word(c, 2, 2, ("ou", "ah", "ba", "ye", "mbe", "wu")))
    if style == "portugees":
        particle = c.choice(("da", "dos", "de", ""))
        return Surname(particle, _word(c, 1, 2, ("eira", "eiro", "ão", "inho", "es")))
    first = _word(c, 1, 2, ("ssi", "ndo", "ari", "ov", "stra", "sen"))
    return Surname("", first + "-" + _word(c, 1, 2, ("aki", "ini", "ema", "ouri")))


def _given(c: Chooser) -> str:
    name = _word(c, 2, 2, GIVEN_ENDINGS)
    return _turkish(name, c) if c.choice((False, False, False, True)) else name


def _initials(c: Chooser, first: str) -> str:
    letters = [first[0].upper()] + [c.choice("ABCDEFGHJKLMNPRSTW")
                                    for _ in range(c.randint(0, 2))]
    return c.choice(("", " ")).join(f"{ch}." for ch in letters)


def name_words(value: str) -> list[str]:
    """The words of a PERSOON value that must not survive (particles and initials excluded)."""
    words = re.split(r"[\s\-]+", value)
    return [w for w in words if len(w) >= 3 and w.casefold() not in PARTICLES]


# --- PERSOON ----------------------------------------------------------------------------------

SALUTATION_FRAMES = (
    "Geachte heer {name},\n\nNaar aanleiding van uw melding over de overlast ontvangt u deze "
    "brief.",
    "Geachte mevrouw {name},\n\nHierbij bevestigen wij de ontvangst van uw klacht.",
    "Beste {name},\n\nDank voor uw bericht van vanochtend.",
)
REF_FRAMES = (
    "{Ref} belde om tien uur over geluidsoverlast.",
    "Vanochtend is gesproken met {ref}.",
    "De woning wordt bewoond door {ref}, die er sinds vorig jaar woont.",
    "Bij het huisbezoek ({ref}) was ook de wijkagent aanwezig.",
    "Aanwezig: {ref}, de wijkagent en een medewerker van de woningcorporatie.",
    "Volgens {ref} is de overlast sinds de zomer toegenomen.",
    "Op het adres trof de handhaver {ref} aan.\nDeze verklaarde niets van de kwekerij te weten.",
    "{Ref}\nheeft de bestuurlijke waarschuwing in ontvangst genomen.",
    "De brief is uitgereikt aan {ref}.",
)
TITLES = ("mevrouw", "de heer", "dhr.", "mw.", "betrokkene", "melder", "verdachte",
          "de verdachte", "eigenaar", "de eigenaar", "bewoner", "de bewoner", "de melder")
GENAAMD_FRAMES = (
    "De verdachte, genaamd {name}, ontkende alles.",
    "Een jongeman genaamd {name} stond op de uitkijk.",
    "Volgens de buren woont er een man, genaamd {name}.",
)
SIGNATURE_FRAMES = (
    "Met vriendelijke groet,\n\n{name}\nmedewerker team Toezicht en Handhaving\nGemeente {city}",
    "Met vriendelijke groet,\n\n{name}\nmedewerker Openbare Orde en Veiligheid",
    "Met vriendelijke groeten,\n\n{name}\nbeleidsmedewerker OOV",
    "Hoogachtend,\n\n{name}\nmedewerker Bijzondere Wetten",
)


def _person(c: Chooser, forms: Sequence[str]) -> tuple[str, list[str]]:
    """A name in one of ``forms``; returns (as written, the words that must disappear)."""
    surname = _surname(c)
    given = _given(c)
    form = c.choice(forms)
    if form == "achternaam":
        return surname.display(capitalise=True), [surname.core]
    if form == "voornaam achternaam":
        return f"{given} {surname.display(capitalise=False)}", [given, surname.core]
    if form == "initialen":
        return f"{_initials(c, given)} {surname.display(capitalise=False)}", [surname.core]
    if form == "initiaal (voornaam)":  # J. (Jan) Talussi
        return (f"{given[0]}. ({given}) {surname.display(capitalise=False)}",
                [given, surname.core])
    if form == "roepnaam":  # Kavrendo Talussi (roepnaam Kavo)
        nick = _given(c)
        return (f"{given} {surname.display(capitalise=False)} (roepnaam {nick})",
                [given, surname.core, nick])
    # register style: Talussi, Kavrendo
    return f"{surname.display(capitalise=True)}, {given}", [surname.core, given]


ALL_FORMS = ("achternaam", "voornaam achternaam", "initialen", "initiaal (voornaam)",
             "roepnaam")
REGISTER_FRAMES = (
    "Verdachte: {name}\nWoonplaats: {city}",
    "Naam melder: {name}\nVoorkeur: terugbellen",
    "Betrokkene ({name}) is eerder gewaarschuwd.",
)


LATER_FRAMES = (  # one person, then the same person in another form
    "Melder {title} {surname} belde over de overlast. Later bleek dat {given} {surname} het pand "
    "zelf huurt. {SURNAME} wil anoniem blijven.",
    "{given} {surname} verklaarde dat hij thuis was. {surname} liet ons binnen. In {surname}s "
    "woning troffen wij niemand aan.",
    "Gesproken met {title} {surname}. Volgens {given} {surname} staat de auto al weken op de "
    "stoep; {surname}'s buurman bevestigt dat.",
)
TABLE_FRAMES = (
    "| Naam | Kenteken | Zaaknummer |\n|---|---|---|\n| {name} | onbekend | volgt |",
    "Naam betrokkene\tRol\n{name}\tmelder",
    "Naam:\n{name}\nRol:\nmelder",
)
NAMING_FRAMES = (
    "De huurder heet volgens de brievenbus {name}.",
    "De jongen heet {name} en woont bij zijn tante.",
)
CHAT_FRAMES = (
    "[14:02] {given}: heb je die bus gezien\n[14:03] {given}: staat er weer",
    "[21:15] {given}: ik bel de wijkagent\n[21:16] {given}: ok",
)


def persoon(c: Chooser) -> Variant:
    kind = c.choice(("aanhef", "titel", "titel", "titel", "genaamd", "ondertekening",
                     "register", "later", "tabel", "heet", "chat"))
    if kind == "later":
        surname, given = _surname(c), _given(c)
        name, words = f"{given} {surname.display(capitalise=False)}", [given, surname.core]
        text = _fill(c, LATER_FRAMES, title=c.choice(("mevrouw", "de heer", "dhr.")),
                     given=given, surname=surname.display(capitalise=True),
                     SURNAME=surname.display(capitalise=True).upper())
    elif kind == "tabel":
        name, words = _person(c, ("voornaam achternaam", "initialen", "achternaam"))
        text = _fill(c, TABLE_FRAMES, name=name)
    elif kind == "heet":
        name, words = _person(c, ("voornaam achternaam", "achternaam"))
        text = _fill(c, NAMING_FRAMES, name=name)
    elif kind == "chat":
        given = _given(c)
        name, words = given, [given]
        text = _fill(c, CHAT_FRAMES, given=given)
    elif kind == "aanhef":
        name, words = _person(c, ("achternaam", "initialen", "voornaam achternaam"))
        text = _fill(c, SALUTATION_FRAMES, name=name)
    elif kind == "titel":
        name, words = _person(c, ALL_FORMS)
        ref = f"{c.choice(TITLES)} {name}"
        text = _fill(c, REF_FRAMES, ref=ref, Ref=_cap(ref))
    elif kind == "genaamd":
        name, words = _person(c, ("voornaam achternaam", "achternaam", "initiaal (voornaam)"))
        text = _fill(c, GENAAMD_FRAMES, name=name)
    elif kind == "register":  # Talussi, Kavrendo
        name, words = _person(c, ("register",))
        text = _fill(c, REGISTER_FRAMES, name=name, city=c.choice(CITIES))
    else:
        name, words = _person(c, ("voornaam achternaam", "initialen"))
        text = _fill(c, SIGNATURE_FRAMES, name=name, city=c.choice(CITIES))
    # a generated name that happens to be a word of the sentence itself would make the leak
    # check meaningless: make it unmistakably a name instead
    forms = {f for w in words for p in name_words(w) for f in (p.casefold(), p.casefold() + "s")}
    context = {w.casefold() for w in re.findall(r"\w+", text.replace(name, " "))} - forms
    for word in list(words):
        if any(part.casefold() in context for part in name_words(word)):
            text = text.replace(word, word + "o")
            words[words.index(word)] = word + "o"
    return Variant(text, " ".join(words), "PERSOON")


# --- EMAIL ------------------------------------------------------------------------------------

MAIL_DOMAINS = ("gmail.com", "hotmail.com", "hotmail.nl", "live.nl", "outlook.com", "ziggo.nl",
                "kpnmail.nl", "planet.nl", "xs4all.nl", "zwolle.nl", "deventer.nl",
                "apeldoorn.nl", "denhaag.nl", "gemeentebest.nl", "kampen.nl", "enschede.nl",
                "utrecht.nl", "icloud.com", "yahoo.com")


def email(c: Chooser) -> str:
    first = _word(c, 1, 2, GIVEN_ENDINGS).lower()
    last = _word(c, 1, 2, ("ssi", "sen", "ink", "ani", "ez", "stra", "ovic")).lower()
    style = c.choice(("voornaam.achternaam", "v.achternaam", "voornaam_achternaam",
                      "voornaamachternaam", "plus", "cijfers", "hoofdletters", "achternaam.v"))
    if style == "voornaam.achternaam":
        local = f"{first}.{last}"
    elif style == "v.achternaam":
        local = f"{first[0]}.{last}"
    elif style == "voornaam_achternaam":
        local = f"{first}_{last}"
    elif style == "voornaamachternaam":
        local = first + last
    elif style == "plus":
        local = f"{first}.{last}+{c.choice(('oov', 'melding', 'gemeente', 'post'))}"
    elif style == "cijfers":
        local = f"{first}{c.choice(('', '.', '_'))}{last}{c.randint(1, 99)}"
    elif style == "hoofdletters":
        local = f"{first.capitalize()}.{last.capitalize()}"
    else:
        local = f"{last}.{first[0]}"
    domain = c.choice(MAIL_DOMAINS)
    if c.choice((False, False, False, True)):
        domain = _word(c, 1, 2, ("", "tech", "advies", "bouw")).lower() + c.choice(
            (".nl", ".com", "-bv.nl", ".eu"))
    return f"{local}@{domain}"


EMAIL_FRAMES = (
    "Mail: {v}",
    "U kunt reageren via {v}.",
    "De melder ({v}) wil op de hoogte blijven.",
    "{v} schreef gisteren dat de overlast aanhoudt.",
    "Stuur het besluit naar {v}, met een kopie aan de wijkagent.",
    "Van: {v}\nOnderwerp: overlast bij de speeltuin",
    "E-mailadres melder: {v}",
    "De exploitant is bereikbaar op {v} en via het algemene nummer.",
    "Reacties graag naar {v}.",
)


def email_variant(c: Chooser) -> Variant:
    value = email(c)
    return Variant(_fill(c, EMAIL_FRAMES, v=value), value, "EMAIL")


# --- KVK --------------------------------------------------------------------------------------


def kvk_number(c: Chooser) -> str:
    """Eight digits as people write them: 71204388, 7120 4388, 71 20 43 88, 7120.4388."""
    d = _digits(c, 8, "123456789")
    sizes = c.choice(((8,), (8,), (4, 4), (2, 2, 2, 2), (2, 2, 4), (3, 3, 2)))
    return _group(d, sizes, c.choice((" ", " ", ".", "-")))


KVK_WORDS = ("KvK", "KvK-nummer", "KvK-nr.", "KvK nr", "kvk", "inschrijvingsnummer KvK",
             "Kamer van Koophandel")
KVK_FRAMES = (
    "{Kw}: {v}",
    "De onderneming staat in het handelsregister onder nummer {v}.",
    "Ingeschreven bij de Kamer van Koophandel onder {v}.",
    "{company} B.V. ({v}) is eigenaar van het pand.",
    "{company} V.O.F., {kw} {v}, exploiteert de snackbar.",
    "Mijn {kw} is {v}, het boetenummer volgt.",
    "| Bedrijf | KvK |\n|---|---|\n| {company} B.V. | {v} |",
    "Aanvrager: {company} Holding B.V., ingeschreven onder {v}",
)


def kvk(c: Chooser) -> Variant:
    value = kvk_number(c)
    kw = c.choice(KVK_WORDS)
    company = _word(c, 1, 2, ("ssi", "ndo", "ari", "stra", "sen", "ink"))
    text = _fill(c, KVK_FRAMES, v=value, kw=kw, Kw=_cap(kw), company=company)
    return Variant(text, value, "KVK")


# --- registry, strategies and sampling --------------------------------------------------------

GENERATORS: dict[str, Callable[[Chooser], Variant]] = {
    "TELEFOON": telefoon,
    "KENTEKEN": kenteken,
    "POSTCODE": postcode_variant,
    "IBAN": iban_variant,
    "BSN": bsn_variant,
    "GEBOORTEDATUM": geboortedatum,
    "ZAAKNUMMER": zaaknummer,
    "EMAIL": email_variant,
    "PERSOON": persoon,
    "KVK": kvk,
}


def structured(label: str) -> st.SearchStrategy[Variant]:
    """Every choice drawn from Hypothesis: a failure shrinks to the simplest notation and frame
    that still leaks, but Hypothesis favours few shapes (600 draws gave ~76 phone layouts)."""
    generator = GENERATORS[label]

    @st.composite
    def build(draw: st.DrawFn) -> Variant:
        return generator(_HypothesisChooser(draw))

    return build()


def seeded(label: str) -> st.SearchStrategy[Variant]:
    """One drawn seed drives ``random.Random``: spreads evenly over all notations and frames
    (shrinking then only looks for a smaller seed that still fails)."""
    generator = GENERATORS[label]
    return st.integers(0, 2**32 - 1).map(lambda seed: generator(random.Random(seed)))


def strategy(label: str) -> st.SearchStrategy[Variant]:
    return st.one_of(structured(label), seeded(label))


STRATEGIES: dict[str, st.SearchStrategy[Variant]] = {label: strategy(label) for label in LABELS}


def sample(label: str, n: int, seed: int) -> list[Variant]:
    """``n`` variants of ``label`` drawn with ``random.Random(seed)`` (same on every machine)."""
    rng = random.Random(f"{label}:{seed}")
    return [GENERATORS[label](rng) for _ in range(n)]


# --- leak checks ------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*(?:-\d+)?\]")


def compact(text: str) -> str:
    """Casefolded letters and digits only; placeholders become ``#`` so that text on both sides
    of a placeholder cannot join into a value."""
    text = PLACEHOLDER.sub("#", text)
    return "".join(ch for ch in text.casefold() if ch.isalnum() or ch == "#")


def core(variant: Variant) -> str:
    """The part of a structured value that identifies: for a phone number the nine digits after
    the trunk or country code; otherwise the whole value, compacted."""
    if variant.label == "TELEFOON":
        return re.sub(r"\D", "", variant.value)[-9:]
    return compact(variant.value)


def _word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def _spread(key: str, prefixes: Sequence[str] = ("",)) -> re.Pattern[str]:
    """``key`` (after one of ``prefixes``) with any non-alphanumerics between its characters, not
    inside a longer run of letters and digits (so a hash or a timestamp cannot hold it)."""
    def spread(chars: str) -> str:
        return r"[\W_]*".join(re.escape(ch) for ch in chars)

    heads = "|".join(spread(p) + r"[\W_]*" for p in prefixes if p)
    head = f"(?:{heads})?" if heads else ""
    return re.compile(r"(?<![^\W_])" + head + spread(key) + r"(?![^\W_])", re.IGNORECASE)


# what may stand before a phone number's nine digits: 0, 31, 0031, with (0) after the country code
PHONE_PREFIXES = ("00310", "0031", "310", "31", "0")


def leaks(variant: Variant, text: str, *, fragments: bool = True) -> list[str]:
    """What of ``variant.value`` survives in ``text`` (empty when nothing does).

    PERSOON: each name word as a whole word (case-insensitive). EMAIL: the address, or its local
    part standing on its own. Other types: the value as written (case-insensitive) or its
    ``core`` with other separators.

    With ``fragments`` (for one generated sentence, whose context has no digits of its own) the
    core is sought in the ``compact`` text, and so is any six consecutive characters of it that
    hold a digit (a partial leak such as ``06 12 34 56 [TELEFOON-1]``). Without (for big mixed
    texts such as a store, an audit log or command output) the core must stand on its own,
    separators allowed between its characters, so hashes and timestamps cannot match by chance.
    """
    if variant.label == "PERSOON":
        return [w for w in name_words(variant.value) if _word_in(w, text)]
    folded = text.casefold()
    if variant.label == "EMAIL":
        local = variant.value.split("@")[0].casefold()
        found = [variant.value] if variant.value.casefold() in folded else []
        if re.search(rf"(?<![\w.+-]){re.escape(local)}(?![\w+-])", folded):
            found.append(local)
        return found
    found = [variant.value] if variant.value.casefold() in folded else []
    key = core(variant)
    if not fragments:
        prefixes = PHONE_PREFIXES if variant.label == "TELEFOON" else ("",)
        if _spread(key, prefixes).search(text):
            found.append(key)
        return found
    squashed = compact(text)
    if key in squashed:
        found.append(key)
    elif len(key) > 6:
        windows = (key[i:i + 6] for i in range(len(key) - 5))
        found.extend(w for w in windows if any(ch.isdigit() for ch in w) and w in squashed)
    return found
