"""Near-duplicate passages among the sources: the same text up to whitespace, punctuation and
a page header or footer line (often the same article in two documents). Of each group only the
best-placed passage is shown, naming the others ("ook in: ...")."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.core.schema import Source

_WORDS = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class _Passage:
    """What near-duplicate detection compares of a chunk text."""

    variants: frozenset[str]  # the body, and without its first and/or last line
    length: int
    shingles: frozenset[tuple[str, ...]]  # word 3-grams
    words: int


@lru_cache(maxsize=4096)
def _passage(text: str) -> _Passage:
    """A chunk's body (without its context line, which names the document) as lines of
    lower-case words, empty lines left out, in the forms that ``near_duplicate`` compares."""
    body = text.split("\n", 1)[1] if "\n" in text else text
    lines = [line for line in (" ".join(_WORDS.findall(raw.lower()))
                               for raw in body.splitlines()) if line]
    words = " ".join(lines).split()
    cuts = (lines, lines[1:], lines[:-1], lines[1:-1])
    return _Passage(variants=frozenset(" ".join(cut) for cut in cuts if cut),
                    length=len(" ".join(lines)), words=len(words),
                    shingles=frozenset(tuple(words[i:i + 3])
                                       for i in range(max(1, len(words) - 2))))


def near_duplicate(a: str, b: str) -> bool:
    """Whether two chunk texts are the same passage up to whitespace, punctuation and a page
    header or footer line (also when their documents differ: the context line is left out)."""
    pa, pb = _passage(a), _passage(b)
    if not pa.words or not pb.words:
        return False
    longest = max(pa.length, pb.length)
    if any(len(text) >= max(40, 0.7 * longest) for text in pa.variants & pb.variants):
        return True
    if min(pa.words, pb.words) < 30 or min(pa.words, pb.words) < 0.8 * max(pa.words, pb.words):
        return False
    return len(pa.shingles & pb.shingles) / len(pa.shingles | pb.shingles) >= 0.9


def distinct(ranked: Sequence[str], by_id: Mapping[str, Source],
             k: int) -> tuple[list[str], dict[str, list[str]]]:
    """The first ``k`` of ``ranked`` of which no two are near-duplicates; per kept id the ids
    of the near-duplicates it stands for ("ook in: ...")."""
    kept: list[str] = []
    also: dict[str, list[str]] = {}
    for cid in ranked:
        text = by_id[cid].text
        twin = next((other for other in kept if near_duplicate(by_id[other].text, text)), None)
        if twin is None:
            if len(kept) < k:
                kept.append(cid)
                also[cid] = []
            continue
        also[twin].append(cid)
    return kept, also


def also_in(cid: str, twins: Sequence[str], by_id: Mapping[str, Source]) -> tuple[str, ...]:
    """The labels of a shown passage's near-duplicates, each once, not its own."""
    own = by_id[cid].locator.label()
    return tuple(dict.fromkeys(label for t in twins
                               if (label := by_id[t].locator.label()) != own))
