"""``baken note``: praktijknotities (add, list, edit, delete) without the UI."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser("note", help="praktijknotities: lessen uit de praktijk",
                              description="Praktijknotities: korte lessen uit de praktijk, "
                              "geanonimiseerd en geciteerd als 'praktijknotitie'. De naam van "
                              "wie schrijft wordt niet gevraagd en niet bewaard.")
    sub = p.add_subparsers(dest="note_command", required=True)

    def content(q: argparse.ArgumentParser, required: bool) -> None:
        q.add_argument("--title", required=required, help="onderwerp van de notitie")
        text = q.add_mutually_exclusive_group(required=required)
        text.add_argument("--text", help="de les zelf")
        text.add_argument("--file", type=Path, help="lees de tekst uit dit bestand (UTF-8)")
        q.add_argument("--team", required=required, help="naam van het team (geen persoon)")
        q.add_argument("--tags", help="trefwoorden, gescheiden door komma's")

    q = sub.add_parser("add", help="nieuwe praktijknotitie")
    content(q, required=True)
    common(q)
    q = sub.add_parser("list", help="alle praktijknotities")
    common(q)
    q = sub.add_parser("edit", help="praktijknotitie wijzigen")
    q.add_argument("id")
    content(q, required=False)
    common(q)
    q = sub.add_parser("delete", help="praktijknotitie verwijderen")
    q.add_argument("id")
    common(q)
    p.set_defaults(func=cmd_note)


def _text(args: argparse.Namespace) -> str | None:
    if getattr(args, "file", None) is not None:
        try:
            return str(args.file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            from assistant.notes import NoteRejected

            raise NoteRejected(f"Het bestand {args.file} kan niet worden gelezen als "
                               "UTF-8-tekst.") from exc
    return getattr(args, "text", None)


def cmd_note(args: argparse.Namespace) -> int:
    from assistant.app import build_baken
    from assistant.config import load_settings
    from assistant.notes import NoteRejected, build_notebook, dutch_date

    baken = build_baken(load_settings(data_dir=args.data_dir, collection=args.collection))
    book = build_notebook(baken)
    try:
        if args.note_command == "add":
            note = book.add(args.title, _text(args) or "", args.team, args.tags)
            print(json.dumps(note.to_json(), ensure_ascii=False) if args.json
                  else f"Praktijknotitie {note.id} opgeslagen en geïndexeerd "
                  f"(geanonimiseerd): {note.title}")
        elif args.note_command == "edit":
            note = book.edit(args.id, topic=args.title, text=_text(args), team=args.team,
                             tags=args.tags)
            print(json.dumps(note.to_json(), ensure_ascii=False) if args.json
                  else f"Praktijknotitie {note.id} gewijzigd: {note.title}")
        elif args.note_command == "delete":
            book.delete(args.id)
            print(f"Praktijknotitie {args.id} verwijderd uit de index.")
        else:
            notes = book.list()
            if args.json:
                print(json.dumps([n.to_json() for n in notes], ensure_ascii=False))
            elif not notes:
                print("Nog geen praktijknotities.")
            for n in notes if not args.json else ():
                tags = f" [{', '.join(n.tags)}]" if n.tags else ""
                print(f"{n.id}  {dutch_date(n.updated)}  {n.team}: {n.topic}{tags}")
    except NoteRejected as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    return 0
