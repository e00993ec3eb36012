"""The bottom package: one error base with Dutch messages, and a ChunkStore protocol that the
Chroma store and the ingest pipeline really share."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant.core.errors import BakenError
from assistant.core.protocols import AnonymizationError, ChunkStore
from assistant.errors import dutch_error
from assistant.index import ChromaChunkStore, chroma_client
from ingest.pipeline import IngestBusy
from tests.fakes import make_pipeline

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("assistant", "ingest", "guardrails", "eval", "prompts")
_EXCEPTION_BASES = {"Exception", "RuntimeError", "ValueError", "OSError", "KeyError"}
# the base itself, and ParserFailed: raised and caught inside the child process of an isolated
# parser, turned into a LoadError there and never shown
NOT_FOR_USERS = {"ingest/loaders/isolated.py:ParserFailed", "assistant/core/errors.py:BakenError"}


def _error_classes_without_base() -> list[str]:
    """Classes that derive straight from a built-in exception and not from BakenError."""
    missing = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef):
                    continue
                bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                where = f"{path.relative_to(REPO)}:{node.name}"
                if bases & _EXCEPTION_BASES and "BakenError" not in bases \
                        and where not in NOT_FOR_USERS:
                    missing.append(where)
    return missing


def test_every_error_class_derives_from_the_one_base() -> None:
    assert _error_classes_without_base() == []


def test_a_baken_error_is_shown_to_the_user_in_its_own_words() -> None:
    class Voorbeeld(BakenError, ValueError):
        pass

    assert dutch_error(Voorbeeld("De map bestaat niet.")) == "De map bestaat niet."
    assert dutch_error(IngestBusy("Er wordt al ingelezen.")) == "Er wordt al ingelezen."
    assert dutch_error(AnonymizationError()) == BakenError.default_message
    # still the built-in type callers catch
    with pytest.raises(ValueError, match="fout"):
        raise Voorbeeld("fout")


def test_an_error_outside_the_base_is_not_shown_verbatim() -> None:
    message = dutch_error(RuntimeError("interne details van Jan Jansen"))
    assert "Jan Jansen" not in message
    assert "RuntimeError" in message


def test_the_chroma_store_is_a_chunk_store_and_feeds_the_pipeline(tmp_path: Path) -> None:
    store = ChromaChunkStore(chroma_client(tmp_path / "chroma"), "kennis")
    assert isinstance(store, ChunkStore)
    pipeline = make_pipeline(tmp_path)
    assert isinstance(pipeline.store, ChunkStore)
    assert pipeline.journal.name == "ingest-lopend-baken.jsonl"  # named after store.name
