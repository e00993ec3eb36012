"""Shared test fixtures: paths, quiet single-threaded model settings, a demo index built once."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ingest.anonymize import PresidioAnonymizer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_CORPUS = SHARED / "corpus" / "oov-nl"
DEMO_CORPUS = REPO / "assistant" / "demo_corpus"
NETBLOCK = REPO / "tests" / "netblock"


def _block_the_network() -> None:
    """The whole session runs offline: this process refuses every non-loopback connection and
    name lookup (tests/netblock/sitecustomize.py), and so does every Python process a test
    starts, through PYTHONPATH. Loopback stays open (browser tests' server, a local Chroma)."""
    import importlib.util

    if "baken_netblock" not in sys.modules:
        spec = importlib.util.spec_from_file_location("baken_netblock",
                                                      NETBLOCK / "sitecustomize.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["baken_netblock"] = module
        spec.loader.exec_module(module)
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(NETBLOCK) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(NETBLOCK), *filter(None, paths)])


_block_the_network()

# Shared machines are noisy: the model runs on one thread in tests.
os.environ.setdefault("BAKEN_N_THREADS", "1")
os.environ.setdefault("BAKEN_MAX_TOKENS", "160")
# Tests that need a model use the smallest one that proves the point (SmolLM2-135M); the tests
# marked `slow` use the real default model (tests/e2e/test_default_model.py).
os.environ.setdefault("BAKEN_BUNDLED_MODEL", "smollm2-135m")
DEFAULT_MODEL_ENV = {"BAKEN_BUNDLED_MODEL": "qwen2.5-coder-1.5b"}


# Test tiers. A test in one of these folders gets the folder's marker; a test elsewhere (unit/,
# integration/, security/, contract/) keeps its own markers, and one without a tier marker that
# starts the real CLI in a subprocess (``run_cli`` or a fixture that does) is marked slow: each
# such process loads Baken, and often the anonymiser and embedder, from a cold start.
# ``make test-fast`` runs what is left: ``-m "not e2e and not browser and not slow"``.
FOLDER_MARKERS = {"e2e": "e2e", "browser": "browser"}
TIER_MARKERS = ("e2e", "browser", "slow")
CLI_FIXTURES = frozenset({"demo_index"})


def _starts_the_cli(item: pytest.Item) -> bool:
    if CLI_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    try:
        source = inspect.getsource(item.function)  # type: ignore[attr-defined]
    except (AttributeError, OSError, TypeError):
        return False
    return "run_cli(" in source


def tier_marker(item: pytest.Item) -> str | None:
    """The marker the test tiers add to ``item``, or None."""
    folder = Path(str(item.path)).resolve().relative_to(REPO / "tests").parts[0]
    if folder in FOLDER_MARKERS:
        return FOLDER_MARKERS[folder]
    if not any(item.get_closest_marker(m) for m in TIER_MARKERS) and _starts_the_cli(item):
        return "slow"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marker = tier_marker(item)
        if marker is not None and item.get_closest_marker(marker) is None:
            item.add_marker(marker)


def run_cli(*args: str, env: dict[str, str] | None = None,
            check: bool = True, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run the real ``baken`` command line in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=REPO,
                          capture_output=True, text=True, env=full_env, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"baken {' '.join(args)} failed ({proc.returncode}):\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


def store_contents(data_dir: Path) -> list[str]:
    """Every id, document and metadata value in the Chroma store under ``data_dir``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(data_dir / "chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    values: list[str] = []
    for collection in client.list_collections():
        coll = client.get_collection(collection.name)
        got = coll.get(include=["documents", "metadatas"])
        values.extend(got["ids"])
        values.extend(d or "" for d in got["documents"] or [])
        for meta in got["metadatas"] or []:
            values.extend(str(v) for v in (meta or {}).values())
    return values


def netblock_log(data_dir: Path) -> Path:
    """Where the CLI runs on ``data_dir`` record any network attempt (tests/netblock)."""
    return data_dir.with_name(f"{data_dir.name}-netblock.log")


@pytest.fixture(scope="session")
def anonymizer() -> PresidioAnonymizer:
    """The real anonymiser (Presidio with Baken's recognisers and deduce), built once."""
    from ingest.anonymize import build_anonymizer

    return build_anonymizer()


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The demo corpus ingested once through the real CLI; returns (data dir, ingest report).
    Network attempts of that run are recorded in ``netblock_log(data_dir)``."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    proc = run_cli("ingest", str(DEMO_CORPUS), "--data-dir", str(data_dir), "--json",
                   env={"BAKEN_NETBLOCK_LOG": str(netblock_log(data_dir))})
    return data_dir, json.loads(proc.stdout)
