"""One form for the characters people and word processors use interchangeably.

Recognizers see a copy of the text in which Unicode dashes are '-', Unicode spaces are ' ', and
every decimal digit (full-width, Arabic-Indic, ...) is its ASCII digit, a letter O or l typed
for a digit inside a number is that digit, and a 1 or 0 typed for an l or o inside a word is
that letter. Each character maps to
exactly one character, so a finding's offsets in the copy are its offsets in the original and
the replacement hits the original text.
"""

from __future__ import annotations

import re
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
    if not text.isascii():
        text = text.translate(_table())
    text = _LOOK_ALIKE_IN_NUMBER.sub(_as_digit, text)
    return _DIGIT_IN_WORD.sub(_as_letter, text)


#: A letter O or o, l or I typed (or read by OCR) for a digit inside a number: "1O3 456 782",
#: "O309 1122 33", "06-l2345678", "17-O9-1979". Only where digits stand on both sides (a
#: date's separator may stand between), or a digit group of three or more follows, so that
#: words ("OV", "Ik") stay.
#: Not after one to three capitals: "NL15 TRI O362 …" is a bank code split by a space.
_LOOK_ALIKE_IN_NUMBER = re.compile(
    r"(?<=\d)[OoIl](?=\d)"
    # a date's part after or before its separator: "17-O9-1979", "O3-11-1988"
    r"|(?<=\d[-/.])[Oo](?=\d)|(?<![\w])[Oo](?=\d[-/.]\d)"
    r"|(?<![\w])(?<!\b[A-Z] )(?<!\b[A-Z]{2} )(?<!\b[A-Z]{3} )[Oo](?=\d{3})"
)
_DIGIT_FOR = {"O": "0", "o": "0", "I": "1", "l": "1"}


def _as_digit(match: re.Match[str]) -> str:
    return _DIGIT_FOR[match.group(0)]


#: A 1 or 0 typed (or read by OCR) for an l or o between lower-case letters: "Kowa1czyk",
#: "Ro0s". Codes in capitals ("A1B") and numbers stay as they are.
_DIGIT_IN_WORD = re.compile(r"(?<=[a-zß-öø-ÿ])[10](?=[a-zß-öø-ÿ])")
_LETTER_FOR = {"1": "l", "0": "o"}


def _as_letter(match: re.Match[str]) -> str:
    return _LETTER_FOR[match.group(0)]


#: Letters that have no decomposition into an ASCII letter and a mark
_UNDECOMPOSABLE = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
                                 "Đ": "D", "ħ": "h", "ŧ": "t", "İ": "I"})


def without_accents(word: str) -> str:
    """``word`` as typed on a keyboard without its accents: "Doğan" -> "Dogan", "Yıldız" ->
    "Yildiz", "Wałęsa" -> "Walesa"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNDECOMPOSABLE))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if not unicodedata.combining(c)))
