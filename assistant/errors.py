"""Turn exceptions into Dutch messages for users; details go to the log, not the screen."""

from __future__ import annotations

import errno
import logging
import traceback
from pathlib import Path

from pydantic import ValidationError

from assistant.config import Settings, describe
from assistant.core.errors import BakenError

log = logging.getLogger("baken")

# every error with a message for users derives from BakenError (assistant.core.errors)
_KNOWN = (BakenError, FileNotFoundError, PermissionError)


def dutch_error(exc: BaseException) -> str:
    """A short Dutch explanation; unexpected errors are logged by type only."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return ("De schijf is vol. Maak ruimte vrij en probeer het opnieuw; wat half is "
                "ingelezen, wordt bij de volgende inleesactie opgeruimd.")
    if isinstance(exc, _KNOWN):
        return str(exc) if not isinstance(exc, PermissionError) else (
            "Geen toegang tot een bestand of map; controleer de rechten.")
    if isinstance(exc, ValidationError) and exc.title == Settings.__name__:
        return _settings_error(exc)
    if isinstance(exc, MemoryError):
        return "Onvoldoende geheugen voor deze actie."
    log.error("onverwachte fout: %s%s (in %s)", type(exc).__name__, _code_detail(exc),
              _where(exc))
    return (f"Er ging iets onverwachts mis ({type(exc).__name__}). Probeer het opnieuw; "
            "blijft het misgaan, neem dan contact op met de beheerder.")


def _code_detail(exc: BaseException) -> str:
    """For an import error, which module failed: names of code, never of a document."""
    if isinstance(exc, ImportError):
        return f" ({exc})"
    return ""


def _where(exc: BaseException) -> str:
    """Where in the code it went wrong (file, line, function), without any value."""
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    return " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))


def _settings_error(exc: ValidationError) -> str:
    """Which settings are invalid and what they should look like, never the value itself."""
    found = sorted({describe(tuple(e["loc"])) for e in exc.errors() if e.get("loc")},
                   key=lambda pair: pair[0])
    parts = [f"{name}: {about}" if about else name for name, about in found]
    return f"Ongeldige instelling — {'; '.join(parts) or 'onbekend'}"
