"""Score one answered question: a JSON-ready result record (pure; no model, no store)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.core.schema import Answer, Source
from assistant.evidence import lead_of
from assistant.service import CODE_WRITTEN_LEADS
from eval import metrics
from eval.locators import file_matches, location_matches
from eval.question_set import Question
from guardrails.citations import check_citations, cited_numbers

DONE = "klaar"
SKIPPED = "overgeslagen"
ERROR = "fout"


def source_record(source: Source, question: Question) -> dict[str, Any]:
    loc = source.locator
    return {
        "rank": source.rank, "source_file": loc.source_file, "locator": loc.label(),
        "article": loc.article, "lid": loc.lid, "heading_path": list(loc.heading_path),
        "score": round(source.score, 4), "text": source.text,
        "file_match": file_matches(question.source_file, loc.source_file),
        "location_match": location_matches(question.source_file, question.source_locator,
                                           loc, source.text),
    }


def _base(question: Question) -> dict[str, Any]:
    return {"id": question.id, "kind": question.kind, "question": question.question,
            "digest": question.digest(), "source_file": question.source_file,
            "source_locator": question.source_locator,
            "answer_facts": list(question.answer_facts)}


def _citation_fields(text: str, sources: Sequence[Source]) -> dict[str, Any]:
    report = check_citations(text, sources)
    return {
        "cited": list(report.cited), "invalid_citations": list(report.invalid),
        "sentences_checked": len(report.sentences),
        "sentences_supported": sum(1 for s in report.sentences if s.supported),
        "unsupported": [f"{s.sentence[:200]} ({s.reason})" for s in report.unsupported],
        "fabricated_quotes": len(report.fabricated_quotes),
    }


def score_answer(question: Question, answer: Answer, *,
                 pii_types: Sequence[str] = ()) -> dict[str, Any]:
    """The result record of a what/where/unanswerable question.

    ``answer`` must already have identifiers masked; ``pii_types`` are the labels of the
    identifiers the anonymiser found in it.
    """
    sources = answer.sources
    records = [source_record(s, question) for s in sources]
    result = _base(question) | {
        "status": DONE, "reason": "", "answer": answer.text, "refused": answer.refused,
        "model": answer.model,
        "sources": records, "timings": dict(answer.timings), "pii": list(pii_types),
        "warnings": list(answer.warnings),
    }
    result["file_rank"] = metrics.first_rank([r["file_match"] for r in records])
    result["location_rank"] = metrics.first_rank([r["location_match"] for r in records])
    if answer.refused:
        result |= {"cited": [], "invalid_citations": [], "sentences_checked": 0,
                   "sentences_supported": 0, "unsupported": [], "fabricated_quotes": 0}
    else:
        result |= _citation_fields(answer.text, sources)
    cited_text = "\n".join(sources[n - 1].text for n in result["cited"])
    facts = question.answer_facts
    result["facts_in_answer"] = metrics.facts_found(facts, answer.text)
    lead = "" if answer.refused else lead_of(answer.text)
    result["lead_by_model"] = bool(lead) and lead not in CODE_WRITTEN_LEADS
    result["facts_in_lead"] = metrics.facts_found(facts, lead if result["lead_by_model"] else "")
    result["lead_words"], result["lead_spelling_errors"] = spelling(
        lead if result["lead_by_model"] else "")
    result["facts_in_cited"] = metrics.facts_found(facts, cited_text)
    result["facts_in_retrieved"] = metrics.facts_found(facts, "\n".join(s.text for s in sources))
    result["problems"] = answer_problems(question, result)
    result["passed"] = not result["problems"]
    return result


def spelling(text: str) -> tuple[int, int | None]:
    """(words, spelling errors) of ``text`` by hunspell-nl; errors None without a dictionary."""
    from assistant.taalcheck import TaalcheckUnavailable, spellchecker

    words = len(text.split())
    if not words:
        return 0, 0
    try:
        return words, len(spellchecker().check(text, suggest_budget_s=0.0))
    except TaalcheckUnavailable:
        return words, None


def answer_problems(question: Question, r: dict[str, Any]) -> list[str]:
    """Why a question counts as failed, in Dutch (empty list: passed)."""
    problems: list[str] = []
    if r["pii"]:
        problems.append(f"Persoonsgegevens in het antwoord: {', '.join(sorted(set(r['pii'])))}.")
    if question.kind == "unanswerable":
        if not r["refused"]:
            problems.append("Niet geweigerd, terwijl het antwoord niet in de documenten staat.")
        return problems
    if r["refused"]:
        problems.append("Onterecht geweigerd: het antwoord staat wel in de documenten.")
    if r["file_rank"] is None:
        problems.append("Het juiste document zat niet bij de gevonden bronnen.")
    elif r["location_rank"] is None and question.source_locator:
        problems.append(f"De juiste vindplaats ({question.source_locator}) zat niet bij de "
                        "gevonden bronnen.")
    missing = [f for f, ok in zip(question.answer_facts, r["facts_in_answer"], strict=True)
               if not ok]
    if missing and not r["refused"]:
        problems.append("Het antwoord mist: " + "; ".join(f"'{m}'" for m in missing) + ".")
    if r["invalid_citations"]:
        problems.append("Verwijst naar bronnen die niet bestaan: "
                        + ", ".join(f"[{n}]" for n in r["invalid_citations"]) + ".")
    if not r["refused"] and not r["cited"]:
        problems.append("Het antwoord noemt geen (geldig) bronnummer.")
    return problems


def score_draft(question: Question, text: str, sources: Sequence[Source], *,
                pii_types: Sequence[str] = (), timings: dict[str, float] | None = None,
                known: Sequence[str] = ()) -> dict[str, Any]:
    """The result record of a draft question (``text`` with identifiers already masked)."""
    present = metrics.sections_present(question.required_sections, text)
    allowed = [question.question, *question.fields.values(), *known,
               *(s.text for s in sources)]
    invented = metrics.invented_identifiers(text, allowed)
    result = _base(question) | {
        "status": DONE, "reason": "", "answer": text,
        "refused": False, "sources": [source_record(s, question) for s in sources],
        "timings": dict(timings or {}), "pii": list(pii_types),
        "required_sections": list(question.required_sections), "sections_present": present,
        "invented_identifiers": invented, "warnings": [],
    }
    result |= _citation_fields(text, sources) if sources else {
        "cited": [], "invalid_citations": cited_numbers(text),
        "sentences_checked": 0, "sentences_supported": 0, "unsupported": [],
        "fabricated_quotes": 0}
    problems: list[str] = []
    if pii_types:
        problems.append(f"Persoonsgegevens in het concept: {', '.join(sorted(set(pii_types)))}.")
    missing = [s for s, ok in zip(question.required_sections, present, strict=True) if not ok]
    if missing:
        problems.append("Ontbrekende onderdelen: " + ", ".join(missing) + ".")
    if result["invalid_citations"]:
        problems.append("Verwijst naar bronnen die niet bestaan: "
                        + ", ".join(f"[{n}]" for n in result["invalid_citations"]) + ".")
    if invented:
        problems.append("Verzonnen kenmerken (niet in velden of bronnen): "
                        + ", ".join(invented) + ".")
    result["problems"] = problems
    result["passed"] = not problems
    return result


def error_result(question: Question, message: str) -> dict[str, Any]:
    """A question that broke off with an error: counts as failed."""
    return _base(question) | {"status": ERROR, "reason": message,
                              "problems": [f"Fout: {message}"], "passed": False,
                              "timings": {}, "pii": []}
