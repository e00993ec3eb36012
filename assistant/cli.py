"""``baken`` command line: a thin shell over the composition root and the Assistant."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.app import Baken, build_baken
from assistant.commands import command_modules
from assistant.config import DEMO_CORPUS_DIR, load_settings
from assistant.core.schema import Answer, RetrievalResult
from assistant.credentials import checked_login
from assistant.filters import search_filters
from assistant.payloads import answer_json, source_json
from assistant.service import EvidenceFound, Finished, SourcesFound, TextDelta
from guardrails.input import QuestionRejected
from ingest.metadata import DOC_TYPES


def model_json(baken: Baken) -> dict[str, Any]:
    """Which model answers: file name and SHA-256 (or the server), and why it is a fallback."""
    from assistant.llm import model_file
    from assistant.llm.bundled import ModelNotAvailable, model_identity

    settings = baken.settings
    if settings.server.llm_base_url:
        return {"model_file": None, "model_sha256": None,
                "model_server": settings.server.llm_base_url}
    try:
        chosen = model_file(settings)
    except ModelNotAvailable as exc:  # said again, as an error, if a question needs the model
        name = settings.model.model_path.name if settings.model.model_path else None
        return {"model_file": name, "model_sha256": None, "model_notice": str(exc)}
    identity = model_identity(chosen.path, settings.data_dir / "cache")
    info: dict[str, Any] = {"model_file": identity["file"], "model_sha256": identity["sha256"]}
    if chosen.fallback_reason:
        info["model_notice"] = chosen.fallback_reason
    return info


def _print_json(payload: Any) -> None:
    print(json.dumps(payload, ensure_ascii=False))


def _read_batch(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _baken(args: argparse.Namespace) -> Baken:
    return build_baken(load_settings(data_dir=getattr(args, "data_dir", None),
                                     model_path=getattr(args, "model", None),
                                     collection=getattr(args, "collection", None)))


def cmd_ingest(args: argparse.Namespace) -> int:
    baken = _baken(args)
    missing = [p for p in args.paths if not p.exists()]
    for p in missing:
        print(f"Let op: {p} bestaat niet en wordt overgeslagen.", file=sys.stderr)
    report = baken.pipeline.run([p for p in args.paths if p.exists()], prune=args.prune,
                                progress=not args.json)
    if args.json:
        _print_json(report.to_json())
    else:
        print(report.summary_nl())
    return 0


def _os_user() -> str | None:
    """The account running the command, for the access log."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def _search_one(baken: Baken, question: str, k: int | None,
                filters: dict[str, str | int]) -> list[dict[str, Any]]:
    result: RetrievalResult
    result, _ = baken.audited_search(question, k, filters, user=_os_user(), via="cli")
    return [source_json(s) for s in result.sources]


def cmd_search(args: argparse.Namespace) -> int:
    baken = _baken(args)
    filters = search_filters(vars(args))
    if args.batch:
        for item in _read_batch(args.batch):
            hits = _search_one(baken, item["question"], args.k, filters)
            _print_json({"id": item.get("id"), "hits": hits})
        return 0
    if not args.question:
        raise QuestionRejected("Geef een vraag of gebruik --batch BESTAND.jsonl.")
    result, warnings = baken.audited_search(args.question, args.k, filters,
                                            user=_os_user(), via="cli")
    if args.json:
        _print_json([source_json(s) for s in result.sources])
        return 0
    for w in warnings:
        print(f"Let op: {w}")
    if not result.relevant:
        print("Niets gevonden dat duidelijk over deze vraag gaat. Misschien relevant:")
    for s in result.sources:
        print(f"[{s.rank}] {s.locator.label()}  (relevantie {s.score:.2f})")
        print("    " + " ".join(s.text.split())[:300])
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    baken = _baken(args)
    model = model_json(baken)
    filters = search_filters(vars(args))
    if args.batch:
        for item in _read_batch(args.batch):
            result = baken.assistant.ask_complete(item["question"], filters=filters)
            _print_json({"id": item.get("id"), **answer_json(result, model)})
        return 0
    if not args.question:
        raise QuestionRejected("Geef een vraag of gebruik --batch BESTAND.jsonl.")
    if args.json:
        _print_json(answer_json(baken.assistant.ask_complete(args.question, filters=filters),
                                model))
        return 0
    if model.get("model_notice"):
        print(f"Let op: {model['model_notice']}", file=sys.stderr)
    print(f"Taalmodel: {model.get('model_file') or model.get('model_server')}", file=sys.stderr)
    answer: Answer | None = None
    for event in baken.assistant.ask(args.question, filters=filters):
        if isinstance(event, SourcesFound):
            for w in event.warnings:
                print(f"Let op: {w}")
        elif isinstance(event, EvidenceFound):
            print(event.markdown.replace("**", ""), end="\n\nAntwoord: ", flush=True)
        elif isinstance(event, TextDelta):
            print(event.text, end="", flush=True)
        elif isinstance(event, Finished):
            answer = event.answer
    print()
    if answer is not None:
        title = "Misschien relevant:" if answer.refused else "Bronnen:"
        print(title)
        for s in answer.sources:
            print(f"[{s.rank}] {s.locator.label()}")
        for w in answer.warnings:
            print(f"Waarschuwing: {w}")
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    from assistant.ui.app import launch

    settings = load_settings(data_dir=args.data_dir, model_path=args.model, host=args.host,
                             port=args.port)
    checked_login(settings)  # LoginRequired: "Fout: …" (Dutch), exit status 2, via main()
    baken = build_baken(settings)
    if args.demo and baken.store.count() == 0:
        print("Eerste start: het demonstratiecorpus wordt ingelezen…", flush=True)
        print(baken.pipeline.run([DEMO_CORPUS_DIR]).summary_nl(), flush=True)
    try:
        launch(baken)
    except OSError as exc:
        if "port" not in str(exc).lower():
            raise
        print(f"Fout: poort {settings.ui.port} op {settings.ui.host} is al in gebruik "
              "(draait Baken al?). Kies een andere poort met --port of BAKEN_PORT.",
              file=sys.stderr)
        return 2
    return 0


