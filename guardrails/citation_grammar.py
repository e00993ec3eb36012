"""A GBNF grammar that makes any llama.cpp model cite its sources as ``[n]``.

The prompt asks for a ``[n]`` after every claim; a small model often ignores that. With this
grammar the sampler can only produce either the refusal sentence or one to eight sentences
that each end in a citation of a source that was actually given (1..n). Whether a sentence
is *supported* by the passage it cites is still checked afterwards (``check_citations``).
"""

from __future__ import annotations

MAX_SENTENCES = 8
MAX_SENTENCE_CHARS = 240  # a citation within ~70 tokens, also when max_tokens is small


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def citation_grammar(n_sources: int, refusal: str) -> str:
    """GBNF for an answer of cited sentences over sources ``1..n_sources``, or ``refusal``."""
    if n_sources < 1:
        raise ValueError("een grammatica voor bronverwijzingen vraagt minstens één bron")
    numbers = " | ".join(_literal(str(n)) for n in range(1, n_sources + 1))
    return "\n".join([
        "root ::= refusal | claims",
        f"refusal ::= {_literal(refusal)}",
        f"claims ::= claim (\" \" claim){{0,{MAX_SENTENCES - 1}}}",
        # a sentence starts with a visible character and never contains brackets itself
        'claim ::= [^\\[\\]\\n ] text " [" source "]."',
        f"text ::= [^\\[\\]\\n]{{3,{MAX_SENTENCE_CHARS}}}",
        f"source ::= {numbers}",
    ])
