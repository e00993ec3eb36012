"""Dutch name and street lists, read once from the lookup data that ships with ``deduce``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path


@dataclass(frozen=True)
class Lexicon:
    """Sets for fast membership tests; names keep their capitals, common words are lower case."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    common_words: frozenset[str]
    streets: frozenset[str]
    prefixes: frozenset[str]
    places: frozenset[str]

    def is_name(self, word: str) -> bool:
        """A known first name or surname that is not also a common Dutch word."""
        return (word in self.first_names or word in self.surnames) and (
            word.lower() not in self.common_words
        )


def _read(folder: Path) -> set[str]:
    items_file = folder / "items.txt"
    items = (
        set(items_file.read_text(encoding="utf-8").splitlines()) if items_file.exists() else set()
    )
    exceptions = folder / "exceptions.txt"
    if exceptions.exists():
        items -= set(exceptions.read_text(encoding="utf-8").splitlines())
    for sub in folder.glob("lst_*"):
        items |= _read(sub)
    return {item.strip() for item in items if item.strip()}


def _source_dir() -> Path:
    # find_spec locates the package without importing it (importing deduce reconfigures logging).
    spec = find_spec("deduce")
    if spec is None or spec.origin is None:
        raise RuntimeError("Het pakket deduce ontbreekt (pip install deduce==3.0.6).")
    return Path(spec.origin).parent / "data" / "lookup" / "src"


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the lists (about half a second; cached for the process)."""
    src = _source_dir()
    common = {w.lower() for w in _read(src / "whitelist" / "lst_common_word")}
    common |= {w.lower() for w in _read(src / "whitelist" / "lst_stop_word")}
    surnames = _read(src / "names" / "lst_surname") | _read(src / "names" / "lst_interfix_surname")
    return Lexicon(
        first_names=frozenset(w for w in _read(src / "names" / "lst_first_name") if len(w) > 1),
        surnames=frozenset(w for w in surnames if len(w) > 1),
        common_words=frozenset(common),
        streets=frozenset(_read(src / "locations" / "lst_street")),
        prefixes=frozenset(_read(src / "names" / "lst_prefix")),
        places=frozenset(_read(src / "locations" / "lst_placename")),
    )
