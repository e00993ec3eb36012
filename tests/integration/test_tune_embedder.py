"""tune-embedder with the real parts: questions from a real model into a real index's folder,
a stop with Ctrl-C and a resume, a short training run, and the result loading offline."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.cli import main as cli_main
from assistant.tuning import TUNED_MARKER
from assistant.tuning.eval_guard import REPO_QUESTION_SETS
from ingest.chunking import chunk_document
from ingest.loaders.registry import load_document
from tests.conftest import DEMO_CORPUS, REPO, run_cli

pytestmark = pytest.mark.slow

FILES = ["apv-almelo-2021.md", "beleidsregel-damocles-barneveld-2024.md"]


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two demo documents ingested through the real CLI (anonymised, embedded, in Chroma)."""
    corpus = tmp_path_factory.mktemp("corpus")
    for name in FILES:
        shutil.copy(DEMO_CORPUS / name, corpus / name)
    data_dir = tmp_path_factory.mktemp("data")
    run_cli("ingest", str(corpus), "--data-dir", str(data_dir), "--json")
    return data_dir


def _records(data_dir: Path) -> list[dict]:
    path = data_dir / "tuning" / "baken-vragen.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _ctrl_c_enabled() -> None:
    """A process started from a background job inherits SIGINT ignored; a terminal's is not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_questions_stop_with_ctrl_c_and_resume(small_index: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(small_index, data_dir)
    questions = data_dir / "tuning" / "baken-vragen.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "tune-embedder", "--data-dir", str(data_dir),
         "--only-questions", "--json"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ}, preexec_fn=_ctrl_c_enabled)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None and not (
            questions.exists() and questions.read_bytes().count(b"\n") >= 1):
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Onderbroken" in err and "opnieuw" in err
    done = _records(data_dir)  # every line complete JSON
    assert done and all(r["passage"] and isinstance(r["questions"], list) for r in done)

    again = run_cli("tune-embedder", "--data-dir", str(data_dir), "--only-questions",
                    "--sample", str(len(done) + 1), "--json")
    result = json.loads(again.stdout.splitlines()[-1])
    assert result["passages_reused"] == len(done) and result["passages_new"] == 1
    assert len(_records(data_dir)) == len(done) + 1
    assert len({r["key"] for r in _records(data_dir)}) == len(done) + 1


def _eval_question() -> str:
    line = (REPO_QUESTION_SETS / "demo.jsonl").read_text(encoding="utf-8").splitlines()[0]
    return str(json.loads(line)["question"])


def _write_pairs(data_dir: Path) -> int:
    """Hand-written questions for demo chunks, plus one evaluation question that must go."""
    records: list[dict[str, Any]] = []
    for name in FILES:
        for i, chunk in enumerate(chunk_document(load_document(DEMO_CORPUS / name,
                                                               DEMO_CORPUS)[0])):
            topic = " ".join(chunk.text.split()[:6])
            records.append({"key": f"{name}-{i}", "passage": chunk.text, "questions": [
                f"Wat staat er over {topic}?", f"Welke regel geldt volgens deel {i} van {name}?"]})
    records[0]["questions"].append(_eval_question())
    path = data_dir / "tuning" / "baken-vragen.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return sum(len(r["questions"]) for r in records)


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A tuned embedder from a short run of the real CLI (one epoch, a few steps)."""
    data_dir = tmp_path_factory.mktemp("tune-data")
    total = _write_pairs(data_dir)
    out = data_dir / "embedders" / "multilingual-e5-small-test"
    proc = run_cli("tune-embedder", "--data-dir", str(data_dir), "--only-train", "--out",
                   str(out), "--batch-size", "8", "--json")
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["pairs"] + result["refused_eval"] == total
    return out, result


def test_training_leaves_out_the_evaluation_question(tuned: tuple[Path, dict]) -> None:
    folder, result = tuned
    assert result["refused_eval"] == 1 and result["steps"] >= 2
    assert json.loads((folder / TUNED_MARKER).read_text())["refused_eval_questions"] == 1


def test_the_tuned_folder_has_the_bundled_layout_and_new_weights(tuned: tuple[Path, dict]) -> None:
    from assistant.embedder_export import ensure_exported

    folder, _ = tuned
    base = ensure_exported()
    for name in ("tokenizer.json", "config.json", "modules.json", "sentence_bert_config.json",
                 "onnx/model.onnx", "onnx/model.onnx_data", "1_Pooling/config.json"):
        assert (folder / name).is_file(), name
    assert (folder / "tokenizer.json").read_bytes() == (base / "tokenizer.json").read_bytes()
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no leftovers
    from safetensors.numpy import load_file

    new, old = load_file(str(folder / "model.safetensors")), load_file(str(base /
                                                                           "model.safetensors"))
    assert set(new) == set(old)
    changed = [k for k in new if not np.array_equal(new[k], old[k])]
    assert "embeddings.word_embeddings.weight" not in changed  # frozen
    assert any(k.startswith("encoder.layer.") for k in changed)


def test_the_tuned_embedder_loads_offline_on_onnx_runtime(tuned: tuple[Path, dict],
                                                          tmp_path: Path) -> None:
    """A fresh process with the network blocked: Baken's settings path, no torch, no download,
    and the ONNX graph gives the vectors of the trained weights."""
    folder, _ = tuned
    log = tmp_path / "attempts.log"
    code = ("import sys, json\n"
            "from assistant.embeddings import make_embedder, embedder_name\n"
            "e = make_embedder(sys.argv[1])\n"
            "v = e.embed_query('Wie mag een pand sluiten?')\n"
            "print(json.dumps({'name': embedder_name(e), 'torch': 'torch' in sys.modules, "
            "'v': v}))\n")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "PYTHONPATH": f"{REPO / 'tests' / 'netblock'}:{REPO}", "BAKEN_NETBLOCK_LOG": str(log)}
    proc = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True,
                          text=True, env=env, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert not log.exists() or log.read_text() == ""
    got = json.loads(proc.stdout.splitlines()[-1])
    assert "afgestemd" in got["name"] and got["torch"] is False

    from sentence_transformers import SentenceTransformer

    from assistant.embedder_export import ensure_exported

    def encode(path: Path) -> np.ndarray:
        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        return np.asarray(model.encode("query: Wie mag een pand sluiten?",
                                       normalize_embeddings=True))

    onnx_vector = np.asarray(got["v"])
    assert float(onnx_vector @ encode(folder)) > 0.9999
    assert float(np.abs(onnx_vector - encode(ensure_exported())).max()) > 1e-5


def test_the_tuned_folder_brings_its_calibrated_threshold(tuned: tuple[Path, dict],
                                                           tmp_path: Path) -> None:
    from assistant.app import build_baken
    from assistant.config import load_settings

    folder, result = tuned
    marker = json.loads((folder / TUNED_MARKER).read_text())
    assert 0 < marker["relevance_threshold"] < 1
    assert result["relevance_threshold"] == marker["relevance_threshold"]
    assert marker["relevance_threshold_base"] == load_settings().retrieval.relevance_threshold
    baken = build_baken(load_settings(data_dir=tmp_path, embedder=str(folder)))
    assert baken.retriever.threshold == marker["relevance_threshold"]


def test_an_existing_target_is_not_overwritten(tuned: tuple[Path, dict],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = tuned
    code = cli_main(["tune-embedder", "--data-dir", str(folder.parent.parent), "--only-train",
                     "--out", str(folder)])
    assert code == 2 and "bestaat al" in capsys.readouterr().err
    assert (folder / TUNED_MARKER).is_file()
