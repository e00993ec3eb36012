"""Taalcheck: Dutch spelling by a real Hunspell dictionary, sentence structure by a capable model.

Spelling uses the Debian ``hunspell-nl`` dictionary through spylls (pure-Python Hunspell) plus a
word list with OOV vocabulary. Placeholders (``[PERSOON-1]``, ``[in te vullen: …]``), numbers,
article numbers, abbreviations in capitals, web and e-mail addresses are never flagged. With a
real model configured, the model proposes better sentences; each proposal is a ``Correction``
the user accepts or not. Pasted text is anonymised first, like a question.
"""

from __future__ import annotations

import difflib
import html
import re
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.core.errors import BakenError
from assistant.core.protocols import Anonymizer, LLMBackend
from prompts import load_prompt

WORDLIST = Path(__file__).resolve().parent / "drafting" / "woordenlijst.txt"
SYSTEM_DICTIONARIES = (
    Path("/usr/share/hunspell/nl"), Path("/usr/share/hunspell/nl_NL"),
    Path("/usr/share/myspell/dicts/nl"), Path("/usr/share/myspell/nl_NL"),
)
_PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts" / "templates"
_TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)
_SKIP_SPANS = re.compile(r"\[[^\]\n]*\]|https?://\S+|www\.\S+|\S+@\S+\.\S+")
_SUGGEST_LETTERS = "enitsaoldgkupmchbvjwfzyxqrëïéèöêüç'"
_BLOCK = re.compile(
    r"ORIGINEEL:\s*(?P<orig>.+?)\s*\n\s*VOORSTEL:\s*(?P<new>.+?)\s*"
    r"(?:\n\s*REDEN:\s*(?P<reason>.+?))?\s*(?=\n\s*ORIGINEEL:|\Z)",
    re.DOTALL,
)
_QUOTES = "\"'“”„‘’«»"


class TaalcheckUnavailable(BakenError, RuntimeError):
    """No Dutch dictionary or spelling library; the message says in Dutch how to fix it."""


class TextRejected(BakenError, ValueError):
    """The text cannot be checked (empty, too long); the message is Dutch."""


@dataclass(frozen=True)
class Correction:
    """A proposed change to ``text[start:end]``; the user accepts each one separately."""

    start: int
    end: int
    original: str
    replacement: str  # "" when there is no suggestion
    kind: str  # "spelling" or "zinsbouw"
    reason: str = ""
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaalcheckResult:
    """The (anonymised) text that was checked, the corrections in text order, Dutch warnings."""

    text: str
    corrections: tuple[Correction, ...]
    warnings: tuple[str, ...]
    structure_checked: bool

    @property
    def spelling(self) -> tuple[Correction, ...]:
        return tuple(c for c in self.corrections if c.kind == "spelling")

    @property
    def structure(self) -> tuple[Correction, ...]:
        return tuple(c for c in self.corrections if c.kind == "zinsbouw")


def find_dictionary(configured: Path | None = None) -> Path:
    """The Hunspell dictionary (path without extension); raises ``TaalcheckUnavailable``."""
    candidates = (configured,) if configured is not None else SYSTEM_DICTIONARIES
    for base in candidates:
        if base is not None and base.with_suffix(".dic").is_file() \
                and base.with_suffix(".aff").is_file():
            return base
    where = configured or SYSTEM_DICTIONARIES[0]
    raise TaalcheckUnavailable(
        f"Het Nederlandse woordenboek ({where}.dic/.aff) ontbreekt. Installeer het Debian-pakket "
        "hunspell-nl ('make system-deps') of stel taalcheck_dictionary in.")


def read_wordlist(path: Path) -> set[str]:
    """Words from a list file: one per line, ``#`` starts a comment line."""
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.add(word)
    return words


