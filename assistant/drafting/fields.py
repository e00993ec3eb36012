"""Field values pass the same anonymisation as questions before anything uses them.

Placeholders the user already typed (``[PERSOON-1]``) are kept; identifiers found elsewhere get
new placeholders numbered after the existing ones, so two different people never share one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.core.errors import BakenError
from assistant.core.protocols import Anonymizer
from assistant.drafting.templates import DraftTemplate

_ANON_PLACEHOLDER = re.compile(r"\[([A-Z]+)-(\d+)\]")


class DraftRejected(BakenError, ValueError):
    """The input cannot be drafted; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class GuardedFields:
    """Anonymised field values (empty fields left out) and Dutch warnings per field."""

    values: dict[str, str]
    warnings: tuple[str, ...]
    found_types: tuple[str, ...]


def _check_input(template: DraftTemplate, values: Mapping[str, str], max_chars: int) -> None:
    unknown = sorted(set(values) - set(template.field_names))
    if unknown:
        raise DraftRejected(
            f"Onbekend veld voor sjabloon '{template.name}': {', '.join(unknown)}. "
            f"Bekende velden: {', '.join(template.field_names)}.")
    for f in template.fields:
        value = (values.get(f.name) or "").strip()
        if f.required and not value:
            raise DraftRejected(f"Vul het veld '{f.label}' in; dat is verplicht.")
        if len(value) > max_chars:
            raise DraftRejected(
                f"Het veld '{f.label}' is {len(value)} tekens lang; het maximum is {max_chars}.")


def anonymise_fields(template: DraftTemplate, values: Mapping[str, str], anonymizer: Anonymizer,
                     max_chars: int = 2000) -> GuardedFields:
    """Validate field values and replace identifiers in them; raises ``DraftRejected``."""
    _check_input(template, values, max_chars)
    filled = {f.name: (values.get(f.name) or "").strip() for f in template.fields}
    filled = {name: value for name, value in filled.items() if value}
    offsets: dict[str, int] = {}
    pieces: dict[str, list[str]] = {}
    for name, value in filled.items():
        for label, number in _ANON_PLACEHOLDER.findall(value):
            offsets[label] = max(offsets.get(label, 0), int(number))
        pieces[name] = _ANON_PLACEHOLDER.split(value)
    # split() yields text, label, number, text, …: only the text parts go to the anonymiser
    segments = [(name, i) for name, parts in pieces.items() for i in range(0, len(parts), 3)]
    redaction = anonymizer.redact([pieces[name][i] for name, i in segments])

    def renumber(m: re.Match[str]) -> str:
        return f"[{m.group(1)}-{int(m.group(2)) + offsets.get(m.group(1), 0)}]"

    new_labels: dict[str, set[str]] = {}
    for (name, i), text in zip(segments, redaction.texts, strict=True):
        if text != pieces[name][i]:
            new_labels.setdefault(name, set()).update(
                m.group(1) for m in _ANON_PLACEHOLDER.finditer(text))
        pieces[name][i] = _ANON_PLACEHOLDER.sub(renumber, text)
    result: dict[str, str] = {}
    warnings: list[str] = []
    found: set[str] = set()
    for name, parts in pieces.items():
        rebuilt = "".join(parts[i] if i % 3 == 0 else (f"[{parts[i]}-" if i % 3 == 1 else
                                                        f"{parts[i]}]")
                          for i in range(len(parts)))
        result[name] = rebuilt
        if rebuilt != filled[name]:
            labels = sorted(new_labels.get(name, set()))
            found.update(labels)
            kinds = f" ({', '.join(labels)})" if labels else ""
            warnings.append(
                f"Het veld '{template.field(name).label}' bevatte gegevens die naar een persoon "
                f"of object kunnen herleiden{kinds}. Die zijn vervangen door neutrale aanduidingen "
                "zoals [PERSOON-1]; vul de echte gegevens pas in het definitieve document in.")
    return GuardedFields(values=result, warnings=tuple(warnings), found_types=tuple(sorted(found)))
