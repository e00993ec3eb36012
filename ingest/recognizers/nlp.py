"""A Presidio NLP engine on a blank spaCy ``nl`` pipeline (no model download, no NER)."""

from __future__ import annotations

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from spacy.tokens import Doc

from ingest.recognizers.base import LANGUAGE


class BlankDutchNlpEngine(SpacyNlpEngine):
    """Tokenisation only. Lower-cased tokens stand in for lemmas, so that Presidio's
    context words ("bsn", "kenteken") still raise scores: a blank pipeline has no lemmatizer
    and would otherwise give empty lemmas, which silently disables context enhancement.
    """

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank"}])

    def load(self) -> None:
        nlp = spacy.blank(LANGUAGE)
        nlp.max_length = 10_000_000
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]

    def get_supported_entities(self) -> list[str]:
        return []

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        return NlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[token.lower_ for token in doc],
            nlp_engine=self,
            language=language,
            scores=[],
        )
