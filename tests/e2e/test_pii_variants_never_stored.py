"""Generated identifier variants are gone after a real ingest: store, audit and command output.

Three or four documents per type (fixed seed) from ``tests/pii_variants.py`` - Dutch
sentences with identifiers in the notations people use, written without sight of the
recognisers - go through the real CLI (Presidio + deduce, the bundled embedder, Chroma; one run
shared with the annotated set, ``pii_ingest`` in tests/e2e/conftest.py). Then every stored id,
chunk and metadata value, every line of the ingest audit and every line of the command's output
is searched for every generated value, also with its separators changed
(``leaks(..., fragments=False)``: the value's core standing on its own, so a hash or timestamp
cannot match it by chance).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import VARIANTS_PER_TYPE, PiiIngest, variant_file, variants
from tests.pii_variants import LABELS, Variant, leaks

pytestmark = pytest.mark.e2e


def _leaked(generated: list[Variant], pieces: list[str]) -> list[tuple[str, str]]:
    return sorted({(v.label, v.value) for v in generated for piece in pieces
                   if leaks(v, piece, fragments=False)})


def test_no_generated_value_reaches_the_store_the_audit_or_the_output(
        pii_ingest: PiiIngest) -> None:
    generated = variants()
    assert len(generated) == sum(VARIANTS_PER_TYPE.values())
    assert {v.label for v in generated} == set(LABELS)  # every type is in the test
    names = {variant_file(i, v) for i, v in enumerate(generated)}
    assert names <= set(pii_ingest.stored)  # every document was indexed
    assert any("[PERSOON-" in s for s in pii_ingest.stored)

    output = pii_ingest.output.splitlines()
    leaked = {where: found for where, pieces in (("store", pii_ingest.stored),
                                                 ("audit", pii_ingest.audit),
                                                 ("output", output))
              if (found := _leaked(generated, pieces))}
    assert leaked == {}
