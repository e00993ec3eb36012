"""Tokeniser and article-reference parsing used by hybrid retrieval."""

from __future__ import annotations

import pytest

from assistant.retrieval import LexicalIndex, article_refs, tokenize
from assistant.schema import Chunk, Locator


def test_tokenize_keeps_article_numbers_whole() -> None:
    assert tokenize("Artikel 2:24 en art. 13b Opiumwet") == ["artikel", "2:24", "en", "art",
                                                            "13b", "opiumwet"]


@pytest.mark.parametrize(("question", "refs"), [
    ("Wat regelt artikel 174a van de Gemeentewet?", {"174a"}),
    ("art. 13b Opiumwet", {"13b"}),
    ("Artikel 2:24 APV en artikel 172 lid 3", {"2:24", "172"}),
    ("Wanneer mag de burgemeester een woning sluiten?", set()),
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
