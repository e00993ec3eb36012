"""The drafting flow with fakes: sections in order, placeholders by code, checked model text,
anonymised fields, and the exports (Markdown, DOCX, JSON)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import docx
import pytest

from assistant.drafting import (
    CONCEPT_MARK,
    Draft,
    Drafter,
    DraftRejected,
    draft_json,
    to_docx,
    to_markdown,
    write_draft,
)
from assistant.drafting.checks import replace_unknown_facts
from assistant.drafting.fields import anonymise_fields
from assistant.drafting.result import DraftFinished, DraftStarted, SectionDelta, SectionFinished
from assistant.drafting.templates import parse_template
from tests.fakes import PASSAGE, FixedRetriever, NameAnonymizer, ReplyLLM, source
from tests.templates import Field, Section, template_text

TEMPLATE = parse_template(template_text(
    "notitie", "Notitie", "Een korte notitie.",
    [Field("onderwerp", "Onderwerp", "Waarover?", required=True),
     Field("geadresseerde", "Geadresseerde", "Aan wie?"),
     Field("kosten", "Kosten", "Bedrag.", missing="financiële dekking"),
     Field("planning", "Planning", "Wanneer?")],
    [Section("kop", "Kop", "Aan: {{ geadresseerde }}. Onderwerp: {{ onderwerp }}.", model=False),
     Section("inhoud", "Inhoud", "Beschrijf {{ onderwerp }} met bronnen."),
     Section("kosten", "Kosten", "Beschrijf de kosten: {{ kosten }}", needs=("kosten",)),
     Section("vervolg", "Vervolg", "Beschrijf het vervolg: {{ planning }}",
             needs=("planning", "kosten"))],
    query="{{ onderwerp }}"), "notitie")

def make(llm: ReplyLLM, relevant: bool = True,
         sources: Sequence[str] = (PASSAGE,)) -> tuple[Drafter, FixedRetriever]:
    retriever = FixedRetriever([source(i + 1, t) for i, t in enumerate(sources)], relevant)
    return Drafter(retriever, NameAnonymizer(), lambda: llm, max_tokens=64), retriever


def test_sections_in_order_with_code_written_parts_and_placeholders() -> None:
    llm = ReplyLLM("De burgemeester kan een woning sluiten als daar drugs worden verkocht [1].")
    drafter, _ = make(llm)
    draft = drafter.draft(TEMPLATE, {"onderwerp": "Woningsluiting", "planning": "na de zomer"})

    assert [s.title for s in draft.sections] == ["Kop", "Inhoud", "Kosten", "Vervolg"]
    kop, inhoud, kosten, vervolg = draft.sections
    assert kop.text == ("Aan: [in te vullen: geadresseerde]. Onderwerp: Woningsluiting.")
    assert not kop.generated and not kosten.generated
    assert kosten.text == "[in te vullen: financiële dekking]"
    assert "[in te vullen: financiële dekking]" in vervolg.text  # one of two needs empty
    assert len(llm.calls) == 2  # 'Inhoud' and 'Vervolg'; 'Kop' and 'Kosten' need no model
    assert [c.n for c in inhoud.citations] == [1]
    assert draft.missing == ("[in te vullen: geadresseerde]", "[in te vullen: financiële dekking]")
    assert draft.marking == CONCEPT_MARK
    assert draft.model == "fake-model"


def test_prompt_carries_instruction_fields_and_numbered_sources() -> None:
    llm = ReplyLLM("Tekst [1].")
    drafter, retriever = make(llm)
    drafter.draft(TEMPLATE, {"onderwerp": "Woningsluiting"})
    system, user = llm.calls[0]
    assert "Noem geen namen, bedragen" in system["content"]
    assert ('Opdracht voor het onderdeel "Inhoud": Beschrijf Woningsluiting met bronnen.'
            in user["content"])
    assert "- Kosten: [in te vullen: financiële dekking]" in user["content"]
    assert "[1] Gemeentewet, artikel 172a" in user["content"]
    assert retriever.queries[0] == "Inhoud Woningsluiting"


def test_invalid_citations_are_removed_and_reported() -> None:
    drafter, _ = make(ReplyLLM("De burgemeester kan een woning sluiten [1] [7]."))
    draft = drafter.draft(TEMPLATE, {"onderwerp": "Woningsluiting", "planning": "mei"})
    inhoud = draft.sections[1]
    assert "[7]" not in inhoud.text and "[1]" in inhoud.text
    assert any("[7] bestaat niet" in w for w in draft.warnings)


def test_invented_identifiers_amounts_and_dates_are_replaced() -> None:
    reply = ("Jan Jansen (BSN 123456789) betaalt € 12.500 op 3 maart 2027; "
             "de gemeente reserveert € 4.000 [1].")
    drafter, _ = make(ReplyLLM(reply))
    draft = drafter.draft(TEMPLATE, {"onderwerp": "Woningsluiting", "kosten": "€ 4.000 uit de "
                                     "algemene reserve", "planning": "mei"})
    text = draft.sections[1].text
    assert "Jan Jansen" not in text and "123456789" not in text
    assert "[in te vullen: naam]" in text and "[in te vullen: BSN]" in text
    assert "12.500" not in text and "[in te vullen: bedrag]" in text
    assert "3 maart 2027" not in text and "[in te vullen: datum]" in text
    assert "€ 4.000" in text  # the user gave this amount
    assert not any("Jan Jansen" in w or "123456789" in w for w in draft.warnings)
    assert any("naam" in w and "Inhoud" in w for w in draft.warnings)
    assert "[in te vullen: bedrag]" in draft.missing


def test_amounts_and_dates_from_sources_or_fields_are_kept() -> None:
    known = "De leges bedragen € 1.250,00 per aanvraag vanaf 1-7-2025. Melding op 14 februari 2026."
    text, replaced = replace_unknown_facts(
        "Leges: 1250,00 euro sinds 01-07-2025; incident op 14 februari.", known)
    assert replaced == [] and text.startswith("Leges: 1250,00 euro")
    _, replaced = replace_unknown_facts("Het kost EUR 300 en gebeurde op 2 mei.", known)
    assert [kind for kind, _ in replaced] == ["bedrag", "datum"]


def test_field_identifiers_are_replaced_and_the_user_is_warned() -> None:
    llm = ReplyLLM("Tekst [1].")
    drafter, retriever = make(llm)
    events = list(drafter.stream(TEMPLATE, {
        "onderwerp": "Overlast door Piet Pieters", "geadresseerde": "[PERSOON-1] en Jan Jansen"}))
    started, finished = events[0], events[-1]
    assert isinstance(started, DraftStarted) and isinstance(finished, DraftFinished)
    draft = finished.draft
    assert draft.fields["onderwerp"] == "Overlast door [PERSOON-2]"
    assert draft.fields["geadresseerde"] == "[PERSOON-1] en [PERSOON-3]"
    assert any("'Onderwerp'" in w and "PERSOON" in w for w in started.warnings)
    assert any("'Geadresseerde'" in w for w in started.warnings)
    prompts = " ".join(m["content"] for call in llm.calls for m in call)
    assert "Piet" not in prompts and "Jansen" not in prompts
    assert "Piet" not in " ".join(retriever.queries)


def test_placeholders_typed_by_the_user_stay_untouched() -> None:
    guarded = anonymise_fields(TEMPLATE, {"onderwerp": "Brief aan [PERSOON-1]"}, NameAnonymizer())
    assert guarded.values == {"onderwerp": "Brief aan [PERSOON-1]"} and guarded.warnings == ()


@pytest.mark.parametrize(("values", "message"), [
    ({"kosten": "100"}, "Onderwerp"),
    ({"onderwerp": "x", "budget": "1"}, "Onbekend veld"),
    ({"onderwerp": "x" * 3000}, "maximum"),
])
def test_unusable_input_is_rejected_in_dutch(values: dict[str, str], message: str) -> None:
    drafter, _ = make(ReplyLLM("Tekst."))
    with pytest.raises(DraftRejected, match=message):
        drafter.draft(TEMPLATE, values)


def test_without_relevant_sources_nothing_is_cited() -> None:
    llm = ReplyLLM("De burgemeester sluit woningen [1].")
    drafter, _ = make(llm, relevant=False)
    draft = drafter.draft(TEMPLATE, {"onderwerp": "Iets anders", "planning": "mei"})
    assert draft.sources == ()
    assert all(not s.citations and "[1]" not in s.text for s in draft.sections)
    assert llm.calls == []  # the model writes only from sources, and there are none
    assert "geen bron gevonden" in draft.sections[1].text
    assert "na de zomer" not in draft.sections[3].text and "mei" in draft.sections[3].text
    assert any("niets gevonden" in w for w in draft.warnings)


def test_selected_documents_limit_the_search() -> None:
    drafter, retriever = make(ReplyLLM("Tekst [1]."))
    calls: list[Mapping[str, object] | None] = []
    original = retriever.search

    def spy(query: str, k: int | None = None, filters: Mapping[str, str | int] | None = None):
        calls.append(filters)
        return original(query, k, filters)

    retriever.search = spy  # type: ignore[method-assign]
    drafter.draft(TEMPLATE, {"onderwerp": "Woningsluiting"}, source_files=["a.md", "b.md"])
    assert calls[:2] == [{"source_file": "a.md"}, {"source_file": "b.md"}]


def test_sections_stream_before_they_finish() -> None:
    drafter, _ = make(ReplyLLM("een twee drie [1]."))
    kinds = [type(e).__name__ for e in drafter.stream(TEMPLATE, {"onderwerp": "x"})]
    first_delta = kinds.index(SectionDelta.__name__)
    assert first_delta < kinds.index(SectionFinished.__name__, first_delta)
    assert kinds[-1] == DraftFinished.__name__


def test_model_heading_is_stripped_and_empty_reply_becomes_placeholder() -> None:
    drafter, _ = make(ReplyLLM("## Inhoud\nDe burgemeester kan een woning sluiten [1].", ""))
    draft = drafter.draft(TEMPLATE, {"onderwerp": "x", "planning": "mei"})
    assert draft.sections[1].text.startswith("De burgemeester")
    assert "[in te vullen: vervolg]" in draft.sections[3].text


@pytest.fixture
def finished() -> Draft:
    drafter, _ = make(ReplyLLM("- De burgemeester kan een **woning** sluiten [1].\n- Tweede punt."))
    return drafter.draft(TEMPLATE, {"onderwerp": "Woningsluiting", "planning": "mei"})


def test_markdown_export_has_marking_headings_and_sources(finished: Draft) -> None:
    text = to_markdown(finished)
    assert text.startswith(f"**{CONCEPT_MARK}**")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[:5] == ["Kop", "Inhoud", "Kosten", "Vervolg", "Bronnen"]
    assert "Nog in te vullen" in headings
    assert "[1] Gemeentewet, artikel 172a — gemeentewet.md" in text


def test_docx_export_opens_with_headings_marking_and_sources(finished: Draft,
                                                              tmp_path: Path) -> None:
    path = write_draft(finished, tmp_path / "concept.docx")
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs
                if p.style is not None and p.style.name.startswith("Heading")]
    assert headings[:5] == ["Kop", "Inhoud", "Kosten", "Vervolg", "Bronnen"]
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == CONCEPT_MARK
    assert document.sections[0].header.paragraphs[0].text == CONCEPT_MARK
    assert "De burgemeester kan een woning sluiten [1]." in texts  # bullet, bold markers gone
    assert any(t.startswith("[1] Gemeentewet") for t in texts)
    assert to_docx(finished, tmp_path / "b.docx").is_file()


def test_json_shape(finished: Draft) -> None:
    data = draft_json(finished)
    assert data["template"] == "notitie"
    assert [s["title"] for s in data["sections"]] == ["Kop", "Inhoud", "Kosten", "Vervolg"]
    assert data["sections"][1]["citations"][0]["n"] == 1
    assert data["missing"] and isinstance(data["warnings"], list)


def test_unknown_export_format_is_refused(finished: Draft, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="docx of .md"):
        write_draft(finished, tmp_path / "concept.pdf")
