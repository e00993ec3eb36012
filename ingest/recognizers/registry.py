"""Assemble Baken's Dutch recognizers into a Presidio registry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerRegistry

from ingest.recognizers.adres import AdresRecognizer
from ingest.recognizers.base import LANGUAGE
from ingest.recognizers.bedrijf import BedrijfRecognizer
from ingest.recognizers.bsn import BsnRecognizer
from ingest.recognizers.custom import custom_recognizers
from ingest.recognizers.deduce_recognizer import DeducePersonRecognizer
from ingest.recognizers.email import EmailRecognizer
from ingest.recognizers.geboortedatum import GeboortedatumRecognizer
from ingest.recognizers.iban import IbanRecognizer
from ingest.recognizers.kenteken import BuitenlandsKentekenRecognizer, KentekenRecognizer
from ingest.recognizers.kvk import KvkRecognizer
from ingest.recognizers.lexicon import Lexicon, load_lexicon
from ingest.recognizers.nummer import NummerRecognizer
from ingest.recognizers.persoon import PersoonRecognizer
from ingest.recognizers.persoon_informeel import PersoonInformeelRecognizer
from ingest.recognizers.persoon_positie import PersoonPositieRecognizer
from ingest.recognizers.persoon_vrij import PersoonVrijRecognizer
from ingest.recognizers.postcode import PostcodeRecognizer
from ingest.recognizers.telefoon import BuitenlandsTelefoonRecognizer, TelefoonRecognizer
from ingest.recognizers.zaaknummer import ZaaknummerRecognizer


def dutch_recognizers(
    custom_patterns: Sequence[tuple[str, str]] = (),
    *,
    lexicon: Lexicon | None = None,
    deduce_engine: Any = None,
    use_deduce: bool = True,
) -> list[EntityRecognizer]:
    """All recognizers, in a fixed order (the order does not change results)."""
    lex = lexicon or load_lexicon()
    recognizers: list[EntityRecognizer] = [
        BsnRecognizer(),
        IbanRecognizer(),
        TelefoonRecognizer(),
        BuitenlandsTelefoonRecognizer(),
        EmailRecognizer(lex),
        PostcodeRecognizer(),
        KentekenRecognizer(),
        BuitenlandsKentekenRecognizer(),
        KvkRecognizer(),
        GeboortedatumRecognizer(),
        ZaaknummerRecognizer(),
        AdresRecognizer(lex),
        PersoonRecognizer(lex),
        PersoonPositieRecognizer(lex),
        PersoonInformeelRecognizer(lex),
        PersoonVrijRecognizer(lex),
        BedrijfRecognizer(lex),
        NummerRecognizer(),
    ]
    if use_deduce:
        recognizers.append(DeducePersonRecognizer(lex, deduce_engine))
    recognizers.extend(custom_recognizers(custom_patterns))
    return recognizers


def build_registry(
    custom_patterns: Sequence[tuple[str, str]] = (), **kwargs: Any
) -> RecognizerRegistry:
    """A registry for language ``nl`` holding only Baken's recognizers (no Presidio defaults)."""
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in dutch_recognizers(custom_patterns, **kwargs):
        registry.add_recognizer(recognizer)
    return registry
