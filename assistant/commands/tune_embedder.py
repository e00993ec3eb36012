"""``baken tune-embedder``: synthetic questions for the own index, then a tuned embedder copy.

Opt-in and offline. The questions go to ``DATAMAP/tuning/<collectie>-vragen.jsonl`` one passage
at a time, so the run can be stopped (Ctrl-C) and resumed; the tuned model becomes a new folder
under ``DATAMAP/embedders/``. Baken keeps using its current embedder until IT tests the folder
with ``baken eval --embedder MAP`` and, on GO, sets ``embedder`` to it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.core.errors import BakenError
from assistant.core.schema import Chunk

if TYPE_CHECKING:
    from assistant.app import Baken
    from assistant.config import Settings
    from assistant.tuning.eval_guard import EvalQuestionGuard
    from assistant.tuning.synth import QuestionLog

EXIT_STOPPED = 130


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser(
        "tune-embedder",
        help="stem de embedder af op de eigen documenten (synthetische vragen, daarna training)",
        description="Maakt met het meegeleverde taalmodel vragen bij de tekstdelen van de index "
                    "en traint daarmee een kopie van multilingual-e5-small. Kan de hele nacht "
                    "lopen, is te onderbreken (Ctrl-C) en hervat waar hij was. Er verandert "
                    "niets aan Baken tot u de nieuwe map instelt als 'embedder'.")
    p.add_argument("--sample", type=int, metavar="N",
                   help="alleen vragen voor N tekstdelen (een vaste steekproef; standaard alle)")
    p.add_argument("--questions-per-chunk", type=int, default=2, metavar="N",
                   help="vragen per tekstdeel (standaard 2)")
    p.add_argument("--only-questions", action="store_true",
                   help="alleen vragen maken, niet trainen")
    p.add_argument("--only-train", action="store_true",
                   help="alleen trainen op de vragen die er al zijn")
    p.add_argument("--exclude-questions", type=Path, action="append", default=[],
                   metavar="PAD", help="extra vragenset(s) (JSONL of map) die nooit voor "
                   "training gebruikt mogen worden; eval/questions telt altijd mee")
    p.add_argument("--epochs", type=int, default=1, help="aantal trainingsrondes (standaard 1)")
    p.add_argument("--batch-size", type=int, default=16, help="paren per trainingsstap")
    p.add_argument("--out", type=Path, metavar="MAP",
                   help="map voor de nieuwe embedder (standaard DATAMAP/embedders/...)")
    p.add_argument("--model", type=Path, metavar="GGUF",
                   help="taalmodel voor de vragen (standaard het meegeleverde)")
    common(p)
    p.set_defaults(func=cmd_tune_embedder)


def questions_file(data_dir: Path, collection: str) -> Path:
    return data_dir / "tuning" / f"{collection}-vragen.jsonl"


def default_target(data_dir: Path, collection: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    return data_dir / "embedders" / f"multilingual-e5-small-{collection}-{stamp}"


def _check_args(args: argparse.Namespace) -> str | None:
    if args.only_questions and args.only_train:
        return "Gebruik --only-questions of --only-train, niet allebei."
    for name in ("sample", "questions_per_chunk", "epochs", "batch_size"):
        value = getattr(args, name)
        if value is not None and value < 1:
            return f"--{name.replace('_', '-')} moet minstens 1 zijn."
    if args.batch_size < 2:
        return "--batch-size moet minstens 2 zijn (de andere passages in een stap zijn de " \
               "tegenvoorbeelden)."
    return None


def _bar(desc: str, unit: str, show: bool) -> Callable[[Iterator[Chunk], int], Iterator[Chunk]]:
    from tqdm import tqdm

    def wrap(items: Iterator[Chunk], total: int) -> Iterator[Chunk]:
        return iter(tqdm(items, total=total, desc=desc, unit=unit, disable=not show))

    return wrap


class EmptyIndex(BakenError, RuntimeError):
    """Nothing to make questions for."""

    def __init__(self) -> None:
        super().__init__("de index is leeg; lees eerst documenten in met 'baken ingest'.")


def cmd_tune_embedder(args: argparse.Namespace) -> int:
    from assistant.app import build_baken
    from assistant.config import load_settings
    from assistant.tuning.eval_guard import EvalSetError, default_guard
    from assistant.tuning.synth import QuestionLog
    from assistant.tuning.train import TuneError

    problem = _check_args(args)
    if problem:
        print(f"Fout: {problem}", file=sys.stderr)
        return 2
    say: Callable[[str], None] = (lambda m: print(m, file=sys.stderr, flush=True)) if args.json \
        else (lambda m: print(m, flush=True))
    settings = load_settings(data_dir=args.data_dir, model_path=args.model,
                             collection=args.collection)
    try:
        guard = default_guard(args.exclude_questions)
    except EvalSetError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    log = QuestionLog.open(questions_file(settings.data_dir, settings.collection))
    result: dict[str, Any] = {"questions_file": str(log.path), "eval_questions": len(guard)}
    try:
        if not args.only_train:
            result.update(_make_questions(args, build_baken(settings), log, guard, say))
        if not args.only_questions:
            result.update(_train(args, settings, log, guard, say))
    except (EmptyIndex, TuneError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nOnderbroken. {len(log.records)} tekstdelen met vragen staan in {log.path}; start "
              "hetzelfde commando opnieuw om verder te gaan. Er is geen embedder gewijzigd.",
              file=sys.stderr)
        return EXIT_STOPPED
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    return 0


def _make_questions(args: argparse.Namespace, baken: Baken, log: QuestionLog,
                    guard: EvalQuestionGuard, say: Callable[[str], None]) -> dict[str, Any]:
    """Stage 1: synthetic questions per chunk, appended to ``log`` (resumable)."""
    from assistant.llm import make_llm
    from assistant.tuning.synth import generate, select_chunks

    chunks = select_chunks(baken.store.all_chunks(), args.sample)
    if not chunks:
        raise EmptyIndex
    say(f"Vragen maken voor {len(chunks)} tekstdelen ({len(guard)} evaluatievragen "
        f"worden uitgesloten); tussenstand in {log.path}.")
    counts = generate(chunks, lambda: make_llm(baken.settings), log, guard,
                      per_chunk=args.questions_per_chunk,
                      progress=_bar("Vragen", "tekstdeel", not args.json))
    say(f"Vragen klaar: {counts.passages} tekstdelen nu, {counts.reused} uit een eerdere "
        f"run, {counts.questions} vragen, {counts.refused_eval} geweigerd (lijken op een "
        f"evaluatievraag), {counts.seconds:.0f} s.")
    return {"passages_new": counts.passages, "passages_reused": counts.reused,
            "questions_new": counts.questions, "refused_eval_new": counts.refused_eval,
            "seconds_questions": round(counts.seconds, 1)}


def _train(args: argparse.Namespace, settings: Settings, log: QuestionLog,
           guard: EvalQuestionGuard, say: Callable[[str], None]) -> dict[str, Any]:
    """Stage 2: fine-tune a copy of the bundled embedder on the logged pairs, export it."""
    from tqdm import tqdm

    from assistant.embedder_export import ensure_exported
    from assistant.tuning.train import TrainOptions, fine_tune

    target = (args.out or default_target(settings.data_dir, settings.collection)
              ).absolute()  # the path IT puts in the settings
    pairs = log.pairs()
    say(f"Trainen op {len(pairs)} vraag-passageparen (CPU; dit kan even duren)…")
    options = TrainOptions(epochs=args.epochs, batch_size=args.batch_size,
                           threads=settings.model.n_threads)
    tuned = fine_tune(ensure_exported(), pairs, target, guard, options=options,
                      base_threshold=settings.retrieval.relevance_threshold,
                      progress=lambda n: tqdm(total=n, desc="Trainen", unit="stap",
                                              disable=args.json))
    say(_finished(tuned.folder, tuned.check_before, tuned.check_after,
                  tuned.relevance_threshold))
    return {"folder": str(tuned.folder), "pairs": tuned.pairs, "refused_eval": tuned.refused_eval,
            "steps": tuned.steps, "seconds_train": round(tuned.seconds_train, 1),
            "seconds_export": round(tuned.seconds_export, 1),
            "check_mrr_before": tuned.check_before, "check_mrr_after": tuned.check_after,
            "relevance_threshold": tuned.relevance_threshold}


def _finished(folder: Path, before: float | None, after: float | None,
              threshold: float) -> str:
    check = ""
    if before is not None and after is not None:
        check = (f"Controle op achtergehouden eigen vragen (MRR): {before:.3f} -> {after:.3f}.\n")
    check += (f"Relevantiedrempel voor deze embedder: {threshold:.3f} (staat in de map; geldt "
              "tenzij u relevance_threshold zelf instelt).\n")
    return (f"Nieuwe embedder: {folder}\n{check}"
            "Er is nog niets veranderd. Test hem eerst:\n"
            f"  baken eval --embedder {folder} --corpus MAP --questions VRAGEN.jsonl\n"
            "Alleen bij GO: zet embedder = \"" + str(folder) + "\" in baken.toml en lees de "
            "documenten opnieuw in een nieuwe collectie in (de vectoren van de oude index horen "
            "bij de oude embedder).")

