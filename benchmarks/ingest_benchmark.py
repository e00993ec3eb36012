"""Ingest benchmark: where the time goes when Baken indexes a corpus.

    .venv/bin/python -m benchmarks.ingest_benchmark \
        [--corpus ../shared/corpus/oov-nl] [--pages 2000] [--work DIR] \
        [--skip-corpus] [--skip-generated] [--json FILE]

Two runs, each into a fresh data folder:

1. the shared corpus (first ingest, then an unchanged re-ingest, once in-process and once
   through the ``baken ingest`` command so start-up time is counted);
2. a generated corpus of ``--pages`` PDF pages (50-page PDFs printed from the shared corpus
   text with a running header and page footers, so the PDF parser does real work).

For every stage (parse, anonymise, chunk, embed, store) it prints seconds, share of the total,
pages/s and chunks/s, so the slow stage is visible; loading the models is timed apart. Pages
are PDF pages, or page equivalents of 3,000 characters for text formats. This is a benchmark,
not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assistant.app import build_baken  # noqa: E402
from assistant.config import load_settings  # noqa: E402
from ingest.pipeline import STAGES, IngestReport  # noqa: E402
from tests.fixtures_formats import markdown_to_lines, paginate, pdf_bytes  # noqa: E402

PAGES_PER_PDF = 50


def generate_pdf_corpus(corpus: Path, target: Path, pages: int) -> int:
    """Write ``pages`` pages of PDF (50 per file) built from the corpus text; returns files."""
    target.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for path in sorted(corpus.glob("*.md")):
        if path.name != "SOURCES.md":
            lines.extend(markdown_to_lines(path.read_text(encoding="utf-8")))
    # about 3,400 characters a page, like a printed regulation
    all_pages = paginate(lines, per_page=45, width=85,
                         header="Gemeenteblad — gegenereerde benchmarktekst")
    written = 0
    number = 0
    while written < pages:
        count = min(PAGES_PER_PDF, pages - written)
        start = (number * PAGES_PER_PDF) % max(1, len(all_pages) - count)
        selection = all_pages[start:start + count]
        # a unique first line per file so every file has its own content hash
        selection[0] = [f"Bundel {number + 1}", *selection[0]]
        (target / f"bundel-{number + 1:03d}.pdf").write_bytes(
            pdf_bytes(selection, title=f"Benchmarkbundel {number + 1}"))
        written += count
        number += 1
    return number


def stage_table(report: IngestReport) -> list[dict[str, Any]]:
    total = sum(report.stage_seconds.values()) or 1e-9
    rows = []
    for stage in STAGES:
        seconds = report.stage_seconds[stage]
        rows.append({
            "stage": stage,
            "seconds": round(seconds, 2),
            "share": round(seconds / total, 3),
            "pages_per_s": round(report.pages / seconds, 1) if seconds else None,
            "chunks_per_s": round(report.chunks / seconds, 1) if seconds else None,
        })
    return rows


def print_run(title: str, report: IngestReport) -> None:
    print(f"\n{title}: {report.documents_indexed} documenten, {report.pages} pagina's, "
          f"{report.chunks} tekstdelen in {report.seconds:.1f} s "
          f"({report.pages / report.seconds:.1f} pagina's/s, "
          f"{report.chunks / report.seconds:.1f} tekstdelen/s)")
    if report.documents_skipped:
        print(f"  overgeslagen: {len(report.documents_skipped)}")
    print(f"  {'fase':<10} {'s':>8} {'aandeel':>8} {'pag/s':>9} {'delen/s':>9}")
    for row in stage_table(report):
        pps = "—" if row["pages_per_s"] is None else f"{row['pages_per_s']:.1f}"
        cps = "—" if row["chunks_per_s"] is None else f"{row['chunks_per_s']:.1f}"
        print(f"  {row['stage']:<10} {row['seconds']:>8.2f} {row['share']:>8.1%} "
              f"{pps:>9} {cps:>9}")


def ingest(folder: Path, data_dir: Path) -> IngestReport:
    """One run with the models loaded beforehand, so stage times are per-document work."""
    baken = build_baken(load_settings(data_dir=data_dir))
    started = time.perf_counter()
    baken.anonymizer, baken.embedder  # noqa: B018 - load both models before the clock starts
    print(f"\nmodellen geladen in {time.perf_counter() - started:.1f} s "
          f"(anonimiseerder en {baken.embedder_name})")
    return baken.pipeline.run([folder], progress=True)


def cli_reingest_seconds(folder: Path, data_dir: Path) -> float:
    """Wall time of ``baken ingest`` on an unchanged folder, start-up included."""
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "baken"), "ingest", str(folder),
                    "--data-dir", str(data_dir), "--json"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpus/oov-nl")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=None,
                        help="werkmap (standaard een tijdelijke map die daarna verdwijnt)")
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="schrijf de cijfers ook als JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="baken-ingest-bench-") as tmp:
        work = args.work or Path(tmp)
        results: dict[str, Any] = {}
        if not args.skip_corpus:
            data = work / "corpus-data"
            first = ingest(args.corpus, data)
            print_run(f"Gedeeld corpus ({args.corpus.name}), eerste keer", first)
            again = ingest(args.corpus, data)
            cli = cli_reingest_seconds(args.corpus, data)
            print(f"  ongewijzigd opnieuw: {again.seconds:.2f} s in het proces, "
                  f"{cli:.1f} s met `baken ingest` (opstarten inbegrepen)")
            results["corpus"] = {**first.to_json(), "stages": stage_table(first),
                                 "unchanged_seconds": round(again.seconds, 2),
                                 "unchanged_cli_seconds": round(cli, 2)}
        if not args.skip_generated:
            folder = work / "generated"
            t = time.perf_counter()
            files = generate_pdf_corpus(args.corpus, folder, args.pages)
            print(f"\n{files} PDF's met samen {args.pages} pagina's gemaakt in "
                  f"{time.perf_counter() - t:.1f} s")
            report = ingest(folder, work / "generated-data")
            print_run(f"Gegenereerd corpus ({args.pages} pagina's PDF)", report)
            results["generated"] = {**report.to_json(), "stages": stage_table(report)}
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
