"""``baken export-embedder``: write the bundled embedder as a sentence-transformers folder.

Run once at install time. Without ``--target`` it writes to the default location inside the
environment and does nothing when that export is already up to date (``--force`` redoes it).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser(
        "export-embedder",
        help="zet het meegeleverde embeddingmodel (multilingual-e5-small) klaar voor "
             "sentence-transformers",
    )
    p.add_argument("--target", type=Path, default=None,
                   help="doelmap (standaard in de Python-omgeving van Baken)")
    p.add_argument("--force", action="store_true", help="ook exporteren als de map al actueel is")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.set_defaults(func=cmd_export_embedder)


def cmd_export_embedder(args: argparse.Namespace) -> int:
    from assistant.embedder_export import default_embedder_dir, export_e5_small, is_current

    target: Path = args.target or default_embedder_dir()
    started = time.monotonic()
    fresh = args.force or not is_current(target)
    if fresh:
        if not args.json:
            print(f"Embeddingmodel wordt geëxporteerd naar {target} …", flush=True)
        export_e5_small(target)
    seconds = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps({"target": str(target), "exported": fresh, "seconds": seconds}))
    elif fresh:
        print(f"Klaar in {seconds} s: {target}")
    else:
        print(f"Embeddingmodel is al actueel: {target}")
    return 0
