"""Checks on the free text a small model writes: loops, cut sentences, leaked instructions and
facts (numbers, dates, amounts, articles, names) that none of the cited passages contain.

Everything here is model-independent and works on plain strings, so the same checks hold for the
bundled model, a larger GGUF file or a model server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+(?:\s*\[\d+(?:\s*,\s*\d+)*\])*|$)")
_CITE = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ENDS_SENTENCE = re.compile(r"[.!?)\]\"”]\s*$")
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
_NUMBER_WORDS = ("twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
                 "twaalf", "dertien", "veertien", "vijftien", "twintig", "dertig", "veertig",
                 "vijftig", "honderd", "duizend", "miljoen")
# a number (with . , : / - inside), an amount, an article reference, a written date
_FACT = re.compile(
    r"€\s?\d[\d.,]*(?:,-)?"
    r"|\b(?:artikel|art\.)\s+\d+[a-z]?(?:[:.]\d+[a-z]?)*"
    r"|\b\d{1,2}\s+(?:" + "|".join(_MONTHS) + r")(?:\s+\d{4})?"
    r"|\b\d+(?:[.,:/-]\d+)*[a-z]?\b"
    r"|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
# a capitalised word inside a sentence that is not a common sentence opener
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zà-ÿ]+(?:\s+[A-Z][a-zà-ÿ]+)*")


def normalise(text: str) -> str:
    """Lower case, one space, plain quotes: for comparing a claim with a passage."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def sentences(text: str) -> list[str]:
    """Sentences with their citation marks attached (``… geldt. [1]`` stays one sentence)."""
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def _key(sentence: str) -> str:
    return " ".join(_WORD.findall(_CITE.sub("", sentence).lower()))


@dataclass
class RepetitionGuard:
    """Watches streamed text and says when the model starts to loop.

    A loop is a sentence that was already written (ignoring case, punctuation and citation
    marks), or the same run of ``ngram`` words for the third time.
    """

    ngram: int = 8
    text: str = ""
    looping: bool = False

    def feed(self, piece: str) -> bool:
        """Add ``piece``; True when generation should stop."""
        self.text += piece
        done = sentences(self.text)
        if not _ENDS_SENTENCE.search(self.text):
            done = done[:-1]
        keys = [_key(s) for s in done if len(_key(s).split()) >= 3]
        if len(keys) != len(set(keys)):
            self.looping = True
        words = _WORD.findall(self.text.lower())
        if len(words) >= self.ngram * 3:
            tail = " ".join(words[-self.ngram:])
            if " ".join(words).count(tail) >= 3:
                self.looping = True
        return self.looping


def guarded_stream(pieces: Iterable[str], guard: RepetitionGuard) -> Iterator[str]:
    """Pass ``pieces`` on until the guard sees a loop (the generator is then closed)."""
    for piece in pieces:
        yield piece
        if guard.feed(piece):
            close = getattr(pieces, "close", None)
            if close is not None:
                close()
            return


def without_repeats(text: str) -> str:
    """Drop every sentence that repeats an earlier one."""
    seen: set[str] = set()
    kept: list[str] = []
    for sentence in sentences(text):
        key = _key(sentence)
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(sentence)
    return " ".join(kept)


def complete_sentences(text: str) -> str:
    """``text`` without a last sentence that was cut off (by the token limit or a guard)."""
    text = text.strip()
    if not text or _ENDS_SENTENCE.search(text):
        return text
    found = list(re.finditer(r"[.!?](?:\s*\[\d+(?:\s*,\s*\d+)*\])*(?=\s|$)", text))
    if found:
        return text[:found[-1].end()].strip()
    return ""


def leaked_instruction(sentence: str, instructions: Sequence[str], n: int = 5) -> bool:
    """True when ``sentence`` repeats a run of ``n`` words of the prompt's instructions."""
    words = _WORD.findall(sentence.lower())
    if len(words) < n:
        return False
    grams = {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}
    return any(g in " ".join(_WORD.findall(ins.lower())) for ins in instructions for g in grams)


def facts(text: str) -> list[str]:
    """Numbers, amounts, dates, article references and number words in ``text``."""
    return [m.group(0) for m in _FACT.finditer(_CITE.sub("", text))]


def names(text: str) -> list[str]:
    """Capitalised words inside sentences (names of people, places, organisations, laws)."""
    return [m.group(0) for m in _NAME.finditer(_CITE.sub("", text))]


def invented(text: str, allowed: str) -> list[str]:
    """Facts and names in ``text`` that ``allowed`` (the cited passages, fields, question) lacks."""
    pool = normalise(allowed)
    found: list[str] = []
    for item in [*facts(text), *names(text)]:
        key = normalise(item)
        if key.startswith(("artikel ", "art. ")):
            number = key.split(maxsplit=1)[1]
            ok = re.search(rf"(?<![\w]){re.escape(number)}(?![\w])", pool) is not None
        else:
            ok = re.search(rf"(?<![\w]){re.escape(key)}(?![\w])", pool) is not None
        if not ok and item not in found:
            found.append(item)
    return found


@dataclass(frozen=True)
class CleanText:
    """Model text after the checks, with Dutch warnings on what was taken out."""

    text: str
    warnings: tuple[str, ...]
    removed: tuple[str, ...] = ()


def clean_model_text(raw: str, *, allowed: str | Callable[[str], str],
                     instructions: Sequence[str] = (),
                     refusal_markers: Sequence[str] = ()) -> CleanText:
    """Drop repeated, cut-off, leaked, refusing and inventing sentences from model text.

    ``allowed`` is the text a sentence's facts must come from, or a function that gives it per
    sentence (e.g. the passages that sentence cites).
    """
    warnings: list[str] = []
    removed: list[str] = []
    text = complete_sentences(without_repeats(raw))
    if text != raw.strip():
        warnings.append("Herhaalde of afgebroken zinnen van het taalmodel zijn weggelaten.")
    kept: list[str] = []
    for sentence in sentences(text):
        lowered = sentence.lower()
        if any(marker in lowered for marker in refusal_markers):
            removed.append(sentence)
            continue
        if instructions and leaked_instruction(sentence, instructions):
            removed.append(sentence)
            warnings.append("Een zin met tekst uit de opdracht aan het taalmodel is weggelaten.")
            continue
        wrong = invented(sentence, allowed(sentence) if callable(allowed) else allowed)
        if wrong:
            removed.append(sentence)
            warnings.append(
                f"Een zin van het taalmodel is weggelaten: '{', '.join(wrong[:3])}' staat niet in "
                "de bronnen of de gegevens.")
            continue
        kept.append(sentence)
    return CleanText(" ".join(kept).strip(), tuple(dict.fromkeys(warnings)), tuple(removed))
