"""Dutch prompt templates as data files: a YAML header, then Jinja blocks for each chat role.

A template file ``NAME.md`` has a ``---`` YAML header (name, description, …) followed by
sections introduced by ``{# system #}`` and ``{# user #}`` markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

PROMPTS_DIR = Path(__file__).resolve().parent
_ROLE_MARK = re.compile(r"^\{#\s*(system|user)\s*#\}\s*$", re.MULTILINE)
_ENV = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


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
