"""Document type, municipality and year derived for retrieval filters."""

from __future__ import annotations

import pytest

from assistant.core.schema import Document, Section
from ingest.metadata import filter_metadata


def _doc(source_file: str, title: str, text: str = "") -> Document:
    return Document(source_file=source_file, title=title, sections=(Section(text),),
                    content_hash="h")


@pytest.mark.parametrize(("source_file", "title", "expected"), [
    ("gemeentewet-172-176a.md", "Gemeentewet", {"doc_type": "wet"}),
    ("drank-en-horecawet.md", "Drank- en Horecawet", {"doc_type": "wet"}),
    ("apv-almelo-2021.md", "Algemene Plaatselijke Verordening gemeente Almelo 2021",
     {"doc_type": "verordening", "gemeente": "Almelo", "jaar": 2021}),
    ("ivp-land-van-cuijk-2023-2026.md", "Integraal Veiligheidsplan gemeente Land van Cuijk",
     {"doc_type": "beleidsplan", "gemeente": "Land van Cuijk", "jaar": 2023}),
    ("besluit-bibob.md", "Besluit BIBOB", {"doc_type": "besluit"}),
    ("beleidsregel-damocles-barneveld-2024.md", "Damoclesbeleid gemeente Barneveld",
     {"doc_type": "beleidsregel", "gemeente": "Barneveld", "jaar": 2024}),
    ("melding-overlast-fictief.md", "Verslag overlastmelding woning", {"doc_type": "verslag"}),
    ("notities.txt", "Losse aantekeningen", {"doc_type": "overig"}),
])
def test_filter_metadata(source_file: str, title: str, expected: dict) -> None:
    assert filter_metadata(_doc(source_file, title)) == expected
