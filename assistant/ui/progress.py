"""Keep a slow event stream visible: pass its events on, and a ``None`` tick while it is quiet.

The chat reads the service's events (sources, text) in a background thread so that it can
refresh the elapsed seconds on screen while the model is still reading its prompt. When the
reader stops early (the user pressed Stop), the stream is closed and nothing more is read.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


def ticking(events: Iterator[T], every_s: float) -> Iterator[T | None]:
    """Yield the items of ``events``; ``None`` every ``every_s`` seconds without a new one.

    An exception raised by ``events`` is raised here, in the caller's thread.
    """
    box: queue.Queue[object] = queue.Queue()
    stop = threading.Event()

    def pump() -> None:
        try:
            for item in events:
                box.put(item)
                if stop.is_set():
                    break
        except BaseException as exc:  # noqa: BLE001 - handed to the reader
            box.put(_Raised(exc))
        finally:
            close = getattr(events, "close", None)
            if stop.is_set() and close is not None:
                close()
            box.put(_END)

    threading.Thread(target=pump, name="baken-events", daemon=True).start()
    try:
        while True:
            try:
                item = box.get(timeout=every_s)
            except queue.Empty:
                yield None
                continue
            if item is _END:
                return
            if isinstance(item, _Raised):
                raise item.exc
            yield item  # type: ignore[misc]
    finally:
        stop.set()


class _Raised:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc
