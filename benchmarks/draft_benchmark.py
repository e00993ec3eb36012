"""Drafts with a real model: every bundled template x two realistic scenarios.

    .venv/bin/python -m benchmarks.draft_benchmark [--models …] [--work DIR]

Per draft it checks what a reviewer would notice: every typed fact word for word in the
Markdown and the DOCX, facts (numbers, dates, amounts, articles, names) in model text that are in
neither the fields nor the cited sources, repeated sentences, instruction text in the letter,
spelling errors per 100 words of model text (hunspell-nl), the share of model sections that
found a relevant source (the others say so), and the time per draft and per section.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx

from assistant.app import build_baken
from assistant.config import load_settings
from assistant.drafting import to_markdown, write_draft
from assistant.drafting.drafter import NO_SOURCE
from assistant.drafting.result import DraftFinished, SectionFinished, SectionStarted
from assistant.drafting.templates import BUNDLED_TEMPLATES_DIR, load_template
from benchmarks.draft_scenarios import SCENARIOS
from eval.scoring import spelling
from guardrails.model_text import invented, sentences, without_repeats

LEAK_MARKERS = ("opdracht", "[n]", "met [1] naar de bron", "herhaal het niet", "bronnummer")


def _facts_of(value: str) -> list[str]:
    out = []
    for line in value.splitlines():
        line = line.strip()
        if line[:2] in {f"{i}." for i in range(1, 10)}:
            line = line[2:].strip()
        if line:
            out.append(line)
    return out


def draft_one(drafter: Any, name: str, values: dict[str, str], out: Path) -> dict[str, Any]:
    template = load_template(BUNDLED_TEMPLATES_DIR / f"{name}.md")
    started = time.perf_counter()
    section_s: list[float] = []
    section_started = started
    draft = None
    for event in drafter.stream(template, values):
        if isinstance(event, SectionStarted):
            section_started = time.perf_counter()
        elif isinstance(event, SectionFinished):
            section_s.append(time.perf_counter() - section_started)
        elif isinstance(event, DraftFinished):
            draft = event.draft
    assert draft is not None
    seconds = time.perf_counter() - started
    markdown = to_markdown(draft)
    word = "\n".join(p.text for p in docx.Document(str(write_draft(draft, out))).paragraphs)
    facts = [f for v in values.values() for f in _facts_of(v)]
    model_sections = [s for s in template.sections if s.model and s.instruction]
    model_text, allowed = [], [*values.values()]
    with_source = 0
    for section, done in zip(template.sections, draft.sections, strict=True):
        fixed = template.render(section.fixed, values) if section.fixed else ""
        allowed.append(fixed)
        if section in model_sections:
            if NO_SOURCE not in done.text:
                with_source += 1
            own = done.text.replace(fixed, "").strip()
            if NO_SOURCE not in own:
                model_text.append(own)
                allowed.extend(c.source.text + "\n" + c.source.locator.label()
                               for c in done.citations)
    own_text = "\n".join(model_text)
    words, errors = spelling(own_text)
    inv = [x for s in sentences(own_text) for x in invented(s, "\n".join(allowed))]
    return {
        "template": name, "title": draft.title, "seconds": round(seconds, 1),
        "section_max_s": round(max(section_s), 1) if section_s else 0.0,
        "facts": len(facts), "facts_md": sum(f in markdown for f in facts),
        "facts_docx": sum(f in word for f in facts),
        "invented": inv,
        "repeated": " ".join(sentences(without_repeats(own_text))) != " ".join(
            sentences(own_text)),
        "leaked": [m for m in LEAK_MARKERS if m in own_text.lower()],
        "words": words, "spelling_errors": errors or 0,
        "model_sections": len(model_sections), "with_source": with_source,
        "sources": len(draft.sources), "markdown": markdown,
    }


def summarise(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    facts = sum(r["facts"] for r in rows)
    words = sum(r["words"] for r in rows)
    sections = sum(r["model_sections"] for r in rows)
    return {
        "n": len(rows),
        "facts_md": sum(r["facts_md"] for r in rows) / facts if facts else None,
        "facts_docx": sum(r["facts_docx"] for r in rows) / facts if facts else None,
        "invented": sum(len(r["invented"]) for r in rows),
        "repeated": sum(1 for r in rows if r["repeated"]),
        "leaked": sum(len(r["leaked"]) for r in rows),
        "spell/100w": 100 * sum(r["spelling_errors"] for r in rows) / words if words else None,
        "src_share": sum(r["with_source"] for r in rows) / sections if sections else None,
        "max_s": max(r["seconds"] for r in rows),
        "sect_max_s": max(r["section_max_s"] for r in rows),
    }


def run_drafts(index: Path, models: Sequence[str], threads: int, work: Path) -> None:
    from benchmarks.answer_benchmark import print_table

    for model in models:
        settings = load_settings(data_dir=index, bundled_model=model, n_threads=threads,
                                 temperature=0.0)
        baken = build_baken(settings)
        drafter = baken.drafter
        baken.assistant.prime()
        table = []
        cache = work / f"drafts-{model}.jsonl"
        done = {}
        if cache.is_file():
            done = {(r["template"], r["i"]): r for r in map(json.loads, cache.read_text(
                encoding="utf-8").splitlines())}
        with cache.open("a", encoding="utf-8") as fh:
            for name, scenarios in SCENARIOS.items():
                rows = []
                for i, values in enumerate(scenarios):
                    if (name, i) not in done:
                        row = draft_one(drafter, name, values, work / f"{model}-{name}-{i}.docx")
                        done[(name, i)] = row | {"i": i}
                        fh.write(json.dumps(done[(name, i)], ensure_ascii=False) + "\n")
                        fh.flush()
                        print(f"  concept {name} {i + 1}/2: {row['seconds']} s", flush=True)
                    rows.append(done[(name, i)])
                table.append({"sjabloon": name, **summarise(rows)})
        print_table(f"concepten met {model}", table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/oov-nl"))
    parser.add_argument("--models", nargs="+", default=["qwen2.5-coder-1.5b"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("eval-out/answer-bench"))
    args = parser.parse_args()
    index = args.work / "baken"
    build_baken(load_settings(data_dir=index)).pipeline.run([args.corpus])
    run_drafts(index, args.models, args.threads, args.work)


if __name__ == "__main__":
    main()
