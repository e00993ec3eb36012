"""Offline by construction: ingest + ask succeed with every non-loopback connection blocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, netblock_log

pytestmark = pytest.mark.e2e


def test_ingest_and_ask_make_no_network_connection(demo_index: tuple[Path, dict],
                                                   demo_answer: dict) -> None:
    """The session's demo ingest and demo question ran with the attempts log on."""
    data_dir, report = demo_index
    assert report["documents_indexed"] >= 2
    assert demo_answer["answer"]
    log = netblock_log(data_dir)
    attempts = log.read_text() if log.exists() else ""
    assert attempts == "", f"network access attempted:\n{attempts}"


def test_the_network_block_itself_works(tmp_path: Path) -> None:
    """Guards the guard: the blocker really refuses a non-loopback connection."""
    import subprocess
    import sys

    log = tmp_path / "attempts.log"
    # the real connect is swapped for a marker first, so no packet can leave even if the guard broke
    code = ("import sitecustomize, socket\n"
            "sitecustomize._real_connect = lambda s, a: print('REAL CONNECT')\n"
            "try:\n    socket.socket().connect(('192.0.2.1', 80))\n"
            "except OSError as e:\n    print('blocked', type(e).__name__)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "tests" / "netblock"),
                               "BAKEN_NETBLOCK_LOG": str(log)})
    assert "blocked" in proc.stdout and "REAL CONNECT" not in proc.stdout
    assert "192.0.2.1" in log.read_text()
