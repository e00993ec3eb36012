"""Generated identifier variants are gone after a real ingest: store, audit and command output.

Three or four documents per type (fixed seed) from ``tests/pii_variants.py`` - Dutch
sentences with identifiers in the notations people use, written without sight of the
recognisers - go through the real CLI (Presidio + deduce, the bundled embedder, Chroma). Then
every stored id, chunk and metadata value, every line of the ingest audit and every line of the
command's output is searched for every generated value, also with its separators changed
(``leaks(..., fragments=False)``: the value's core standing on its own, so a hash or timestamp
cannot match it by chance).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, store_contents
from tests.pii_variants import LABELS, Variant, leaks, sample

pytestmark = pytest.mark.e2e

SEED = 20260417
# three of each type, one more of the types with the most notations
PER_TYPE = {label: 3 for label in LABELS} | {"TELEFOON": 4, "PERSOON": 4, "ZAAKNUMMER": 4}


def _variants() -> list[Variant]:
    return [v for label in LABELS for v in sample(label, PER_TYPE[label], SEED)]


def _leaked(variants: list[Variant], pieces: list[str]) -> list[tuple[str, str]]:
    return sorted({(v.label, v.value) for v in variants for piece in pieces
                   if leaks(v, piece, fragments=False)})


def test_no_generated_value_reaches_the_store_the_audit_or_the_output(tmp_path: Path) -> None:
    variants = _variants()
    assert len(variants) == sum(PER_TYPE.values())
    assert {v.label for v in variants} == set(LABELS)  # every type is in the test
    corpus = tmp_path / "meldingen"
    corpus.mkdir()
    for i, variant in enumerate(variants):
        name = f"notitie-{i:02d}-{variant.label.lower()}.txt"
        (corpus / name).write_text(variant.text + "\n", encoding="utf-8")

    data_dir = tmp_path / "data"
    proc = run_cli("ingest", str(corpus), "--data-dir", str(data_dir), "--json")
    report = json.loads(proc.stdout)
    assert report["documents_indexed"] == len(variants)
    assert report["documents_skipped"] == []

    stored = store_contents(data_dir)
    assert any("[PERSOON-" in s for s in stored)  # the documents themselves were indexed
    audit = [line for p in sorted((data_dir / "audit").rglob("*")) if p.is_file()
             for line in p.read_text(encoding="utf-8").splitlines()]
    output = (proc.stdout + "\n" + proc.stderr).splitlines()
    leaked = {where: found for where, pieces in (("store", stored), ("audit", audit),
                                                 ("output", output))
              if (found := _leaked(variants, pieces))}
    assert leaked == {}
