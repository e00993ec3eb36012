"""Session fixtures of the e2e tier: corpora that several tests check are ingested once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import netblock_log, run_cli, store_contents
from tests.pii_variants import LABELS, Variant, sample

ANNOTATED = Path(__file__).resolve().parents[1] / "data" / "pii" / "annotated.jsonl"
PII_FOLDERS = ("meldingen", "notities")  # the annotated passages, the generated variants
VARIANT_SEED = 20260417
# three of each type, one more of the types with the most notations
VARIANTS_PER_TYPE = {label: 3 for label in LABELS} | {"TELEFOON": 4, "PERSOON": 4,
                                                      "ZAAKNUMMER": 4}


DEMO_QUESTION = "Wanneer mag de burgemeester een woning sluiten?"


@pytest.fixture(scope="session")
def demo_answer(demo_index: tuple[Path, dict]) -> dict:
    """``baken ask --json`` once on the demo index (model, anonymiser and embedder load once for
    every test that checks that answer); network attempts go to ``netblock_log``."""
    data_dir, _ = demo_index
    proc = run_cli("ask", DEMO_QUESTION, "--data-dir", str(data_dir), "--json",
                   env={"BAKEN_NETBLOCK_LOG": str(netblock_log(data_dir))})
    return dict(json.loads(proc.stdout))


@dataclass(frozen=True)
class PiiIngest:
    """One real ``baken ingest`` of both PII corpora: what it stored, audited and printed."""

    folders: dict[str, Path]
    report: dict
    stored: list[str]
    audit: list[str]  # every line of every audit file
    output: str  # stdout and stderr of the command


def annotated_passages() -> list[dict]:
    return [json.loads(line) for line in ANNOTATED.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def annotated_file(passage: dict) -> str:
    return f"{passage['id']}.txt"


def variants() -> list[Variant]:
    """The generated identifier variants (tests/pii_variants.py), fixed seed."""
    return [v for label in LABELS for v in sample(label, VARIANTS_PER_TYPE[label], VARIANT_SEED)]


def variant_file(i: int, variant: Variant) -> str:
    return f"notitie-{i:02d}-{variant.label.lower()}.txt"


@pytest.fixture(scope="session")
def pii_ingest(tmp_path_factory: pytest.TempPathFactory) -> PiiIngest:
    """The annotated passages and the generated variants, each a folder of documents, ingested
    in one CLI run (Presidio + deduce, the bundled embedder, Chroma load once)."""
    root = tmp_path_factory.mktemp("pii")
    documents = {"meldingen": {annotated_file(p): p["text"] for p in annotated_passages()},
                 "notities": {variant_file(i, v): v.text + "\n"
                              for i, v in enumerate(variants())}}
    folders = {name: root / name for name in PII_FOLDERS}
    for name, folder in folders.items():
        folder.mkdir()
        for file_name, text in documents[name].items():
            (folder / file_name).write_text(text, encoding="utf-8")
    data_dir = root / "data"
    proc = run_cli("ingest", *map(str, folders.values()), "--data-dir", str(data_dir), "--json")
    report = json.loads(proc.stdout)
    assert report["documents_indexed"] == sum(len(d) for d in documents.values())
    assert report["documents_skipped"] == []
    audit = [line for p in sorted((data_dir / "audit").rglob("*")) if p.is_file()
             for line in p.read_text(encoding="utf-8").splitlines()]
    return PiiIngest(folders, report, store_contents(data_dir), audit,
                     proc.stdout + "\n" + proc.stderr)
