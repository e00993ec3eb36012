"""The in-process model is loaded once and lets one request through at a time."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from assistant.config import load_settings
from assistant.llm import make_llm


def test_every_collection_shares_one_model_and_requests_take_turns(tmp_path: Path) -> None:
    a = make_llm(load_settings(data_dir=tmp_path, collection="gemeente-a"))
    b = make_llm(load_settings(data_dir=tmp_path, collection="gemeente-b"))
    assert a is b  # loaded once, whatever the collection
    spans: list[tuple[float, float]] = []

    def generate() -> None:
        first = last = 0.0
        for _ in a.stream([{"role": "user", "content": "Zeg hallo."}], max_tokens=8,
                          temperature=0.0):
            now = time.perf_counter()
            first = first or now
            last = now
        spans.append((first, last))

    threads = [threading.Thread(target=generate) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert len(spans) == 2
    (s1, e1), (s2, e2) = sorted(spans)
    assert e1 <= s2  # the second request's tokens only start after the first one finished
