"""Starting the chat on a port that is taken gives a Dutch message, not a stack trace."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.conftest import run_cli


def test_port_in_use_is_explained_in_dutch(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_cli("ui", "--port", str(port), "--data-dir", str(tmp_path), check=False,
                       timeout=300)
    assert proc.returncode == 2
    assert f"poort {port}" in proc.stderr and "al in gebruik" in proc.stderr
    assert "Traceback" not in proc.stderr
