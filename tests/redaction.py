"""One text through the real anonymiser, for tests that compare what stays readable."""

from __future__ import annotations

from ingest.anonymize import PresidioAnonymizer


def redacted(anonymizer: PresidioAnonymizer, text: str) -> str:
    """``text`` as it would be stored: every finding replaced by its placeholder."""
    return anonymizer.redact([text]).texts[0]
