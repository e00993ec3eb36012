"""Fault tests of the server configuration, each with an expected outcome; prints a table.

    .venv/bin/python -m benchmarks.fault_tests [--work DIR [--skip-ingest]]
        [--only llm chroma disk lock]

On 127.0.0.1 only, and every step bounded in time:

- ``llm``: the LLM server is killed (SIGKILL) while an answer streams -> the user gets a Dutch
  error line; a question while it is down -> Dutch 503; after a restart the next question works.
- ``chroma``: the Chroma server is restarted while searches run -> searches during the outage
  get a Dutch 503, the first search after the restart works without restarting Baken.
- ``disk``: the data folder is a tiny tmpfs that fills up during ``baken ingest`` -> a Dutch
  message, no document listed half; after making room the next ingest completes everything
  with no duplicates. Needs root for ``mount``; otherwise reported as skipped.
- ``lock``: two ``baken ingest`` runs of the same folder at once -> one indexes, the other
  stops with the Dutch "al een inleesactie" message.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from assistant.config import DEMO_CORPUS_DIR
from benchmarks.load_test import start_configuration, stop_cleanly_on_signals
from benchmarks.servers import ManagedProcess

REPO = Path(__file__).resolve().parents[1]
QUESTION = "Wanneer mag de burgemeester een woning sluiten?"


@dataclass
class Outcome:
    case: str
    expected: str
    observed: str
    passed: bool | None  # None: skipped


def _stream_ask(url: str, on_first_delta: Callable[[], None] | None = None,
                timeout: float = 900) -> dict[str, Any]:
    """Ask with streaming; returns counts of deltas and the last answer or error event."""
    deltas = 0
    last: dict[str, Any] = {}
    with httpx.stream("POST", f"{url}/api/ask", json={"question": QUESTION, "stream": True},
                      timeout=timeout) as response:
        if response.status_code != 200:
            response.read()
            return {"status": response.status_code, **response.json()}
        for line in response.iter_lines():
            if not line:
                continue
            event = json.loads(line)
            if event["type"] == "delta":
                deltas += 1
                if deltas == 1 and on_first_delta is not None:
                    on_first_delta()
            elif event["type"] in ("answer", "error"):
                last = event
    return {"status": 200, "deltas": deltas, **last}


def case_llm(url: str, llm: ManagedProcess) -> list[Outcome]:
    out: list[Outcome] = []
    killed_at: list[float] = []

    def kill() -> None:
        killed_at.append(time.perf_counter())
        llm.kill()

    broken = _stream_ask(url, on_first_delta=kill)
    error_s = time.perf_counter() - killed_at[0] if killed_at else float("nan")
    error = str(broken.get("error", ""))
    out.append(Outcome("LLM-server gedood midden in een antwoord",
                       "foutregel in het Nederlands na de eerste tekst",
                       f"{broken.get('deltas')} tekstdelen, {error_s:.1f} s na het doden: "
                       f"{error or broken}",
                       broken.get("type") == "error" and "taalmodel" in error))
    t0 = time.perf_counter()
    down = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=120)
    down_s = time.perf_counter() - t0
    out.append(Outcome("vraag terwijl de LLM-server weg is", "503 met Nederlandse melding",
                       f"{down.status_code} na {down_s:.1f} s: {down.json().get('error')}",
                       down.status_code == 503 and "taalmodel" in down.json().get("error", "")))
    t0 = time.perf_counter()
    llm.start(timeout=180)
    restart_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = _stream_ask(url)
    again_s = time.perf_counter() - t0
    out.append(Outcome("volgende vraag na herstart van de LLM-server", "een gewoon antwoord",
                       f"server weer gereed na {restart_s:.0f} s; antwoord in {again_s:.0f} s "
                       f"(type={again.get('type')}, geweigerd={again.get('refused')}, "
                       f"{again.get('deltas')} tekstdelen); Baken niet herstart",
                       again.get("type") == "answer"))
    return out


def case_chroma(url: str, chroma: ManagedProcess) -> list[Outcome]:
    codes: list[tuple[float, int, str]] = []
    stop = threading.Event()

    def searcher() -> None:
        with httpx.Client(trust_env=False) as client:
            while not stop.is_set():
                try:
                    r = client.post(f"{url}/api/search", json={"question": QUESTION}, timeout=60)
                    codes.append((time.monotonic(), r.status_code, r.json().get("error", "")))
                except httpx.HTTPError as exc:
                    codes.append((time.monotonic(), -1, type(exc).__name__))
                time.sleep(0.2)

    thread = threading.Thread(target=searcher, daemon=True)
    thread.start()
    time.sleep(3)
    chroma.stop()
    down_at = time.monotonic()
    time.sleep(4)
    chroma.start(timeout=60)
    up_at = time.monotonic()
    time.sleep(5)
    stop.set()
    thread.join(timeout=90)
    during = [c for c in codes if down_at <= c[0] <= up_at]
    after = [c for c in codes if c[0] > up_at]
    failures = {f"{code} {msg}" for _, code, msg in during if code != 200}
    first_ok = next((c[0] for c in after if c[1] == 200), None)
    recovered = "-" if first_ok is None else f"{first_ok - up_at:.1f} s"
    return [
        Outcome("zoeken terwijl de Chroma-server herstart", "503 met Nederlandse melding",
                f"weg {up_at - down_at:.0f} s; {len(during)} verzoeken, "
                f"{sum(c[1] == 503 for c in during)} keer "
                f"{sorted(failures) or 'geen fouten'}",
                all(code in (200, 503) for _, code, _ in during)),
        Outcome("zoeken na herstart van de Chroma-server", "werkt zonder Baken te herstarten",
                f"{sum(c[1] == 200 for c in after)}/{len(after)} geslaagd; eerste geslaagde "
                f"zoekvraag {recovered} nadat de server weer gereed was",
                bool(after) and after[-1][1] == 200),
    ]


def _ingest(data: Path, env: dict[str, str], timeout: float = 1800
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(DEMO_CORPUS_DIR),
                           "--data-dir", str(data), "--json"], cwd=REPO, text=True,
                          capture_output=True, env={**os.environ, **env}, timeout=timeout)


def _store_state(data: Path) -> dict[str, Any]:
    """Listed (complete) files and their chunks, and all chunks in the store: the difference is
    what a stopped run left half-written, which is not listed and removed by the next run."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from assistant.index import ChromaChunkStore, chroma_client\n"
        "s = ChromaChunkStore(chroma_client(Path(sys.argv[1]) / 'chroma'), 'baken')\n"
        "files = s.indexed_files()\n"
        "print(json.dumps({'files': len(files), 'listed_chunks': sum(f.chunks for f in "
        "files.values()), 'stored_chunks': s.count()}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(data)], cwd=REPO, text=True,
                          capture_output=True, timeout=300)
    if proc.returncode == 0:
        return dict(json.loads(proc.stdout))
    return {"error": proc.stderr.strip().splitlines()[-1][:160] if proc.stderr.strip() else "?"}


