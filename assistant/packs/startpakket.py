"""The "landelijk startpakket": the pack a new municipality imports on its first day.

Baken's own templates (``prompts/templates``), its OOV question sets (``eval/questions``) and a
folder of public law and policy texts (e.g. ``../shared/corpus/oov-nl``), exported and signed
like any other pack. Nothing here is needed at run time: the corpus folder is an argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.drafting.templates import BUNDLED_TEMPLATES_DIR, template_files
from assistant.packs.errors import PackError
from assistant.packs.exporter import ExportResult, PackExporter, Selection
from ingest.loaders import SUPPORTED_SUFFIXES

NAME = "Landelijk startpakket"
QUESTIONS_DIR = Path(__file__).resolve().parents[2] / "eval" / "questions"
DEFAULT_QUESTION_SETS = ("oov-nl.jsonl", "oov-nl-heldout.jsonl")
DESCRIPTION = ("Baken's sjablonen, de OOV-vragensets en openbare wet- en beleidsteksten "
               "(wetten, APV's, beleidsregels, aanwijzingen) voor de eerste dag.")


def corpus_files(corpus: Path) -> list[Path]:
    """The documents of a corpus folder (top level, supported types, no notes such as
    SOURCES.md in capitals)."""
    if not corpus.is_dir():
        raise PackError(f"De corpusmap {corpus} bestaat niet.")
    return sorted(p for p in corpus.iterdir()
                  if p.is_file() and not p.is_symlink() and p.suffix.lower() in SUPPORTED_SUFFIXES
                  and not p.name.startswith((".", "_")) and not p.stem.isupper())


def build_startpakket(exporter: PackExporter, out: Path, *, corpus: Path, municipality: str,
                      question_sets: Sequence[Path] = (), licence: str = "CC0-1.0",
                      description: str = "") -> ExportResult:
    sets = list(question_sets) or [QUESTIONS_DIR / n for n in DEFAULT_QUESTION_SETS]
    selection = Selection(templates=template_files(BUNDLED_TEMPLATES_DIR), question_sets=sets,
                          documents=corpus_files(corpus))
    return exporter.export(out, selection, name=NAME, municipality=municipality,
                           licence=licence, description=description or DESCRIPTION)
