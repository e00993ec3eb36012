"""Start and stop the server configuration on loopback: Chroma server, LLM server, Baken API.

Used by the load and fault scripts and by the contract tests. Every process listens on
127.0.0.1 only, waits for readiness in a bounded loop, and is stopped (or killed) by its id.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port that is free on loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@dataclass
class ManagedProcess:
    """A server subprocess with a readiness URL; output goes to ``log``."""

    name: str
    args: list[str]
    ready_url: str
    log: Path
    port: int = 0
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> ManagedProcess:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        self.proc = subprocess.Popen(self.args, stdout=out, stderr=subprocess.STDOUT,
                                     env={**os.environ, **self.env}, start_new_session=True)
        out.close()
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} stopte bij het starten; zie {self.log}")
            try:
                if httpx.get(self.ready_url, timeout=2.0).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"{self.name} was niet binnen {timeout:.0f} s gereed; zie {self.log}")

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """Hard stop (SIGKILL), as a crash would."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        """Graceful stop, then a kill after 15 s."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def restart(self, timeout: float = 120.0) -> ManagedProcess:
        self.stop()
        return self.start(timeout)


def chroma_server(path: Path, port: int, log: Path) -> ManagedProcess:
    """``chroma run`` (from the chromadb package) on loopback."""
    exe = Path(sys.executable).parent / "chroma"
    return ManagedProcess(
        "Chroma-server",
        [str(exe), "run", "--path", str(path), "--host", LOOPBACK, "--port", str(port)],
        f"http://{LOOPBACK}:{port}/api/v2/heartbeat", log, port,
    )


def llm_server(model: Path, port: int, log: Path, *, alias: str = "baken",
               n_threads: int = 1, n_ctx: int = 4096) -> ManagedProcess:
    """The llama-cpp-python OpenAI-compatible server on loopback.

    ``--interrupt_requests False``: by default that server cuts a streaming answer short as soon
    as another request waits; with it off, requests queue and every answer is complete.
    """
    return ManagedProcess(
        "LLM-server",
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", LOOPBACK,
         "--port", str(port), "--n_threads", str(n_threads), "--n_ctx", str(n_ctx),
         "--model_alias", alias, "--interrupt_requests", "False"],
        f"http://{LOOPBACK}:{port}/v1/models", log, port,
    )


def baken_api(port: int, log: Path, env: dict[str, str]) -> ManagedProcess:
    """``baken serve-api`` on loopback with the given BAKEN_* environment."""
    return ManagedProcess(
        "Baken-API",
        [sys.executable, "-m", "assistant.cli", "serve-api", "--host", LOOPBACK,
         "--port", str(port)],
        f"http://{LOOPBACK}:{port}/api/health", log, port, env=env,
    )
