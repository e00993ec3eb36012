"""Checks on what the model wrote for a section: citations, invented identifiers, amounts and dates.

Everything here is deterministic: an invalid ``[n]`` is removed, an identifier the model wrote is
replaced by ``[in te vullen: …]``, and an amount or date that occurs neither in the user's fields
nor in the sources is replaced as well. Each change becomes a Dutch warning that never repeats
an identifier's original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.core.protocols import Anonymizer
from assistant.core.schema import Source
from guardrails.citations import check_citations

PLACEHOLDER = re.compile(r"\[\s*in te vullen\s*:\s*([^\]\n]+?)\s*\]", re.IGNORECASE)
_ANON_PLACEHOLDER = re.compile(r"\[[A-Z]+-\d+\]")
_CITE_GROUP = re.compile(r"\s?\[(\d+(?:\s*,\s*\d+)*)\]")
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
           "december")
_MONTH_LIST = _MONTHS.split("|")
_AMOUNT = re.compile(
    r"(?:€|\bEUR)\s?\d[\d.,]*(?:,-)?(?:\s?(?:miljoen|mln\.?|duizend|miljard))?"
    r"|\b\d[\d.,]*\s?(?:miljoen\s|miljard\s|duizend\s)?euro\b",
    re.IGNORECASE,
)
_DATE = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b"
                   r"|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d[\d.,]*\d|\d")
IDENTIFIER_WORDS = {
    "PERSOON": "naam", "ADRES": "adres", "POSTCODE": "postcode", "BSN": "BSN",
    "IBAN": "rekeningnummer", "EMAIL": "e-mailadres", "TELEFOON": "telefoonnummer",
    "KENTEKEN": "kenteken", "KVK": "KvK-nummer", "GEBOORTEDATUM": "geboortedatum",
    "ZAAKNUMMER": "zaaknummer", "BEDRIJF": "naam van de organisatie",
}


@dataclass(frozen=True)
class CheckedText:
    """A section's text after the checks, the citation numbers it keeps, and Dutch warnings."""

    text: str
    cited: tuple[int, ...]
    warnings: tuple[str, ...]


def placeholder(what: str) -> str:
    return f"[in te vullen: {what}]"


def normalise_placeholders(text: str) -> str:
    """Write every placeholder the same way: ``[in te vullen: …]``."""
    return PLACEHOLDER.sub(lambda m: placeholder(m.group(1).strip()), text)


