"""The ``ChunkStore`` contract, run over every implementation: Chroma on disk and the Chroma
server (``chroma run`` on loopback, started once per session; marked slow).

Each test gets a fresh, empty collection. A new implementation joins with one line in
``STORES`` and a branch in ``_client``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.core.protocols import ChunkStore
from assistant.core.schema import Chunk, Locator
from assistant.index import ChromaChunkStore, chroma_client
from tests.fakes import HashEmbedder

STORES = [
    pytest.param("embedded", id="chroma-embedded"),
    pytest.param("server", id="chroma-server", marks=pytest.mark.slow),
]

EMBED = HashEmbedder()
_names = itertools.count()


@pytest.fixture(scope="module", params=STORES)
def make_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Callable[[], ChunkStore]:
    """A factory of empty stores of one implementation (one client, a new collection each)."""
    kind = str(request.param)
    folder = tmp_path_factory.mktemp(f"store-{kind}")
    client = _client(kind, folder, request)

    def make() -> ChunkStore:
        return ChromaChunkStore(client, f"contract-{kind}-{next(_names)}",
                                version_file=folder / "index.version")
    return make


def _client(kind: str, folder: Path, request: pytest.FixtureRequest) -> Any:
    if kind == "server":
        proc = request.getfixturevalue("chroma_process")
        return chroma_client(host="127.0.0.1", port=proc.port)
    return chroma_client(folder / "chroma")


@pytest.fixture
def store(make_store: Callable[[], ChunkStore]) -> ChunkStore:
    made = make_store()
    assert isinstance(made, ChunkStore)
    return made


def document(name: str, version: str, *texts: str) -> list[Chunk]:
    """The chunks of one document version, with a locator and filter metadata each."""
    return [Chunk(chunk_id=f"{name}:{version}:{i}", text=text,
                  locator=Locator(source_file=name, title=name.removesuffix(".md").title(),
                                  article=str(i + 1), heading_path=("Hoofdstuk 1",)),
                  content_hash=version, metadata={"doc_type": "beleid", "jaar": 2024},
                  references=(f"gemeentewet:{172 + i}",))
            for i, text in enumerate(texts)]


def add(store: ChunkStore, chunks: list[Chunk]) -> None:
    store.add(chunks, EMBED.embed_documents([c.text for c in chunks]))


HUISVERBOD = document("huisverbod.md", "h1", "De burgemeester legt een huisverbod op.",
                      "Een huisverbod duurt tien dagen.")
CAMERA = document("camera.md", "c1", "Cameratoezicht op het stationsplein.")


def test_an_empty_store_has_nothing_and_finds_nothing(store: ChunkStore) -> None:
    assert store.count() == 0
    assert store.all_chunks() == [] and store.file_hashes() == {}
    assert store.dense_search(EMBED.embed_query("huisverbod"), 3) == []
    assert store.remove_leftovers() == []


def test_added_chunks_come_back_whole(store: ChunkStore) -> None:
    add(store, HUISVERBOD)
    add(store, CAMERA)
    assert store.count() == 3
    assert sorted(store.all_chunks(), key=lambda c: c.chunk_id) == sorted(
        [*HUISVERBOD, *CAMERA], key=lambda c: c.chunk_id)
    assert store.file_hashes() == {"huisverbod.md": "h1", "camera.md": "c1"}


def test_dense_search_ranks_the_nearest_chunk_first_and_honours_k(store: ChunkStore) -> None:
    add(store, [*HUISVERBOD, *CAMERA])
    hits = store.dense_search(EMBED.embed_query("Cameratoezicht op het stationsplein."), 2)
    assert [h.rank for h in hits] == [1, 2]
    assert hits[0].chunk_id == "camera.md:c1:0"
    assert hits[0].locator == CAMERA[0].locator and hits[0].text == CAMERA[0].text
    assert hits[0].score == pytest.approx(1.0, abs=1e-4)
    assert hits[0].score >= hits[1].score
    assert len(store.dense_search(EMBED.embed_query("huisverbod"), 50)) == 3


def test_adding_the_same_document_again_keeps_one_copy(store: ChunkStore) -> None:
    add(store, HUISVERBOD)
    add(store, HUISVERBOD)
    assert store.count() == len(HUISVERBOD)
    assert store.file_hashes() == {"huisverbod.md": "h1"}


def test_a_new_version_replaces_the_old_one(store: ChunkStore) -> None:
    add(store, HUISVERBOD)
    new = document("huisverbod.md", "h2", "Een huisverbod duurt ten hoogste vier weken.")
    add(store, new)
    assert store.file_hashes() == {"huisverbod.md": "h2"}  # the newest complete version
    store.delete_file("huisverbod.md", except_hash="h2")
    assert store.all_chunks() == new


def test_an_interrupted_replacement_is_cleaned_up(store: ChunkStore) -> None:
    """New version written, old one not yet deleted: the next run removes the old one."""
    add(store, [*HUISVERBOD, *CAMERA])
    new = document("huisverbod.md", "h2", "Een huisverbod duurt ten hoogste vier weken.")
    add(store, new)
    assert store.remove_leftovers() == ["huisverbod.md"]
    assert sorted(c.chunk_id for c in store.all_chunks()) == ["camera.md:c1:0",
                                                              "huisverbod.md:h2:0"]
    assert store.remove_leftovers() == []


def test_deleting_every_file_leaves_nothing(store: ChunkStore) -> None:
    add(store, [*HUISVERBOD, *CAMERA])
    store.delete_file("huisverbod.md")
    assert [c.chunk_id for c in store.all_chunks()] == ["camera.md:c1:0"]
    assert all(h.chunk_id == "camera.md:c1:0"
               for h in store.dense_search(EMBED.embed_query("huisverbod"), 5))
    store.delete_file("camera.md")
    store.delete_file("bestaat-niet.md")  # deleting what is not there is no error
    assert store.count() == 0 and store.all_chunks() == [] and store.file_hashes() == {}
    assert store.dense_search(EMBED.embed_query("huisverbod"), 5) == []


def test_collections_do_not_see_each_other(make_store: Callable[[], ChunkStore]) -> None:
    first, second = make_store(), make_store()
    assert first.name != second.name
    add(first, HUISVERBOD)
    add(second, CAMERA)
    assert {c.chunk_id for c in second.all_chunks()} == {"camera.md:c1:0"}
    assert {h.chunk_id for h in second.dense_search(EMBED.embed_query("huisverbod"), 5)} == {
        "camera.md:c1:0"}
