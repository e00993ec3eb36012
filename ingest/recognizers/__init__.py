"""Dutch recognizers for Presidio: one class per identifier type, registered for ``nl``."""

from ingest.recognizers.base import LANGUAGE, RECOGNIZER_VERSION
from ingest.recognizers.registry import build_registry, dutch_recognizers

#: Baken's labels, in the order placeholders are documented.
LABELS = (
    "PERSOON",
    "ADRES",
    "POSTCODE",
    "BSN",
    "IBAN",
    "TELEFOON",
    "EMAIL",
    "KENTEKEN",
    "KVK",
    "GEBOORTEDATUM",
    "ZAAKNUMMER",
    "BEDRIJF",
)

__all__ = ["LABELS", "LANGUAGE", "RECOGNIZER_VERSION", "build_registry", "dutch_recognizers"]
