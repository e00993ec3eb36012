"""Tokeniser and article-reference parsing used by hybrid retrieval."""

from __future__ import annotations

import pytest

from assistant.core.schema import Chunk, Locator, Source
from assistant.retrieval import LexicalIndex, article_refs, one_per_article, tokenize


def test_tokenize_keeps_article_numbers_whole() -> None:
    assert tokenize("Artikel 2:24 en art. 13b Opiumwet") == ["artikel", "2:24", "en", "art",
                                                            "13b", "opiumwet"]


@pytest.mark.parametrize(("question", "refs"), [
    ("Wat regelt artikel 174a van de Gemeentewet?", {"174a"}),
    ("art. 13b Opiumwet", {"13b"}),
    ("Artikel 2:24 APV en artikel 172 lid 3", {"2:24", "172"}),
    ("Wat staat er in artikel 2.1.1 van de beleidsregel? En in art. 3.1.", {"2.1.1", "3.1"}),
    ("Wanneer treedt artikel VI in werking, en artikel IIa?", {"vi", "iia"}),
    ("Wanneer mag de burgemeester een woning sluiten?", set()),
    ("Staat dit artikel in de APV, of is het een artikel dat vervallen is?", set()),
])
def test_article_refs(question: str, refs: set[str]) -> None:
    assert article_refs(question) == refs


def test_lexical_index_ranks_the_matching_chunk_first() -> None:
    chunks = [Chunk(chunk_id=f"c{i}", text=t, locator=Locator("f.md"), content_hash="h")
              for i, t in enumerate(["huisverbod tien dagen", "cameratoezicht openbare ruimte",
                                     "sluiting woning drugs"])]
    index = LexicalIndex(chunks)
    assert index.search("cameratoezicht", 3)[0][0] == "c1"
    assert index.search("onbekendwoord", 3) == []


def _source(cid: str, file: str, article: str | None) -> Source:
    return Source(rank=0, chunk_id=cid, text="tekst", locator=Locator(file, article=article),
                  score=0.9)


def test_sources_are_distinct_places_one_chunk_per_article() -> None:
    by_id = {s.chunk_id: s for s in [
        _source("a1", "gemeentewet.md", "172a"),   # best chunk of art. 172a
        _source("a2", "gemeentewet.md", "172a"),   # its second chunk: same place
        _source("a3", "gemeentewet.md", "172A"),   # same article, other spelling
        _source("b1", "apv.md", "172a"),           # same number, other document
        _source("n1", "beleid.md", None),          # no article: every chunk stays
        _source("n2", "beleid.md", None),
        _source("c1", "gemeentewet.md", "174a"),
    ]}
    ranked = ["a1", "a2", "n1", "a3", "b1", "n2", "c1"]
    assert one_per_article(ranked, by_id) == ["a1", "n1", "b1", "n2", "c1"]
    # "wat regelt artikel 172a?": every part of the named article is welcome
    assert one_per_article(ranked, by_id, {"172a"}) == ranked
