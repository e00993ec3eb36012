"""Fuzz run of every loader: mutated PDF, DOCX, ODT, HTML, EML and TXT files through ingest's
own entry point (``ingest.loaders.load_document``).

    .venv/bin/python -m benchmarks.fuzz_loaders [--seconds 120] [--seed 17]
        [--per-input 15] [--max-per-format N] [--json OUT.json]

Seed files: the committed Gemeentewet PDF (``tests/data/formats``) and files generated with
``tests/fixtures_formats`` (DOCX, ODT, e-mail with attachments) plus a Dutch HTML page and a
text file. Each input is one seed with one to three mutations: byte flips, truncation, inserted
junk, zeroed ranges, duplicated chunks; for the zip formats (DOCX, ODT) also a mutated member
(its bytes or its XML) and the archive zipped again.

Every input is written to a file and read with ``load_document`` in a worker process that
imports the loaders once; the parent waits at most ``--per-input`` seconds per file and then
kills and restarts the worker (a *hang*). The Office parser's own time limit is set below that
budget (``BAKEN_OFFICE_PARSE_TIMEOUT_S``), so its isolation answers first. Counted per format:

- tried: inputs fed in;
- loaded / rejected: documents came back, or ``LoadError``;
- crashes: any other exception, or the worker died;
- hangs: no answer within the per-input budget;
- no_dutch_reason: rejections whose reason is empty or lacks the Dutch ending
  "niet geïndexeerd" that every loader reason carries.

Exit code 1 when there is a crash, a hang or a rejection without a Dutch reason.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import random
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FORMATS = ["pdf", "docx", "odt", "html", "eml", "txt"]
DUTCH_MARK = "niet geïndexeerd"

TEXT_NL = (
    "Artikel 172\n\n1. De burgemeester is belast met de handhaving van de openbare orde.\n"
    "2. Hij is bevoegd bij verstoring van de openbare orde of bij ernstige vrees voor het "
    "ontstaan daarvan, de bevelen te geven die noodzakelijk te achten zijn.\n\n"
    "Artikel 174\n\nDe burgemeester is belast met het toezicht op openbare samenkomsten en "
    "vermakelijkheden alsmede op voor het publiek openstaande gebouwen.\n"
)

HTML_NL = (
    "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">"
    "<title>Beleidsregel cameratoezicht</title></head><body>"
    "<nav><a href=\"/\">Home</a></nav><h1>Beleidsregel cameratoezicht</h1>"
    "<h2>Artikel 1 Begripsbepalingen</h2><p>In deze beleidsregel wordt verstaan onder "
    "<b>camera</b>: een vaste camera in de openbare ruimte.</p>"
    "<ol><li>De burgemeester besluit.</li><li>Het college adviseert.</li></ol>"
    "<table><tr><th>Gebied</th><th>Duur</th></tr><tr><td>Centrum</td><td>2 jaar</td></tr>"
    "</table><footer>Gemeente Voorbeeld</footer></body></html>"
)


# --- seeds ----------------------------------------------------------------------------------


def seeds() -> dict[str, list[bytes]]:
    """Valid files per format, from the committed fixture and the test generators."""
    from tests.fixtures_formats import FORMATS_DIR, docx_bytes, eml_bytes, odt_bytes, pdf_bytes

    blocks = [("Heading 1", "Hoofdstuk 1 Algemene bepalingen"),
              ("Normal", "De burgemeester is belast met de handhaving van de openbare orde."),
              ("List Number", "Hij kan bevelen geven."), ("table", "Gebied|Duur"),
              ("Heading 2", "Artikel 2"), ("Normal", "Dit besluit treedt in werking.")]
    docx = docx_bytes(blocks, title="Beleidsregel")
    odt = odt_bytes([(1, "Hoofdstuk 1"), (None, "De burgemeester besluit over de orde."),
                     (2, "Artikel 2"), (None, "Het college adviseert de raad.")],
                    title="Verordening")
    small_pdf = pdf_bytes([["Artikel 1", "De burgemeester besluit."], ["Artikel 2", "Slot."]],
                          title="Besluit")
    return {
        "pdf": [(FORMATS_DIR / "gemeentewet-172-176a.pdf").read_bytes(), small_pdf],
        "docx": [docx],
        "odt": [odt],
        "html": [HTML_NL.encode("utf-8"), HTML_NL.encode("cp1252", errors="replace")],
        "eml": [eml_bytes("Melding overlast", TEXT_NL,
                          [("notitie.txt", TEXT_NL.encode("utf-8"), "text/plain"),
                           ("besluit.pdf", small_pdf, "application/pdf")]),
                eml_bytes("Beleid", HTML_NL, [("regel.docx", docx, "application/octet-stream")],
                          html=True)],
        "txt": [TEXT_NL.encode("utf-8"), TEXT_NL.encode("utf-16")],
    }


# --- mutations ------------------------------------------------------------------------------

JUNK = [b"\x00", b"\xff" * 7, b"%PDF-1.7", b"PK\x03\x04", b"<", b"]]>", b"<!--", b"\r\n\r\n",
        b"endobj", b"stream\n", b"\xef\xbb\xbf", b"=?utf-8?B?", b"--grens\r\n", b"&#x0;",
        b"<w:p><w:r><w:t>", b"9" * 20, "é€ß".encode(), b"\xc3\x28"]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, max(1, len(out) // 200))):
        if out:
            i = rng.randrange(len(out))
            out[i] ^= 1 << rng.randrange(8) if rng.random() < 0.7 else rng.randrange(1, 256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))] if data else data


def insert_junk(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data) + 1)
    junk = rng.choice(JUNK) * rng.choice([1, 1, 3, 50]) if rng.random() < 0.7 \
        else rng.randbytes(rng.randint(1, 512))
    return data[:i] + junk + data[i:]


def zero_range(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    n = rng.randint(1, max(1, len(data) // 10))
    return data[:i] + b"\x00" * min(n, len(data) - i) + data[i + n:]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    chunk = data[i:i + rng.randint(1, max(1, len(data) // 4))]
    j = rng.randrange(len(data) + 1)
    return data[:j] + chunk * rng.choice([1, 2, 8]) + data[j:]


BYTE_MUTATORS: list[Callable[[bytes, random.Random], bytes]] = [
    flip_bytes, truncate, insert_junk, zero_range, duplicate_chunk]


def mutate_member(data: bytes, rng: random.Random) -> bytes:
    """Zip formats: mutate one member (bytes, or drop/duplicate an XML tag) and zip again."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
    except Exception:  # noqa: BLE001 - an earlier mutation broke the zip (zlib.error and more)
        return flip_bytes(data, rng)
    if not members:
        return data
    index = rng.randrange(len(members))
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
    if xml and rng.random() < 0.7:
        index = rng.choice(xml)
    info, content = members[index]
    choice = rng.random()
    if choice < 0.15:
        members.pop(index)  # a missing part
    elif choice < 0.3 and b"<" in content:
        # cut the XML in the middle of a tag, or repeat a stretch of elements many times
        cut = rng.randrange(len(content))
        content = content[:cut] if rng.random() < 0.5 \
            else content[:cut] + content[cut:cut + 400] * 200 + content[cut:]
        members[index] = (info, content)
    else:
        members[index] = (info, rng.choice(BYTE_MUTATORS)(content, rng))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, body in members:
            archive.writestr(member.filename, body)
    return out.getvalue()


