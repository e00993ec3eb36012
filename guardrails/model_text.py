"""Checks on the free text a small model writes: loops, cut sentences, leaked instructions and
facts (numbers, dates, amounts, articles, names) that none of the cited passages contain.

Everything here is model-independent and works on plain strings, so the same checks hold for the
bundled model, a larger GGUF file or a model server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

# a sentence ends at . ! or ? (with its citation marks) before a space, a line end or the end
_SENTENCE = re.compile(
    r"[^\s][^\n]*?(?:[.!?]+(?:[ \t]*\[\d+(?:\s*,\s*\d+)*\])*(?=\s|$)|(?=\n)|$)")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:art|artt|nr|bijv|o\.a|m\.b\.t|i\.v\.m|jo|ca|lid)\.$",
                           re.IGNORECASE)
_CITE = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ENDS_SENTENCE = re.compile(r"[.!?)\]\"”]\s*$")
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
_NUMBER_WORDS = ("twee", "drie", "vier", "vijf", "zes", "zeven", "negen", "tien", "elf",
                 "twaalf", "dertien", "veertien", "vijftien", "twintig", "dertig", "veertig",
                 "vijftig", "honderd", "duizend", "miljoen")
# a number (with . , : / - inside), an amount, an article reference, a written date ('acht' is
# left out: it is also a verb, 'nodig acht')
_FACT = re.compile(
    r"€\s?\d(?:[\d.,]*\d)?(?:,-)?"
    r"|\b(?:artikel|art\.)\s+\d+[a-z]{0,3}(?:[:.]\d+[a-z]{0,3})*\b"
    r"|\b\d{1,2}\s+(?:" + "|".join(_MONTHS) + r")(?:\s+\d{4})?"
    r"|\b\d+(?:[.,:/-]\d+)*[a-z]?\b"
    r"|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
# a capitalised word inside a sentence that is not a common sentence opener
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zà-ÿ]+(?:\s+[A-Z][a-zà-ÿ]+)*(?![\w])")


def normalise(text: str) -> str:
    """Lower case, one space, plain quotes: for comparing a claim with a passage."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def sentences(text: str) -> list[str]:
    """Sentences with their citation marks attached (``… geldt. [1]`` stays one sentence); a
    period inside a number (``€ 4.000``) or after an abbreviation (``art.``) ends none."""
    out: list[str] = []
    for match in _SENTENCE.finditer(text):
        piece = match.group(0).strip()
        if not piece:
            continue
        if out and _ABBREVIATION.search(out[-1]) and "\n" not in text[:match.start()][-2:]:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


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


def _verdict(sentence: str, allowed: str | Callable[[str], str], instructions: Sequence[str],
             refusal_markers: Sequence[str], question: str) -> str | None:
    """Why ``sentence`` must go (a Dutch warning, "" for a silent removal), or None to keep."""
    lowered = sentence.lower()
    if len(_WORD.findall(_CITE.sub("", sentence))) < 2:  # a stray '[2]' or '1.'
        return ""
    if any(marker in lowered for marker in refusal_markers):
        return ""
    if question and echoes(sentence, question):
        return "Een zin die alleen de vraag herhaalde is weggelaten."
    if instructions and leaked_instruction(sentence, instructions):
        return "Een zin met tekst uit de opdracht aan het taalmodel is weggelaten."
    text = allowed(sentence) if callable(allowed) else allowed
    wrong = invented(sentence, text)
    if wrong:
        # facts are quoted; a name is not (it could identify someone)
        shown = [f"'{w}'" for w in wrong if w in facts(sentence)][:3] or ["een naam"]
        return (f"Een zin van het taalmodel is weggelaten: {', '.join(shown)} staat niet in de "
                "bronnen of de gegevens.")
    return None


def clean_model_text(raw: str, *, allowed: str | Callable[[str], str],
                     instructions: Sequence[str] = (),
                     refusal_markers: Sequence[str] = (), question: str = "") -> CleanText:
    """Drop repeated, cut-off, leaked, refusing and inventing sentences from model text.

    ``allowed`` is the text a sentence's facts must come from, or a function that gives it per
    sentence (e.g. the passages that sentence cites). Line breaks (lists, paragraphs) are kept.
    """
    warnings: list[str] = []
    removed: list[str] = []
    body = complete_sentences(raw)
    seen: set[str] = set()
    lines: list[str] = []
    for line in body.splitlines():
        kept: list[str] = []
        for sentence in sentences(line):
            key = _key(sentence)
            if key and key in seen:
                warnings.append("Herhaalde zinnen van het taalmodel zijn weggelaten.")
                continue
            seen.add(key)
            why = _verdict(sentence, allowed, instructions, refusal_markers, question)
            if why is None:
                kept.append(sentence)
            else:
                removed.append(sentence)
                if why:
                    warnings.append(why)
        if kept or not line.strip():
            lines.append(" ".join(kept))
    if body != raw.strip():
        warnings.insert(0, "Een afgebroken laatste zin van het taalmodel is weggelaten.")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return CleanText(text, tuple(dict.fromkeys(warnings)), tuple(removed))


def attach_citations(text: str, passages: Sequence[tuple[int, str]],
                     min_overlap: float = 0.5) -> str:
    """Give each sentence without ``[n]`` the number of the passage it shares most words with.

    A small model often repeats the decisive sentence without its number; code can restore it.
    A sentence sharing fewer than ``min_overlap`` of its words with every passage stays as it is
    (the citation check then points it out).
    """
    return "\n".join(_attach_line(line, passages, min_overlap) for line in text.split("\n"))


