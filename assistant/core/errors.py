"""The one base class of the errors a user may see."""

from __future__ import annotations


class BakenError(Exception):
    """An error whose message is a complete Dutch sentence for the user.

    Raise a subclass with that message (``raise IngestBusy("Er loopt al ...")``); without one,
    the class's ``default_message`` is used. ``assistant.errors.dutch_error`` shows the message
    on screen; details that are not for users belong in the log, not in the message.
    """

    default_message = "Deze actie kon niet worden uitgevoerd."

    @property
    def user_message(self) -> str:
        """The Dutch text for the user (the first argument, or the class's default)."""
        text = str(self.args[0]) if self.args else ""
        return text or self.default_message

    def __str__(self) -> str:
        return self.user_message
