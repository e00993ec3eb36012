"""All metrics of a run from its per-question results, plus the catalogue that names them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eval import metrics
from eval.scoring import DONE, ERROR, SKIPPED

Metrics = dict[str, float | int | None]  # flat: "retrieval.file_hit_at_5" -> value


@dataclass(frozen=True)
class MetricInfo:
    """How to name, judge and print a metric."""

    label: str  # Dutch, for the report
    better: str | None  # "higher", "lower" or None (neutral)
    unit: str  # "ratio", "seconds", "count", "rate"
    headline: bool = False


CATALOGUE: dict[str, MetricInfo] = {
    "retrieval.file_hit_at_1": MetricInfo("Juiste document op plaats 1", "higher", "ratio"),
    "retrieval.file_hit_at_3": MetricInfo("Juiste document in top 3", "higher", "ratio"),
    "retrieval.file_hit_at_5": MetricInfo("Juiste document in top 5", "higher", "ratio", True),
    "retrieval.file_mrr": MetricInfo("MRR document", "higher", "ratio"),
    "retrieval.location_hit_at_1": MetricInfo("Juiste artikel/vindplaats op plaats 1", "higher",
                                              "ratio"),
    "retrieval.location_hit_at_3": MetricInfo("Juiste artikel/vindplaats in top 3", "higher",
                                              "ratio"),
    "retrieval.location_hit_at_5": MetricInfo("Juiste artikel/vindplaats in top 5", "higher",
                                              "ratio", True),
    "retrieval.location_mrr": MetricInfo("MRR artikel/vindplaats", "higher", "ratio"),
    "evidence.recall": MetricInfo("Verwachte feiten in de geciteerde bronnen", "higher", "ratio",
                                  True),
    "evidence.retrieved_recall": MetricInfo("Verwachte feiten in de gevonden bronnen", "higher",
                                            "ratio"),
    "answers.fact_coverage": MetricInfo("Verwachte feiten in het antwoord", "higher", "ratio",
                                        True),
    "answers.lead_rate": MetricInfo("Antwoorden met een eigen zin van het model (na de controles)",
                                    "higher", "ratio", True),
    "answers.lead_fact_coverage": MetricInfo("Verwachte feiten in de eigen zin van het model",
                                             "higher", "ratio"),
    "answers.spelling_errors_per_100_words": MetricInfo(
        "Spelfouten per 100 woorden modeltekst (hunspell-nl)", "lower", "rate", True),
    "citations.validity": MetricInfo("Bronverwijzingen die bestaan", "higher", "ratio", True),
    "citations.support_rate": MetricInfo("Zinnen met bron die de bron ondersteunt", "higher",
                                         "ratio", True),
    "citations.cited_answer_rate": MetricInfo("Antwoorden met minstens één geldige bron",
                                              "higher", "ratio"),
    "refusal.accuracy": MetricInfo("Terecht geweigerd (onbeantwoordbare vragen)", "higher",
                                   "ratio", True),
    "refusal.false_refusal_rate": MetricInfo("Onterecht geweigerd (beantwoordbare vragen)",
                                             "lower", "ratio", True),
    "drafts.sections_present": MetricInfo("Concepten: verplichte onderdelen aanwezig", "higher",
                                          "ratio"),
    "drafts.citation_validity": MetricInfo("Concepten: bronverwijzingen die bestaan", "higher",
                                           "ratio"),
    "drafts.invented_identifiers": MetricInfo("Concepten: verzonnen kenmerken", "lower", "count"),
    "drafts.skipped": MetricInfo("Concepten overgeslagen", None, "count"),
    "pii.answer_leaks": MetricInfo("Antwoorden met persoonsgegevens", "lower", "count"),
    "pii.store_findings": MetricInfo("Persoonsgegevens in de index", "lower", "count"),
    "pii.leaks": MetricInfo("Persoonsgegevens (totaal)", "lower", "count", True),
    "latency.retrieval_p50_s": MetricInfo("Zoektijd, mediaan", "lower", "seconds"),
    "latency.retrieval_p95_s": MetricInfo("Zoektijd, 95e percentiel", "lower", "seconds", True),
    "latency.ttft_p50_s": MetricInfo("Tijd tot eerste woord, mediaan", "lower", "seconds", True),
    "latency.ttft_p95_s": MetricInfo("Tijd tot eerste woord, 95e percentiel", "lower",
                                     "seconds"),
    "latency.tokens_per_s": MetricInfo("Tokens per seconde (mediaan)", "higher", "rate", True),
    "latency.total_p50_s": MetricInfo("Totale antwoordtijd, mediaan", "lower", "seconds"),
    "latency.total_p95_s": MetricInfo("Totale antwoordtijd, 95e percentiel", "lower",
                                      "seconds", True),
    "latency.total_s": MetricInfo("Rekentijd alle vragen samen", "lower", "seconds"),
    "questions.total": MetricInfo("Vragen", None, "count"),
    "questions.done": MetricInfo("Vragen uitgevoerd", None, "count"),
    "questions.skipped": MetricInfo("Vragen overgeslagen", None, "count"),
    "questions.errors": MetricInfo("Vragen met een fout", "lower", "count"),
    "questions.error_rate": MetricInfo("Aandeel vragen met een fout", "lower", "ratio"),
    "questions.pass_rate": MetricInfo("Vragen zonder enig probleem", "higher", "ratio", True),
}

FAMILIES = {
    "retrieval": "Zoeken", "evidence": "Bewijs", "answers": "Antwoorden",
    "citations": "Bronverwijzingen", "refusal": "Weigeren", "drafts": "Concepten",
    "pii": "Privacy", "latency": "Snelheid", "questions": "Vragen",
}


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _retrieval(answerable: Sequence[Mapping[str, Any]]) -> Metrics:
    file_ranks = [r.get("file_rank") for r in answerable]
    loc_ranks = [r.get("location_rank") for r in answerable]
    out: Metrics = {}
    for k in (1, 3, 5):
        out[f"retrieval.file_hit_at_{k}"] = _r(metrics.hit_at_k(file_ranks, k))
        out[f"retrieval.location_hit_at_{k}"] = _r(metrics.hit_at_k(loc_ranks, k))
    out["retrieval.file_mrr"] = _r(metrics.mean_reciprocal_rank(file_ranks))
    out["retrieval.location_mrr"] = _r(metrics.mean_reciprocal_rank(loc_ranks))
    return out


def _facts(answerable: Sequence[Mapping[str, Any]], key: str) -> float | None:
    """Mean per-question share of facts (an errored question counts as 0)."""
    values: list[float | None] = []
    for r in answerable:
        if not r.get("answer_facts"):
            continue
        values.append(metrics.share(r[key]) if r["status"] == DONE else 0.0)
    return _r(metrics.mean(values))


def _leads(answered: Sequence[Mapping[str, Any]]) -> Metrics:
    """The model's own text: how often it survives the checks, its facts and its spelling."""
    scored = [r for r in answered if "lead_by_model" in r]
    with_facts = [r for r in scored if r.get("answer_facts")]
    words = sum(r["lead_words"] for r in scored)
    errors = [r["lead_spelling_errors"] for r in scored if r["lead_words"]]
    return {
        "answers.lead_rate": _r(metrics.share([bool(r["lead_by_model"]) for r in scored])),
        "answers.lead_fact_coverage": _r(metrics.mean(
            [metrics.share(r["facts_in_lead"]) for r in with_facts])),
        "answers.spelling_errors_per_100_words": None if None in errors or not words
        else _r(100 * sum(errors) / words, 2),
    }