def case_disk(work: Path, env: dict[str, str]) -> list[Outcome]:
    mount = work / "vol"
    mount.mkdir(parents=True, exist_ok=True)
    size = os.environ.get("BAKEN_FAULT_TMPFS", "700k")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        return [Outcome("schijf vol tijdens inlezen", "-", "overgeslagen (geen mount-rechten)",
                        None)]
    try:
        data = mount / "data"
        t0 = time.perf_counter()
        full = _ingest(data, env)
        full_s = time.perf_counter() - t0
        message = full.stderr.strip().splitlines()[-1] if full.stderr.strip() else ""
        while_full = _store_state(data)
        subprocess.run(["mount", "-o", "remount,size=200m", str(mount)], check=True)
        room = _store_state(data)
        t0 = time.perf_counter()
        again = _ingest(data, env)
        again_s = time.perf_counter() - t0
        after = _store_state(data)
        report = json.loads(again.stdout) if again.returncode == 0 else {}
        return [
            Outcome("schijf vol tijdens inlezen: melding", "'De schijf is vol…'",
                    f"exit {full.returncode} na {full_s:.0f} s: {message[:160]}",
                    full.returncode != 0 and "schijf is vol" in message),
            Outcome("schijf vol tijdens inlezen: index", "geen half document in de lijst",
                    f"zolang vol: {while_full}; na ruimte maken, vóór opnieuw inlezen: {room}",
                    "error" not in room and room.get("files", 7) < 7
                    and room.get("stored_chunks", 0) >= room.get("listed_chunks", 0)),
            Outcome("opnieuw inlezen na ruimte maken", "alles compleet, geen losse delen",
                    f"exit {again.returncode} na {again_s:.0f} s; opslag: {after}; "
                    f"geïndexeerd {report.get('documents_indexed')}, "
                    f"ongewijzigd {report.get('documents_unchanged')}",
                    again.returncode == 0 and after.get("files") == 7
                    and after.get("listed_chunks") == after.get("stored_chunks")),
        ]
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def case_lock(work: Path, env: dict[str, str]) -> list[Outcome]:
    data = work / "lock-data"
    runs: list[subprocess.CompletedProcess[str]] = []
    seconds: list[float] = []

    def run() -> None:
        t0 = time.perf_counter()
        runs.append(_ingest(data, env))
        seconds.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
        time.sleep(1)
    for t in threads:
        t.join(timeout=2000)
    ok = [r for r in runs if r.returncode == 0]
    busy = [r for r in runs if "al een inleesactie" in r.stderr]
    text = busy[0].stderr.strip().splitlines()[-1] if busy else [r.returncode for r in runs]
    return [Outcome("twee keer tegelijk 'baken ingest' op dezelfde map",
                    "één leest in, de ander stopt met een Nederlandse melding",
                    f"geslaagd {len(ok)}, geweigerd {len(busy)} (klaar na "
                    f"{', '.join(f'{x:.0f}' for x in seconds)} s): {text}",
                    len(ok) == 1 and len(busy) == 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path)
    parser.add_argument("--skip-ingest", action="store_true",
                        help="reuse the corpus in --work from an earlier load-test run")
    parser.add_argument("--only", nargs="+", choices=["llm", "chroma", "disk", "lock"],
                        default=["llm", "chroma", "disk", "lock"])
    parser.add_argument("--max-tokens", type=int, default=48)
    parser.add_argument("--llm-threads", type=int, default=1)
    parser.add_argument("--top-k", type=int, default=3)
    args = parser.parse_args(argv)
    stop_cleanly_on_signals()
    work = args.work or Path(tempfile.mkdtemp(prefix="baken-faults-"))
    work.mkdir(parents=True, exist_ok=True)
    plain_env = {"BAKEN_SETTINGS": str(work / "geen-instellingen.toml")}
    (work / "geen-instellingen.toml").write_text("", encoding="utf-8")
    outcomes: list[Outcome] = []
    processes: list[ManagedProcess] = []
    try:
        if {"llm", "chroma"} & set(args.only):
            url = start_configuration(work, args, processes)
            chroma, llm = processes[0], processes[1]
            if "llm" in args.only:
                outcomes += case_llm(url, llm)
            if "chroma" in args.only:
                outcomes += case_chroma(url, chroma)
    finally:
        for proc in reversed(processes):
            proc.stop()
    if "disk" in args.only:
        outcomes += case_disk(work, plain_env)
    if "lock" in args.only:
        outcomes += case_lock(work, plain_env)
    print("\n| geval | verwacht | waargenomen | uitkomst |\n|---|---|---|---|")
    for o in outcomes:
        verdict = "overgeslagen" if o.passed is None else ("OK" if o.passed else "MISLUKT")
        print(f"| {o.case} | {o.expected} | {o.observed} | {verdict} |")
    return 0 if all(o.passed is not False for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
