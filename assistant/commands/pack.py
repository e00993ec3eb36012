"""``baken pack``: export, import, list and remove knowledge packs; show the signing key."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser(
        "pack", help="kennispakketten: sjablonen, vragensets, notities en documenten delen",
        description="Kennispakketten: ondertekende zip-bestanden met sjablonen, vragensets, "
        "praktijknotities en openbare documenten, om te delen met andere gemeenten.")
    sub = p.add_subparsers(dest="pack_command", required=True)

    def meta(q: argparse.ArgumentParser) -> None:
        q.add_argument("--out", type=Path, required=True, metavar="PAKKET.zip")
        q.add_argument("--gemeente", required=True, help="gemeente die het pakket uitgeeft")
        q.add_argument("--licence", default="CC0-1.0",
                       help="licentie: CC0-1.0 (standaard), CC-BY-4.0, CC-BY-SA-4.0, EUPL-1.2")
        q.add_argument("--description", default="", help="korte beschrijving")

    q = sub.add_parser("export", help="schrijf een ondertekend pakket")
    meta(q)
    q.add_argument("--name", required=True, help="naam van het pakket")
    q.add_argument("--template", action="append", default=[], metavar="NAAM|BESTAND",
                   help="sjabloon (naam uit het opstellen of een .md-bestand; mag vaker)")
    q.add_argument("--questions", action="append", default=[], type=Path,
                   metavar="BESTAND.jsonl", help="vragenset (mag vaker)")
    q.add_argument("--note", action="append", default=[], metavar="ID|alle",
                   help="praktijknotitie (nummer, of 'alle'; mag vaker)")
    q.add_argument("--document", action="append", default=[], type=Path, metavar="BESTAND",
                   help="openbaar document dat gedeeld mag worden (mag vaker); wordt "
                   "geanonimiseerd meegegeven")
    common(q)

    q = sub.add_parser("startpakket", help="bouw het landelijk startpakket")
    meta(q)
    q.add_argument("--corpus", type=Path, required=True, metavar="MAP",
                   help="map met openbare wet- en beleidsteksten (bijv. ../shared/corpus/oov-nl)")
    q.add_argument("--questions", action="append", default=[], type=Path,
                   metavar="BESTAND.jsonl",
                   help="vragenset (standaard de OOV-vragensets van Baken; mag vaker)")
    common(q)

    q = sub.add_parser("import", help="controleer en importeer een pakket")
    q.add_argument("pack", type=Path, metavar="PAKKET.zip")
    q.add_argument("--fingerprint", help="vereis deze vingerafdruk van de ondertekenaar")
    q.add_argument("--check", action="store_true",
                   help="alleen controleren en de inhoud tonen, niets importeren")
    common(q)

    q = sub.add_parser("list", help="geïnstalleerde pakketten")
    common(q)
    q = sub.add_parser("remove", help="verwijder een geïnstalleerd pakket helemaal")
    q.add_argument("slug", metavar="PAKKET")
    common(q)
    q = sub.add_parser("key", help="toon de publieke sleutel en vingerafdruk van deze installatie")
    common(q)
    p.set_defaults(func=cmd_pack)


def _say(args: argparse.Namespace) -> Callable[[str], None]:
    return (lambda m: print(m, file=sys.stderr)) if args.json else print


def cmd_pack(args: argparse.Namespace) -> int:
    from assistant.notes import NoteRejected
    from assistant.packs.errors import PackError

    try:
        return int(_COMMANDS[args.pack_command](args))
    except (PackError, NoteRejected) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2


def _baken(args: argparse.Namespace, collection: str | None = None) -> Any:
    from assistant.app import build_baken
    from assistant.config import load_settings

    return build_baken(load_settings(data_dir=args.data_dir,
                                     collection=collection or args.collection))


def _key(args: argparse.Namespace) -> int:
    from assistant.config import load_settings
    from assistant.packs.signing import key_path, load_or_create_key

    data_dir = load_settings(data_dir=args.data_dir).data_dir
    key, created = load_or_create_key(data_dir)
    if args.json:
        print(json.dumps({"public_key": key.public_b64, "fingerprint": key.fingerprint,
                          "created": created, "path": str(key_path(data_dir))}))
        return 0
    if created:
        print(f"Nieuw sleutelpaar gemaakt in {key_path(data_dir)} (alleen voor dit account "
              "leesbaar).")
    print(f"Publieke sleutel (Ed25519): {key.public_b64}")
    print(f"Vingerafdruk: {key.fingerprint}")
    print("Geef deze vingerafdruk via een ander kanaal (telefoon, mail) door aan wie uw "
          "pakketten importeert.")
    return 0


def _templates(baken: Any, names: list[str]) -> list[Any]:
    from assistant.drafting import available_templates
    from assistant.packs.errors import PackError

    found, _ = available_templates(baken.settings)
    out: list[Any] = []
    for name in names:
        if Path(name).suffix == ".md" and Path(name).is_file():
            out.append(Path(name))
        elif name in found:
            out.append(found[name])
        else:
            raise PackError(f"Onbekend sjabloon '{name}' (zie baken draft --list).")
    return out


def _export(args: argparse.Namespace) -> int:
    from assistant.notes import build_notebook
    from assistant.packs.exporter import Selection

    baken = _baken(args)
    book = build_notebook(baken)
    notes = book.list() if "alle" in args.note else [book.get(i) for i in args.note]
    selection = Selection(templates=_templates(baken, args.template),
                          question_sets=args.questions, notes=notes, documents=args.document)
    result = baken.pack_exporter.export(args.out, selection, name=args.name,
                                          municipality=args.gemeente, licence=args.licence,
                                          description=args.description)
    _print_export(args, result)
    return 0


def _print_export(args: argparse.Namespace, result: Any) -> None:
    if args.json:
        print(json.dumps({"out": str(result.out), "slug": result.manifest.slug,
                          "fingerprint": result.manifest.fingerprint,
                          "files": [f.to_json() for f in result.manifest.files],
                          "redactions": result.redactions,
                          "seconds": round(result.seconds, 3)}, ensure_ascii=False))
    else:
        print(result.summary_nl())


def _startpakket(args: argparse.Namespace) -> int:
    from assistant.packs.startpakket import build_startpakket

    baken = _baken(args)
    result = build_startpakket(baken.pack_exporter, args.out, corpus=args.corpus,
                               municipality=args.gemeente, question_sets=args.questions,
                               licence=args.licence, description=args.description)
    _print_export(args, result)
    return 0


def _import(args: argparse.Namespace) -> int:
    from assistant.packs.importer import describe

    baken = _baken(args)
    installer = baken.pack_installer
    say = _say(args)
    manifest, _ = installer.inspect(args.pack, args.fingerprint)
    say(describe(manifest))
    say("Handtekening en SHA-256 van elk bestand kloppen; de privacycontrole vond niets.")
    if args.check:
        return 0
    say(f"Controleer de vingerafdruk met de afzender. Importeren in collectie "
        f"'{baken.settings.collection}' …")
    result = installer.install(args.pack, args.fingerprint)
    if args.json:
        print(json.dumps({"slug": manifest.slug, "status": result.status,
                          "indexed": result.indexed, "unchanged": result.unchanged,
                          "already_present": result.already_present,
                          "removed": result.removed, "documents": result.documents,
                          "fingerprint": manifest.fingerprint,
                          "seconds": round(result.seconds, 3)}, ensure_ascii=False))
    else:
        print(result.summary_nl())
    return 0


def _list(args: argparse.Namespace) -> int:
    from assistant.config import load_settings
    from assistant.packs.registry import installed_packs

    packs = installed_packs(load_settings(data_dir=args.data_dir).data_dir)
    if args.json:
        print(json.dumps([p.to_json() for p in packs], ensure_ascii=False))
        return 0
    if not packs:
        print("Geen pakketten geïnstalleerd.")
    for p in packs:
        m = p.manifest
        print(f"{m.slug}: {m.name} — gemeente {m.municipality}, {m.created}, {m.licence}")
        print(f"    collectie {p.collection}; {m.contents_nl()}")
        print(f"    ondertekend met vingerafdruk {m.fingerprint}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from assistant.config import load_settings
    from assistant.packs.errors import PackError
    from assistant.packs.registry import find_pack

    found = find_pack(load_settings(data_dir=args.data_dir).data_dir, args.slug)
    if found is None:
        raise PackError(f"Er is geen pakket '{args.slug}' geïnstalleerd.")
    removal = _baken(args, found.collection).pack_installer.remove(args.slug)
    print(f"Pakket '{removal.manifest.name}' verwijderd: {len(removal.documents)} notitie(s) "
          "en document(en) uit de index, sjablonen en vragensets van schijf.")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "key": _key, "export": _export, "startpakket": _startpakket, "import": _import,
    "list": _list, "remove": _remove}
