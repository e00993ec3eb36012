"""Architecture metrics: how big the modules are, and how the packages depend on each other.

    .venv/bin/python -m benchmarks.architecture_metrics [--root .] [--min-dup-lines 4]

Prints, for the Python files in assistant/, ingest/, guardrails/, eval/ and prompts/:

1. lines per file (count, max, p90, median);
2. functions over 60 lines (nested functions and methods included, each with its own length);
3. upward imports: an import from a lower layer (assistant/core/, prompts/, guardrails/,
   ingest/, eval/) into a higher one, by the layer rule in ``LAYERS`` below;
4. imports inside functions, with file:line, split into imports of Baken's own packages and
   of libraries; an own import *breaks a cycle* when the imported module already imports this
   file at load time (directly or through others), so that moving it to the top would make an
   import cycle; the others are deferred for start-up time;
5. pairs of duplicated code found by pylint's ``symilar`` (comments, docstrings, imports and
   signatures ignored, like pylint's duplicate-code check).

A measurement, not a test: it asserts nothing. Results are kept in benchmarks/results/.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import math
import re
import statistics
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("assistant", "ingest", "guardrails", "eval", "prompts")
LONG_FUNCTION_LINES = 60

# The layer rule, the one definition (docs/architecture.md explains it, tests/unit/test_layers.py
# enforces it). A package on the left may import the modules listed for it (a name covers its
# submodules) and the bottom package; any other import of Baken's own packages from it is
# upward. The most specific name applies: ``assistant.core`` is the bottom, and imports only
# itself. ``eval`` builds and runs the assembled assistant (``assistant.app``), so it may import
# assistant's service modules, but never an entry point. The rest of ``assistant`` is the top.
BOTTOM = ("assistant.core",)
LAYERS: dict[str, tuple[str, ...]] = {
    "assistant.core": (),
    "prompts": ("prompts",),
    "guardrails": ("guardrails", "prompts"),
    "ingest": ("ingest", "guardrails", "prompts"),
    "eval": ("eval", "ingest", "guardrails", "prompts", "assistant"),
}
# The entry points (browser, terminal, HTTP): no layer imports them, not even ``eval``.
ENTRY_POINTS = ("assistant.ui", "assistant.cli", "assistant.server", "assistant.commands")


@dataclass(frozen=True)
class ImportSite:
    """One imported module, where it is imported, and whether inside a function."""

    path: str
    line: int
    module: str
    in_function: bool
    type_only: bool = False  # under ``if TYPE_CHECKING:``: never executed


@dataclass(frozen=True)
class LongFunction:
    path: str
    line: int
    name: str
    lines: int


@dataclass(frozen=True)
class Duplicate:
    lines: int
    places: tuple[str, ...]


def python_files(root: Path) -> list[Path]:
    """Every .py file of Baken's packages under ``root``, sorted."""
    files: list[Path] = []
    for package in PACKAGES:
        files.extend(p for p in (root / package).rglob("*.py") if "__pycache__" not in p.parts)
    return sorted(files)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(node: ast.ImportFrom, current: str, is_package: bool) -> list[str]:
    """Absolute module names an ``ImportFrom`` refers to (``from . import x`` gives ``pkg.x``)."""
    if node.level == 0:
        base = node.module or ""
    else:
        parts = current.split(".")
        keep = len(parts) - node.level + (1 if is_package else 0)
        base = ".".join(parts[:max(keep, 0)] + ([node.module] if node.module else []))
    if node.module is None:
        return [f"{base}.{alias.name}" for alias in node.names]
    return [base]


def _submodule(node: ast.ImportFrom, name: str, root: Path) -> str:
    """``from assistant import cli`` imports the module ``assistant.cli``: name it so."""
    if node.module is None or len(node.names) != 1 or not is_own(name):
        return name
    folder = root.joinpath(*name.split("."))
    alias = node.names[0].name
    if (folder / f"{alias}.py").is_file() or (folder / alias / "__init__.py").is_file():
        return f"{name}.{alias}"
    return name


