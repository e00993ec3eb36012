"""Reference following with the real ingest (Presidio anonymiser, e5 embedder, Chroma): a policy
rule that cites 'artikel 13b Opiumwet' brings that article along, and keeps doing so correctly
after the law is re-ingested in a new version, deleted, pruned, or indexed later."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.core.schema import Source
from assistant.embeddings import make_embedder
from assistant.index import ChromaChunkStore, chroma_client
from assistant.retrieval import HybridRetriever
from ingest.anonymize import build_anonymizer
from ingest.pipeline import IngestPipeline

pytestmark = pytest.mark.slow

LAW = """# Opiumwet

## Artikel 2

Het is verboden een middel als bedoeld in de bij deze wet behorende lijst I binnen of buiten
het grondgebied van Nederland te brengen, te telen, te bereiden of te bewerken.

## Artikel 13b

1. De burgemeester is bevoegd een last onder bestuursdwang op te leggen indien in woningen of
lokalen dan wel in of op bij woningen of lokalen behorende erven een middel als bedoeld in lijst
I of II wordt verkocht, afgeleverd of verstrekt dan wel daartoe aanwezig is.

2. Het eerste lid is niet van toepassing indien de burgemeester een last oplegt op grond van
een gemeentelijke verordening.
"""

POLICY = """# Beleidsregel Damocles Voorbeeldstad

## Artikel 1 Sluiting van drugspanden

Wordt in een woning of lokaal drugshandel aangetroffen, dan sluit de burgemeester het pand
voor drie maanden; bij herhaling voor twaalf maanden. De burgemeester gebruikt hiervoor de
bevoegdheid van artikel 13b Opiumwet.

## Artikel 2 Waarschuwing bij drugshandel

Bij een eerste geval van drugshandel in een woning met een kleine hoeveelheid volstaat de
burgemeester met een schriftelijke waarschuwing aan de bewoner voordat het pand wordt gesloten.
"""

QUESTION = "Hoe lang sluit de burgemeester een drugspand bij drugshandel in een woning?"
NEW_SENTENCE = "Deze bevoegdheid geldt ook voor drugshandel vanuit een bedrijfspand."


@pytest.fixture(scope="module")
def embedder() -> Embeddings:
    return make_embedder("e5-onnx")


@pytest.fixture
def setup(tmp_path: Path, embedder: Embeddings) -> tuple[Path, IngestPipeline, HybridRetriever]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "opiumwet.md").write_text(LAW, encoding="utf-8")
    (corpus / "damocles.md").write_text(POLICY, encoding="utf-8")
    store = ChromaChunkStore(chroma_client(tmp_path / "data" / "chroma"),
                             version_file=tmp_path / "data" / "index.version")
    pipeline = IngestPipeline(store, embedder, build_anonymizer(), tmp_path / "data")
    pipeline.run([corpus], progress=False)
    return corpus, pipeline, HybridRetriever(store, embedder, top_k=2)


def _shown(retriever: HybridRetriever) -> list[Source]:
    return list(retriever.search(QUESTION).sources)


def _law(sources: list[Source]) -> list[Source]:
    return [s for s in sources if s.locator.source_file == "opiumwet.md"]


def test_the_cited_law_article_is_shown_after_the_rule_that_cites_it(
        setup: tuple[Path, IngestPipeline, HybridRetriever]) -> None:
    _, _, retriever = setup
    retriever.follow_references = False
    before = _shown(retriever)
    assert [s.locator.source_file for s in before] == ["damocles.md", "damocles.md"]
    retriever.follow_references = True
    after = _shown(retriever)
    assert after[0].chunk_id == before[0].chunk_id  # the citing rule keeps its place
    law = _law(after)
    assert len(law) == 1 and law[0].locator.article == "13b"
    assert law[0].rank == 2 and law[0].referred_by == 1
    assert law[0].score >= retriever.reference_floor


def test_after_an_incremental_reingest_the_new_version_is_followed(
        setup: tuple[Path, IngestPipeline, HybridRetriever]) -> None:
    corpus, pipeline, retriever = setup
    old = _law(_shown(retriever))[0]
    (corpus / "opiumwet.md").write_text(LAW.replace("is.\n", f"is. {NEW_SENTENCE}\n", 1),
                                        encoding="utf-8")
    report = pipeline.run([corpus], progress=False)
    assert report.documents_indexed == 1  # only the law changed
    new = _law(_shown(retriever))
    assert len(new) == 1 and new[0].referred_by == 1
    assert new[0].chunk_id != old.chunk_id and NEW_SENTENCE in new[0].text


def test_after_a_delete_the_reference_leads_nowhere(
        setup: tuple[Path, IngestPipeline, HybridRetriever]) -> None:
    _, pipeline, retriever = setup
    pipeline.delete("opiumwet.md")
    shown = _shown(retriever)
    assert _law(shown) == [] and all(s.referred_by is None for s in shown)
    assert shown[0].locator.source_file == "damocles.md"


def test_after_a_prune_the_reference_leads_nowhere_and_returns_with_the_law(
        setup: tuple[Path, IngestPipeline, HybridRetriever], tmp_path: Path) -> None:
    corpus, pipeline, retriever = setup
    shutil.move(corpus / "opiumwet.md", tmp_path / "opiumwet.md")
    report = pipeline.run([corpus], prune=True, progress=False)
    assert report.documents_removed == ["opiumwet.md"]
    assert _law(_shown(retriever)) == []
    # the policy rule was not re-ingested, yet its reference resolves once the law is back
    shutil.move(tmp_path / "opiumwet.md", corpus / "opiumwet.md")
    report = pipeline.run([corpus], progress=False)
    assert report.documents_indexed == 1
    assert [s.referred_by for s in _law(_shown(retriever))] == [1]
