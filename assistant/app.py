"""The composition root: the only place where Baken's parts are chosen and wired together."""

from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from assistant.access import AccessDenied
from assistant.audit import AccessLog, AuditLog
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.core.protocols import Anonymizer
from assistant.core.schema import RetrievalResult
from assistant.index import ChromaChunkStore, chroma_client
from assistant.llm import make_llm
from ingest.pipeline import IngestPipeline

if TYPE_CHECKING:  # the heavy parts are imported when first built, so `baken ingest` on an
    # unchanged folder starts without the embedder, BM25 or LangChain
    from langchain_core.embeddings import Embeddings

    from assistant.drafting.drafter import Drafter
    from assistant.feedback import FeedbackStore
    from assistant.packs.exporter import PackExporter
    from assistant.packs.importer import PackInstaller
    from assistant.retrieval import HybridRetriever
    from assistant.service import Assistant
    from assistant.taalcheck import Taalcheck
    from ingest.loaders.office import OfficeLimits


class Baken:
    """Lazily built parts for one settings tree (the embedder and anonymiser load once).

    ``anonymizer`` and ``embedder`` may be given (shared by the collections of one server, or
    fakes in tests); every other part is built here from the settings, on first use."""

    def __init__(self, settings: Settings, *, anonymizer: Anonymizer | None = None,
                 embedder: Embeddings | None = None) -> None:
        self.settings = settings
        self._given_anonymizer = anonymizer
        self._given_embedder = embedder

    def __repr__(self) -> str:
        return f"Baken(collection={self.settings.collection!r})"

    @cached_property
    def anonymizer(self) -> Anonymizer:
        if self._given_anonymizer is not None:
            return self._given_anonymizer
        from ingest.anonymize import build_anonymizer

        return build_anonymizer(custom_patterns=tuple(self.settings.privacy.custom_patterns))

    @cached_property
    def embedder(self) -> Embeddings:
        if self._given_embedder is not None:
            return self._given_embedder
        from assistant.embeddings import make_embedder

        retrieval = self.settings.retrieval
        return make_embedder(retrieval.embedder, retrieval.embed_threads)

    @property
    def embedder_name(self) -> str:
        from assistant.embeddings import embedder_name

        return embedder_name(self.embedder)

    @cached_property
    def store(self) -> ChromaChunkStore:
        s = self.settings
        client = chroma_client(s.store_dir, host=s.server.chroma_host, port=s.server.chroma_port)
        return ChromaChunkStore(client, s.collection,
                                version_file=s.data_dir / f"index-{s.collection}.version")

    @cached_property
    def retriever(self) -> HybridRetriever:
        from assistant.retrieval import HybridRetriever

        r = self.settings.retrieval
        return HybridRetriever(self.store, self.embedder, top_k=r.top_k,
                               threshold=r.relevance_threshold, candidates=r.candidates,
                               lexical_weight=r.lexical_weight)

    @cached_property
    def uses_demo_model(self) -> bool:
        """Answers come from the SmolLM2 demo model (asked for, or the default is missing)."""
        from assistant.llm import uses_demo_model

        return uses_demo_model(self.settings)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.settings.data_dir / "audit")

    @cached_property
    def access_log(self) -> AccessLog:
        """Searches and opened originals (``audit/toegang.jsonl``)."""
        return AccessLog(self.settings.data_dir / "audit")

    def audited_search(self, question: str, k: int | None = None,
                       filters: dict[str, str | int] | None = None, *, user: str | None,
                       via: str) -> tuple[RetrievalResult, tuple[str, ...]]:
        """``assistant.search``, written to the access log before the result is handed out
        (who, collection, SHA-256 of the question and of the documents found)."""
        result, warnings = self.assistant.search(question, k, filters)
        self.access_log.search(user=user, collection=self.settings.collection, query=question,
                               documents=[s.locator.source_file for s in result.sources],
                               via=via)
        return result, warnings

    @cached_property
    def assistant(self) -> Assistant:
        from assistant.evidence import embedding_scorer
        from assistant.service import Assistant
        from assistant.taalcheck import lazy_word_check

        collection = self.settings.collection
        return Assistant(
            self.retriever, self.anonymizer, lambda: make_llm(self.settings),
            max_question_chars=self.settings.retrieval.max_question_chars,
            max_tokens=self.settings.model.max_tokens, temperature=self.settings.model.temperature,
            cite_with_grammar=self.settings.model.cite_with_grammar,
            strategy=self.settings.model.answer_strategy,
            evidence_items=self.settings.model.evidence_items,
            sentence_scorer=embedding_scorer(lambda q: self.embedder.embed_query(q),
                                             lambda ts: self.embedder.embed_documents(ts)),
            word_check=lazy_word_check() if self.settings.model.spelling_check_answers else None,
            on_answer=lambda answer, user: self.audit.record(answer, collection=collection,
                                                             user=user),
        )

    @cached_property
    def drafter(self) -> Drafter:
        """Concept documents on this collection's retriever (each search audited, via
        'concept'), the anonymiser and the shared, lazily loaded language model."""
        from assistant.drafting.audited import AuditedRetriever
        from assistant.drafting.drafter import Drafter

        s = self.settings
        return Drafter(AuditedRetriever(self.retriever, self.access_log, s.collection),
                       self.anonymizer, lambda: self.assistant.llm,
                       max_tokens=s.model.max_tokens, temperature=s.model.temperature,
                       max_field_chars=s.retrieval.max_question_chars,
                       sources_per_section=max(1, min(3, s.retrieval.top_k)),
                       min_score=s.retrieval.relevance_threshold,
                       sentence_scorer=self.assistant.sentence_scorer)

    @cached_property
    def taalcheck(self) -> Taalcheck:
        """Spelling (always) and sentence structure (only with a capable model)."""
        from assistant.taalcheck import Taalcheck, spellchecker

        s = self.settings
        drafting = s.drafting
        structure = None if self.uses_demo_model else (lambda: self.assistant.llm)
        return Taalcheck(
            self.anonymizer,
            lambda: spellchecker(drafting.taalcheck_dictionary, drafting.taalcheck_wordlist),
            structure, max_chars=drafting.taalcheck_max_chars, max_tokens=s.model.max_tokens,
            temperature=s.model.temperature)

    @cached_property
    def conversations(self) -> ConversationStore:
        """Saved chat conversations (one folder per data folder, shared by the collections)."""
        return ConversationStore(self.settings.data_dir / "conversations")

    @cached_property
    def feedback(self) -> FeedbackStore:
        """Ratings and comments; comments are anonymised like questions (fail closed)."""
        from assistant.feedback import FeedbackStore

        return FeedbackStore(self.settings.data_dir / "feedback.jsonl", lambda: self.anonymizer)

    @cached_property
    def pipeline(self) -> IngestPipeline:
        from ingest.anonymize import anonymisation_key  # slow import: only when ingesting

        return IngestPipeline(
            self.store, lambda: self.embedder, lambda: self.anonymizer, self.settings.data_dir,
            chunk_chars=self.settings.ingest.chunk_chars,
            chunk_overlap=self.settings.ingest.chunk_overlap,
            on_change=lambda: self.retriever.invalidate(),
            originals_dir=self.settings.originals_dir,
            keep_originals=self.settings.privacy.keep_originals,
            anonymise_seconds_per_mb=self.settings.ingest.anonymise_seconds_per_mb,
            anonymisation_key=anonymisation_key(self.settings.privacy.custom_patterns),
            office_limits=self.office_limits,
        )

    @cached_property
    def office_limits(self) -> OfficeLimits:
        """Zip-bomb limits for Office files (ingest, pack export and import)."""
        from ingest.loaders.office import OfficeLimits

        return OfficeLimits.from_settings(self.settings)

    @cached_property
    def pack_installer(self) -> PackInstaller:
        """Installs knowledge packs into this collection (documents through the pipeline)."""
        from assistant.packs.importer import PackInstaller

        s = self.settings
        return PackInstaller(s.data_dir, s.collection, lambda: self.anonymizer, self.pipeline,
                             self.store, self.office_limits)

    @cached_property
    def pack_exporter(self) -> PackExporter:
        """Exports knowledge packs, signed with this installation's key (made on first use)."""
        from assistant.packs.exporter import PackExporter
        from assistant.packs.signing import load_or_create_key

        key, _ = load_or_create_key(self.settings.data_dir)
        return PackExporter(key, self.anonymizer, self.office_limits)