def import_sites(path: Path, root: Path) -> Iterator[ImportSite]:
    """Every import in ``path``, resolved to absolute module names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    current = module_name(path, root)
    is_package = path.name == "__init__.py"
    rel = str(path.relative_to(root))

    def visit(node: ast.AST, in_function: bool, type_only: bool) -> Iterator[ImportSite]:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef
                                               | ast.Lambda)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield ImportSite(rel, child.lineno, alias.name, in_function, type_only)
            elif isinstance(child, ast.ImportFrom):
                for name in _resolve(child, current, is_package):
                    yield ImportSite(rel, child.lineno, _submodule(child, name, root),
                                     in_function, type_only)
            yield from visit(child, inside, type_only or _is_type_checking(child))

    yield from visit(tree, False, False)


def _is_type_checking(node: ast.AST) -> bool:
    """``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``)."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _existing_module(name: str, modules: set[str]) -> str | None:
    """``name`` or the nearest enclosing module that is a file of the tree."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def load_time_graph(sites: Iterable[ImportSite]) -> dict[str, set[str]]:
    """Module -> the own modules its loading runs (top-level, not type-only imports, and the
    packages above each imported module, whose ``__init__`` runs first)."""
    by_module: dict[str, list[ImportSite]] = {}
    for site in sites:
        by_module.setdefault(_module_of(site.path), []).append(site)
    modules = set(by_module)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, found in by_module.items():
        for site in found:
            if site.in_function or site.type_only or not is_own(site.module):
                continue
            target = _existing_module(site.module, modules)
            while target:
                if target != module:
                    graph[module].add(target)
                target = _existing_module(target.rpartition(".")[0], modules) \
                    if "." in target else None
    return graph


def _module_of(path: str) -> str:
    parts = list(Path(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def cycle_breakers(sites: list[ImportSite]) -> list[ImportSite]:
    """Own imports inside functions that could not move to the top without an import cycle."""
    graph = load_time_graph(sites)
    modules = set(graph)
    found = []
    for site in sites:
        if not site.in_function or not is_own(site.module):
            continue
        source = _module_of(site.path)
        target = _existing_module(site.module, modules)
        if target and target != source and _reaches(graph, target, source):
            found.append(site)
    return found


def is_own(module: str) -> bool:
    return module.split(".")[0] in PACKAGES


def _within(module: str, names: Iterable[str]) -> bool:
    """``module`` is one of ``names`` or inside one of them."""
    return any(module == n or module.startswith(n + ".") for n in names)


def layer_of(path: str) -> str | None:
    """The layer (a key of ``LAYERS``) of a file given relative to the root, or None (the top)."""
    module = ".".join(Path(path).with_suffix("").parts)
    inside = [name for name in LAYERS if _within(module, (name,))]
    return max(inside, key=len) if inside else None


def upward_kind(site: ImportSite, root: Path) -> str | None:
    """Why ``site`` breaks the layer rule, or None when it does not."""
    source = layer_of(site.path)
    if source is None or not is_own(site.module):
        return None
    if _within(site.module, ENTRY_POINTS):
        return "naar ui/cli/server/commands"
    if _within(site.module, BOTTOM) or _within(site.module, LAYERS[source]):
        return None
    target = site.module.split(".")[0]
    if target != "assistant":
        return f"naar {target}/ (hogere laag)"
    top = site.module.split(".")[1] if "." in site.module else ""
    if (root / "assistant" / f"{top}.py").is_file() or not top:
        return "naar een module bovenin assistant/"
    return "naar een subpakket van assistant/"


def upward_imports(root: Path) -> list[str]:
    """Every import that breaks the layer rule, as ``file:line -> module (why)``."""
    found = []
    for path in python_files(root):
        for site in import_sites(path, root):
            kind = upward_kind(site, root)
            if kind:
                found.append(f"{site.path}:{site.line} -> {site.module} ({kind})")
    return found


def long_functions(path: Path, root: Path) -> Iterator[LongFunction]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = str(path.relative_to(root))

    def visit(node: ast.AST, prefix: str) -> Iterator[LongFunction]:
        for child in ast.iter_child_nodes(node):
            name = prefix
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}."
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (child.end_lineno or child.lineno) - child.lineno + 1
                if length > LONG_FUNCTION_LINES:
                    yield LongFunction(rel, child.lineno, name.rstrip("."), length)
            yield from visit(child, name)

    yield from visit(tree, "")


def duplicates(files: Iterable[Path], root: Path, min_lines: int) -> list[Duplicate]:
    """Duplicated code by pylint's symilar, one entry per group of identical stretches."""
    from pylint.checkers.symilar import Symilar

    finder = Symilar(min_lines=min_lines, ignore_comments=True, ignore_docstrings=True,
                     ignore_imports=True, ignore_signatures=True)
    for path in files:
        with path.open(encoding="utf-8") as stream:
            finder.append_stream(str(path.relative_to(root)), stream)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        finder.run()
    found: list[Duplicate] = []
    places: list[str] = []
    lines = 0
    for line in out.getvalue().splitlines():
        header = re.match(r"^(\d+) similar lines in \d+ files$", line)
        place = re.match(r"^==(.+):\[(\d+):(\d+)\]$", line)
        if header:
            if places:
                found.append(Duplicate(lines, tuple(places)))
            lines, places = int(header.group(1)), []
        elif place:
            places.append(f"{place.group(1)}:{int(place.group(2)) + 1}-{place.group(3)}")
    if places:
        found.append(Duplicate(lines, tuple(places)))
    return found


