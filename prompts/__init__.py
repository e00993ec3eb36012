"""Dutch prompt templates as data files: a YAML header, then Jinja blocks for each chat role.

A template file ``NAME.md`` has a ``---`` YAML header (name, description, …) followed by
sections introduced by ``{# system #}`` and ``{# user #}`` markers.

The sentence with which Baken refuses ("Dit staat niet in de beschikbare documenten.") lives in
``refusal.txt``: the answer prompts name it as ``{{ refusal }}`` and the assistant reads it as
``REFUSAL``, so the model is told the very sentence that marks an answer as refused.

Text from documents goes into a prompt through the ``bron`` filter (``source_text``) and between
``<bron>…</bron>`` (or ``<citaat>…</citaat>``) delimiters, so that a passage cannot forge the
prompt's own structure: a source of its own (``[3] …``), a closing delimiter or a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

PROMPTS_DIR = Path(__file__).resolve().parent
REFUSAL = (PROMPTS_DIR / "refusal.txt").read_text(encoding="utf-8").strip()
_ROLE_MARK = re.compile(r"^\{#\s*(system|user)\s*#\}\s*$", re.MULTILINE)
_ENV = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
_MARKER = re.compile(r"\[(\s*\d+(?:\s*,\s*\d+)*\s*)\]")
# the words that open a part of the prompts ("Vraag: …", "Bronnen:"), wherever they stand
_PROMPT_WORD = re.compile(r"\b(vervolgvraag|zoekvraag|vraag|bronnen|bron|citaten|citaat|"
                          r"antwoord|opdracht)(\s*):", re.IGNORECASE)


def source_text(text: object) -> str:
    """Text from a document, safe between the prompt's delimiters: ``<``/``>`` become ``‹``/``›``
    (no forged ``</bron>``), a source marker ``[3]`` becomes ``(3)`` (no forged source) and a
    prompt word such as ``Vraag:`` becomes ``"vraag:"`` (no forged question). The words and
    numbers stay, so the checks on the model's answer still find them in the source."""
    out = str(text).replace("<", "‹").replace(">", "›")
    out = _MARKER.sub(lambda m: f"({m.group(1).strip()})", out)
    return _PROMPT_WORD.sub(lambda m: f'"{m.group(1).lower()}:"', out)


_ENV.filters["bron"] = source_text
_ENV.globals["refusal"] = REFUSAL


@dataclass(frozen=True)
class PromptTemplate:
    """A chat prompt: header metadata plus one Jinja template per role."""

    name: str
    header: dict[str, Any]
    roles: dict[str, jinja2.Template]

    def messages(self, **values: Any) -> list[dict[str, str]]:
        return [{"role": role, "content": tpl.render(**values).strip()}
                for role, tpl in self.roles.items()]


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML header and body of a ``---``-fenced file."""
    if not text.startswith("---"):
        return {}, text
    _, header, body = text.split("---", 2)
    return dict(yaml.safe_load(header) or {}), body.lstrip("\n")


def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> PromptTemplate:
    header, body = split_front_matter((folder / f"{name}.md").read_text(encoding="utf-8"))
    parts = _ROLE_MARK.split(body)
    roles = {parts[i]: _ENV.from_string(parts[i + 1]) for i in range(1, len(parts) - 1, 2)}
    return PromptTemplate(name=name, header=header, roles=roles)
