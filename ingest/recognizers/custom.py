"""Organisation-specific patterns from the settings, e.g. ``("ZAAKNUMMER", r"Z-\\d{4}-\\d{5}")``."""

from __future__ import annotations

from collections.abc import Sequence

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer

from ingest.recognizers.base import DEFAULT_FLAGS, LANGUAGE, RECOGNIZER_VERSION

_LABEL = re.compile(r"[A-Z][A-Z0-9_]{1,39}")


def validate_custom_patterns(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Check labels (upper case) and regexes; raise ``ValueError`` with a Dutch message."""
    checked = []
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"Eigen patroon moet een paar (label, regex) zijn, niet {pair!r}.")
        label, pattern = pair
        if not isinstance(label, str) or not _LABEL.fullmatch(label):
            raise ValueError(
                f"Ongeldig label voor eigen patroon: {label!r} (gebruik HOOFDLETTERS)."
            )
        try:
            compiled = re.compile(pattern, DEFAULT_FLAGS)
        except (re.error, TypeError) as exc:
            raise ValueError(f"Ongeldige reguliere expressie voor {label}: {exc}") from exc
        if compiled.search(""):
            raise ValueError(f"Eigen patroon voor {label} mag geen lege tekst herkennen.")
        checked.append((label, pattern))
    return checked


def custom_recognizers(pairs: Sequence[tuple[str, str]]) -> list[PatternRecognizer]:
    """One recognizer per label; several regexes for one label share it."""
    by_label: dict[str, list[Pattern]] = {}
    for i, (label, pattern) in enumerate(validate_custom_patterns(pairs)):
        by_label.setdefault(label, []).append(Pattern(f"custom_{i}", pattern, 0.9))
    return [
        PatternRecognizer(
            supported_entity=label,
            name=f"EigenPatroon_{label}",
            supported_language=LANGUAGE,
            patterns=patterns,
            global_regex_flags=DEFAULT_FLAGS,
            version=RECOGNIZER_VERSION,
        )
        for label, patterns in by_label.items()
    ]