def percentile(values: list[int], fraction: float) -> int:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def report(root: Path, min_dup_lines: int) -> str:
    files = python_files(root)
    sizes = {str(p.relative_to(root)): len(p.read_text(encoding="utf-8").splitlines())
             for p in files}
    counts = list(sizes.values())
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:10]
    out = [f"Architectuurmetingen van {', '.join(p + '/' for p in PACKAGES)}", ""]
    out += ["## Regels per Python-bestand",
            f"bestanden {len(counts)}, totaal {sum(counts)}, max {max(counts)}, "
            f"p90 {percentile(counts, 0.9)}, mediaan {statistics.median(counts):g}",
            "grootste: " + ", ".join(f"{name} {n}" for name, n in biggest), ""]

    longs = sorted((f for p in files for f in long_functions(p, root)), key=lambda f: -f.lines)
    out.append(f"## Functies langer dan {LONG_FUNCTION_LINES} regels: {len(longs)}")
    out += [f"{f.lines:4d}  {f.path}:{f.line} {f.name}" for f in longs]
    out.append("")

    sites = [s for p in files for s in import_sites(p, root)]
    upward = [(s, kind) for s in sites if (kind := upward_kind(s, root))]
    pairs = {(s.path, s.module) for s, _ in upward}
    out.append(f"## Imports naar boven: {len(upward)} importregels, {len(pairs)} paren "
               "(bestand, module)")
    out.append("laagregel: " + "; ".join(f"{k} -> {', '.join(v) or 'alleen zichzelf'}"
                                         for k, v in LAYERS.items())
               + f"; allen -> {', '.join(BOTTOM)}; nooit -> {', '.join(ENTRY_POINTS)}")
    kinds: dict[str, int] = {}
    for _, kind in upward:
        kinds[kind] = kinds.get(kind, 0) + 1
    out += [f"{n:4d}  {kind}" for kind, n in sorted(kinds.items())]
    out += [f"      {s.path}:{s.line} -> {s.module}" + ("  (in functie)" if s.in_function else "")
            for s, _ in upward]
    out.append("")

    inner = [s for s in sites if s.in_function]
    own = [s for s in inner if is_own(s.module)]
    libs = [s for s in inner if not is_own(s.module)]
    breakers = cycle_breakers(sites)
    out.append(f"## Imports in functies: {len(inner)} (eigen pakketten {len(own)}, "
               f"bibliotheken {len(libs)})")
    out.append(f"eigen pakketten die een importcyclus ontwijken: {len(breakers)} (de module die "
               "ze importeren laadt dit bestand al, direct of via andere)")
    out += [f"      {s.path}:{s.line} -> {s.module}" for s in breakers]
    out.append(f"eigen pakketten, uitgesteld voor de opstarttijd: {len(own) - len(breakers)}")
    out += [f"      {s.path}:{s.line} -> {s.module}" for s in own if s not in breakers]
    out.append("bibliotheken:")
    out += [f"      {s.path}:{s.line} -> {s.module}" for s in libs]
    out.append("")

    dups = duplicates(files, root, min_dup_lines)
    pair_count = sum(math.comb(len(d.places), 2) for d in dups)
    out.append(f"## Dubbele code (pylint symilar, minstens {min_dup_lines} regels, zonder "
               f"commentaar, docstrings, imports en signaturen): {len(dups)} groepen, "
               f"{pair_count} paren")
    out += [f"{d.lines:4d}  " + "  ==  ".join(d.places) for d in dups]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--min-dup-lines", type=int, default=4,
                        help="kleinste aantal gelijke regels dat als dubbel telt (pylint: 4)")
    args = parser.parse_args(argv)
    print(report(args.root.resolve(), args.min_dup_lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
