"""Drafts keep what the user typed and what the sources say apart: fields word for word in the
draft, the Markdown and the DOCX; model text only from relevant, distinct sources; a title from
the subject; fixed template paragraphs as one paragraph in Word."""

from __future__ import annotations

from pathlib import Path

import docx

from assistant.core.schema import Locator, Source
from assistant.drafting import Drafter, to_markdown, write_draft
from assistant.drafting.drafter import NO_SOURCE
from assistant.drafting.templates import BUNDLED_TEMPLATES_DIR, load_template
from tests.fakes import FixedRetriever, NameAnonymizer, ReplyLLM

RULE = ("APV — Artikel 2:59\nDe burgemeester kan de eigenaar of houder van een hond die een mens "
        "of dier heeft gebeten, verplichten de hond aan te lijnen en te muilkorven.")
COLLEGE = {
    "onderwerp": "Actualisatie evenementenbeleid 2027",
    "gemeente": "Heeze-Leende",
    "aanleiding": "Het huidige beleid dateert uit 2022 en sluit niet aan op de nieuwe APV.",
    "besluit": "1. Het evenementenbeleid 2027 vast te stellen.\n"
               "2. De beleidsregels evenementen 2022 in te trekken.",
    "financien": "De kosten van € 12.500 worden gedekt uit het budget openbare orde.",
    "uitvoering": "Inwerkingtreding per 1 maart 2027; evaluatie na één jaar.",
    "communicatie": "Publicatie in het Gemeenteblad en een brief aan vaste organisatoren.",
}


def _source(rank: int, text: str, score: float = 0.9, chunk: str | None = None) -> Source:
    return Source(rank=rank, chunk_id=chunk or f"c{rank}", text=text, score=score,
                  locator=Locator("apv.md", "APV", article="2:59"))


def _drafter(llm: ReplyLLM, sources: list[Source], min_score: float = 0.85) -> Drafter:
    return Drafter(FixedRetriever(sources), NameAnonymizer(), lambda: llm, max_tokens=64,
                   min_score=min_score)


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_every_typed_fact_reaches_the_draft_the_markdown_and_the_docx(tmp_path: Path) -> None:
    template = load_template(BUNDLED_TEMPLATES_DIR / "collegevoorstel.md")
    llm = ReplyLLM("De burgemeester kan regels stellen voor honden [1].")
    draft = _drafter(llm, [_source(1, RULE)]).draft(template, COLLEGE)
    body = "\n".join(s.text for s in draft.sections)
    markdown = to_markdown(draft)
    word = _docx_text(write_draft(draft, tmp_path / "voorstel.docx"))
    for name, value in COLLEGE.items():
        for line in value.splitlines():
            fact = line.split(". ", 1)[1] if line[:2] in {"1.", "2."} else line
            assert fact in body, f"{name} ontbreekt in het concept"
            assert fact in markdown, f"{name} ontbreekt in de Markdown"
            assert fact in word, f"{name} ontbreekt in de DOCX"
    assert draft.title == "Collegevoorstel: Actualisatie evenementenbeleid 2027"


def test_the_letter_title_is_the_subject_not_the_incident(tmp_path: Path) -> None:
    template = load_template(BUNDLED_TEMPLATES_DIR / "waarschuwingsbrief-hondenbeet.md")
    values = {"gedraging": "Uw hond heeft een fietser in de kuit gebeten.",
              "datum_incident": "14 februari 2026", "adres_incident": "het Stadspark",
              "hond": "een bruine herder", "maatregel": "aanlijn- en muilkorfgebod"}
    draft = _drafter(ReplyLLM("De burgemeester kan een muilkorf verplichten [1]."),
                     [_source(1, RULE)]).draft(template, values)
    assert draft.title == "Waarschuwingsbrief na een hondenbeet"
    body = "\n".join(s.text for s in draft.sections)
    for value in values.values():
        assert value in body
    paragraphs = [p.text for p in docx.Document(str(write_draft(
        draft, tmp_path / "brief.docx"))).paragraphs]
    # the fixed 'Bezwaar' text, wrapped over four lines in the template, is one paragraph
    bezwaar = [p for p in paragraphs if p.startswith("Deze brief is een waarschuwing en geen")]
    assert len(bezwaar) == 1 and bezwaar[0].endswith("staat dan in dat besluit.")


def test_copies_of_one_passage_are_one_source() -> None:
    template = load_template(BUNDLED_TEMPLATES_DIR / "waarschuwingsbrief-hondenbeet.md")
    copies = [_source(i, RULE.replace("\n", "\n  "), chunk=f"copy{i}") for i in range(1, 4)]
    draft = _drafter(ReplyLLM("De burgemeester kan aanlijnen verplichten [1]."), copies).draft(
        template, {"gedraging": "Gebeten."})
    assert len(draft.sources) == 1


def test_a_section_without_a_relevant_source_says_so_and_cites_nothing() -> None:
    template = load_template(BUNDLED_TEMPLATES_DIR / "waarschuwingsbrief-hondenbeet.md")
    llm = ReplyLLM("Volgens bijlage 3 geldt iets [1].")
    weak = [_source(1, "Bijlage 3 — tarieven\nDe leges voor een standplaats zijn vastgesteld.",
                    score=0.80)]
    draft = _drafter(llm, weak).draft(template, {"gedraging": "Gebeten."})
    regels = next(s for s in draft.sections if s.title == "Wat de regels zeggen")
    assert NO_SOURCE in regels.text and not regels.citations
    assert draft.sources == () and llm.calls == []


def test_an_article_the_model_invents_is_removed_with_a_warning() -> None:
    template = load_template(BUNDLED_TEMPLATES_DIR / "waarschuwingsbrief-hondenbeet.md")
    llm = ReplyLLM("De burgemeester kan een aanlijngebod opleggen [1]. Dat staat in artikel 5:12 "
                   "van de APV [1].")
    draft = _drafter(llm, [_source(1, RULE)]).draft(template, {"gedraging": "Gebeten."})
    regels = next(s for s in draft.sections if s.title == "Wat de regels zeggen")
    assert "aanlijngebod opleggen [1]" in regels.text and "5:12" not in regels.text
    assert any("'artikel 5:12'" in w for w in draft.warnings)


def test_a_fact_must_be_in_the_passage_its_sentence_cites() -> None:
    template = load_template(BUNDLED_TEMPLATES_DIR / "waarschuwingsbrief-hondenbeet.md")
    other = ("APV — Artikel 2:60\nEen aanlijngebod voor een hond die heeft gebeten geldt voor "
             "ten hoogste 12 weken.")
    llm = ReplyLLM("De burgemeester kan een hond laten muilkorven [1]. Het gebod voor de "
                   "hond geldt 12 weken [1].")
    draft = _drafter(llm, [_source(1, RULE), _source(2, other)]).draft(
        template, {"gedraging": "Gebeten."})
    regels = next(s for s in draft.sections if s.title == "Wat de regels zeggen")
    assert "muilkorven [1]" in regels.text and "12 weken" not in regels.text
