"""``baken eval``: test a candidate model/embedder/settings on question sets; go/no-go exit code.

Exit codes: 0 go, 1 no-go (thresholds failed or personal data found), 2 error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval.feedback import FeedbackError, candidates, read_feedback, write_candidates
from eval.formatting import fmt_delta, fmt_value
from eval.gate import ThresholdError
from eval.harness import EvalError, EvalOptions, EvalOutcome, run_eval
from eval.question_set import QuestionSetError
from eval.report import BaselineError
from eval.runner import FingerprintMismatch
from eval.summary import CATALOGUE

GO, NO_GO, ERROR = 0, 1, 2
_KNOWN_ERRORS = (EvalError, QuestionSetError, ThresholdError, BaselineError, FingerprintMismatch,
                 FeedbackError)


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser(
        "eval", help="evalueer een (kandidaat)model op vragensets: rapport en go/no-go",
        description="Evalueer Baken op vragensets. Exitcode 0 = go, 1 = no-go, 2 = fout.")
    p.add_argument("--questions", type=Path, action="append", default=[],
                   metavar="BESTAND.jsonl",
                   help="vragenset (mag vaker); of de naam van een vragenset uit een "
                   "geïmporteerd kennispakket")
    p.add_argument("--corpus", type=Path, metavar="MAP",
                   help="lees deze map eerst in, in een nieuwe index in de uitvoermap")
    p.add_argument("--model", type=Path, metavar="GGUF", help="kandidaat-taalmodel (GGUF)")
    p.add_argument("--embedder", metavar="PAD",
                   help="kandidaat-embedder: map met een sentence-transformers-model")
    p.add_argument("--out", type=Path, metavar="MAP",
                   help="uitvoermap (standaard eval-out/<modelnaam>); dezelfde map hervat een run")
    p.add_argument("--baseline", type=Path, metavar="RAPPORT.json",
                   help="vergelijk met een eerder report.json")
    p.add_argument("--thresholds", type=Path, metavar="BESTAND",
                   help="drempels (TOML of YAML); standaard eval/thresholds.toml")
    p.add_argument("--limit", type=int, metavar="N", help="alleen de eerste N vragen")
    p.add_argument("--restart", action="store_true",
                   help="gooi eerdere resultaten in de uitvoermap weg en begin opnieuw")
    p.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")
    p.add_argument("--from-feedback", type=Path, metavar="FEEDBACK.jsonl",
                   help="maak kandidaatvragen van duim-omlaag-feedback (geen evaluatie)")
    common(p)
    p.set_defaults(func=cmd_eval)


def _err(message: str) -> None:
    print(f"Fout: {message}", file=sys.stderr)


def _summary_lines(outcome: EvalOutcome) -> list[str]:
    report = outcome.report
    values = report["metrics"]
    model = report["meta"]["model"]
    size_mb = f"{model['size_bytes'] / 1e6:.1f}".replace(".", ",")
    lines = [
        f"Model: {model['name']} ({size_mb} MB, sha256 {model['sha256'][:12]}…)",
        f"Vragen: {values['questions.total']} ({outcome.counts.new} nu uitgevoerd, "
        f"{outcome.counts.reused} hervat uit een eerdere run), "
        f"{values['questions.errors']} met een fout, {values['questions.skipped']} overgeslagen.",
        "Kerncijfers:",
    ]
    deltas = report.get("deltas") or {}
    for key, info in CATALOGUE.items():
        if not info.headline:
            continue
        line = f"  {info.label:<48} {fmt_value(key, values.get(key)):>9}"
        if key in deltas and deltas[key] is not None:
            line += f"  ({fmt_delta(key, deltas[key])} t.o.v. baseline)"
        lines.append(line)
    return lines


def _verdict_lines(outcome: EvalOutcome) -> list[str]:
    gate = outcome.gate
    lines = [f"Let op: {c.message}" for c in gate.unmeasured]
    if gate.passed:
        lines.append("Oordeel: GO — alle drempels gehaald.")
    else:
        failed = gate.failed
        lines.append(f"Oordeel: NO-GO — {len(failed)} "
                     f"{'drempel' if len(failed) == 1 else 'drempels'} niet gehaald:")
        lines.extend(f"  - {c.message}" for c in failed)
    lines.append(f"Rapport: {outcome.html_path} (gegevens: {outcome.json_path})")
    return lines


def _from_feedback(args: argparse.Namespace) -> int:
    from assistant.app import build_baken
    from assistant.config import load_settings

    items = list(read_feedback(args.from_feedback))
    anonymizer = build_baken(load_settings(data_dir=args.data_dir,
                                          collection=args.collection)).anonymizer

    def redact(text: str) -> str:
        return anonymizer.redact([text]).texts[0] if text else text

    rows = candidates(items, redact=redact)
    target = (args.out or Path("eval-out")) / "kandidaatvragen.jsonl"
    count = write_candidates(rows, target)
    print(f"{count} kandidaatvragen uit {len(items)} feedbackregels geschreven naar {target}. "
          "Vul per vraag de vindplaats en answer_facts aan voordat u ze aan een vragenset "
          "toevoegt (zie eval/README.md).")
    return 0


def _question_file(path: Path, data_dir: Path | None) -> Path:
    """``path`` itself, or else a question set of that name from an imported knowledge pack
    (``baken pack list`` shows them): ``--questions oov-nl`` runs a pack's ``oov-nl.jsonl``."""
    if path.exists():
        return path
    from assistant.config import load_settings
    from assistant.packs.registry import question_set_path

    return question_set_path(load_settings(data_dir=data_dir).data_dir, str(path)) or path


def cmd_eval(args: argparse.Namespace) -> int:
    try:
        if args.from_feedback:
            return _from_feedback(args)
        if not args.questions:
            raise EvalError("Geef minstens één vragenset met --questions BESTAND.jsonl.")
        if args.corpus and args.data_dir:
            raise EvalError("Gebruik --corpus of --data-dir, niet allebei.")
        say: Callable[[str], None] = (lambda m: print(m, file=sys.stderr)) if args.json \
            else print
        opts = EvalOptions(
            questions=[_question_file(p, args.data_dir) for p in args.questions],
            data_dir=args.data_dir, corpus=args.corpus,
            model=args.model, embedder=args.embedder, out=args.out, baseline=args.baseline,
            thresholds=args.thresholds, limit=args.limit, restart=args.restart,
            progress=not args.no_progress, collection=args.collection)
        outcome = run_eval(opts, say=say)
    except _KNOWN_ERRORS as exc:
        _err(str(exc))
        return ERROR
    except KeyboardInterrupt:
        print("\nOnderbroken. De afgeronde vragen zijn bewaard; start hetzelfde commando (met "
              "dezelfde --out) opnieuw om verder te gaan.", file=sys.stderr)
        return ERROR
    if args.json:
        report = outcome.report
        print(json.dumps({
            "verdict": report["verdict"], "metrics": report["metrics"],
            "deltas": report["deltas"], "failed": [c.message for c in outcome.gate.failed],
            "report_json": str(outcome.json_path), "report_html": str(outcome.html_path),
            "run": report["meta"]["run"]}, ensure_ascii=False))
    else:
        print("\n".join(_summary_lines(outcome) + _verdict_lines(outcome)))
    return GO if outcome.gate.passed else NO_GO
