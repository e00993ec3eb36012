"""What kind of answer a question asks for, and whether the sources can give it.

Code, not the model, decides a refusal: a question about an amount of money ("Wat kost …",
"Hoeveel leges …") whose retrieved sources name no amount at all cannot be answered from them,
however close the topic is (the evenementenvergunning is described, its price is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ASKS_AMOUNT = re.compile(
    r"\b(?:wat|hoeveel)\s+(?:\w+\s+){0,3}?(?:kost|kosten|betaal\w*|leges|tarief|tarieven)\b"
    r"|\bhoe\s+(?:duur|hoog)\s+(?:is|zijn|was|waren)\s+(?:de\s+|het\s+)?(?:\w+\s+)?"
    r"(?:boete|bedrag|leges|tarief|prijs|kosten|belasting)"
    r"|\bwelk\s+bedrag\b|\bhoogste\s+bedrag\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"€|\bEUR\b|\beuro\b|\bgeldboete\s+van\s+de\s+\w+\s+categorie\b|\d\s*(?:,-|,=)",
    re.IGNORECASE,
)


def asks_for_amount(question: str) -> bool:
    """Whether ``question`` asks what something costs (an amount of money)."""
    return bool(_ASKS_AMOUNT.search(question))


def names_an_amount(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` states an amount of money."""
    return any(_AMOUNT.search(text) for text in texts)


def unanswerable_kind(question: str, texts: Iterable[str]) -> str | None:
    """Why the sources cannot answer ``question`` (a Dutch phrase), or None if they may."""
    if asks_for_amount(question) and not names_an_amount(texts):
        return "de gevonden documenten noemen geen bedrag"
    return None