class SpellChecker:
    """Hunspell spelling for Dutch with an extra word list and a cheap compound rule."""

    def __init__(self, dictionary: Path, extra_words: Iterable[str] = ()) -> None:
        try:
            from spylls.hunspell import Dictionary
        except ImportError:
            raise TaalcheckUnavailable(
                "De spellingcontrole heeft het pakket 'spylls' nodig; voer 'make install' uit."
            ) from None
        with warnings.catch_warnings():  # spylls leaves its files open (ResourceWarning)
            warnings.simplefilter("ignore", ResourceWarning)
            self._dict: Any = Dictionary.from_files(str(dictionary))
        self._extra = set(extra_words)
        self._extra_lower = {w.lower() for w in self._extra if w == w.lower()}
        self._known: dict[str, bool] = {}
        self._lock = threading.Lock()
        self._letters = "".join(c for c in _SUGGEST_LETTERS if c in (self._dict.aff.TRY or "")
                                or c == "'") or _SUGGEST_LETTERS

    def _listed(self, word: str) -> bool:
        return word in self._extra or word.lower() in self._extra_lower

    def _simple(self, word: str) -> bool:
        """A dictionary word or a derived form, without compounding (fast)."""
        return any(self._dict.lookuper.good_forms(word, capitalization=False,
                                                   allow_nosuggest=False, compound_forms=False))

    def _compound(self, word: str) -> bool:
        """Two known parts, optionally joined by a linking 's' ('raads|informatiebrief')."""
        lower = word.lower()
        for cut in range(4, len(lower) - 3):
            head, tail = lower[:cut], lower[cut:]
            if not (self.is_correct(tail) or self._simple(tail)):
                continue
            if self._simple(head) or self._listed(head) or (
                    head.endswith("s") and len(head) > 4 and self._simple(head[:-1])):
                return True
        return False

    def is_correct(self, word: str) -> bool:
        """Whether Hunspell, the word list or the compound rule accepts ``word``."""
        if word in self._known:
            return self._known[word]
        if "’" in word:
            return self.is_correct(word.replace("’", "'"))
        with self._lock:
            ok = self._listed(word) or bool(self._dict.lookup(word))
        if not ok and "-" in word:
            ok = all(self.is_correct(part) for part in word.split("-") if part)
        self._known[word] = ok  # before the compound rule: stops endless recursion
        if not ok and len(word) >= 9 and word.isalpha():
            ok = self._compound(word)
            self._known[word] = ok
        return ok

    def _edits(self, word: str) -> Iterator[str]:
        for pattern in self._dict.aff.REP or ():
            for m in pattern.regexp.finditer(word):
                yield word[:m.start()] + pattern.replacement.replace("_", " ") + word[m.end():]
        for i in range(len(word) - 1):
            yield word[:i] + word[i + 1] + word[i] + word[i + 2:]
        for i in range(len(word)):
            yield word[:i] + word[i + 1:]
        for i in range(len(word) + 1):
            for c in self._letters:
                yield word[:i] + c + word[i:]
        for i in range(len(word)):
            for c in self._letters:
                if c != word[i]:
                    yield word[:i] + c + word[i + 1:]

    def suggest(self, word: str, limit: int = 3, budget_s: float = 1.5) -> list[str]:
        """Up to ``limit`` dictionary words one edit away, within ``budget_s`` seconds."""
        deadline = time.monotonic() + budget_s
        capital = word[:1].isupper() and word[1:].islower()
        base = word.lower() if capital else word
        found: list[str] = []
        for candidate in self._edits(base):
            if time.monotonic() > deadline or len(found) >= limit:
                break
            if candidate in found or not candidate.strip() or candidate == base:
                continue
            parts = candidate.split(" ")
            with self._lock:
                ok = all(p and self._simple(p) for p in parts)
            if ok:
                found.append(candidate)
        return [c[:1].upper() + c[1:] if capital else c for c in found]

    def check(self, text: str, *, suggest_budget_s: float = 8.0) -> list[Correction]:
        """Misspelled words in ``text`` with suggestions (spent within ``suggest_budget_s``)."""
        skip = [m.span() for m in _SKIP_SPANS.finditer(text)]
        deadline = time.monotonic() + suggest_budget_s
        found: list[Correction] = []
        suggestions: dict[str, list[str]] = {}
        for m in _TOKEN.finditer(text):
            if any(s <= m.start() < e for s, e in skip):
                continue
            word = m.group(0).strip("-'’")
            if len(word) < 2 or any(c.isdigit() or c == "_" for c in word) or word.isupper():
                continue
            if self.is_correct(word):
                continue
            start = m.start() + m.group(0).index(word)
            if word not in suggestions:
                left = deadline - time.monotonic()
                suggestions[word] = self.suggest(word, budget_s=min(1.5, left)) if left > 0 else []
            options = suggestions[word]
            found.append(Correction(
                start=start, end=start + len(word), original=word,
                replacement=options[0] if options else "", kind="spelling",
                reason="niet in het woordenboek", alternatives=tuple(options),
            ))
        return found


@lru_cache(maxsize=4)
def _cached_checker(dictionary: Path, wordlists: tuple[Path, ...]) -> SpellChecker:
    words: set[str] = set()
    for path in wordlists:
        words |= read_wordlist(path)
    return SpellChecker(dictionary, words)


_CHECKER_LOCK = threading.Lock()


def spellchecker(dictionary: Path | None = None, wordlist: Path | None = None) -> SpellChecker:
    """The process-wide checker (loading the Dutch dictionary takes several seconds)."""
    lists = (WORDLIST,) + ((wordlist,) if wordlist is not None else ())
    with _CHECKER_LOCK:
        return _cached_checker(find_dictionary(dictionary), lists)


def lazy_word_check() -> Callable[[str], bool]:
    """``is_correct`` of the process-wide checker, loaded on first use; without a Dutch
    dictionary every word passes (the check is an extra, not a condition)."""
    def check(word: str) -> bool:
        try:
            return spellchecker().is_correct(word)
        except TaalcheckUnavailable:
            return True

    return check


