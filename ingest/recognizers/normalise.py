"""One form for the characters people and word processors use interchangeably.

Recognizers see a copy of the text in which Unicode dashes are '-', Unicode spaces are ' ', and
every decimal digit (full-width, Arabic-Indic, ...) is its ASCII digit. Each character maps to
exactly one character, so a finding's offsets in the copy are its offsets in the original and
the replacement hits the original text.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_DASHES = "\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
          "\u202f\u205f\u3000"
# zero-width characters cannot be dropped (that would shift offsets): they become a space,
# which every pattern already accepts between digit groups
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table = {ord(ch): "-" for ch in _DASHES}
    table.update({ord(ch): " " for ch in _SPACES + _ZERO_WIDTH})
    for code in (*range(0x80, 0x10000), *range(0x1D7CE, 0x1D800), *range(0x1FBF0, 0x1FBFA)):
        ch = chr(code)
        if unicodedata.category(ch) == "Nd":
            table[code] = str(unicodedata.decimal(ch))
    # full-width Latin letters (ＡＢ１２) are the ASCII ones
    table.update({0xFF21 + i: chr(0x41 + i) for i in range(26)})
    table.update({0xFF41 + i: chr(0x61 + i) for i in range(26)})
    return table


def normalise(text: str) -> str:
    """``text`` with dashes, spaces and digits in one form; same length as ``text``."""
    if text.isascii():
        return text
    out = text.translate(_table())
    assert len(out) == len(text)  # noqa: S101 - offsets must stay valid
    return out
