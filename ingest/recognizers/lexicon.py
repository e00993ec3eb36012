"""Dutch name and street lists, read once from the lookup data that ships with ``deduce``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path


@dataclass(frozen=True)
class Lexicon:
    """Sets for fast membership tests.

    Names keep their capitals; common words, streets and places are stored in lower case
    (the lists spell "Valkenburg Aan De Geul" where texts write "Valkenburg aan de Geul").
    """

    first_names: frozenset[str]
    surnames: frozenset[str]
    common_words: frozenset[str]
    streets: frozenset[str]
    prefixes: frozenset[str]
    places: frozenset[str]
    #: The municipalities only (lower case): "van Amsterdam" is a place, "van Leeuwen" a name
    municipalities: frozenset[str] = frozenset()
    #: Surnames known to be written with a tussenvoegsel ("Dijk", "Vries", "Meer")
    interfix_surnames: frozenset[str] = frozenset()

    def is_name(self, word: str) -> bool:
        """A known first name or surname that is not also a common Dutch word."""
        return (word in self.first_names or word in self.surnames) and (
            word.lower() not in self.common_words
        )

    def is_place(self, value: str) -> bool:
        """A Dutch municipality, town, province or region."""
        return " ".join(value.lower().split()) in self.places

    def is_street(self, value: str) -> bool:
        """A Dutch street name (from the national address register)."""
        return " ".join(value.lower().split()) in self.streets


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


#: Places as people name them, missing from the official lists ("Den Bosch" for 's-Hertogenbosch)
_COLLOQUIAL_PLACES = {"den bosch", "den hoorn", "de lier", "de wijk"}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the lists (about half a second; cached for the process)."""
    src = _source_dir()
    surnames = _read(src / "names" / "lst_surname") | _read(src / "names" / "lst_interfix_surname")
    # As in deduce: a frequent word that is also a surname (bakker, visser) counts as a name.
    common = {w.lower() for w in _read(src / "whitelist" / "lst_common_word")}
    common -= {s.lower() for s in surnames}
    common |= {w.lower() for w in _read(src / "whitelist" / "lst_stop_word")}
    places = {
        re.sub(r"\s*\(.*\)$", "", p).lower() for p in _read(src / "locations" / "lst_placename")
    }
    first_names = _read(src / "names" / "lst_first_name")
    streets = _read(src / "locations" / "lst_street")
    return Lexicon(
        first_names=frozenset(w for w in first_names if len(w) > 1),
        surnames=frozenset(w for w in surnames if len(w) > 1),
        common_words=frozenset(common),
        streets=frozenset(" ".join(s.lower().split()) for s in streets),
        prefixes=frozenset(_read(src / "names" / "lst_prefix")),
        places=frozenset(" ".join(p.split()) for p in places | _COLLOQUIAL_PLACES),
        interfix_surnames=frozenset(_read(src / "names" / "lst_interfix_surname")),
        municipalities=frozenset(
            " ".join(p.lower().split())
            for p in _read(src / "locations" / "lst_placename" / "lst_municipality")
        ),
    )