def _locate(text: str, fragment: str) -> tuple[int, int] | None:
    index = text.find(fragment)
    if index >= 0:
        return index, index + len(fragment)
    words = fragment.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return m.span() if m else None


def parse_structure_reply(reply: str, text: str) -> list[Correction]:
    """Corrections from the model's ORIGINEEL/VOORSTEL/REDEN blocks that match ``text``."""
    found: list[Correction] = []
    for m in _BLOCK.finditer(reply):
        original = m.group("orig").strip().strip(_QUOTES).strip()
        new = m.group("new").strip().strip(_QUOTES).strip()
        span = _locate(text, original)
        if span is None or not new or " ".join(new.split()) == " ".join(original.split()):
            continue
        if any(span[0] < c.end and c.start < span[1] for c in found):
            continue
        reason = " ".join((m.group("reason") or "").split())
        found.append(Correction(span[0], span[1], text[span[0]:span[1]], new, "zinsbouw",
                                reason))
    return found


def structure_corrections(text: str, llm: LLMBackend, *, max_tokens: int = 512,
                          temperature: float = 0.1, max_suggestions: int = 5,
                          anonymizer: Anonymizer | None = None) -> list[Correction]:
    """Sentence-structure proposals by the model; proposals that add identifiers are dropped."""
    prompt = load_prompt("_taalcheck", _PROMPTS_DIR)
    messages = prompt.messages(text=text, max_suggestions=max_suggestions)
    reply = "".join(llm.stream(messages, max_tokens=max_tokens, temperature=temperature))
    found = parse_structure_reply(reply, text)
    if anonymizer is not None:
        found = [c for c in found
                 if len(anonymizer.find(c.replacement)) <= len(anonymizer.find(c.original))]
    return found


def apply_corrections(text: str, corrections: Sequence[Correction]) -> tuple[str, int]:
    """Apply corrections with a replacement; overlapping ones after the first are skipped.

    Returns the new text and the number of corrections that were skipped.
    """
    chosen: list[Correction] = []
    skipped = 0
    for c in sorted(corrections, key=lambda c: (c.start, -c.end)):
        if not c.replacement or text[c.start:c.end] != c.original or \
                any(c.start < k.end and k.start < c.end for k in chosen):
            skipped += 1
            continue
        chosen.append(c)
    for c in sorted(chosen, key=lambda c: c.start, reverse=True):
        text = text[:c.start] + c.replacement + text[c.end:]
    return text, skipped


def diff_html(original: str, replacement: str) -> str:
    """Word-level difference as HTML: removed words in ``<del>``, added words in ``<ins>``."""
    old, new = re.findall(r"\S+|\s+", original), re.findall(r"\S+|\s+", replacement)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(''.join(old[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(''.join(new[j1:j2]))}</ins>")
    return "".join(out)


class Taalcheck:
    """Anonymise, check spelling and (with a capable model) propose better sentences."""

    def __init__(self, anonymizer: Anonymizer, checker: Callable[[], SpellChecker],
                 llm_factory: Callable[[], LLMBackend] | None = None, *, max_chars: int = 20000,
                 max_tokens: int = 512, temperature: float = 0.1) -> None:
        self.anonymizer = anonymizer
        self._checker = checker
        self._llm_factory = llm_factory
        self.max_chars = max_chars
        self.max_tokens = max_tokens
        self.temperature = temperature

    def prepare(self, text: str) -> tuple[str, tuple[str, ...]]:
        """Reject empty or long texts; replace identifiers. Returns the text and warnings."""
        stripped = text.strip()
        if not stripped:
            raise TextRejected("Plak eerst een tekst in het invoerveld.")
        if len(stripped) > self.max_chars:
            raise TextRejected(f"De tekst is {len(stripped)} tekens lang; het maximum is "
                               f"{self.max_chars} tekens. Controleer hem in delen.")
        redaction = self.anonymizer.redact([stripped])
        found = sorted(label for label, count in redaction.counts.items() if count)
        warnings: tuple[str, ...] = ()
        if found:
            warnings = ("De tekst bevatte gegevens die naar een persoon of object kunnen "
                        f"herleiden ({', '.join(found)}). Die zijn vervangen door neutrale "
                        "aanduidingen voordat de tekst werd gecontroleerd.",)
        return redaction.texts[0], warnings

    def run(self, text: str, *, structure: bool = True) -> TaalcheckResult:
        """Spelling always; sentence structure when a capable model is configured."""
        checked, warnings = self.prepare(text)
        corrections = self._checker().check(checked)
        did_structure = False
        if structure and self._llm_factory is not None:
            corrections += structure_corrections(
                checked, self._llm_factory(), max_tokens=self.max_tokens,
                temperature=self.temperature, anonymizer=self.anonymizer)
            did_structure = True
        corrections.sort(key=lambda c: (c.start, c.kind))
        return TaalcheckResult(checked, tuple(corrections), warnings, did_structure)
