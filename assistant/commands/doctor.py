"""``baken doctor``: which optional parts work (model, dictionary, Chroma server, model
server) and what to do about those that are missing, in Dutch. Exit code 1 when one is
missing."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser("doctor", help="controleer welke onderdelen werken")
    common(p)
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from assistant.config import load_settings
    from assistant.parts import optional_parts, parts_text

    overrides: dict[str, Any] = {}
    if getattr(args, "data_dir", None) is not None:
        overrides["data_dir"] = args.data_dir
    parts = optional_parts(load_settings(**overrides))
    if getattr(args, "json", False):
        print(json.dumps([{**asdict(p), "ok": p.ok} for p in parts], ensure_ascii=False,
                         indent=2))
    else:
        print(parts_text(parts))
    return 0 if all(p.ok for p in parts) else 1
