"""Metric functions: pure, small, and tested against hand-computed tables."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

_MARKUP = re.compile(r"[*_`#>]+")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-",
                         "—": "-", "\u00ad": None, "\u00a0": " "})


def normalise(text: str) -> str:
    """Lower case, Unicode NFKC, straight quotes, no Markdown emphasis, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", _MARKUP.sub("", text)).strip().lower()


def facts_found(facts: Sequence[str], text: str) -> list[bool]:
    """For each fact: does it occur in ``text`` (both normalised)?"""
    haystack = normalise(text)
    return [normalise(f) in haystack for f in facts]


def share(flags: Sequence[bool]) -> float | None:
    """Fraction of True values; None for an empty list (nothing to measure)."""
    return sum(flags) / len(flags) if flags else None


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def first_rank(matches: Sequence[bool]) -> int | None:
    """1-based rank of the first True in a ranked list, None when there is none."""
    for i, ok in enumerate(matches, start=1):
        if ok:
            return i
    return None


def hit_at_k(ranks: Sequence[int | None], k: int) -> float | None:
    """Share of questions whose first relevant passage is ranked ``k`` or better."""
    if not ranks:
        return None
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float | None:
    """Mean of 1/rank (0 when nothing relevant was retrieved)."""
    if not ranks:
        return None
    return sum(1.0 / r for r in ranks if r) / len(ranks)


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the measured values (None values are skipped)."""
    got = [v for v in values if v is not None]
    return sum(got) / len(got) if got else None


def percentile(values: Iterable[float | None], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation, as numpy's default."""
    got = sorted(v for v in values if v is not None)
    if not got:
        return None
    pos = (len(got) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return got[low] + (got[high] - got[low]) * (pos - low)


def refusal_accuracy(refused_on_unanswerable: Sequence[bool]) -> float | None:
    """Share of unanswerable questions that Baken correctly refused."""
    return share(refused_on_unanswerable)


def false_refusal_rate(refused_on_answerable: Sequence[bool]) -> float | None:
    """Share of answerable questions that Baken wrongly refused."""
    return share(refused_on_answerable)


def citation_validity(valid: int, invalid: int) -> float | None:
    """Share of ``[n]`` references that point at an existing source."""
    return ratio(valid, valid + invalid)


def sections_present(required: Sequence[str], text: str) -> list[bool]:
    """For each required section: is there a line (heading) that names it?"""
    lines = [normalise(line).strip(" :.-") for line in text.splitlines()]
    result = []
    for section in required:
        want = normalise(section)
        result.append(any(line.startswith(want) or line.endswith(want)
                          for line in lines if line and len(line) <= len(want) + 40))
    return result


_IDENT_PATTERNS = (
    re.compile(r"\bartikel\s+\d+[a-z]?(?::\d+[a-z]?)?", re.IGNORECASE),
    re.compile(r"\[[A-Z]+-\d+\]"),
    re.compile(r"\b[A-Z]{1,3}-\d{4}-\d{3,6}\b"),
)


def identifiers(text: str) -> list[str]:
    """Article numbers, placeholders and case numbers mentioned in a text, in order."""
    found: list[str] = []
    for pattern in _IDENT_PATTERNS:
        for m in pattern.finditer(text):
            value = _SPACE.sub(" ", m.group(0))
            if value not in found:
                found.append(value)
    return found


def invented_identifiers(text: str, allowed: Iterable[str]) -> list[str]:
    """Identifiers in ``text`` that occur in none of the ``allowed`` texts (fields, sources)."""
    pool = normalise(" ".join(allowed))
    return [ident for ident in identifiers(text) if normalise(ident) not in pool]