def _attach_line(line: str, passages: Sequence[tuple[int, str]], min_overlap: float) -> str:
    out: list[str] = []
    for sentence in sentences(line):
        if _CITE.search(sentence):
            out.append(sentence)
            continue
        words = {w for w in _WORD.findall(sentence.lower()) if len(w) > 3}
        best_n, best = 0, 0.0
        for n, passage in passages:
            have = set(_WORD.findall(passage.lower()))
            share = len(words & have) / len(words) if words else 0.0
            if share > best:
                best_n, best = n, share
        if best < min_overlap or not best_n:
            out.append(sentence)
        elif sentence[-1] in ".!?":
            out.append(f"{sentence[:-1]} [{best_n}]{sentence[-1]}")
        else:
            out.append(f"{sentence} [{best_n}]")
    return " ".join(out)


def renumbered(pieces: Iterable[str], mapping: dict[int, int]) -> Iterator[str]:
    """Stream ``pieces`` with every ``[i]`` written as ``[mapping[i]]`` (unknown numbers stay).

    Text after an unclosed ``[`` is held back until its ``]`` arrives, so a number split over
    two pieces is still renumbered.
    """
    held = ""
    for piece in pieces:
        held += piece
        cut = held.rfind("[")
        if cut != -1 and "]" not in held[cut:] and len(held) - cut < 12:
            ready, held = held[:cut], held[cut:]
        else:
            ready, held = held, ""
        if ready:
            yield _renumber(ready, mapping)
    if held:
        yield _renumber(held, mapping)


def _renumber(text: str, mapping: dict[int, int]) -> str:
    def swap(m: re.Match[str]) -> str:
        numbers = [mapping.get(int(x), int(x)) for x in re.findall(r"\d+", m.group(0))]
        return "[" + ", ".join(str(n) for n in dict.fromkeys(numbers)) + "]"

    return re.sub(r"\[\d+(?:\s*,\s*\d+)*\]", swap, text)


def echoes(sentence: str, question: str, limit: float = 0.8) -> bool:
    """True when ``sentence`` only repeats the question (nearly all its words are in it)."""
    words = {w for w in _WORD.findall(_CITE.sub("", sentence).lower()) if len(w) > 3}
    asked = {w for w in _WORD.findall(question.lower()) if len(w) > 3}
    return bool(words) and len(words & asked) / len(words) >= limit


def sentences_dropped(text: str, drop: Callable[[str], bool]) -> tuple[str, int]:
    """``text`` without the sentences for which ``drop`` is true, and how many went."""
    kept = [sentence for sentence in sentences(text) if not drop(sentence)]
    return " ".join(kept), len(sentences(text)) - len(kept)


def misspelled_dropped(text: str, known: str, is_word: Callable[[str], bool]) -> tuple[str, int]:
    """``text`` without the sentences holding a word that is neither in ``known`` (the sources
    and the question) nor accepted by ``is_word`` (the Dutch dictionary): a small model's slips
    ("troft") are left out rather than shown; returns the text and how many sentences went."""
    known_words = {w.lower() for w in _WORD.findall(known)}

    def misspelled(sentence: str) -> bool:
        words = [w for w in _WORD.findall(_CITE.sub(" ", sentence)) if not w.isdigit()]
        return any(w.lower() not in known_words and not is_word(w) for w in words)

    return sentences_dropped(text, misspelled)


#: a lead "sentence" shorter than this (a bare "[1]", "Ja [2].") says nothing the quotes do not
MIN_LEAD_WORDS = 3
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_LOWER_WORD = re.compile(r"\b[a-zà-ÿ]{3,}\b")
MIN_LOWER_WORDS = 3  # a title or heading ("Beleidsnota Evenementen Gemeente X") has fewer
# "[1] (Wet X, artikel 2) …" or "<citaat>…": the prompt's layout, copied
_LAYOUT = re.compile(r"^\s*(?:<citaat>\s*)?\[\d+\]\s*\(|</?(?:citaat|bron)\b")
_PARENTHESISED = re.compile(r"\(([^()]{8,})\)")


def is_statement(text: str) -> bool:
    """Whether ``text`` reads as a sentence, not as a title, heading or name line: it has at
    least ``MIN_LOWER_WORDS`` ordinary lower-case words."""
    return len(_LOWER_WORD.findall(text)) >= MIN_LOWER_WORDS


def says_something(sentence: str) -> bool:
    """Whether a sentence has ``MIN_LEAD_WORDS`` words besides its citation markers."""
    return len(_LETTER_WORD.findall(_CITE.sub(" ", sentence))) >= MIN_LEAD_WORDS


def not_own_sentence(sentence: str, labels: Sequence[str]) -> bool:
    """Whether a model sentence is no sentence of its own: the prompt's quote layout, a locator
    label in brackets, a title or label on its own, or too short to say anything."""
    if _LAYOUT.search(sentence):
        return True
    bare = _CITE.sub(" ", sentence).strip(" .")
    if not says_something(bare) or not is_statement(bare):
        return True
    if any(bare in label for label in labels):
        return True  # "Verslag overlastmelding woning (fictief voorbeeld) [1]"
    return any(inner.strip() in label for inner in _PARENTHESISED.findall(bare)
               for label in labels)
