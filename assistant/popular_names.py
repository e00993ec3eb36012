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
from dataclasses import dataclass


@dataclass(frozen=True)
class PopularName:
    """A popular name (as a pattern) and the article that grants the power it names."""

    pattern: re.Pattern[str]
    basis: str  # a reference the retriever resolves: 'artikel 172a Gemeentewet'


POPULAR_NAMES: Sequence[PopularName] = tuple(
    PopularName(re.compile(pattern, re.IGNORECASE), basis) for pattern, basis in (
        (r"\b(gebiedsverbod|groepsverbod|voetbalwet)", "artikel 172a Gemeentewet"),
        (r"\btwaalfminner", "artikel 172b Gemeentewet"),
        (r"\blichte\s+bevel", "artikel 172 Gemeentewet"),
        (r"\bnoodbevel", "artikel 175 Gemeentewet"),
        (r"\bnoodverordening", "artikel 176 Gemeentewet"),
        (r"\bpreventief\s+fouilleren", "artikel 151b Gemeentewet"),
        (r"\b(damocles|wet\s+victoria)", "artikel 13b Opiumwet"),
    )
)


def popular_names(question: str) -> list[PopularName]:
    """The popular names used in ``question``, in table order: 'Hoelang duurt een
    gebiedsverbod?' -> the name whose basis is 'artikel 172a Gemeentewet'."""
    return [name for name in POPULAR_NAMES if name.pattern.search(question)]


def mentioned(names: Sequence[PopularName], texts: Sequence[str]) -> bool:
    """Whether one of ``texts`` uses one of the popular ``names`` itself."""
    return any(name.pattern.search(text) for name in names for text in texts)
