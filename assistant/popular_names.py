"""Popular names of public-order powers and the article that grants them.

OOV staff ask about "een gebiedsverbod" or "het Damoclesbeleid"; the law that grants the power
never uses that word (artikel 172a Gemeentewet speaks of "zich niet op te houden in een of meer
bepaalde delen van de gemeente"). Embeddings miss that link, so a question that uses a popular
name brings the article behind it into the sources, when that article is indexed.

Only names that denote one power of one article in national law, and that the article's own
text does not use, belong here. Municipal terms (APV articles differ per municipality) do not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# (pattern over the question, the legal basis as a reference the retriever resolves)
POPULAR_NAMES: Sequence[tuple[re.Pattern[str], str]] = tuple(
    (re.compile(pattern, re.IGNORECASE), basis) for pattern, basis in (
        (r"\b(gebiedsverbod|groepsverbod|voetbalwet)", "artikel 172a Gemeentewet"),
        (r"\btwaalfminner", "artikel 172b Gemeentewet"),
        (r"\blichte\s+bevel", "artikel 172 Gemeentewet"),
        (r"\bnoodbevel", "artikel 175 Gemeentewet"),
        (r"\bnoodverordening", "artikel 176 Gemeentewet"),
        (r"\bpreventief\s+fouilleren", "artikel 151b Gemeentewet"),
        (r"\b(damocles|wet\s+victoria)", "artikel 13b Opiumwet"),
    )
)


def legal_bases(question: str) -> list[str]:
    """The legal bases of the popular names in ``question``: 'Hoelang duurt een gebiedsverbod?'
    -> ['artikel 172a Gemeentewet']; in table order, each once."""
    return [basis for pattern, basis in POPULAR_NAMES if pattern.search(question)]
