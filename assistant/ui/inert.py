"""Text that Baken did not write itself, made inert for the browser.

Everything from a document or from the model (answer text, quotes, source labels, snippets,
warnings, file names and titles, the drafting preview) goes through this module before it is
put into the page; Baken's own formatting is added around the result, never run through it.

- ``markdown(text)`` for Markdown components (the chat, ``gr.Markdown``): HTML is escaped
  (``html.escape``), so no tag reaches the browser, and the Markdown characters that start a
  link or an image are backslash-escaped (``[``, ``]``, plus the backslash itself and the
  backtick), so ``![..](..)``, ``[..](..)``, ``[..][..]``, reference definitions
  (``[1]: http://…``) and autolinks (``<http://…>``, bare ``http://…`` and ``www.…``) stay plain
  text. What the reader sees is the text as written: a Markdown renderer removes the escapes.
  A bracket pair with plain text inside that cannot start a link stays as it is, so citation
  markers (``[1]``), placeholders (``[in te vullen: …]``, ``[BSN-1]``) read the same in the
  raw text: with every ``]:`` escaped no reference definition exists, so such a pair cannot
  become a link; one that could (followed by ``(``, ``[`` or ``:``, or right after ``!`` or
  ``]``) is escaped like any other bracket. Emphasis, headings and lists in the text are left
  alone: they load nothing.
- ``html(text)`` for HTML components (``gr.HTML``): HTML-escaped, quotes included.

Plain-text components (the documents table's text cells, dropdown choices, text boxes) show
text as text and need neither.
"""

from __future__ import annotations

import html as _html
import re

_URL = r"(?P<url>(?i:\b(?:https?|ftp)(?=://)|\bwww(?=\.)))"
_CHAR = r"(?P<char>[\\`\[\]])"
# a bracket pair that cannot be (part of) a link or image, a URL start, or a character to escape
_MARKDOWN = re.compile(r"(?P<pair>(?<![!\]])\[(?P<inner>[^\[\]\n]*)\](?![(\[:]))|" + _URL + "|"
                       + _CHAR)
_INNER = re.compile(_URL + "|" + _CHAR)


def _escape(match: re.Match[str]) -> str:
    if match.groupdict().get("pair") is not None:
        return "[" + _INNER.sub(_escape, match.group("inner")) + "]"
    if match.group("url"):  # "http\://", "www\.": the renderer's autolinker skips them
        return match.group("url") + "\\"
    return "\\" + match.group("char")


def markdown(text: str) -> str:
    """``text`` for a Markdown component: shown as written, with no tag, link or image."""
    return _MARKDOWN.sub(_escape, _html.escape(text, quote=False))


def html(text: str) -> str:
    """``text`` for an HTML component (element content or a quoted attribute value)."""
    return _html.escape(text, quote=True)
