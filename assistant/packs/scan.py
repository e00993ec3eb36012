"""The privacy scan of a pack's texts, at export and again at import (fail closed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from assistant.core.protocols import Anonymizer
from assistant.packs.errors import PackError
from assistant.privacy_scan import scan_texts


def scan_reasons(anonymizer: Anonymizer, texts: Mapping[str, str]) -> list[str]:
    """Per text with identifiers, a Dutch reason naming the file and the kinds found (never the
    values). A scan that fails is itself a reason: what could not be checked is not shared."""
    reasons: list[str] = []
    for path, text in texts.items():
        try:
            findings = scan_texts(anonymizer, [(path, text)])
        except Exception:  # noqa: BLE001 - fail closed on anything
            reasons.append(f"{path}: de privacycontrole kon dit bestand niet controleren")
            continue
        if findings:
            kinds = Counter(f["entity_type"] for f in findings)
            found = ", ".join(f"{n}× {kind}" for kind, n in sorted(kinds.items()))
            reasons.append(f"{path}: mogelijk identificerende gegevens ({found})")
    return reasons


def require_clean(anonymizer: Anonymizer, texts: Mapping[str, str], message: str) -> None:
    """Raise ``PackError(message, reasons)`` when any text holds an identifier."""
    reasons = scan_reasons(anonymizer, texts)
    if reasons:
        raise PackError(message, reasons)
