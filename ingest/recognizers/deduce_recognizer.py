"""Person names from ``deduce`` (Dutch lookup lists of first names, surnames and titles).

deduce is accurate on names but slow, so it only reads the sentences that contain a trigger:
a known first name or surname, a title (mevrouw, dhr.) or an initial. Everything else in a
policy text never reaches it.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.recognizers.base import LANGUAGE
from ingest.recognizers.bedrijf import business_word
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import HOUSE_NUMBER_AFTER, not_a_name
from ingest.recognizers.names import PARTICLES as _PARTICLES

# deduce processors Baken does not use: its own recognizers cover these types, and place names
# are not identifiers.
_DISABLED = frozenset(
    {
        "patient_name",
        "locations",
        "placename",
        "street_pattern",
        "street_lookup",
        "housenumber",
        "postal_code",
        "postbus",
        "remove_street_tags",
        "clean_street_tags",
        "institutions",
        "hospital",
        "institution",
        "dates",
        "date_dmy_1",
        "date_dmy_2",
        "date_ymd_1",
        "date_ymd_2",
        "ages",
        "age",
        "identifiers",
        "bsn",
        "identifier",
        "phone_numbers",
        "phone",
        "email_addresses",
        "email",
        "urls",
        "url",
        "redactor",
        "person_annotation_converter",
        "post_processing",
        "overlap_resolver",
        "merge_adjacent_annotations",
        "eponymous_disease",
    }
)
_WORD = re.compile(r"(?<![\w'’])[A-ZÀ-ÖØ-Þ][\w'’]+|\b[a-z]{2,5}\.?(?=\s)|\b[A-Z]\.")
_ABBREVIATIONS = (
    r"mevr|dhr|mr|drs|dr|ir|ing|prof|ds|bc|mw|mej|geb|nr|tel|st|th|ch|chr|ca|bijv|jl|jr|sr|art"
    r"|blz|pag|resp|etc|vs|vgl|zgn|incl|excl|o\.a|i\.v\.m|m\.b\.t|z\.s\.m"
)
_SENTENCE_END = re.compile(
    rf"(?<=[^\s.]{{2,}}[.!?])(?<!\b(?i:{_ABBREVIATIONS})\.)\s+(?=[A-Z\"'(])|\n"
)
_MAX_WINDOW = 2_000


logger = logging.getLogger(__name__)

#: deduce keeps its lookup cache in ``<cache_path>/cache/lookup_structs.pickle`` and compares
#: it with the folders under ``<cache_path>/src`` (see deduce.lookup_structs).
_CACHE_FILE = Path("cache") / "lookup_structs.pickle"


def deduce_lookup_dir() -> Path:
    """deduce's own lookup folder (``data/lookup`` in its package), found without importing."""
    spec = find_spec("deduce")
    if spec is None or spec.origin is None:
        raise RuntimeError("Het pakket deduce ontbreekt (pip install deduce==3.0.6).")
    return Path(spec.origin).parent / "data" / "lookup"


def user_cache_dir() -> Path:
    """Baken's own cache folder for deduce's lookup cache, per deduce version."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "baken" / f"deduce-{_deduce_version()}"


def prebuilt_cache(base: Path) -> bool:
    """Whether ``base`` holds a lookup cache that deduce will load rather than rebuild: present
    and newer than every folder of lookup lists (deduce's own test; a cache outside the
    package has no ``src`` to compare with)."""
    cache = base / _CACHE_FILE
    if not cache.is_file():
        return False
    saved = cache.stat().st_mtime
    return all(folder.stat().st_mtime <= saved for folder in (base / "src").glob("**"))


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def deduce_cache_path() -> Path | None:
    """Where deduce loads its 77 MB lookup cache from, or builds it once (about 100 s).

    The cache built by ``make install`` in deduce's package folder serves every user, also
    when that folder is read-only for them. Without it deduce builds the cache where it can
    write: its package folder, else Baken's cache folder (``~/.cache/baken``); None when
    neither is writable (then every start builds it again, in a temporary folder).
    """
    package = deduce_lookup_dir()
    if prebuilt_cache(package) or _writable(package / _CACHE_FILE.parent):
        return package
    own = user_cache_dir()
    if prebuilt_cache(own):
        return own
    try:
        own.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return own if _writable(own) else None


def _new_engine(deduce_class: Any) -> Any:
    path = deduce_cache_path()
    if path is not None:
        try:
            return deduce_class(cache_path=path)
        except OSError:  # a stale cache in a folder deduce may read but not write
            logger.warning("deduce-cache in %s niet bij te werken; tijdelijk opgebouwd", path)
    else:
        logger.warning("geen schrijfbare map voor de deduce-cache; tijdelijk opgebouwd")
    folder = tempfile.mkdtemp(prefix="baken-deduce-")
    try:
        return deduce_class(cache_path=Path(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@lru_cache(maxsize=1)
def load_deduce() -> Any:
    """Build the deduce engine once per process (several seconds with its lookup cache; see
    ``deduce_cache_path``).

    deduce configures the root logger at import time; Baken's logging setup is restored so
    that no library starts writing document text to standard output.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from deduce import Deduce  # noqa: PLC0415 (slow import, only when needed)
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    # Deduce unpickles ~80 MB of lookup tries: millions of small objects that make the cyclic
    # garbage collector run again and again. Without it the load is about four times faster;
    # frozen afterwards, these long-lived tables are never scanned again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        engine = _new_engine(Deduce)
        gc.freeze()
        return engine
    finally:
        if collecting:
            gc.enable()