def mutate(data: bytes, fmt: str, rng: random.Random) -> tuple[bytes, list[str]]:
    steps: list[str] = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        if fmt in ("docx", "odt") and rng.random() < 0.5:
            data, name = mutate_member(data, rng), "member"
        else:
            mutator = rng.choice(BYTE_MUTATORS)
            data, name = mutator(data, rng), mutator.__name__
        steps.append(name)
    return data, steps


# --- the worker -----------------------------------------------------------------------------


def _worker(conn: Connection, folder: str) -> None:
    """Read files with ingest's entry point until the parent closes the pipe."""
    from assistant.config import load_settings
    from ingest.loaders import LoadError, load_document
    from ingest.loaders.office import OfficeLimits, office_limits_in_force

    root = Path(folder)
    limits = OfficeLimits.from_settings(load_settings())  # as the ingest pipeline gets them
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        fmt, data = job
        path = root / f"invoer.{fmt}"
        path.write_bytes(data)
        try:
            with office_limits_in_force(limits):
                documents = load_document(path, root)
            conn.send(("ok", len(documents)))
        except LoadError as exc:
            conn.send(("load", exc.reason_nl))
        except BaseException as exc:  # noqa: BLE001 - that is what the fuzz run counts
            conn.send(("crash", f"{type(exc).__name__}: {exc}"[:300] + " | "
                       + traceback.format_exc(limit=3)[-600:]))


class Worker:
    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.context = multiprocessing.get_context("spawn")
        self.start()

    def start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.proc = self.context.Process(target=_worker, args=(child, self.folder),
                                         daemon=False, name="baken-fuzz")
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(10)
        self.conn.close()

    def restart(self) -> None:
        self.kill()
        self.start()

    def load(self, fmt: str, data: bytes, budget: float) -> tuple[str, Any]:
        try:
            self.conn.send((fmt, data))
            if not self.conn.poll(budget):
                self.restart()
                return "hang", None
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            code = self.proc.exitcode
            self.restart()
            return "crash", f"worker died (exit code {code})"

    def close(self) -> None:
        self.conn.close()
        self.proc.join(10)
        if self.proc.is_alive():
            self.kill()


# --- the run --------------------------------------------------------------------------------


@dataclass
class Tally:
    tried: int = 0
    loaded: int = 0
    rejected: int = 0
    crashes: int = 0
    hangs: int = 0
    no_dutch_reason: int = 0
    slowest_s: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)


def reason_key(reason: str) -> str:
    """Group reasons that differ only in a number (sizes, seconds)."""
    return "".join("#" if c.isdigit() else c for c in reason)[:120]


