"""How chats and quick messages are typed: a time stamp and a sender before the text, lines
that start in lower case. Names in such lines are typed in lower case too."""

from __future__ import annotations

import regex as re

#: "14:02", "[14:02:11]", and with the date chat exports put first: "04-12-26, 01:12 - ",
#: "[04-12-2026 01:12:09] "
TIME = (
    r"(?:\[?(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?[ ])?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\]?[ ]?"
    r"(?:-[ ]?)?)"
)
WORD = r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)?"
_CHAT_LINE = re.compile(
    rf"[ \t]*(?:{TIME}?{WORD}(?:[ ]{WORD}){{0,2}}[ ]?:[ ]|{TIME}|[^\w\n]*[a-zà-öø-ÿ])")


def typed_line(text: str, position: int) -> bool:
    """A line typed as in a chat: after a sender ("Ay: ...", "[14:02] petra v: ...") or begun
    in lower case. Policy text starts its lines with a capital."""
    start = text.rfind("\n", 0, position) + 1
    return _CHAT_LINE.match(text, start, position) is not None
