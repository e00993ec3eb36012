"""Extra ``baken`` sub-commands, one module each, found automatically.

Each module defines ``register(subparsers, common)``: it adds its parser(s) and sets
``func`` (a function taking the parsed ``argparse.Namespace`` and returning an exit code).
``common(parser)`` adds the shared ``--data-dir`` and ``--json`` options.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType


def command_modules() -> Iterator[ModuleType]:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        yield importlib.import_module(f"{__name__}.{info.name}")
