"""Loaded via PYTHONPATH in the offline test: any non-loopback connection fails and is logged."""

from __future__ import annotations

import ipaddress
import os
import socket

_LOG = os.environ.get("BAKEN_NETBLOCK_LOG", "")
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _is_local(host: object) -> bool:
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _record(what: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(what + "\n")


def _guard(address: object) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if not _is_local(host):
        _record(f"connect {host!r}")
        raise ConnectionRefusedError(f"network blocked in test: {host!r}")


def _local_family(sock: socket.socket) -> bool:
    """Unix sockets (multiprocessing, a local server's socket file) never leave the machine."""
    return sock.family == getattr(socket, "AF_UNIX", None)


def _connect(self: socket.socket, address: object) -> None:
    if not _local_family(self):
        _guard(address)
    return _real_connect(self, address)


def _connect_ex(self: socket.socket, address: object) -> int:
    if not _local_family(self):
        _guard(address)
    return _real_connect_ex(self, address)


def _getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
    if isinstance(host, str) and not _is_local(host):
        _record(f"resolve {host!r}")
        raise socket.gaierror(f"name resolution blocked in test: {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _connect  # type: ignore[method-assign]
socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _getaddrinfo  # type: ignore[assignment]