def _citations(done_answers: Sequence[Mapping[str, Any]]) -> Metrics:
    answered = [r for r in done_answers if not r.get("refused")]
    valid = sum(len(r["cited"]) for r in answered)
    invalid = sum(len(r["invalid_citations"]) for r in answered)
    checked = sum(r["sentences_checked"] for r in answered)
    supported = sum(r["sentences_supported"] for r in answered)
    return {
        "citations.validity": _r(metrics.citation_validity(valid, invalid)),
        "citations.support_rate": _r(metrics.ratio(supported, checked)),
        "citations.cited_answer_rate": _r(metrics.share([bool(r["cited"]) for r in answered])),
    }


def _drafts(drafts: Sequence[Mapping[str, Any]]) -> Metrics:
    done = [r for r in drafts if r["status"] == DONE]
    present = [ok for r in done for ok in r["sections_present"]]
    valid = sum(len(r["cited"]) for r in done)
    invalid = sum(len(r["invalid_citations"]) for r in done)
    return {
        "drafts.sections_present": _r(metrics.share(present)),
        "drafts.citation_validity": _r(metrics.citation_validity(valid, invalid)),
        "drafts.invented_identifiers": sum(len(r["invented_identifiers"]) for r in done)
        if done else None,
        "drafts.skipped": sum(1 for r in drafts if r["status"] == SKIPPED),
    }


