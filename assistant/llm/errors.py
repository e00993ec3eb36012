"""Errors every language-model backend raises the same way (Dutch, without the prompt)."""

from __future__ import annotations

from assistant.core.errors import BakenError

PROMPT_TOO_LONG = ("De vraag is samen met de gevonden bronnen te lang voor het taalmodel. Stel "
                   "een kortere vraag, of vraag de beheerder om minder bronnen per antwoord.")


class PromptTooLong(BakenError, ValueError):
    """The prompt does not fit the model's context window; nothing was generated."""

    def __init__(self) -> None:
        super().__init__(PROMPT_TOO_LONG)