def fuzz(seconds: float, seed: int, per_input: float, max_per_format: int | None = None,
         keep: Path | None = None, progress: bool = True) -> dict[str, Tally]:
    """Round-robin over the formats until ``seconds`` or ``max_per_format`` inputs each."""
    os.environ.setdefault("BAKEN_OFFICE_PARSE_TIMEOUT_S", f"{max(1.0, per_input * 2 / 3):g}")
    rng = random.Random(seed)
    corpus = seeds()
    tallies = {fmt: Tally() for fmt in FORMATS}
    with tempfile.TemporaryDirectory(prefix="baken-fuzz-") as folder:
        empty = Path(folder) / "geen-instellingen.toml"
        empty.write_text("", encoding="utf-8")
        os.environ.setdefault("BAKEN_SETTINGS", str(empty))
        inputs = Path(folder) / "invoer"
        inputs.mkdir()
        worker = Worker(str(inputs))
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                if max_per_format is not None and all(
                        t.tried >= max_per_format for t in tallies.values()):
                    break
                for fmt in FORMATS:
                    tally = tallies[fmt]
                    if time.monotonic() >= deadline:
                        break
                    if max_per_format is not None and tally.tried >= max_per_format:
                        continue
                    data, steps = mutate(rng.choice(corpus[fmt]), fmt, rng)
                    started = time.perf_counter()
                    status, value = worker.load(fmt, data, per_input)
                    took = time.perf_counter() - started
                    tally.tried += 1
                    tally.slowest_s = round(max(tally.slowest_s, took), 2)
                    bad = False
                    if status == "ok":
                        tally.loaded += 1
                    elif status == "load":
                        tally.rejected += 1
                        reason = str(value or "")
                        key = reason_key(reason)
                        tally.reasons[key] = tally.reasons.get(key, 0) + 1
                        if not reason.strip() or DUTCH_MARK not in reason:
                            tally.no_dutch_reason += 1
                            bad = True
                    elif status == "hang":
                        tally.hangs += 1
                        bad = True
                    else:
                        tally.crashes += 1
                        bad = True
                    if bad:
                        finding = {"status": status, "detail": value, "steps": steps,
                                   "seconds": round(took, 2)}
                        if keep is not None:
                            keep.mkdir(parents=True, exist_ok=True)
                            name = f"{fmt}-{tally.tried:05d}.{fmt}"
                            (keep / name).write_bytes(data)
                            finding["file"] = name
                        tally.findings.append(finding)
                        if progress:
                            print(f"  {fmt}: {status}: {str(value)[:200]}", flush=True)
        finally:
            worker.close()
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    rows = ["| formaat | invoer | ingelezen | geweigerd | crashes | hangs | "
            "zonder Nederlandse reden | traagste s |", "|" + "---|" * 8]
    for fmt, t in tallies.items():
        rows.append(f"| {fmt.upper()} | {t.tried} | {t.loaded} | {t.rejected} | {t.crashes} | "
                    f"{t.hangs} | {t.no_dutch_reason} | {t.slowest_s:.1f} |")
    total = Tally()
    for t in tallies.values():
        for name in ("tried", "loaded", "rejected", "crashes", "hangs", "no_dutch_reason"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
        total.slowest_s = max(total.slowest_s, t.slowest_s)
    rows.append(f"| totaal | {total.tried} | {total.loaded} | {total.rejected} | "
                f"{total.crashes} | {total.hangs} | {total.no_dutch_reason} | "
                f"{total.slowest_s:.1f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="total time budget")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--per-input", type=float, default=15.0,
                        help="seconds one input may take before it counts as a hang")
    parser.add_argument("--max-per-format", type=int, help="stop a format after N inputs")
    parser.add_argument("--keep", type=Path, help="write inputs that crash or hang here")
    parser.add_argument("--json", type=Path, help="write the tallies to this file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tallies = fuzz(args.seconds, args.seed, args.per_input, args.max_per_format, args.keep)
    wall = time.perf_counter() - started
    print(f"\nfuzz_loaders — seed {args.seed}, {args.seconds:g} s budget, {wall:.0f} s wall, "
          f"{args.per_input:g} s per input, {os.cpu_count()} CPU's")
    print(table(tallies))
    for fmt, t in tallies.items():
        top = sorted(t.reasons.items(), key=lambda kv: -kv[1])[:3]
        print(f"{fmt.upper()}: " + "; ".join(f"{n}× {r}" for r, n in top))
    if args.json:
        args.json.write_text(json.dumps(
            {"seed": args.seed, "seconds": args.seconds, "per_input": args.per_input,
             "wall_s": round(wall, 1), "cpus": os.cpu_count(),
             "formats": {fmt: asdict(t) for fmt, t in tallies.items()}},
            indent=2, ensure_ascii=False), encoding="utf-8")
    bad = sum(t.crashes + t.hangs + t.no_dutch_reason for t in tallies.values())
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
