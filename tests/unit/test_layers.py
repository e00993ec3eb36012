"""Imports run one way: the layer rule of benchmarks/architecture_metrics.py (LAYERS,
ENTRY_POINTS), explained in docs/architecture.md, holds for every import in the tree,
imports inside functions included."""

from __future__ import annotations

from pathlib import Path

from benchmarks.architecture_metrics import PACKAGES, upward_imports

REPO = Path(__file__).resolve().parents[2]


def test_no_import_runs_upward() -> None:
    found = upward_imports(REPO)
    assert not found, "Imports naar een hogere laag (zie docs/architecture.md):\n" + "\n".join(
        found)


def _plant(root: Path, files: dict[str, str]) -> Path:
    for package in PACKAGES:
        (root / package).mkdir(parents=True, exist_ok=True)
        (root / package / "__init__.py").write_text("", encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_check_names_each_planted_upward_import(tmp_path: Path) -> None:
    root = _plant(tmp_path, {
        "assistant/core/__init__.py": "",
        "assistant/core/schema.py": "def f():\n    from assistant.config import Settings\n",
        "assistant/config.py": "Settings = 1\n",
        "assistant/service.py": "from assistant.ui.app import x\n",  # the top: allowed
        "assistant/ui/__init__.py": "",
        "assistant/ui/app.py": "x = 1\n",
        "assistant/cli.py": "",
        "ingest/pipeline.py": "from assistant.core.schema import f\nimport assistant.config\n",
        "guardrails/input.py": "from ingest import pipeline\nfrom prompts import x\n",
        "eval/harness.py": "from assistant import service\nfrom assistant import cli\n",
    })
    assert upward_imports(root) == [
        "assistant/core/schema.py:2 -> assistant.config (naar een module bovenin assistant/)",
        "eval/harness.py:2 -> assistant.cli (naar ui/cli/server/commands)",
        "guardrails/input.py:1 -> ingest.pipeline (naar ingest/ (hogere laag))",
        "ingest/pipeline.py:2 -> assistant.config (naar een module bovenin assistant/)",
    ]


def test_a_clean_planted_tree_passes(tmp_path: Path) -> None:
    root = _plant(tmp_path, {
        "assistant/core/__init__.py": "",
        "assistant/core/schema.py": "X = 1\n",
        "assistant/app.py": "from ingest.pipeline import p\nfrom assistant.ui import app\n",
        "assistant/ui/__init__.py": "",
        "assistant/ui/app.py": "",
        "ingest/pipeline.py": "from assistant.core.schema import X\nfrom guardrails import a\n"
                              "p = 1\n",
        "guardrails/a.py": "from prompts import b\n",
        "prompts/b.py": "",
        "eval/harness.py": "from assistant.app import p\nfrom ingest.pipeline import p\n",
    })
    assert upward_imports(root) == []
