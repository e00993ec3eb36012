"""The optional parts of Baken and whether they work, with what to do in plain Dutch.

Shown on the Status tab of the chat and by ``baken doctor``. Every check is cheap and local:
files on disk, an import, and for a configured server a short connection attempt to the
address in the settings (nothing else is contacted).
"""

from __future__ import annotations

import importlib.util
import socket
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from assistant.config import Settings

State = Literal["werkt", "ontbreekt", "niet ingesteld"]
CONNECT_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class Part:
    """One optional part: its name, its state, what it means and what to do (Dutch)."""

    name: str
    state: State
    detail: str
    todo: str = ""

    @property
    def ok(self) -> bool:
        return self.state != "ontbreekt"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S):
            return True
    except OSError:
        return False


def model_part(settings: Settings) -> Part:
    from assistant.llm import model_file

    name = "Taalmodel"
    if settings.server.llm_base_url:
        return Part(name, "werkt",
                    f"via de modelserver ({settings.server.llm_model}); zie hieronder")
    try:
        chosen = model_file(settings)
    except Exception as exc:  # noqa: BLE001 - reported, never raised
        return Part(name, "ontbreekt", str(exc),
                    "Zet het modelbestand terug of stel model_path in (zie models/README.md).")
    if chosen.fallback_reason:
        return Part(name, "ontbreekt",
                    f"Het standaardmodel ontbreekt; Baken gebruikt het demomodel: "
                    f"{chosen.fallback_reason}",
                    "Laat de beheerder 'make install' uitvoeren (installeert Qwen2.5-Coder-1.5B).")
    return Part(name, "werkt", f"{chosen.name} ({chosen.path.name})")


def dictionary_part(settings: Settings) -> Part:
    from assistant.taalcheck import TaalcheckUnavailable, find_dictionary

    name = "Woordenboek (taalcheck)"
    todo = ("Laat de beheerder het Debian-pakket hunspell-nl installeren ('make system-deps'), "
            "of stel taalcheck_dictionary in. Zonder woordenboek werkt de taalcheck niet; de "
            "rest van Baken wel.")
    try:
        found = find_dictionary(settings.drafting.taalcheck_dictionary)
    except TaalcheckUnavailable as exc:
        return Part(name, "ontbreekt", str(exc), todo)
    if importlib.util.find_spec("spylls") is None:
        return Part(name, "ontbreekt", "De spellingbibliotheek spylls is niet geïnstalleerd.",
                    "Laat de beheerder 'make install' opnieuw uitvoeren.")
    return Part(name, "werkt", f"Nederlands woordenboek {found}.dic")


def chroma_part(settings: Settings) -> Part:
    name = "Chroma-server"
    if not settings.server.chroma_host:
        return Part(name, "niet ingesteld",
                    "Niet nodig: de index staat in de datamap van deze computer.")
    where = f"{settings.server.chroma_host}:{settings.server.chroma_port}"
    if _reachable(settings.server.chroma_host, settings.server.chroma_port):
        return Part(name, "werkt", f"bereikbaar op {where}")
    return Part(name, "ontbreekt", f"niet bereikbaar op {where}",
                "Start de Chroma-server, of laat chroma_host leeg om de index in de datamap "
                "te bewaren.")


def llm_server_part(settings: Settings) -> Part:
    name = "Modelserver"
    url = settings.server.llm_base_url
    if not url:
        return Part(name, "niet ingesteld", "Niet nodig: het taalmodel draait in Baken zelf.")
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if host and _reachable(host, port):
        return Part(name, "werkt", f"bereikbaar op {host}:{port}")
    return Part(name, "ontbreekt", f"niet bereikbaar op {host or url}:{port}",
                "Start de modelserver (bijv. llama-server), of laat llm_base_url leeg om het "
                "model in Baken zelf te laten draaien.")


def optional_parts(settings: Settings) -> list[Part]:
    """Model, dictionary, Chroma server and model server, in that order."""
    return [model_part(settings), dictionary_part(settings), chroma_part(settings),
            llm_server_part(settings)]


SYMBOLS = {"werkt": "✓ werkt", "ontbreekt": "⚠ ontbreekt", "niet ingesteld": "– niet ingesteld"}


def parts_text(parts: list[Part]) -> str:
    """Plain text for the console (``baken doctor``)."""
    lines = []
    for part in parts:
        lines.append(f"{part.name}: {part.state} — {part.detail}")
        if part.todo:
            lines.append(f"    Wat te doen: {part.todo}")
    return "\n".join(lines)
