"""The chat's Gradio queue: ``ui_concurrency`` questions at a time, the rest wait in line with
their position shown; ingesting and deleting documents one at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.ui.app import launch
from tests.fakes import fake_ui_baken, free_port


@pytest.mark.parametrize("configured, expected", [(3, 3), (0, 1)])
def test_the_queue_runs_ui_concurrency_questions_at_a_time(
        tmp_path: Path, configured: int, expected: int) -> None:
    settings = Settings(data_dir=tmp_path / "data", port=free_port(),
                        ui_concurrency=configured)
    demo = launch(fake_ui_baken(settings), prevent_thread_lock=True)
    try:
        queue = demo._queue
        by_id: dict[str, list[object]] = {}
        for fn in demo.fns.values():
            if fn.concurrency_id in ("chat", "ingest"):
                queue.create_event_queue_for_fn(fn)  # what Gradio does on the first request
                by_id.setdefault(fn.concurrency_id, []).append(fn)
        assert by_id.get("chat") and by_id.get("ingest")
        limits = queue.event_queue_per_concurrency_id
        assert limits["chat"].concurrency_limit == expected
        assert limits["ingest"].concurrency_limit == 1
        # queued questions show their place in line (Gradio's progress with queue position)
        assert all(getattr(fn, "show_progress", "full") == "full" for fn in by_id["chat"])
    finally:
        demo.close()
