"""Every annotated identifier of the PII test set is gone after a real ingest.

The 76 fictitious passages of ``tests/data/pii/annotated.jsonl`` are written as documents,
ingested through the real CLI (Presidio + deduce, the bundled embedder, Chroma; one run shared
with the generated variants, ``pii_ingest`` in tests/e2e/conftest.py), and then the store, the
ingest audit and the command's own output are searched for every annotated value.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import PiiIngest, annotated_file, annotated_passages

pytestmark = pytest.mark.e2e


def _contains(blob: str, value: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", blob, re.IGNORECASE) is not None


def test_no_annotated_value_reaches_the_store_the_audit_or_the_output(
        pii_ingest: PiiIngest) -> None:
    passages = annotated_passages()
    values = {passage["text"][s["start"]:s["end"]] for passage in passages
              for s in passage["spans"]}
    assert len(values) >= 150
    assert {annotated_file(p) for p in passages} <= set(pii_ingest.stored)  # each was indexed

    stored = "\n".join(pii_ingest.stored)
    assert "[PERSOON-1]" in stored  # the passages themselves were indexed
    audit = "\n".join(pii_ingest.audit)
    for where, blob in (("store", stored), ("audit", audit), ("output", pii_ingest.output)):
        leaked = sorted(v for v in values if _contains(blob, v))
        assert leaked == [], f"in {where}: {leaked}"
