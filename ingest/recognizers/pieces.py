"""Analyse the pieces of one long text in several processes (the worst case: megabytes of text
dense with names).

The pieces are independent (each is analysed on its own, offsets say where it starts), so
their findings do not depend on which process analysed them or in what order. Worker
processes are forked from the caller, so they share the analyser that is already built (no
second start of deduce); forking is only done from a process with a single thread, and only
where the operating system can fork. Everywhere else the pieces are analysed one by one.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from presidio_analyzer import RecognizerResult

from assistant.core.protocols import Finding
from ingest.recognizers.base import LANGUAGE

#: Texts shorter than this are analysed in this process: starting workers costs more.
PARALLEL_MIN_CHARS = 1_000_000
#: At most this many worker processes.
MAX_WORKERS = 4
_CHUNK = 4  # pieces handed to a worker at a time

_analyzer: Any = None  # the analyser the forked workers use (set only while they run)


def worker_count(chars: int) -> int:
    """How many processes should analyse a text of ``chars`` characters (1: this one)."""
    if chars < PARALLEL_MIN_CHARS or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAX_WORKERS, cpus or 1))


def analyse(analyzer: Any, pieces: Sequence[tuple[int, str]], workers: int,
            check: Callable[[], None]) -> list[Finding]:
    """Findings of all pieces ((offset, text) pairs), in piece order. ``check`` runs between
    pieces and may raise to stop (a time budget); the workers are then stopped too."""
    if workers <= 1:
        findings: list[Finding] = []
        for piece in pieces:
            check()
            findings.extend(_analyse_with(analyzer, piece))
        return findings
    return _in_workers(analyzer, pieces, workers, check)


def _in_workers(analyzer: Any, pieces: Sequence[tuple[int, str]], workers: int,
                check: Callable[[], None]) -> list[Finding]:
    global _analyzer  # noqa: PLW0603 (the forked workers inherit it)
    _analyzer = analyzer
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:  # leaving the block terminates the workers
            findings: list[Finding] = []
            for found in pool.imap(_analyse_piece, pieces, chunksize=_CHUNK):
                check()
                findings.extend(found)
            return findings
    finally:
        _analyzer = None


def _analyse_piece(piece: tuple[int, str]) -> list[Finding]:
    return _analyse_with(_analyzer, piece)


def _analyse_with(analyzer: Any, piece: tuple[int, str]) -> list[Finding]:
    offset, text = piece
    return list(to_findings(analyzer.analyze(text=text, language=LANGUAGE), offset))


def to_findings(results: Iterable[RecognizerResult], offset: int) -> Iterable[Finding]:
    """Presidio's results as Baken findings, with offsets in the whole text."""
    for result in results:
        meta = result.recognition_metadata or {}
        name = str(meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, "onbekend"))
        yield Finding(result.entity_type, result.start + offset, result.end + offset,
                      float(result.score), name)
