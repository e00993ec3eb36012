"""Keep evaluation questions out of training: exact match after normalising, and near matches.

A question counts as an evaluation question when its normalised text (lower case, accents and
punctuation removed, single spaces) equals one from a question set, or nearly does: the same
content words in another order or with one or two words changed (word-set overlap), or the
same characters with small edits (difflib ratio).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from assistant.core.errors import BakenError

REPO_QUESTION_SETS = Path(__file__).resolve().parents[2] / "eval" / "questions"
WORD_OVERLAP = 0.7  # Jaccard overlap of the word sets from which two questions count as one
CHAR_RATIO = 0.85  # difflib ratio of the normalised texts from which they count as one
_SMALL_WORDS = frozenset({
    "de", "het", "een", "en", "of", "in", "op", "van", "voor", "met", "aan", "bij", "naar",
    "door", "om", "te", "is", "zijn", "wordt", "worden", "dat", "die", "wat", "wie", "welke",
    "hoe", "waar", "wanneer", "kan", "mag", "moet", "er", "als", "dan", "niet", "ook", "nog",
})


class EvalSetError(BakenError, ValueError):
    """An evaluation question file cannot be read; the message says which and why (Dutch)."""


def normalise(text: str) -> str:
    """Lower case, no accents, letters and digits only, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain).replace("_", " ").split())


def _content_words(normalised: str) -> frozenset[str]:
    return frozenset(w for w in normalised.split() if w not in _SMALL_WORDS)


def _questions_in(path: Path) -> list[str]:
    """The ``question`` of every line of a JSONL question set."""
    out: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"Vragenset {path} is niet te lezen: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise EvalSetError(f"Vragenset {path}, regel {number}: geen geldige JSON.") from exc
        if isinstance(item, dict) and isinstance(item.get("question"), str):
            out.append(item["question"])
    return out


def question_files(paths: Iterable[Path]) -> list[Path]:
    """Every ``*.jsonl`` file in ``paths`` (a folder is searched recursively)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.jsonl")))
        elif path.is_file():
            files.append(path)
        else:
            raise EvalSetError(f"Vragenset {path} bestaat niet.")
    return files


@dataclass
class EvalQuestionGuard:
    """Says whether a text is (nearly) a question from one of the evaluation sets."""

    questions: Sequence[str]
    _exact: set[str] = field(init=False, repr=False)
    _known: list[tuple[str, frozenset[str]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        norm = [normalise(q) for q in self.questions]
        self._exact = {n for n in norm if n}
        self._known = [(n, _content_words(n)) for n in sorted(self._exact)]

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> EvalQuestionGuard:
        return cls([q for f in question_files(paths) for q in _questions_in(f)])

    def __len__(self) -> int:
        return len(self._exact)

    def is_eval_question(self, text: str) -> bool:
        norm = normalise(text)
        if not norm:
            return False
        if norm in self._exact:
            return True
        words = _content_words(norm)
        for known, known_words in self._known:
            if words and known_words:
                overlap = len(words & known_words) / len(words | known_words)
                if overlap >= WORD_OVERLAP:
                    return True
            matcher = SequenceMatcher(None, norm, known, autojunk=False)
            if matcher.real_quick_ratio() >= CHAR_RATIO and matcher.quick_ratio() >= CHAR_RATIO \
                    and matcher.ratio() >= CHAR_RATIO:
                return True
        return False


def default_guard(extra: Iterable[Path] = ()) -> EvalQuestionGuard:
    """The question sets in the repository (``eval/questions``) plus ``extra`` files/folders."""
    sources = [REPO_QUESTION_SETS] if REPO_QUESTION_SETS.is_dir() else []
    return EvalQuestionGuard.from_files([*sources, *extra])
