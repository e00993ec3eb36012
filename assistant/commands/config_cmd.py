"""``baken config``: the effective settings per section and where each one came from
(standaard, baken.toml, omgeving, opdrachtregel), in a form that can be copied into
``baken.toml``. Secrets are never printed."""

from __future__ import annotations

import argparse
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.config import (
    TOP_LEVEL,
    Settings,
    SettingsError,
    load_settings,
    origins,
    settings_file,
)
from assistant.setting_sections import SECRET, SECTIONS

HIDDEN = "(verborgen)"


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser(
        "config", help="toon de instellingen per sectie en waar elke waarde vandaan komt")
    p.add_argument("--model", type=Path, help="GGUF-modelbestand (zoals bij ask en ui)")
    p.add_argument("--set", dest="values", action="append", default=[], metavar="NAAM=WAARDE",
                   help="een instelling voor deze opdracht, bijv. retrieval.top_k=3 of top_k=3 "
                   "(mag vaker)")
    p.add_argument("--uitleg", action="store_true", help="met een korte uitleg per instelling")
    common(p)
    p.set_defaults(func=cmd_config)


def parse_assignments(items: list[str]) -> dict[str, Any]:
    """``["retrieval.top_k=3", "host=0.0.0.0"]`` as overrides: TOML values, else text."""
    overrides: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise SettingsError(f"'{item}' is geen NAAM=WAARDE (bijv. retrieval.top_k=3).")
        try:
            value: Any = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw.strip()
        section, dot, field = name.partition(".")
        if dot:
            overrides.setdefault(section, {})[field] = value
        else:
            overrides[name] = value
    return overrides


def toml_value(value: Any) -> str:
    """``value`` written as in a TOML file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{k if str(k).isidentifier() else json.dumps(str(k))} = {toml_value(v)}"
                 for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }" if value else "{}"
    return json.dumps(str(value), ensure_ascii=False)


def effective(settings: Settings, found: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every setting by dotted name: value (secrets hidden), origin and description."""
    rows: dict[str, dict[str, Any]] = {}
    for name in TOP_LEVEL:
        info = Settings.model_fields[name]
        rows[name] = {"value": getattr(settings, name), "origin": found[name],
                      "description": info.description}
    for section, model in SECTIONS.items():
        values = getattr(settings, section)
        for field, info in model.model_fields.items():
            value = getattr(values, field)
            if (section, field) in SECRET and value is not None:
                value = HIDDEN
            rows[f"{section}.{field}"] = {"value": value, "origin": found[f"{section}.{field}"],
                                          "description": info.description}
    return rows


def render(rows: dict[str, dict[str, Any]], path: Path | None, explain: bool) -> str:
    """The settings as a commented TOML file, one block per section."""
    lines = [f"# Instellingen van Baken; bestand: {path if path else 'geen (baken.toml)'}",
             "# Herkomst: standaard, baken.toml, omgeving (variabele) of opdrachtregel.", ""]
    current = ""
    for name, row in rows.items():
        section, _, field = name.rpartition(".")
        if section != current:
            lines += ["", f"[{section}]"]
            current = section
        if explain and row["description"]:
            lines.append(f"# {row['description']}")
        value = row["value"]
        text = f"{field} = {toml_value(value)}" if value is not None else f"# {field} = (leeg)"
        lines.append(f"{text:<48} # {row['origin']}")
    return "\n".join(lines)


def cmd_config(args: argparse.Namespace) -> int:
    overrides: dict[str, Any] = {"data_dir": args.data_dir, "collection": args.collection,
                                 "model_path": args.model, **parse_assignments(args.values)}
    settings = load_settings(**overrides)
    rows = effective(settings, origins(**overrides))
    if args.json:
        print(json.dumps({"file": str(settings_file()) if settings_file() else None,
                          "settings": {k: {"value": v["value"], "origin": v["origin"]}
                                       for k, v in rows.items()}},
                         ensure_ascii=False, indent=2, default=str))
    else:
        print(render(rows, settings_file(), args.uitleg))
    return 0