def build_baken(settings: Settings, *, anonymizer: Anonymizer | None = None,
                embedder: Embeddings | None = None) -> Baken:
    """The composition root. A tuned embedder folder brings its own relevance threshold
    (unless the settings set one)."""
    from assistant.tuning.calibrate import with_tuned_threshold

    return Baken(with_tuned_threshold(settings), anonymizer=anonymizer, embedder=embedder)


class MakeBaken(Protocol):
    """How ``CollectionBakens`` builds a ``Baken`` (``build_baken``, or a fake in tests)."""

    def __call__(self, settings: Settings, *, anonymizer: Anonymizer | None = None,
                 embedder: Embeddings | None = None) -> Baken: ...


class CollectionBakens:
    """One ``Baken`` per collection over one settings tree; the heavy parts are shared."""

    def __init__(self, settings: Settings,
                 make: MakeBaken = build_baken, *,
                 base: Baken | None = None) -> None:
        self.settings = settings
        self._make = make
        self.base = base if base is not None else make(settings)
        self._bakens: dict[str, Baken] = {settings.collection: self.base}
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Load the embedder, anonymiser, store and (in-process) model before serving."""
        self.base.retriever.search("opstarten", 1)
        _ = self.base.anonymizer
        if not self.settings.server.llm_base_url:
            self.base.assistant.prime()

    def existing(self) -> list[str]:
        """Names of the collections in the store."""
        s = self.settings
        client = chroma_client(s.store_dir, host=s.server.chroma_host, port=s.server.chroma_port)
        return sorted(getattr(c, "name", str(c)) for c in client.list_collections())

    def get(self, settings: Settings, *, create: bool = False) -> Baken:
        """The ``Baken`` for ``settings.collection``, which must exist unless it is the default
        or ``create`` is set (a collection granted by name, which its first upload creates)."""
        name = settings.collection
        with self._lock:
            found = self._bakens.get(name)
            if found is not None:
                return found
            if not create and name not in self.existing():
                raise AccessDenied(f"De collectie '{name}' bestaat niet (nog).")
            baken = self._make(settings, anonymizer=self.base.anonymizer,
                               embedder=self.base.embedder)
            _ = baken.assistant, baken.pipeline  # build under the lock, not in parallel
            self._bakens[name] = baken
            return baken
