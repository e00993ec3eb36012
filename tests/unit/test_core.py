"""The bottom package: one error base with Dutch messages, and a ChunkStore protocol that the
Chroma store and the ingest pipeline really share."""

from __future__ import annotations

import ast
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.core.errors import BakenError
from assistant.core.protocols import AnonymizationError, ChunkStore
from assistant.errors import dutch_error
from assistant.index import ChromaChunkStore, chroma_client
from ingest.pipeline import IngestBusy, IngestPipeline
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


def test_an_unexpected_error_is_logged_with_its_place_in_the_code_but_not_its_text(
        caplog: pytest.LogCaptureFixture) -> None:
    def index_note() -> None:
        raise RuntimeError("interne details van Jan Jansen")

    try:
        index_note()
    except RuntimeError as exc:
        with caplog.at_level("ERROR", logger="baken"):
            dutch_error(exc)
    assert "index_note" in caplog.text and "test_core.py" in caplog.text
    assert "Jan Jansen" not in caplog.text


def test_an_import_error_is_logged_with_the_module_that_failed(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("ERROR", logger="baken"):
        dutch_error(ImportError("cannot import name 'X' from partially initialized module 'y'"))
    assert "partially initialized module 'y'" in caplog.text


def test_ingest_loads_the_embedder_and_anonymiser_in_its_own_thread(tmp_path: Path) -> None:
    """Python's imports are not safe in two threads at once: a background load made
    ``baken note add`` fail now and then with an ImportError."""
    base = make_pipeline(tmp_path / "a")
    loaded_in: list[str] = []

    def factory(part: object) -> Callable[[], object]:
        def load() -> object:
            loaded_in.append(threading.current_thread().name)
            return part
        return load

    pipeline = IngestPipeline(base.store, factory(base.embedder), factory(base.anonymizer),
                              tmp_path / "a", chunk_chars=400, chunk_overlap=50)
    (tmp_path / "doc.md").write_text("# Regel\n\nArtikel 1\n\nDe burgemeester sluit.\n",
                                     encoding="utf-8")
    report = pipeline.run([tmp_path / "doc.md"], progress=False)
    assert report.documents_indexed
    assert loaded_in == [threading.current_thread().name] * 2