class DeducePersonRecognizer(EntityRecognizer):
    """Presidio wrapper around deduce's name annotators; emits ``PERSOON``."""

    ENTITY = "PERSOON"

    def __init__(self, lexicon: Lexicon, engine: Any = None) -> None:
        self._lexicon = lexicon
        self._engine = engine
        super().__init__(
            supported_entities=[self.ENTITY],
            name=type(self).__name__,
            supported_language=LANGUAGE,
            version=f"deduce-{_deduce_version()}",
        )

    def load(self) -> None:
        if self._engine is None:
            self._engine = load_deduce()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self._engine is None:
            self.load()
        spans: list[tuple[int, int, bool]] = []
        for start, end in self.windows(text):
            doc = self._engine.deidentify(text[start:end], disabled=set(_DISABLED))
            raw = [(start + a.start_char, start + a.end_char, a.tag) for a in doc.annotations]
            spans.extend(self._names(text, raw))
        # A single surname on its own ("Bos", "Baken") is too often a word or a brand; keep it
        # only when the same word occurs in a fuller name elsewhere in this text.
        known = {w for s, e, multi in spans if multi for w in _words(text[s:e])}
        return [
            self._result(s, e)
            for s, e, multi in spans
            if multi or text[s:e] in known or self._lone_first_name(text, s, e)
        ]

    def _names(self, text: str, raw: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, bool]]:
        """Union overlapping raw annotations, trim titles, drop place names and office words.

        Yields (start, end, full): ``full`` is False for a lone surname ("de Brink", "Bos"),
        which is only kept when the same word also occurs in a fuller name.
        """
        for start, end, tags in _union(raw):
            start, end = self._trim(text, start, end)
            start, end = self._trim_words(text, start, end)
            if end <= start:
                continue
            value = text[start:end]
            if any(ch.isdigit() for ch in value) or HOUSE_NUMBER_AFTER.match(text, end):
                continue  # "aan de Dijk 44": a street, not a name
            if _NUMBER_BEFORE.search(text, max(0, start - 8), start) and _INITIAL.match(value):
                continue  # "Dijk 44 A. Volgens": a house number letter, not an initial
            words = [w for w in _words(value) if w.lower() not in _PARTICLES]
            if not words or all(self._not_a_name(w) for w in words):
                continue
            if any(not_a_name(w, self._lexicon.common_words) for w in words):
                continue  # "Amendement Kuiken", "Verwijs Index Risico"
            if any(business_word(w.lower()) for w in words):
                continue  # "Shisha Lounge Nova", "Advocatenkantoor Wolters": businesses
            bare = _LEADING_PARTICLES.sub("", value)
            if self._lexicon.is_place(bare) or self._place_without_person(value, words):
                continue  # "(gemeente) van Horst aan de Maas"
            full = (
                len(words) > 1
                or bool(_INITIAL.match(value))
                or any("prefix" in t for t in tags)
                or bool(_TITLE_BEFORE.search(text, max(0, start - 20), start))
            )
            yield start, end, full

    def _trim_words(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Leave ordinary words at either end outside the span ("Volgens Mohamed Bouzid")."""
        common = self._lexicon.common_words
        while (m := _FIRST_WORD.match(text, start, end)) and not_a_name(m.group(1), common):
            start = m.end()
        while (m := _LAST_WORD.search(text, start, end)) and not_a_name(m.group(1), common):
            end = m.start()
        return start, end

    def _not_a_name(self, word: str) -> bool:
        lex = self._lexicon
        return not_a_name(word, lex.common_words) or (
            lex.is_place(word) and word not in lex.first_names
        )

    def _place_without_person(self, value: str, words: list[str]) -> bool:
        """ "Damocles Barneveld": ends in a place name and has no first name or initial."""
        lex = self._lexicon
        return (
            lex.is_place(words[-1])
            and not _INITIAL.match(value)
            and not any(w in lex.first_names for w in words[:-1])
        )

    def _lone_first_name(self, text: str, start: int, end: int) -> bool:
        """ "Beste Sanne," yes; "in het Kader" no (names take no article)."""
        value = text[start:end]
        lex = self._lexicon
        if value not in lex.first_names or value in lex.surnames:
            return False
        return not _ARTICLE_BEFORE.search(text, max(0, start - 10), start)

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=start,
            end=end,
            score=0.85,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    def windows(self, text: str) -> Iterator[tuple[int, int]]:
        """Sentence ranges that contain a name trigger, adjacent ones joined."""
        current: tuple[int, int] | None = None
        for start, end in _sentences(text):
            if not self._has_trigger(text[start:end]):
                continue
            if current and start - current[1] <= 2 and end - current[0] <= _MAX_WINDOW:
                current = (current[0], end)
                continue
            if current:
                yield current
            current = (start, end)
        if current:
            yield current

    def _has_trigger(self, sentence: str) -> bool:
        lex = self._lexicon
        for match in _WORD.finditer(sentence):
            word = match.group(0)
            if word in lex.prefixes or (len(word) == 2 and word[1] == "."):
                return True
            if lex.is_name(word):
                return True
        return False

    @staticmethod
    def _trim(text: str, start: int, end: int) -> tuple[int, int]:
        """Leave titles and office words ("mevrouw", "Burgemeester van") outside the span."""
        while True:
            match = _LEADING_TITLES.match(text, start, end)
            if not match or match.end() >= end:
                break
            start = match.end()
        while end > start and text[end - 1] in " .,;:-":
            end -= 1
        return start, end


_LEADING_TITLES = re.compile(
    r"(?:(?:mevrouw|mevr|mw|mej|de heer|heer|dhr|meneer|mijnheer|mr|drs|dr|ir|ing|prof|ds|bc)"
    r"\.?\s+)+|(?:burgemeester|wethouder|minister|koningin|koning|prinses|prins|gemeente)"
    r"(?:\s+(?:van|der|de|den))*\s+",
    re.IGNORECASE,
)
_WORD_SPLIT = re.compile(r"[\s-]+")
_FIRST_WORD = re.compile(r"([^\s]+)\s+")
_LAST_WORD = re.compile(r"\s+([^\s]+)$")
_LEADING_PARTICLES = re.compile(r"^(?:(?:van|de|der|den|het|'t|te|ter|ten|aan|in|op)\s+)+")
_ARTICLE_BEFORE = re.compile(r"\b(?i:de|het|een|deze|dit|dat|die)[ *_\"']+$")
_NUMBER_BEFORE = re.compile(r"\d[ ]?$")
_INITIAL = re.compile(r"(?:[A-Z][a-z]{0,2}\.[ ]?)+")
_TITLE_BEFORE = re.compile(
    r"\b(?i:mevrouw|mevr\.|mw\.|mej\.|heer|dhr\.|meneer|mijnheer|mr\.|drs\.|dr\.|ir\.|ing\.|prof\.)"
    r"[ ]+$"
)


def _words(value: str) -> list[str]:
    return [w for w in _WORD_SPLIT.split(value.strip(" .,")) if w and not w.endswith(".")]


def _union(raw: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, list[str]]]:
    current: tuple[int, int, list[str]] | None = None
    for start, end, tag in sorted(raw):
        if current and start < current[1]:
            current = (current[0], max(current[1], end), current[2] + [tag])
            continue
        if current:
            yield current
        current = (start, end, [tag])
    if current:
        yield current


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def _deduce_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("deduce")
    except PackageNotFoundError:
        return "unknown"


def main() -> int:
    """Build deduce's lookup cache now and say where it is (``make install`` calls this, so
    that the first ingest is as fast as the next ones)."""
    started = time.perf_counter()
    path = deduce_cache_path()
    load_deduce()
    where = path / _CACHE_FILE if path is not None else "een tijdelijke map (niet bewaard)"
    print(f"deduce-cache: {where} ({time.perf_counter() - started:.1f} s)")
    return 0