def find_placeholders(texts: Iterable[str]) -> tuple[str, ...]:
    """Every distinct ``[in te vullen: …]`` in ``texts``, in order of first appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for m in PLACEHOLDER.finditer(text):
            seen.setdefault(placeholder(m.group(1).strip()), None)
    return tuple(seen)


def strip_heading(text: str, title: str) -> str:
    """Drop a heading or the section title the model put in front of its text."""
    lines = text.strip().splitlines()
    while lines:
        first = lines[0].strip().strip("#*_ ").rstrip(":").strip()
        if not first or lines[0].lstrip().startswith("#") or first.lower() == title.lower():
            lines.pop(0)
            continue
        break
    return "\n".join(lines).strip()


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ANON_PLACEHOLDER.finditer(text)] + [
        m.span() for m in PLACEHOLDER.finditer(text)]


def replace_identifiers(text: str, anonymizer: Anonymizer) -> tuple[str, list[str]]:
    """Replace identifiers the model wrote by placeholders; returns the labels that were found."""
    protected = _protected(text)
    findings = [f for f in anonymizer.find(text)
                if not any(f.start < end and start < f.end for start, end in protected)]
    labels: list[str] = []
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        word = IDENTIFIER_WORDS.get(f.entity_type, f.entity_type.lower())
        text = text[:f.start] + placeholder(word) + text[f.end:]
        labels.append(f.entity_type)
    return text, sorted(set(labels))


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _known_numbers(known: str) -> set[str]:
    return {_digits(m) for m in _DIGITS.findall(known)}


def _date_key(value: str) -> tuple[int, int, int | None]:
    """(day, month, year or None) of a Dutch date written in words or digits."""
    words = value.lower().split()
    if len(words) >= 2 and words[1] in _MONTH_LIST:
        year = int(words[2]) if len(words) > 2 else None
        return int(words[0]), _MONTH_LIST.index(words[1]) + 1, year
    day, month, year = (int(p) for p in re.split(r"[-/.]", value))
    return day, month, year + 2000 if year < 100 else year


def _same_date(a: tuple[int, int, int | None], b: tuple[int, int, int | None]) -> bool:
    return a[:2] == b[:2] and (a[2] is None or b[2] is None or a[2] == b[2])


def replace_unknown_facts(text: str, known: str) -> tuple[str, list[tuple[str, str]]]:
    """Replace amounts and dates that ``known`` (fields + sources) does not contain.

    Returns the new text and (kind, value) for each replacement; kind is "bedrag" or "datum".
    """
    numbers = _known_numbers(known)
    dates = [_date_key(d) for d in _DATE.findall(known)]
    replaced: list[tuple[str, str]] = []

    def amount(m: re.Match[str]) -> str:
        if _digits(m.group(0)) in numbers:
            return m.group(0)
        replaced.append(("bedrag", m.group(0)))
        return placeholder("bedrag")

    def date(m: re.Match[str]) -> str:
        key = _date_key(m.group(0))
        if any(_same_date(key, other) for other in dates):
            return m.group(0)
        replaced.append(("datum", m.group(0)))
        return placeholder("datum")

    return _DATE.sub(date, _AMOUNT.sub(amount, text)), replaced


def drop_invalid_citations(text: str, n_sources: int) -> tuple[str, list[int]]:
    """Remove ``[n]`` references to sources that do not exist."""
    invalid: list[int] = []

    def keep(m: re.Match[str]) -> str:
        numbers = [int(p) for p in m.group(1).split(",")]
        valid = [n for n in numbers if 1 <= n <= n_sources]
        invalid.extend(n for n in numbers if n not in valid)
        if not valid:
            return ""
        return m.group(0) if len(valid) == len(numbers) else (
            m.group(0)[: m.group(0).index("[")] + "[" + ", ".join(map(str, valid)) + "]")

    return _CITE_GROUP.sub(keep, text), invalid


def check_section(text: str, title: str, sources: Sequence[Source], offered: bool,
                  anonymizer: Anonymizer, known: str) -> CheckedText:
    """All checks on one model-written section; ``offered``: the prompt contained sources."""
    warnings: list[str] = []
    text = normalise_placeholders(strip_heading(text, title))
    text, labels = replace_identifiers(text, anonymizer)
    if labels:
        words = ", ".join(IDENTIFIER_WORDS.get(label, label.lower()) for label in labels)
        warnings.append(f"Onderdeel '{title}': het model noemde gegevens die naar een persoon of "
                        f"object kunnen herleiden ({words}); die zijn vervangen door "
                        "[in te vullen: …].")
    text, facts = replace_unknown_facts(text, known)
    warnings.extend(f"Onderdeel '{title}': {kind} '{value}' staat niet in de ingevulde gegevens of "
                    f"de bronnen en is vervangen door [in te vullen: {kind}]."
                    for kind, value in facts)
    text, invalid = drop_invalid_citations(text, len(sources))
    warnings.extend(f"Onderdeel '{title}': verwijzing [{n}] bestaat niet en is verwijderd."
                    for n in dict.fromkeys(invalid))
    report = check_citations(text, sources)
    warnings.extend(f"Onderdeel '{title}': {s.reason} (\"{' '.join(s.sentence.split())[:120]}\")."
                    for s in report.unsupported)
    warnings.extend(f"Onderdeel '{title}': citaat komt niet letterlijk in de bronnen voor."
                    for _ in report.fabricated_quotes)
    if offered and not report.cited:
        warnings.append(f"Onderdeel '{title}' verwijst naar geen enkele bron; "
                        "controleer de inhoud.")
    return CheckedText(text=text.strip(), cited=report.cited, warnings=tuple(warnings))
