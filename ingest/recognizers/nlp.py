"""A Presidio NLP engine on a blank spaCy ``nl`` pipeline (no model download, no NER).

Tokens are only needed for Presidio's context words ("bsn", "kenteken" near a weak match),
so they are computed lazily: a piece of policy text in which no recognizer found anything is
never tokenised at all. Lower-cased tokens stand in for lemmas: a blank pipeline has no
lemmatizer and would give empty lemmas, which silently disables context enhancement.
"""

from __future__ import annotations

from typing import Any

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from spacy.lang.nl.stop_words import STOP_WORDS

from ingest.recognizers.base import LANGUAGE


class LazyNlpArtifacts(NlpArtifacts):
    """``NlpArtifacts`` whose tokens, lemmas and keywords are computed on first access."""

    def __init__(self, text: str, engine: BlankDutchNlpEngine, language: str) -> None:
        # NlpArtifacts.__init__ would tokenise at once; set only what is cheap.
        self._text = text
        self._engine = engine
        self.entities = []
        self.scores = []
        self.nlp_engine = engine
        self.language = language

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not set in __init__: tokens, tokens_indices, lemmas,
        # keywords. The first such access tokenises the text once.
        if name not in _LAZY or name.startswith("__"):
            raise AttributeError(name)
        doc = self._engine.get_nlp(self.language)(self._text)
        lemmas = [token.lower_ for token in doc]
        self.tokens = doc
        self.tokens_indices = [token.idx for token in doc]
        self.lemmas = lemmas
        self.keywords = self.set_keywords(self._engine, lemmas, self.language)
        return getattr(self, name)


_LAZY = frozenset({"tokens", "tokens_indices", "lemmas", "keywords"})


class BlankDutchNlpEngine(SpacyNlpEngine):
    """Tokenisation only, on demand; stop words from spaCy's Dutch list."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank"}])

    def load(self) -> None:
        nlp = spacy.blank(LANGUAGE)
        nlp.max_length = 10_000_000
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]

    def get_supported_entities(self) -> list[str]:
        return []

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        if not self.nlp or language not in self.nlp:
            raise ValueError(f"NLP engine for {language!r} is not loaded")
        return LazyNlpArtifacts(text, self, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return word.lower() in STOP_WORDS

    def is_punct(self, word: str, language: str) -> bool:
        return bool(word) and not any(ch.isalnum() for ch in word)
