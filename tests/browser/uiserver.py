"""What the browser tests share: ``baken ui`` in a subprocess on a free port, headless Chromium
from the Debian package, and screenshots under ``test-artifacts/browser/``.

The server runs with every non-loopback connection blocked and logged (``tests/netblock``);
``running`` fails the test module when the server tried to reach the network or printed a
traceback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tests.conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def shot(page: Page, name: str) -> None:
    """A full-page screenshot ``test-artifacts/browser/<name>.png`` for a reviewer."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


class Server:
    """``baken ui`` in a subprocess over ``data_dir``; its output is collected in the background.

    ``env`` adds settings (``BAKEN_*``) for this server on top of the test environment.
    """

    def __init__(self, data_dir: Path, netlog: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.netlog = netlog
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        full_env = {**os.environ, "BAKEN_N_THREADS": "1", "BAKEN_NETBLOCK_LOG": str(netlog),
                    "PYTHONPATH": f"{REPO / 'tests' / 'netblock'}:{REPO}", **(env or {})}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "ui", "--data-dir", str(data_dir),
             "--port", str(self.port)],
            cwd=REPO, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    def wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and self.proc.poll() is None:
            if any("Baken draait op" in line for line in self.lines):
                return
            time.sleep(0.5)
        raise AssertionError("baken ui did not start:\n" + "\n".join(self.lines[-40:]))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@contextmanager
def running(data_dir: Path, netlog: Path, *, env: dict[str, str] | None = None,
            log_name: str = "server.log", start_timeout_s: float = 300) -> Iterator[Server]:
    """A started server; afterwards its output is saved next to the screenshots, and the
    module fails if the server tried to reach the network or printed a traceback."""
    srv = Server(data_dir, netlog, env)
    try:
        srv.wait_ready(start_timeout_s)
        yield srv
    finally:
        srv.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / log_name).write_text("\n".join(srv.lines), encoding="utf-8")
    attempts = netlog.read_text() if netlog.exists() else ""
    assert attempts == "", f"the server tried to reach the network:\n{attempts}"
    assert not any("Traceback" in line for line in srv.lines), "\n".join(srv.lines[-40:])


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium from the Debian package (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def requests_outside(page: Page, server: Server) -> list[str]:
    """The URLs ``page`` requests from anywhere but ``server`` (filled while the page runs)."""
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((server.url, "data:", "blob:"))
            else outside.append(r.url))
    return outside
