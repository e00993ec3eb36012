"""Measure Baken's Dutch anonymiser: precision and recall per entity type, and speed.

    python benchmarks/pii_benchmark.py [--data tests/data/pii/annotated.jsonl]
                                       [--subset all|dev|heldout] [--corpus DIR]
                                       [--repeat 3] [--json] [--errors]
    python benchmarks/pii_benchmark.py --scaling [--big] [--json]
    python benchmarks/pii_benchmark.py --sets [--variants 300] [--shared-corpus DIR] [--no-frozen]

``--sets`` is the privacy report: recall and precision per type on the tuned sets
(passages.txt and passages_heldout.txt); on the frozen held-out sets 2 to 6
(passages_heldout2-6.txt, each written without sight of the recognisers and never tuned on; each
one's first run is printed next to today's figure); on the development sets 3 to 7
(passages_dev3-7.txt, also written blind, measured once before the recognisers were changed for
them and tuned on afterwards; their first runs likewise); and on generated variants
(tests/pii_variants.py, every notation per type); then how many redactions the anonymiser makes
on the shared corpus of public laws and policy texts, with a sample, so that over-redaction of
non-personal text is visible.

A finding counts as correct when it overlaps an annotated span with the same label
("strict"); "any label" counts an overlap with an annotated span of any type, which is what
matters for privacy (the value is gone either way). Speed is measured on ordinary policy text:
the regulations in assistant/demo_corpus (or every .md/.txt file in --corpus), analysed on one
core after the analyser has been built.

``--scaling`` measures the worst case instead: generated text dense with names (a new name in
almost every clause) of 0.1, 0.2, 0.4 and 0.8 MB (``--big``: also 10 MB), anonymised as ingest
does it (``redact`` on the document's text); time must double, not quadruple, with the text.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assistant.core.protocols import Anonymizer, Finding  # noqa: E402
from tests.data.pii.build_annotations import SETS  # noqa: E402

PII_DATA = REPO / "tests" / "data" / "pii"
RESULTS = REPO / "benchmarks" / "results"
DEFAULT_DATA = PII_DATA / "annotated.jsonl"
SHARED_CORPUS = REPO.parent / "shared" / "corpus" / "oov-nl"
STRUCTURED = frozenset({"BSN", "IBAN", "TELEFOON", "EMAIL", "KENTEKEN", "KVK", "GEBOORTEDATUM",
                        "ZAAKNUMMER", "POSTCODE"})
NAMES_AND_ADDRESSES = frozenset({"PERSOON", "ADRES"})
DEFAULT_CORPUS = REPO / "assistant" / "demo_corpus"
HELDOUT_PREFIX = "ho-"
#: The demo corpus file with fictitious personal data is not "ordinary policy text".
_NOT_POLICY = ("melding-",)


@dataclass
class Score:
    """Counts for one label."""

    annotated: int = 0
    found: int = 0  # annotated spans overlapped by a finding with the same label
    found_any: int = 0  # annotated spans overlapped by any finding
    predicted: int = 0
    correct: int = 0  # findings overlapping an annotated span with the same label
    correct_any: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 1.0

    @property
    def recall_any(self) -> float:
        return self.found_any / self.annotated if self.annotated else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def precision_any(self) -> float:
        return self.correct_any / self.predicted if self.predicted else 1.0


@dataclass
class Report:
    """Everything the benchmark measures."""

    scores: dict[str, Score] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    build_seconds: float = 0.0
    chars: int = 0
    seconds: float = 0.0

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0

    def total(self) -> Score:
        total = Score()
        for s in self.scores.values():
            for name in vars(total):
                setattr(total, name, getattr(total, name) + getattr(s, name))
        return total


def load_passages(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score_passages(anonymizer: Anonymizer, passages: list[dict], report: Report) -> None:
    """Add precision/recall counts for every passage to ``report``."""
    for passage in passages:
        text, spans = passage["text"], passage["spans"]
        findings: list[Finding] = anonymizer.find(text)
        for span in spans:
            s = report.scores.setdefault(span["label"], Score())
            s.annotated += 1
            hits = [f for f in findings if _overlaps(f.start, f.end, span["start"], span["end"])]
            if hits:
                s.found_any += 1
            if any(f.entity_type == span["label"] for f in hits):
                s.found += 1
            else:
                got = ",".join(f.entity_type for f in hits) or "niets"
                report.errors.append(
                    f"gemist  {passage['id']}: {span['label']} "
                    f"{text[span['start'] : span['end']]!r} (gevonden: {got})"
                )
        for f in findings:
            s = report.scores.setdefault(f.entity_type, Score())
            s.predicted += 1
            gold = [sp for sp in spans if _overlaps(f.start, f.end, sp["start"], sp["end"])]
            if gold:
                s.correct_any += 1
            if any(sp["label"] == f.entity_type for sp in gold):
                s.correct += 1
            else:
                report.errors.append(
                    f"onterecht {passage['id']}: {f.entity_type} {text[f.start : f.end]!r} "
                    f"({f.recognizer})"
                )


def policy_texts(corpus: Path) -> list[str]:
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt"))
    return [
        p.read_text(encoding="utf-8")
        for p in files
        if not p.name.startswith(_NOT_POLICY) and p.name != "SOURCES.md"
    ]


def measure_speed(anonymizer: Anonymizer, texts: list[str], repeat: int, report: Report) -> None:
    """Characters per second of ``find`` over the policy texts (CPU time of this process)."""
    for text in texts[:1]:
        anonymizer.find(text)  # warm-up: lazy imports, regex compilation
    start = time.process_time()
    for _ in range(repeat):
        for text in texts:
            anonymizer.find(text)
            report.chars += len(text)
    report.seconds = time.process_time() - start


_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)
_SENTENCES = (
    "Op {d} {m} meldde mevrouw {f1} {s1} dat de heer {s2} de buurt overlast bezorgde.",
    "Volgens {f1} {t}{s1} heeft {f2} {s2} het verzoek op {d} {m} ingediend.",
    "De heer {f2} {s2} sprak met mevrouw {s1} over de aanvraag van {f1} {s3}.",
    "{f1} {s1} en {f2} {t}{s2} waren op {d} {m} aanwezig bij het overleg.",
    "Mevrouw {s3} vroeg of {f1} {s1} het dossier kon aanvullen.",
    "Dhr. {s2} heeft namens {f2} {s3} bezwaar gemaakt tegen het besluit.",
    "In het gesprek met {f1} {s1} bleek dat de woning sinds {m} leegstaat.",
    "Na overleg met de heer {s1} besloot {f2} {t}{s2} de melding door te sturen.",
)
_TUSSEN = ("", "", "", "van ", "de ", "van der ", "van den ")
SCALING_MB = (0.1, 0.2, 0.4, 0.8)
BIG_MB = 10.0


def name_dense_text(chars: int, seed: int = 7) -> str:
    """``chars`` characters of Dutch case notes with several names per sentence.

    First names and surnames are drawn from deduce's lists (the ones Baken's lexicon knows as
    names, not as words or places), so the number of different names grows with the text:
    the worst case for anything that compares names with names.
    """
    from ingest.recognizers.lexicon import load_lexicon  # noqa: PLC0415 (after sys.path setup)

    lex = load_lexicon()

    def usable(word: str) -> bool:
        return (
            len(word) > 3 and word.isalpha() and word[0].isupper()
            and word.lower() not in lex.common_words
        )

    firsts = sorted(w for w in lex.first_names if usable(w) and w not in lex.surnames)
    surnames = sorted(w for w in lex.surnames if usable(w) and not lex.is_place(w))
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        sentences = [
            rng.choice(_SENTENCES).format(
                d=rng.randint(1, 28), m=rng.choice(_MONTHS), t=rng.choice(_TUSSEN),
                f1=rng.choice(firsts), f2=rng.choice(firsts),
                s1=rng.choice(surnames), s2=rng.choice(surnames), s3=rng.choice(surnames),
            )
            for _ in range(rng.randint(3, 6))
        ]
        paragraph = " ".join(sentences) + "\n\n"
        out.append(paragraph)
        size += len(paragraph)
    return "".join(out)[:chars]


@dataclass
class ScalingRow:
    """One size of the scaling run."""

    chars: int
    seconds: float  # wall clock
    cpu_seconds: float  # CPU time of this process
    findings: int


def measure_scaling(anonymizer: Anonymizer, sizes_mb: tuple[float, ...]) -> list[ScalingRow]:
    """Time ``redact`` on name-dense text of each size (one document, one text)."""
    anonymizer.redact([name_dense_text(2_000, seed=1)])  # warm-up
    rows = []
    for mb in sizes_mb:
        text = name_dense_text(int(mb * 1_000_000))
        wall, cpu = time.perf_counter(), time.process_time()
        redaction = anonymizer.redact([text])
        rows.append(ScalingRow(len(text), time.perf_counter() - wall,
                               time.process_time() - cpu, sum(redaction.counts.values())))
    return rows


def render_scaling(rows: list[ScalingRow]) -> str:
    lines = [
        "tekst vol namen (redact, één document):",
        f"{'MB':>6}{'s':>9}{'s CPU':>9}{'tekens/s':>11}{'vondsten':>10}{'tijd x':>8}{'tekst x':>9}",
    ]
    previous: ScalingRow | None = None
    for row in rows:
        rate = row.chars / row.seconds if row.seconds else 0.0
        ratio = growth = ""
        if previous is not None and previous.seconds:
            ratio = f"{row.seconds / previous.seconds:.2f}"
            growth = f"{row.chars / previous.chars:.1f}"
        lines.append(
            f"{row.chars / 1e6:>6.1f}{row.seconds:>9.2f}{row.cpu_seconds:>9.2f}{rate:>11,.0f}"
            f"{row.findings:>10,}{ratio:>8}{growth:>9}"
        )
        previous = row
    lines.append("(lineair: tijd x = tekst x; kwadratisch: tijd x = (tekst x)²; vanaf 1 MB "
                 "analyseren werkprocessen de stukken: 's CPU' telt alleen dit proces)")
    return "\n".join(lines)


def render(report: Report) -> str:
    lines = [render_scores(report)]
    lines.append(f"opbouw analyser: {report.build_seconds:.1f} s")
    lines.append(
        f"snelheid: {report.chars_per_second:,.0f} tekens/s op één kern "
        f"({report.chars:,} tekens in {report.seconds:.2f} s CPU)"
    )
    return "\n".join(lines)


def render_scores(report: Report) -> str:
    """The per-label table and its total."""
    lines = [
        f"{'label':<14}{'gold':>6}{'pred':>6}{'recall':>9}{'precision':>11}"
        f"{'recall*':>9}{'prec*':>8}",
    ]
    for label in sorted(report.scores):
        s = report.scores[label]
        lines.append(
            f"{label:<14}{s.annotated:>6}{s.predicted:>6}{s.recall:>9.3f}{s.precision:>11.3f}"
            f"{s.recall_any:>9.3f}{s.precision_any:>8.3f}"
        )
    t = report.total()
    lines.append(
        f"{'TOTAAL':<14}{t.annotated:>6}{t.predicted:>6}{t.recall:>9.3f}{t.precision:>11.3f}"
        f"{t.recall_any:>9.3f}{t.precision_any:>8.3f}"
    )
    lines.append("(* = elk label telt: de waarde is hoe dan ook weg)")
    return "\n".join(lines)


def group_summary(rows: dict[str, tuple[int, float, int, float]]) -> str:
    """Recall (any label: the value is gone) of structured identifiers and of names and
    addresses, and overall precision (any label), from label -> (gold, recall*, pred, prec*)."""
    def recall(labels: frozenset[str]) -> float:
        gold = sum(rows[label][0] for label in labels if label in rows)
        found = sum(rows[label][0] * rows[label][1] for label in labels if label in rows)
        return found / gold if gold else 1.0

    pred = sum(r[2] for r in rows.values())
    correct = sum(r[2] * r[3] for r in rows.values())
    return (f"recall gestructureerd {recall(STRUCTURED):.3f} · namen en adressen "
            f"{recall(NAMES_AND_ADDRESSES):.3f} · precisie {correct / pred if pred else 1:.3f}")


def report_rows(report: Report) -> dict[str, tuple[int, float, int, float]]:
    return {label: (s.annotated, s.recall_any, s.predicted, s.precision_any)
            for label, s in report.scores.items()}


def first_run_rows(path: Path) -> dict[str, tuple[int, float, int, float]]:
    """The per-label table of a saved first run (label gold pred recall precision recall* prec*)."""
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[0].isupper() and parts[0] != "TOTAAL" and parts[1].isdigit():
            rows[parts[0]] = (int(parts[1]), float(parts[5]), int(parts[2]), float(parts[6]))
    return rows


def variant_recall(anonymizer: Anonymizer, n: int, seed: int = 20261204) -> dict[str, float]:
    """Share of generated values (every notation per type) that are gone after redaction."""
    from tests import pii_variants  # noqa: PLC0415 (test data generator, benchmark only)

    out = {}
    for label in pii_variants.LABELS:
        variants = pii_variants.sample(label, n, seed)
        gone = sum(not pii_variants.leaks(v, anonymizer.redact([v.text]).texts[0])
                   for v in variants)
        out[label] = gone / len(variants)
    return out


def corpus_redactions(anonymizer: Anonymizer, corpus: Path,
                      sample: int = 20) -> tuple[int, dict[str, int], list[str]]:
    """(characters, redactions per label, a spread sample of 'LABEL: …context [value] context…')."""
    counts: dict[str, int] = {}
    found: list[str] = []
    chars = 0
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        chars += len(text)
        for f in anonymizer.find(text):
            counts[f.entity_type] = counts.get(f.entity_type, 0) + 1
            before = " ".join(text[max(0, f.start - 40) : f.start].split())
            after = " ".join(text[f.end : f.end + 30].split())
            found.append(f"{f.entity_type}: …{before} [{text[f.start:f.end]}] {after}… "
                         f"({path.name})")
    step = max(1, len(found) // sample)
    return chars, counts, found[::step][:sample]


def privacy_report(anonymizer: Anonymizer, variants: int, corpus: Path,
                   frozen: bool = True) -> str:
    """The sets and the corpus redactions, as text; ``frozen=False`` leaves the frozen
    held-out set out (while tuning, so that its figure is not looked at again and again)."""
    lines = []
    tuned = Report()
    score_passages(anonymizer, load_passages(DEFAULT_DATA), tuned)
    lines += ["## Afgestelde sets (passages.txt + passages_heldout.txt)", render_scores(tuned),
              group_summary(report_rows(tuned)), ""]
    for pii in SETS:
        if not pii.target.is_file() or (pii.frozen and not frozen):
            continue
        scores = Report()
        score_passages(anonymizer, load_passages(pii.target), scores)
        lines += [f"## {pii.title}", render_scores(scores),
                  "nu:          " + group_summary(report_rows(scores))]
        first_run = RESULTS / pii.first_run
        if first_run.is_file():
            when = ("vóór elke afstemming" if pii.frozen
                    else "vóór de aanpassingen voor deze klassen")
            lines.append(f"eerste meting: {group_summary(first_run_rows(first_run))} ({when})")
        lines.append("")
    if variants:
        recall = variant_recall(anonymizer, variants)
        lines += [f"## Gegenereerde varianten ({variants} per type, tests/pii_variants.py)"]
        lines += [f"{label:<14}{value:>9.3f}" for label, value in recall.items()]
        lines.append("")
    if corpus.is_dir():
        chars, counts, sample = corpus_redactions(anonymizer, corpus)
        total = sum(counts.values())
        per_label = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        lines += [f"## Vervangingen in het gedeelde corpus ({corpus.name}, {chars:,} tekens)",
                  f"{total} vervangingen: {per_label or 'geen'}", "steekproef:", *sample]
    return "\n".join(lines)


def as_json(report: Report) -> dict:
    def row(s: Score) -> dict:
        return {
            "annotated": s.annotated,
            "predicted": s.predicted,
            "recall": s.recall,
            "precision": s.precision,
            "recall_any_label": s.recall_any,
            "precision_any_label": s.precision_any,
        }

    return {
        "per_label": {label: row(s) for label, s in sorted(report.scores.items())},
        "overall": row(report.total()),
        "build_seconds": report.build_seconds,
        "chars_per_second": report.chars_per_second,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--subset",
        choices=("all", "dev", "heldout"),
        default="all",
        help="dev: passages.txt; heldout: passages_heldout.txt (ids ho-); all: both",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", action="store_true", help="toon gemiste en onterechte vondsten")
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="alleen de schaaltest: tekst vol namen van 0,1/0,2/0,4/0,8 MB en de tijdsfactor "
        "per verdubbeling",
    )
    parser.add_argument("--big", action="store_true", help="schaaltest ook met 10 MB")
    parser.add_argument("--sets", action="store_true",
                        help="privacyrapport: afgestelde sets, bevroren held-out set (eerste en "
                        "huidige meting), gegenereerde varianten, vervangingen in het corpus")
    parser.add_argument("--variants", type=int, default=300, help="varianten per type (--sets)")
    parser.add_argument("--no-frozen", action="store_true",
                        help="--sets zonder de bevroren held-out set (tijdens het afstellen)")
    parser.add_argument("--shared-corpus", type=Path, default=SHARED_CORPUS)
    args = parser.parse_args(argv)

    from ingest.anonymize import build_anonymizer  # noqa: PLC0415 (after sys.path setup)

    report = Report()
    start = time.perf_counter()
    anonymizer = build_anonymizer()
    report.build_seconds = time.perf_counter() - start
    if args.scaling:
        rows = measure_scaling(anonymizer, SCALING_MB + ((BIG_MB,) if args.big else ()))
        if args.json:
            print(json.dumps({"build_seconds": report.build_seconds,
                              "scaling": [vars(r) for r in rows]}, indent=2))
        else:
            print(f"opbouw analyser: {report.build_seconds:.1f} s")
            print(render_scaling(rows))
        return 0
    if args.sets:
        print(privacy_report(anonymizer, args.variants, args.shared_corpus,
                             frozen=not args.no_frozen))
        return 0
    passages = load_passages(args.data)
    if args.subset != "all":
        heldout = args.subset == "heldout"
        passages = [p for p in passages if p["id"].startswith(HELDOUT_PREFIX) == heldout]
    score_passages(anonymizer, passages, report)
    measure_speed(anonymizer, policy_texts(args.corpus), args.repeat, report)
    print(json.dumps(as_json(report), indent=2) if args.json else render(report))
    if args.errors:
        print("\n".join(report.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