def cmd_privacy_scan(args: argparse.Namespace) -> int:
    from assistant.privacy_scan import scan_store

    baken = _baken(args)
    findings = scan_store(baken.anonymizer, baken.store)
    if args.json:
        _print_json({"chunks_scanned": baken.store.count(), "findings": findings})
    elif findings:
        print(f"{len(findings)} mogelijk identificerende gegevens gevonden in de index:")
        for f in findings:
            print(f"- {f['id']} ({f['field']}): {f['entity_type']}")
    else:
        print(f"Geen identificerende gegevens gevonden in {baken.store.count()} tekstdelen.")
    return 1 if findings else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="baken", description="Baken: lokale OOV-assistent.")
    sub = parser.add_subparsers(dest="command", required=True)

    def filters(p: argparse.ArgumentParser) -> None:
        p.add_argument("--type", dest="doc_type", choices=DOC_TYPES,
                       help="alleen documenten van dit soort")
        p.add_argument("--gemeente", help="alleen documenten van deze gemeente")
        p.add_argument("--jaar", type=int, help="alleen documenten uit dit jaar")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", type=Path,
                       help="map met de index (standaard uit de instellingen)")
        p.add_argument("--json", action="store_true", help="uitvoer als JSON")
        p.add_argument("--collection", help="collectie (standaard uit de instellingen)")

    p = sub.add_parser("ingest", help="documenten inlezen, anonimiseren en indexeren")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--prune", action="store_true",
                   help="verwijder uit de index wat niet meer in de opgegeven mappen staat")
    common(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="zoek passages (zonder taalmodel)")
    p.add_argument("question", nargs="?")
    p.add_argument("-k", type=int, default=None, help="aantal resultaten")
    p.add_argument("--batch", type=Path, help="vragenbestand (JSONL)")
    filters(p)
    common(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="stel een vraag; antwoord met bronnen")
    p.add_argument("question", nargs="?")
    p.add_argument("--model", type=Path, help="GGUF-modelbestand")
    p.add_argument("--batch", type=Path, help="vragenbestand (JSONL)")
    filters(p)
    common(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("ui", help="start de chat in de browser")
    p.add_argument("--data-dir", type=Path)
    p.add_argument("--model", type=Path)
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--demo", action="store_true",
                   help="lees bij een lege index eerst het demonstratiecorpus in")
    p.set_defaults(func=cmd_ui)

    p = sub.add_parser("privacy-scan", help="controleer de index op identificerende gegevens")
    common(p)
    p.set_defaults(func=cmd_privacy_scan)

    for module in command_modules():
        module.register(sub, common)
    return parser


# Commands whose output is meant for others (a model, an exported embedder, eval reports);
# every other command works in the data folder, and what it creates there is private.
SHARED_OUTPUT_COMMANDS = frozenset({"install-model", "export-embedder", "eval"})


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command not in SHARED_OUTPUT_COMMANDS:
        from assistant.core.private_files import restrict_umask

        restrict_umask()  # folders 0700, files 0600 (originals, audit, uploads, index)
    try:
        return int(args.func(args))
    except QuestionRejected as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - users get a Dutch message, not a traceback
        from assistant.errors import dutch_error

        print(f"Fout: {dutch_error(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
