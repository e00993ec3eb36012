"""Several processes opening one fresh store folder at the same moment: the chat starting while
the first ``baken ingest`` creates the index. Chroma creates its tables on first open; without a
lock around that, one of them failed with "table collections already exists" (about one round
in six with four processes on two cores)."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest

ROUNDS = 10
PROCESSES = 4


def _open_store(path: str, barrier: Any, results: Any) -> None:
    from assistant.index import ChromaChunkStore, chroma_client

    barrier.wait()
    try:
        ChromaChunkStore(chroma_client(Path(path)))
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 (the test reports what went wrong)
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.slow
def test_processes_opening_a_fresh_store_at_once_all_succeed(tmp_path: Path) -> None:
    ctx = mp.get_context("spawn")
    failures = []
    for round_no in range(ROUNDS):
        barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
        folder = str(tmp_path / f"store-{round_no}")
        procs = [ctx.Process(target=_open_store, args=(folder, barrier, results))
                 for _ in range(PROCESSES)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(timeout=120)
        outcomes = [results.get(timeout=10) for _ in procs]
        failures += [o for o in outcomes if o != "ok"]
    assert failures == []
