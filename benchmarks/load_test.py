"""Load test of the server configuration: N simulated users asking questions over the HTTP API.

    .venv/bin/python -m benchmarks.load_test [--users 1 4 16] [--questions-per-user 4 1 1]
        [--max-seconds 1200] [--max-tokens 64] [--llm-threads 1] [--top-k 5] [--mode search ask]
        [--searches-per-user 5] [--work DIR] [--json OUT.json]
        [--with-ingest DIR] [--ingest-timeout 900]

Starts, on 127.0.0.1 only: a Chroma server (``chroma run``), the LLM server
(``python -m llama_cpp.server`` with the bundled demo model) and ``baken serve-api``; ingests
the demo corpus into the Chroma server; then for each N runs N threads, each asking a fixed
number of questions (streamed, so time to first token is measured too). Every level stops by
itself: no new question after ``--max-seconds``, and each request has a time-out. Prints a
table of p50/p95 latency, time to first token, errors and throughput, and stops the servers.

``--with-ingest DIR`` copies DIR into the work folder and, at the start of every level, runs
``baken ingest`` on that copy in a separate process (same data dir, same Chroma server and
collection) while the users ask, so the figures show asking during a running ingest. Its exit
code and duration go into the report; an ingest still running after ``--ingest-timeout``
seconds is stopped and counted as a failure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from assistant.config import DEMO_CORPUS_DIR
from assistant.llm import demo_model_path
from benchmarks.servers import (
    LOOPBACK,
    ManagedProcess,
    baken_api,
    chroma_server,
    free_port,
    llm_server,
)

REPO = Path(__file__).resolve().parents[1]
COLLECTION = "demo"
MODEL_ALIAS = "smollm2-demo"


@dataclass
class Result:
    user: int
    ok: bool
    seconds: float
    ttft: float | None
    refused: bool | None
    error: str | None


@dataclass
class Level:
    users: int
    requests: int
    errors: int
    refused: int
    p50_s: float
    p95_s: float
    ttft_p50_s: float | None
    max_s: float
    wall_s: float
    per_minute: float
    not_started: int


def questions() -> list[str]:
    """The demo question set (answerable and unanswerable; drafting tasks left out)."""
    path = REPO / "eval" / "questions" / "demo.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r["question"] for r in rows if r.get("kind") != "draft"]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def ask_once(client: httpx.Client, url: str, question: str, mode: str, user: int,
             timeout: float) -> Result:
    started = time.perf_counter()
    ttft: float | None = None
    try:
        if mode == "search":
            response = client.post(f"{url}/api/search", json={"question": question},
                                   timeout=timeout)
            ok = response.status_code == 200
            error = None if ok else f"HTTP {response.status_code}"
            return Result(user, ok, time.perf_counter() - started, None, None, error)
        refused: bool | None = None
        error = None
        with client.stream("POST", f"{url}/api/ask", timeout=timeout,
                           json={"question": question, "stream": True}) as response:
            if response.status_code != 200:
                response.read()
                return Result(user, False, time.perf_counter() - started, None, None,
                              f"HTTP {response.status_code}")
            for line in response.iter_lines():
                if not line:
                    continue
                event = json.loads(line)
                if event["type"] == "delta" and ttft is None:
                    ttft = time.perf_counter() - started
                elif event["type"] == "answer":
                    refused = bool(event["refused"])
                elif event["type"] == "error":
                    error = str(event["error"])
        if error is None and refused is False and ttft is None:
            error = "leeg antwoord"
        ok = error is None and refused is not None
        return Result(user, ok, time.perf_counter() - started, ttft, refused,
                      error or (None if ok else "onvolledig antwoord"))
    except httpx.HTTPError as exc:
        return Result(user, False, time.perf_counter() - started, ttft, None,
                      type(exc).__name__)


def run_level(url: str, users: int, per_user: int, max_seconds: float, mode: str,
              request_timeout: float) -> tuple[Level, list[Result]]:
    pool = questions()
    results: list[Result] = []
    lock = threading.Lock()
    not_started = [0]
    deadline = time.monotonic() + max_seconds

    def user(index: int) -> None:
        with httpx.Client(trust_env=False) as client:
            for turn in range(per_user):
                if time.monotonic() >= deadline:
                    with lock:
                        not_started[0] += per_user - turn
                    return
                question = pool[(index * per_user + turn) % len(pool)]
                result = ask_once(client, url, question, mode, index, request_timeout)
                with lock:
                    results.append(result)

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max_seconds + request_timeout + 30)
    wall = time.perf_counter() - started
    good = [r.seconds for r in results if r.ok]
    ttfts = [r.ttft for r in results if r.ok and r.ttft is not None]
    level = Level(
        users=users, requests=len(results), errors=sum(not r.ok for r in results),
        refused=sum(bool(r.refused) for r in results if r.ok),
        p50_s=round(percentile(good, 0.5), 2), p95_s=round(percentile(good, 0.95), 2),
        ttft_p50_s=round(percentile(ttfts, 0.5), 2) if ttfts else None,
        max_s=round(max(good), 2) if good else float("nan"), wall_s=round(wall, 1),
        per_minute=round(len(good) / wall * 60, 2) if wall > 0 else 0.0,
        not_started=not_started[0],
    )
    return level, results


def table(levels: list[Level], mode: str) -> str:
    head = (f"| users | {'questions' if mode == 'ask' else 'searches'} | errors | refused | "
            "p50 s | p95 s | max s | TTFT p50 s | per minute | wall s | not started |")
    rows = [head, "|" + "---|" * 11]
    for lv in levels:
        ttft = "-" if lv.ttft_p50_s is None else f"{lv.ttft_p50_s:.2f}"
        rows.append(f"| {lv.users} | {lv.requests} | {lv.errors} | {lv.refused} | "
                    f"{lv.p50_s:.2f} | {lv.p95_s:.2f} | {lv.max_s:.2f} | {ttft} | "
                    f"{lv.per_minute:.2f} | {lv.wall_s:.0f} | {lv.not_started} |")
    return "\n".join(rows)


def start_configuration(work: Path, args: argparse.Namespace,
                        started: list[ManagedProcess]) -> str:
    """Chroma server + LLM server + ingest + Baken API (appended to ``started``); the API URL."""
    chroma = chroma_server(work / "chroma", free_port(), work / "chroma.log")
    started.append(chroma.start(timeout=60))
    llm = llm_server(demo_model_path(), free_port(), work / "llm.log", alias=MODEL_ALIAS,
                     n_threads=args.llm_threads)
    started.append(llm.start(timeout=180))
    env = {
        "BAKEN_DATA_DIR": str(work / "data"), "BAKEN_COLLECTION": COLLECTION,
        "BAKEN_CHROMA_HOST": LOOPBACK, "BAKEN_CHROMA_PORT": str(chroma.port),
        "BAKEN_LLM_BASE_URL": f"http://{LOOPBACK}:{llm.port}/v1",
        "BAKEN_LLM_MODEL": MODEL_ALIAS, "BAKEN_MAX_TOKENS": str(args.max_tokens),
        "BAKEN_TOP_K": str(getattr(args, "top_k", 5)),
        "BAKEN_SETTINGS": str(work / "geen-instellingen.toml"),
    }
    (work / "geen-instellingen.toml").write_text("", encoding="utf-8")
    args.baken_env = env  # for --with-ingest: the concurrent ingest uses the same services
    if not getattr(args, "skip_ingest", False):
        print("Demo-corpus inlezen in de Chroma-server…", flush=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(DEMO_CORPUS_DIR),
                        "--json"], cwd=REPO, env={**os.environ, **env}, check=True,
                       stdout=subprocess.DEVNULL, timeout=1800)
        print(f"  klaar in {time.perf_counter() - t0:.0f} s", flush=True)
    api = baken_api(free_port(), work / "api.log", env)
    t0 = time.perf_counter()
    started.append(api.start(timeout=900))
    print(f"Baken-API gereed in {time.perf_counter() - t0:.0f} s", flush=True)
    return f"http://{LOOPBACK}:{api.port}"


@dataclass
class ConcurrentIngest:
    folder: str
    files: int
    returncode: int | None
    seconds: float
    finished_during_level: bool
    log: str
    summary: dict[str, Any] | None  # the ``--json`` report of the ingest, when it ended


def start_ingest(source: Path, work: Path, env: dict[str, str],
                 level: int) -> tuple[subprocess.Popen[bytes], Path, Path, float]:
    """``baken ingest`` on a fresh copy of ``source`` in a separate process (not waited for)."""
    copy = work / f"ingest-gelijktijdig-{level}" / source.name
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(source, copy)
    log = work / f"ingest-gelijktijdig-{level}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(copy),
                                 "--json"], cwd=REPO, env={**os.environ, **env},
                                stdout=out, stderr=subprocess.STDOUT)
    return proc, copy, log, time.perf_counter()


def finish_ingest(proc: subprocess.Popen[bytes], copy: Path, log: Path, started: float,
                  timeout: float) -> ConcurrentIngest:
    finished_during_level = proc.poll() is not None
    try:
        proc.wait(timeout=max(1.0, timeout - (time.perf_counter() - started)))
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    seconds = round(time.perf_counter() - started, 1)
    files = sum(1 for p in copy.rglob("*") if p.is_file())
    summary = None
    for line in reversed(log.read_text(encoding="utf-8", errors="replace").splitlines()):
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                summary = {k: v for k, v in json.loads(line).items()
                           if k in ("documents_indexed", "documents_unchanged", "chunks",
                                    "seconds", "documents_skipped")}
            break
    return ConcurrentIngest(str(copy), files, proc.returncode, seconds, finished_during_level,
                            str(log), summary)


def stop_cleanly_on_signals() -> None:
    """SIGTERM and SIGINT (also in a background job) stop the servers before exiting."""
    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGINT, leave)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--questions-per-user", type=int, nargs="+", default=[1],
                        help="one value, or one per --users level (e.g. 4 1 1)")
    parser.add_argument("--searches-per-user", type=int, default=5)
    parser.add_argument("--max-seconds", type=float, default=1200.0,
                        help="per level: no new question after this many seconds")
    parser.add_argument("--request-timeout", type=float, default=1800.0)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--llm-threads", type=int, default=1)
    parser.add_argument("--top-k", type=int, default=5, help="sources per question")
    parser.add_argument("--mode", choices=["ask", "search"], nargs="+", default=["ask"])
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--skip-ingest", action="store_true",
                        help="reuse the corpus already in --work (from an earlier run)")
    parser.add_argument("--json", type=Path, help="write all results to this file")
    parser.add_argument("--with-ingest", type=Path, metavar="DIR",
                        help="run `baken ingest` on a copy of DIR during every level")
    parser.add_argument("--ingest-timeout", type=float, default=900.0,
                        help="seconds a concurrent ingest may take before it is stopped")
    args = parser.parse_args(argv)
    if args.with_ingest is not None and not args.with_ingest.is_dir():
        parser.error(f"--with-ingest: {args.with_ingest} is geen map")
    stop_cleanly_on_signals()

    work = args.work or Path(tempfile.mkdtemp(prefix="baken-load-"))
    work.mkdir(parents=True, exist_ok=True)
    processes: list[ManagedProcess] = []
    report: dict[str, Any] = {"settings": {k: str(v) for k, v in vars(args).items()},
                              "cpus": os.cpu_count(), "levels": {}}
    try:
        url = start_configuration(work, args, processes)
        for mode in args.mode:
            levels: list[Level] = []
            for i, users in enumerate(args.users):
                print(f"{mode}: {users} gebruiker(s)…", flush=True)
                asks = args.questions_per_user
                per_user = (asks[min(i, len(asks) - 1)] if mode == "ask"
                            else args.searches_per_user)
                ingest = None
                if args.with_ingest is not None:
                    ingest = start_ingest(args.with_ingest, work, args.baken_env,
                                          len(report["levels"].get(mode, [])))
                    print(f"  tegelijk: baken ingest {ingest[1]}", flush=True)
                level, results = run_level(url, users, per_user, args.max_seconds, mode,
                                           args.request_timeout)
                levels.append(level)
                row: dict[str, Any] = {**asdict(level),
                                       "results": [asdict(r) for r in results]}
                if ingest is not None:
                    done = finish_ingest(*ingest, timeout=args.ingest_timeout)
                    row["concurrent_ingest"] = asdict(done)
                    print(f"  gelijktijdige ingest: exitcode {done.returncode}, "
                          f"{done.seconds:.0f} s, klaar binnen het niveau: "
                          f"{done.finished_during_level}, {done.summary}", flush=True)
                report["levels"].setdefault(mode, []).append(row)
                print(table([level], mode).splitlines()[-1], flush=True)
            print(f"\n{mode} — {os.cpu_count()} CPU's, top_k {args.top_k}, max_tokens "
                  f"{args.max_tokens}, LLM-server {args.llm_threads} thread(s)")
            print(table(levels, mode))
    finally:
        for proc in reversed(processes):
            proc.stop()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
