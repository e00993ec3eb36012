"""``baken serve-api``: the JSON HTTP API for a shared server (see ``assistant/server.py``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser("serve-api", help="start de HTTP-API (voor een gedeelde server)")
    p.add_argument("--data-dir", type=Path, help="map met de index (standaard uit de instellingen)")
    p.add_argument("--collection", help="standaardcollectie (standaard uit de instellingen)")
    p.add_argument("--host", default=None, help="adres (standaard 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="poort (standaard api_port, 7861)")
    p.set_defaults(func=cmd_serve_api)


def cmd_serve_api(args: argparse.Namespace) -> int:
    """Load the parts once, then serve; refused (Dutch, via ``baken``'s main) when the API would
    listen on the network, or sit behind a reverse proxy, without a login."""
    import uvicorn

    from assistant.app import CollectionBakens
    from assistant.config import load_settings
    from assistant.credentials import checked_login
    from assistant.server import create_app

    settings = load_settings(data_dir=args.data_dir, collection=args.collection,
                             host=args.host, api_port=args.port)
    checked_login(settings)
    pool = CollectionBakens(settings)
    print("Baken-API wordt voorbereid (anonimiseerder en index laden)…", flush=True)
    pool.warm()
    app = create_app(settings, pool)
    print(f"Baken-API draait op http://{settings.ui.host}:{settings.server.api_port}", flush=True)
    uvicorn.run(app, host=settings.ui.host, port=settings.server.api_port, log_level="warning",
                access_log=False, server_header=False, timeout_graceful_shutdown=10)
    return 0
