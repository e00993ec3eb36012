"""Load the slow parts (store, embedder, anonymiser, model) in the background at start-up.

The chat opens at once; a handler that needs a part waits for it (and tells the user so)
instead of two threads building the same part at the same time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

log = logging.getLogger("baken.ui")


class Warmup:
    """Runs named steps one after another in a daemon thread; callers wait per step."""

    def __init__(self, steps: Sequence[tuple[str, Callable[[], object]]]) -> None:
        self._steps = list(steps)
        self._done = {name: threading.Event() for name, _ in self._steps}
        self.errors: dict[str, BaseException] = {}
        self._thread: threading.Thread | None = None

    def start(self) -> Warmup:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="baken-warmup", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        for name, step in self._steps:
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - reported where the part is needed
                log.error("opstarten van %s mislukt: %s", name, type(exc).__name__)
                self.errors[name] = exc
            finally:
                self._done[name].set()

    def ready(self, name: str) -> bool:
        """True when the step has finished (or is unknown, or warm-up was never started)."""
        event = self._done.get(name)
        return event is None or self._thread is None or event.is_set()

    def wait(self, name: str, timeout: float | None = None) -> bool:
        """Block until the step has finished; True when it is done."""
        event = self._done.get(name)
        if event is None or self._thread is None:
            return True
        return event.wait(timeout)

    def pending(self) -> list[str]:
        return [name for name, _ in self._steps if not self.ready(name)]
