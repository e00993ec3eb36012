"""Every annotated identifier of the PII test set is gone after a real ingest.

The 76 fictitious passages of ``tests/data/pii/annotated.jsonl`` are written as documents,
ingested through the real CLI (Presidio + deduce, the bundled embedder, Chroma), and then the
store, the ingest audit and the command's own output are searched for every annotated value.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import run_cli, store_contents

pytestmark = pytest.mark.e2e

ANNOTATED = Path(__file__).resolve().parents[1] / "data" / "pii" / "annotated.jsonl"


def _passages() -> list[dict]:
    return [json.loads(line) for line in ANNOTATED.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _contains(blob: str, value: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", blob, re.IGNORECASE) is not None


def test_no_annotated_value_reaches_the_store_the_audit_or_the_output(tmp_path: Path) -> None:
    passages = _passages()
    corpus = tmp_path / "meldingen"
    corpus.mkdir()
    for passage in passages:
        (corpus / f"{passage['id']}.txt").write_text(passage["text"], encoding="utf-8")
    values = {passage["text"][s["start"]:s["end"]] for passage in passages
              for s in passage["spans"]}
    assert len(values) >= 150

    data_dir = tmp_path / "data"
    proc = run_cli("ingest", str(corpus), "--data-dir", str(data_dir), "--json")
    report = json.loads(proc.stdout)
    assert report["documents_indexed"] == len(passages)
    assert report["documents_skipped"] == []

    stored = "\n".join(store_contents(data_dir))
    assert "[PERSOON-1]" in stored  # the passages themselves were indexed
    audit = "\n".join(p.read_text(encoding="utf-8")
                      for p in (data_dir / "audit").rglob("*") if p.is_file())
    for where, blob in (("store", stored), ("audit", audit),
                        ("output", proc.stdout + proc.stderr)):
        leaked = sorted(v for v in values if _contains(blob, v))
        assert leaked == [], f"in {where}: {leaked}"
