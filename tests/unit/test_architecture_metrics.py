"""benchmarks/architecture_metrics.py on a small made-up tree: the layer rule, long functions,
imports inside functions and duplicated code are found where they are."""

from __future__ import annotations

from pathlib import Path

from benchmarks.architecture_metrics import (
    cycle_breakers,
    duplicates,
    import_sites,
    long_functions,
    python_files,
    report,
    upward_kind,
)

FILES = {
    "assistant/__init__.py": "",
    "assistant/schema.py": "X = 1\n",
    "assistant/core/__init__.py": "",
    "assistant/core/schema.py": "Y = 1\n",
    "assistant/ui/__init__.py": "",
    "assistant/ui/app.py": "Z = 1\n",
    "assistant/llm/__init__.py": "",
    "ingest/__init__.py": "",
    "ingest/chunking.py": (
        "from assistant.schema import X\n"
        "from assistant.core.schema import Y\n"
        "from guardrails import input\n"
        "from . import loaders\n"
        "import assistant.llm\n"
        "def cut():\n"
        "    from assistant.ui.app import Z\n"
        "    import numpy\n"
        "    return Z\n"
    ),
    "ingest/loaders.py": "\n",
    "guardrails/__init__.py": "",
    "guardrails/input.py": "from eval import runner\n",
    "eval/__init__.py": "",
    "eval/runner.py": "from ingest import chunking\n",
    "prompts/__init__.py": "",
}


def _tree(root: Path, extra: dict[str, str] | None = None) -> Path:
    for name, text in {**FILES, **(extra or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _upward(root: Path) -> dict[str, str]:
    found = {}
    for path in python_files(root):
        for site in import_sites(path, root):
            kind = upward_kind(site, root)
            if kind:
                found[f"{site.path}:{site.line} {site.module}"] = kind
    return found


def test_the_layer_rule_finds_each_upward_import_and_allows_the_bottom_package(
        tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert _upward(root) == {
        "ingest/chunking.py:1 assistant.schema": "naar een module bovenin assistant/",
        "ingest/chunking.py:5 assistant.llm": "naar een subpakket van assistant/",
        "ingest/chunking.py:7 assistant.ui.app": "naar ui/cli/server/commands",
        "guardrails/input.py:1 eval.runner": "naar eval/ (hogere laag)",
    }


def test_relative_imports_resolve_to_their_package(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    sites = list(import_sites(root / "ingest" / "chunking.py", root))
    assert [s.module for s in sites if s.line == 4] == ["ingest.loaders"]
    assert [(s.module, s.line) for s in sites if s.in_function] == [("assistant.ui.app", 7),
                                                                    ("numpy", 8)]


def test_long_functions_are_listed_with_their_length(tmp_path: Path) -> None:
    body = "".join(f"        x{i} = {i}\n" for i in range(70))
    root = _tree(tmp_path, {"assistant/big.py": f"class A:\n    def run(self):\n{body}\n"
                                                "def short():\n    return 1\n"})
    found = list(long_functions(root / "assistant" / "big.py", root))
    assert [(f.name, f.line, f.lines) for f in found] == [("A.run", 2, 71)]


def test_a_copied_block_in_two_files_is_one_duplicate_pair(tmp_path: Path) -> None:
    block = "".join(f"    total = total * {i} + {i + 1}\n" for i in range(8))
    root = _tree(tmp_path, {"assistant/a.py": f"def a(total):\n{block}    return total\n",
                            "eval/b.py": f"def b(total):\n{block}    return total\n"})
    dups = duplicates(python_files(root), root, 4)
    assert len(dups) == 1 and sorted(p.split(":")[0] for p in dups[0].places) == [
        "assistant/a.py", "eval/b.py"]


def test_the_report_has_every_section(tmp_path: Path) -> None:
    text = report(_tree(tmp_path), 4)
    for heading in ("## Regels per Python-bestand", "## Functies langer dan 60 regels: 0",
                    "## Imports naar boven: 4 importregels", "## Imports in functies: 2",
                    "## Dubbele code"):
        assert heading in text


def test_an_import_in_a_function_breaks_a_cycle_only_when_the_target_loads_this_file(
        tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "assistant/a.py": "from assistant import b\n",
        "assistant/b.py": "from assistant import c\ndef f():\n    from assistant import a\n",
        "assistant/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                          "    from assistant import d\n",
        "assistant/d.py": "def g():\n    from assistant import c\n"
                          "def h():\n    from assistant import a\n",
    })
    sites = [s for p in python_files(root) for s in import_sites(p, root)]
    found = {(s.path, s.module) for s in cycle_breakers(sites)}
    # b -> a: a loads b at the top, so moving it up makes a cycle; d -> c: c imports d only for
    # type checking; d -> a: a never loads d
    assert found == {("assistant/b.py", "assistant.a")}
