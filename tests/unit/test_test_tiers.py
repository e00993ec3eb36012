"""The test tiers: e2e and browser come from the folder, a CLI subprocess test is slow, and
``make test-fast`` leaves out all three while ``make test`` runs everything."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import REPO, run_cli, tier_marker


def _item(folder: str, function: Callable[..., Any], *, markers: tuple[str, ...] = (),
          fixtures: tuple[str, ...] = ()) -> Any:
    return SimpleNamespace(
        path=REPO / "tests" / folder / "test_x.py", function=function,
        fixturenames=list(fixtures),
        get_closest_marker=lambda name: name if name in markers else None)


def _plain() -> None:
    assert 1 + 1 == 2


def _starts_the_cli(tmp_path: Path) -> None:
    run_cli("ui", "--data-dir", str(tmp_path), check=False)


@pytest.mark.parametrize(("folder", "expected"), [("e2e", "e2e"), ("browser", "browser"),
                                                  ("unit", None), ("integration", None),
                                                  ("security", None)])
def test_the_folder_gives_the_marker(folder: str, expected: str | None) -> None:
    assert tier_marker(_item(folder, _plain)) == expected


def test_a_cli_subprocess_test_without_a_marker_is_slow() -> None:
    assert tier_marker(_item("integration", _starts_the_cli)) == "slow"
    assert tier_marker(_item("unit", _plain, fixtures=("demo_index",))) == "slow"


def test_a_test_that_has_a_tier_marker_keeps_it() -> None:
    assert tier_marker(_item("integration", _starts_the_cli, markers=("e2e",))) is None
    assert tier_marker(_item("security", _starts_the_cli, markers=("browser",))) is None


def test_this_module_is_in_the_fast_tier(request: pytest.FixtureRequest) -> None:
    assert not any(request.node.get_closest_marker(m) for m in ("e2e", "browser", "slow"))


def test_make_test_runs_everything_and_test_fast_leaves_out_the_slow_tiers() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = {m.group(1): m.group(2).strip()
              for m in re.finditer(r"^([\w-]+):[^\n]*\n\t([^\n]+)", makefile, re.M)}
    assert recipe["test"] == "$(VENV)/bin/pytest"
    assert recipe["test-fast"] == (
        '$(VENV)/bin/pytest -n 2 -m "not e2e and not browser and not slow"')
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "--durations=20" in pyproject


def test_test_modules_import_fakes_and_helpers_never_each_other() -> None:
    offenders = []
    for path in sorted((REPO / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and re.search(
                    r"(^|\.)test_\w+$", node.module):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno} {node.module}")
    assert not offenders, offenders
    assert not (REPO / "tests" / "unit" / "fakes.py").exists()