def _latency(done: Sequence[Mapping[str, Any]]) -> Metrics:
    def timing(name: str) -> list[float | None]:
        return [r["timings"].get(name) for r in done]

    return {
        "latency.retrieval_p50_s": _r(metrics.percentile(timing("retrieval_s"), 50)),
        "latency.retrieval_p95_s": _r(metrics.percentile(timing("retrieval_s"), 95)),
        "latency.ttft_p50_s": _r(metrics.percentile(timing("ttft_s"), 50)),
        "latency.ttft_p95_s": _r(metrics.percentile(timing("ttft_s"), 95)),
        "latency.tokens_per_s": _r(metrics.percentile(timing("tokens_per_s"), 50), 2),
        "latency.total_p50_s": _r(metrics.percentile(timing("total_s"), 50)),
        "latency.total_p95_s": _r(metrics.percentile(timing("total_s"), 95)),
        "latency.total_s": _r(sum(v for v in timing("total_s") if v is not None), 2)
        if done else None,
    }


def summarise(results: Sequence[Mapping[str, Any]], store_findings: int | None = None) -> Metrics:
    """Every metric of the catalogue from the per-question result records."""
    ran = [r for r in results if r["status"] in (DONE, ERROR)]
    done = [r for r in ran if r["status"] == DONE]
    answerable = [r for r in ran if r["kind"] in ("what", "where")]
    unanswerable = [r for r in ran if r["kind"] == "unanswerable"]
    done_answers = [r for r in done if r["kind"] != "draft"]
    answer_leaks = sum(1 for r in done if r.get("pii"))
    out: Metrics = _retrieval(answerable)
    out["evidence.recall"] = _facts(answerable, "facts_in_cited")
    out["evidence.retrieved_recall"] = _facts(answerable, "facts_in_retrieved")
    out["answers.fact_coverage"] = _facts(answerable, "facts_in_answer")
    out |= _leads([r for r in done_answers if r["kind"] in ("what", "where")
                   and not r.get("refused")])
    out |= _citations([r for r in done_answers if r["kind"] in ("what", "where")])
    out["refusal.accuracy"] = _r(metrics.refusal_accuracy(
        [r["status"] == DONE and bool(r.get("refused")) for r in unanswerable]))
    out["refusal.false_refusal_rate"] = _r(metrics.false_refusal_rate(
        [bool(r.get("refused")) for r in answerable if r["status"] == DONE]))
    out |= _drafts([r for r in results if r["kind"] == "draft"])
    out["pii.answer_leaks"] = answer_leaks
    out["pii.store_findings"] = store_findings
    out["pii.leaks"] = answer_leaks + (store_findings or 0)
    out |= _latency(done_answers)  # a draft's time is not an answer's time
    errors = sum(1 for r in results if r["status"] == ERROR)
    out["questions.total"] = len(results)
    out["questions.done"] = len(done)
    out["questions.skipped"] = sum(1 for r in results if r["status"] == SKIPPED)
    out["questions.errors"] = errors
    out["questions.error_rate"] = _r(metrics.ratio(errors, len(ran)))
    out["questions.pass_rate"] = _r(metrics.share([bool(r["passed"]) for r in ran]))
    return out
