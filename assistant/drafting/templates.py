"""Document templates as data files: a YAML header plus one Jinja block per section.

A template ``NAME.md`` has a ``---`` YAML header with ``name``, ``title``, ``description``, an
optional retrieval ``query`` (Jinja over the fields), ``fields`` (name, label, help, required,
multiline, missing) and ``sections`` (id, title, needs, query, model). The body holds one block per
section, introduced by ``{# sectie ID #}``: the instruction for the model, or for a section with
``model: false`` the fixed text itself. Files whose name starts with ``_`` are not templates.

Bundled templates live in ``prompts/templates/``; a municipality adds its own by placing files in
the folder named by the ``templates_dir`` setting (same name = replaces the bundled one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import yaml

from assistant.core.errors import BakenError
from prompts import PROMPTS_DIR, split_front_matter

BUNDLED_TEMPLATES_DIR = PROMPTS_DIR / "templates"
MAX_FIELDS = 16
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
_BLOCK_MARK = re.compile(r"^\{#\s*sectie\s+([^\s#]+)\s*#\}\s*$", re.MULTILINE)
_MODEL_MARK = re.compile(r"^\{#\s*opdracht\s*#\}\s*$", re.MULTILINE)
_ENV = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


class TemplateError(BakenError, ValueError):
    """A template file is unusable; the message is Dutch and names the problems."""


@dataclass(frozen=True)
class TemplateField:
    """One form field of a template."""

    name: str
    label: str
    help: str
    required: bool = False
    multiline: bool = False
    missing: str = ""  # text for the "[in te vullen: …]" placeholder; default: the label

    @property
    def placeholder(self) -> str:
        return f"[in te vullen: {self.missing or self.label.split('(')[0].strip().lower()}]"


@dataclass(frozen=True)
class TemplateSection:
    """One section of the document: fixed text with fields (written by code), and/or text the
    model writes from the sources (``model=True``, the block after ``{# opdracht #}``)."""

    id: str
    title: str
    instruction: str  # Jinja source of the model's instruction ("" when code writes it all)
    needs: tuple[str, ...] = ()
    query: str = ""  # extra retrieval query for this section (Jinja over the fields)
    model: bool = True
    fixed: str = ""  # Jinja source of the fixed text, shown as written with the user's fields


@dataclass(frozen=True)
class DraftTemplate:
    """A validated template."""

    name: str
    title: str
    description: str
    fields: tuple[TemplateField, ...]
    sections: tuple[TemplateSection, ...]
    query: str = ""
    path: Path | None = None
    subject: str = ""  # Jinja over the fields: the subject in the title (default: onderwerp)

    def field(self, name: str) -> TemplateField:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def context(self, values: Mapping[str, str]) -> dict[str, str]:
        """Jinja context: each field's value, or its "[in te vullen: …]" placeholder when empty."""
        return {f.name: (values.get(f.name) or "").strip() or f.placeholder for f in self.fields}

    def render(self, source: str, values: Mapping[str, str], *, placeholders: bool = True) -> str:
        """Render a Jinja snippet of this template with the field values."""
        if placeholders:
            context = self.context(values)
        else:
            context = {f.name: (values.get(f.name) or "").strip() for f in self.fields}
        return _ENV.from_string(source).render(**context).strip()


def _problems_in_jinja(source: str, known: set[str], where: str) -> list[str]:
    try:
        names = jinja2.meta.find_undeclared_variables(_ENV.parse(source))
    except jinja2.TemplateSyntaxError as exc:
        return [f"{where}: Jinja-fout op regel {exc.lineno}: {exc.message}"]
    return [f"{where}: onbekend veld '{name}'" for name in sorted(names - known)]


def _split_blocks(body: str) -> tuple[dict[str, str], list[str]]:
    parts = _BLOCK_MARK.split(body)
    blocks: dict[str, str] = {}
    problems: list[str] = []
    if parts[0].strip():
        problems.append("tekst vóór het eerste '{# sectie … #}'-blok")
    for i in range(1, len(parts) - 1, 2):
        if parts[i] in blocks:
            problems.append(f"blok '{parts[i]}' komt twee keer voor")
        blocks[parts[i]] = parts[i + 1].strip()
    return blocks, problems


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def _parse_fields(raw: Any, problems: list[str]) -> list[TemplateField]:
    if not isinstance(raw, list) or not raw:
        problems.append("'fields' moet een niet-lege lijst zijn")
        return []
    if len(raw) > MAX_FIELDS:
        problems.append(f"te veel velden ({len(raw)}); het maximum is {MAX_FIELDS}")
    fields: list[TemplateField] = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(f"veld {i} is geen object met name/label/help")
            continue
        name, label = _text(item.get("name")), _text(item.get("label"))
        help_ = _text(item.get("help"))
        if not _IDENT.match(name):
            problems.append(f"veld {i}: naam '{name}' mag alleen kleine letters, cijfers en _ "
                            "bevatten")
        if not label or not help_:
            problems.append(f"veld '{name}': 'label' en 'help' zijn verplicht")
        if name in {f.name for f in fields}:
            problems.append(f"veld '{name}' komt twee keer voor")
        fields.append(TemplateField(
            name=name, label=label, help=help_, required=bool(item.get("required", False)),
            multiline=bool(item.get("multiline", False)), missing=_text(item.get("missing")),
        ))
    return fields


def _parse_sections(raw: Any, blocks: dict[str, str], known: set[str],
                    problems: list[str]) -> list[TemplateSection]:
    if not isinstance(raw, list) or not raw:
        problems.append("'sections' moet een niet-lege lijst zijn")
        return []
    sections: list[TemplateSection] = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(f"sectie {i} is geen object met id/title")
            continue
        sid, title = _text(item.get("id")), _text(item.get("title"))
        if not _IDENT.match(sid):
            problems.append(f"sectie {i}: id '{sid}' moet uit kleine letters, cijfers en _ bestaan")
        if not title:
            problems.append(f"sectie '{sid}': 'title' ontbreekt")
        if sid in {s.id for s in sections} or title in {s.title for s in sections}:
            problems.append(f"sectie '{sid or title}' komt twee keer voor")
        needs = _names(item.get("needs"))
        problems.extend(f"sectie '{sid}': 'needs' noemt onbekend veld '{n}'"
                        for n in needs if n not in known)
        query = _text(item.get("query"))
        problems.extend(_problems_in_jinja(query, known, f"sectie '{sid}' (query)"))
        if sid not in blocks:
            problems.append(f"sectie '{sid}': blok '{{# sectie {sid} #}}' ontbreekt")
        else:
            problems.extend(_problems_in_jinja(blocks[sid], known, f"sectie '{sid}'"))
        model = bool(item.get("model", True))
        fixed, instruction = _fixed_and_instruction(blocks.get(sid, ""), model)
        sections.append(TemplateSection(
            id=sid, title=title, instruction=instruction, needs=needs, query=query,
            model=model, fixed=fixed,
        ))
    ids = {s.id for s in sections}
    problems.extend(f"blok '{b}' hoort bij geen enkele sectie" for b in blocks if b not in ids)
    return sections


def _fixed_and_instruction(block: str, model: bool) -> tuple[str, str]:
    """Split a section block into its fixed text and the model's instruction.

    ``model: false``: the whole block is fixed text. Otherwise the text before a
    ``{# opdracht #}`` line is fixed and the text after it the instruction; without that line
    the whole block is the instruction (the format of templates written before this split).
    """
    if not model:
        return block, ""
    parts = _MODEL_MARK.split(block, maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1].strip()
    return "", block


def parse_template(text: str, name: str, path: Path | None = None) -> DraftTemplate:
    """Parse and validate a template's text; raises ``TemplateError`` listing every problem."""
    try:
        header, body = split_front_matter(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise TemplateError(f"Sjabloon '{name}': de YAML-kop is ongeldig ({exc}).") from None
    problems: list[str] = []
    if not header:
        problems.append("de YAML-kop tussen '---'-regels ontbreekt")
    if header.get("name") != name:
        problems.append(f"'name' moet gelijk zijn aan de bestandsnaam ('{name}')")
    if not _NAME.match(name):
        problems.append("de bestandsnaam mag alleen kleine letters, cijfers en '-' bevatten")
    title, description = _text(header.get("title")), _text(header.get("description"))
    if not title or not description:
        problems.append("'title' en 'description' zijn verplicht")
    fields = _parse_fields(header.get("fields"), problems)
    known = {f.name for f in fields}
    blocks, block_problems = _split_blocks(body)
    problems.extend(block_problems)
    sections = _parse_sections(header.get("sections"), blocks, known, problems)
    query = _text(header.get("query"))
    problems.extend(_problems_in_jinja(query, known, "query"))
    subject = _text(header.get("subject")) or next(
        (f"{{{{ {n} }}}}" for n in ("onderwerp", "thema") if n in known), "")
    problems.extend(_problems_in_jinja(subject, known, "subject"))
    if problems:
        raise TemplateError(f"Sjabloon '{name}' is ongeldig: " + "; ".join(problems) + ".")
    return DraftTemplate(name=name, title=title, description=description, fields=tuple(fields),
                         sections=tuple(sections), query=query, path=path, subject=subject)


def load_template(path: Path) -> DraftTemplate:
    """Read and validate one template file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"Sjabloon {path.name} is niet te lezen ({exc}).") from None
    return parse_template(text, path.stem, path)


def template_files(folder: Path) -> list[Path]:
    """Template files in ``folder`` (``*.md``, not starting with ``_``), sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if p.is_file() and not p.name.startswith("_"))


def load_templates(folders: Iterable[Path | None]) -> tuple[dict[str, DraftTemplate], list[str]]:
    """All valid templates from ``folders`` (later folders replace earlier ones by name).

    Returns the templates by name and the Dutch problems of files that were skipped.
    """
    templates: dict[str, DraftTemplate] = {}
    problems: list[str] = []
    for folder in folders:
        if folder is None:
            continue
        if not folder.is_dir():
            problems.append(f"De sjablonenmap {folder} bestaat niet.")
            continue
        for path in template_files(folder):
            try:
                templates[path.stem] = load_template(path)
            except TemplateError as exc:
                problems.append(str(exc))
    return templates, problems
