"""``baken draft``: write a concept document from a template without the UI."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.config import load_settings


def _parse_fields(items: list[str]) -> dict[str, str]:
    from assistant.drafting import DraftRejected

    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise DraftRejected(f"Ongeldige --field '{item}': gebruik NAAM=WAARDE.")
        values[name.strip()] = value
    return values


def _print_list(templates: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps([
            {"name": t.name, "title": t.title, "description": t.description,
             "source": str(t.path) if t.path else None,
             "fields": [{"name": f.name, "label": f.label, "help": f.help,
                         "required": f.required} for f in t.fields],
             "sections": [s.title for s in t.sections]}
            for t in templates.values()], ensure_ascii=False))
        return
    for t in templates.values():
        print(f"{t.name:32} {t.title}")
        print(f"{'':32} velden: {', '.join(f.name for f in t.fields)}")


def cmd_draft(args: argparse.Namespace) -> int:
    from assistant.app import build_baken
    from assistant.drafting import (
        DraftRejected,
        available_templates,
        draft_json,
        to_markdown,
        write_draft,
    )
    from assistant.drafting.result import DraftFinished, SectionStarted

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    settings = load_settings(data_dir=args.data_dir, model_path=args.model,
                             collection=args.collection)
    templates, problems = available_templates(settings)
    for problem in problems:
        print(f"Let op: {problem}", file=sys.stderr)
    if args.list:
        _print_list(templates, args.json)
        return 0
    try:
        if not args.template:
            raise DraftRejected("Geef een sjabloon op, of gebruik --list voor de lijst.")
        if args.template not in templates:
            raise DraftRejected(f"Onbekend sjabloon '{args.template}'. Beschikbaar: "
                                f"{', '.join(templates)}.")
        if args.out is not None and args.out.suffix.lower() not in {".docx", ".md", ".markdown"}:
            raise DraftRejected(f"Onbekend uitvoerformaat '{args.out.suffix}': kies .docx of .md.")
        template = templates[args.template]
        values = _parse_fields(args.field)
        unknown = sorted(set(values) - set(template.field_names))
        if unknown:
            raise DraftRejected(f"Onbekend veld voor '{template.name}': {', '.join(unknown)}. "
                                f"Bekende velden: {', '.join(template.field_names)}.")
        drafter = build_baken(settings).drafter
        draft = None
        for event in drafter.stream(template, values, tuple(args.source)):
            if isinstance(event, SectionStarted):
                progress(f"Onderdeel {event.index + 1}/{len(template.sections)}: {event.title}")
            elif isinstance(event, DraftFinished):
                draft = event.draft
    except DraftRejected as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    assert draft is not None
    if args.out is not None:
        write_draft(draft, args.out)
        progress(f"Concept opgeslagen in {args.out}")
    if args.json:
        print(json.dumps(draft_json(draft), ensure_ascii=False))
    elif args.out is None:
        print(to_markdown(draft))
    else:
        for warning in draft.warnings:
            progress(f"Let op: {warning}")
    return 0


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser(
        "draft", help="stel een concept op vanuit een sjabloon (collegevoorstel, brief …)",
        description="Stelt een concept op: zoekt bronnen, schrijft elk onderdeel en markeert "
        "het als CONCEPT. Gebruik --list voor de beschikbare sjablonen.")
    p.add_argument("template", nargs="?", help="naam van het sjabloon, bijv. collegevoorstel")
    p.add_argument("--field", action="append", default=[], metavar="NAAM=WAARDE",
                   help="waarde voor een veld van het sjabloon (herhaalbaar)")
    p.add_argument("--source", action="append", default=[], metavar="BESTAND",
                   help="gebruik alleen dit geïndexeerde bronbestand (herhaalbaar)")
    p.add_argument("--model", type=Path, help="GGUF-modelbestand")
    p.add_argument("--out", type=Path, help="schrijf het concept naar BESTAND.docx of BESTAND.md")
    p.add_argument("--list", action="store_true", help="toon de beschikbare sjablonen")
    common(p)
    p.set_defaults(func=cmd_draft)
