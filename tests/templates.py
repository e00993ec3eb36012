"""One builder for the small draft templates the tests write: the YAML header (fields and
sections) plus a ``{# sectie id #}`` block per section, in the format of
``prompts/templates/``. Tests that break a template do so with ``str.replace`` on the text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    help: str
    required: bool = False
    missing: str | None = None  # the placeholder text, "[in te vullen: <missing>]"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    instruction: str
    needs: tuple[str, ...] = ()
    model: bool = True


ONDERWERP = Field("onderwerp", "Onderwerp", "Waarover gaat de notitie?", required=True)
KOSTEN = Field("kosten", "Kosten", "Bedrag en dekking.")


def template_text(name: str, title: str, description: str, fields: Sequence[Field],
                  sections: Sequence[Section], *, query: str | None = None) -> str:
    """The text of a template file ``<name>.md``."""
    lines = ["---", f"name: {name}", f"title: {title}", f"description: {description}"]
    if query is not None:
        lines.append(f'query: "{query}"')
    lines.append("fields:")
    for f in fields:
        lines += [f"  - name: {f.name}", f"    label: {f.label}", f"    help: {f.help}"]
        if f.required:
            lines.append("    required: true")
        if f.missing:
            lines.append(f"    missing: {f.missing}")
    lines.append("sections:")
    for s in sections:
        lines += [f"  - id: {s.id}", f"    title: {s.title}"]
        if not s.model:
            lines.append("    model: false")
        if s.needs:
            lines.append(f"    needs: [{', '.join(s.needs)}]")
    lines.append("---")
    for s in sections:
        lines += [f"{{# sectie {s.id} #}}", s.instruction]
    return "\n".join(lines) + "\n"


def notitie(name: str = "notitie", title: str = "Notitie", *,
            description: str = "Een korte notitie van de gemeente.") -> str:
    """A two-section note: an introduction about the subject, and costs that need a field."""
    return template_text(name, title, description, [ONDERWERP, KOSTEN], [
        Section("inleiding", "Inleiding", "Schrijf een inleiding over {{ onderwerp }}."),
        Section("kosten", "Kosten", "Beschrijf de kosten: {{ kosten }}", needs=("kosten",)),
    ])
