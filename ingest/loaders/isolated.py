"""Parse an untrusted file in a child process with a memory limit and a time limit.

A parser that is fed a hostile file (a zip bomb that lies about its sizes, XML that expands,
a bug in a C extension) can take all memory or hang. ``run_isolated`` runs it in a child
process forked from a small fork server (started once, with the parsers already imported, so
a document costs milliseconds, not an interpreter start). The child limits its own address
space (``RLIMIT_AS``: what it uses at the start plus ``memory_bytes``); the parent waits at most
``timeout_s`` and then kills it. Whatever goes wrong becomes a ``LoadError`` with a Dutch
reason, so nothing of the file is indexed.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from ingest.loaders._base import LoadError

#: Imported once by the fork server, so every child starts with the parsers loaded.
PRELOAD = ["ingest.loaders.office", "docx", "odf.opendocument", "odf.teletype"]

_context: Any = None
_lock = threading.Lock()


def _fork_server() -> Any:
    global _context
    with _lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
        return _context


def address_space() -> int:
    """Bytes of address space this process uses now (``/proc/self/statm``)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def limit_memory(extra_bytes: int) -> None:
    """Let this process use at most ``extra_bytes`` more address space than it does now."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = address_space() + extra_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(conn: Connection, parse: Callable[[bytes], Any], data: bytes,
           memory_bytes: int) -> None:
    try:
        limit_memory(memory_bytes)
        result = parse(data)
        del data
        conn.send(("ok", result))
    except LoadError as exc:
        conn.send(("load", exc.reason_nl))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as exc:  # noqa: BLE001 - the parent turns it into a Dutch reason
        conn.send(("error", type(exc).__name__))
    finally:
        conn.close()


class ParserFailed(RuntimeError):
    """The parser raised in the child; the loader reports the file as unreadable."""


def run_isolated(parse: Callable[[bytes], Any], data: bytes, *, kind: str, memory_bytes: int,
                 timeout_s: float) -> Any:
    """``parse(data)`` in a child process; its result must pickle (plain strings and tuples).

    ``parse`` must be a module-level function. Raises ``LoadError`` (Dutch, naming ``kind``,
    e.g. 'Word') when the child runs out of memory, takes too long or dies, and
    ``ParserFailed`` when the parser raised another error.
    """
    context = _fork_server()
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(writer, parse, data, memory_bytes),
                              name="baken-inlezen", daemon=True)
    try:
        process.start()
    except OSError as exc:
        reader.close()
        writer.close()
        raise LoadError(f"{kind}-bestand kon niet veilig (in een apart proces) worden "
                        "ingelezen — niet geïndexeerd") from exc
    writer.close()
    try:
        if not reader.poll(timeout_s):
            raise LoadError(f"het inlezen van dit {kind}-bestand duurde langer dan "
                            f"{timeout_s:g} seconden — niet geïndexeerd")
        try:
            status, value = reader.recv()
        except (EOFError, OSError):
            status, value = "crash", None
    finally:
        reader.close()
        if process.is_alive():
            process.kill()
        process.join(10)
    if status == "ok":
        return value
    if status == "load":
        raise LoadError(str(value))
    if status == "memory":
        raise LoadError(f"{kind}-bestand vraagt bij het inlezen meer dan "
                        f"{memory_bytes // 1_000_000} MB geheugen (mogelijk een zipbom) — "
                        "niet geïndexeerd")
    if status == "crash":
        raise LoadError(f"het inlezen van dit {kind}-bestand is afgebroken (te veel geheugen of "
                        "een fout in de lezer) — niet geïndexeerd")
    raise ParserFailed(str(value))
