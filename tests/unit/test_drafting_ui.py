"""The Opstellen tab's drafting controller without a browser: the form per template as plain
values, templates read fresh from disk, streamed previews, downloads, and escaped warnings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import gradio as gr

from assistant.config import Settings
from assistant.drafting import Drafter, DraftTemplate
from assistant.drafting.downloads import DraftDownloads
from assistant.drafting.result import Draft, DraftEvent, DraftFinished, DraftStarted
from assistant.ui.drafting_controller import (
    HIDDEN,
    MAX_FIELDS,
    DraftingController,
    FieldView,
)
from assistant.ui.drafting_tab import build_drafting_tab
from tests.fakes import PASSAGE, FixedRetriever, RegexAnonymizer, ReplyLLM, source
from tests.templates import notitie


@dataclass
class FakeStore:
    files: list[str] = field(default_factory=list)

    def indexed_files(self) -> list[str]:
        return self.files


@dataclass
class FakeBaken:
    """What the drafting tab reads of a ``Baken``: settings, drafter, store (and taalcheck)."""

    settings: Settings
    drafter: Any = None
    store: Any = field(default_factory=FakeStore)
    asked_taalcheck: bool = False

    @property
    def taalcheck(self) -> Any:
        self.asked_taalcheck = True
        raise AssertionError("the taalcheck is asked for on the first check, not before")


def fake_baken(tmp_path: Path, templates_dir: Path | None = None,
               drafter: Any = None) -> FakeBaken:
    settings = Settings.model_validate({"data_dir": tmp_path, "templates_dir": templates_dir})
    drafter = drafter or Drafter(FixedRetriever([source(1, PASSAGE)]), RegexAnonymizer(),
                                 lambda: ReplyLLM("De burgemeester kan een woning sluiten [1]."),
                                 max_tokens=32)
    return FakeBaken(settings, drafter)


def controller(tmp_path: Path, templates_dir: Path | None = None,
               drafter: Any = None) -> DraftingController:
    """A controller over a fake drafter, writing downloads to ``tmp_path / "out"``."""
    baken = fake_baken(tmp_path, templates_dir, drafter)
    downloads = DraftDownloads(tmp_path, folder=tmp_path / "out")
    return DraftingController(baken, downloads)  # type: ignore[arg-type]


def test_form_shows_the_fields_of_the_chosen_template(tmp_path: Path) -> None:
    ctrl = controller(tmp_path)
    form = ctrl.form("collegevoorstel")
    visible = [f for f in form.fields if f.visible]
    assert len(form.fields) == MAX_FIELDS and len(visible) == 11
    assert visible[0] == FieldView(True, "Onderwerp *", visible[0].info, 1)
    assert visible[1].label == "Gemeente" and visible[0].info
    assert any(f.lines == 4 for f in visible), "no multi-line field"
    assert "Beslispunten" in form.description
    assert ctrl.form("bestaat-niet").fields == (HIDDEN,) * MAX_FIELDS


def test_a_template_dropped_in_the_folder_shows_up_without_restart(tmp_path: Path) -> None:
    folder = tmp_path / "sjablonen"
    folder.mkdir()
    ctrl = controller(tmp_path, folder)
    assert "Notitie" not in [title for title, _ in ctrl.template_choices()]
    (folder / "notitie.md").write_text(notitie(), encoding="utf-8")
    assert ("Notitie", "notitie") in ctrl.template_choices()
    assert ctrl.refresh("notitie").value == "notitie"


def test_refresh_starts_at_the_collegevoorstel_and_keeps_the_chosen_template(
        tmp_path: Path) -> None:
    ctrl = controller(tmp_path)
    assert ctrl.refresh().value == "collegevoorstel"
    assert ctrl.refresh("bestaat-niet").value == "collegevoorstel"
    names = [name for _, name in ctrl.refresh().choices]
    other = next(name for name in names if name != "collegevoorstel")
    assert ctrl.refresh(other).value == other
    assert ctrl.refresh().problems == ""


def test_a_broken_template_is_reported_as_an_escaped_warning(tmp_path: Path) -> None:
    folder = tmp_path / "sjablonen"
    folder.mkdir()
    (folder / "<img src=x>.md").write_text("geen sjabloon", encoding="utf-8")
    problems = controller(tmp_path, folder).refresh().problems
    assert problems.startswith("> ⚠️") and "&lt;img src=x&gt;" in problems
    assert "<img" not in problems


def test_run_streams_previews_and_ends_with_downloads(tmp_path: Path) -> None:
    ctrl = controller(tmp_path)
    values = ["Actualisatie beleidsnota evenementen", "Heeze-Leende"] + [""] * (MAX_FIELDS - 2)
    views = list(ctrl.run("collegevoorstel", values, []))
    assert views[0].info.startswith("Bezig")
    assert any("▌" in v.preview for v in views[:-1]), "geen tussentijdse weergave"
    assert any(v.info.startswith("Bezig: onderdeel 1 van ") for v in views)
    final = views[-1]
    assert final.docx and final.markdown and final.info.startswith("**Klaar.**")
    assert "[in te vullen: financiële dekking]" in final.info
    headings = [p.text for p in docx.Document(final.docx).paragraphs
                if p.style is not None and p.style.name == "Heading 1"]
    assert headings[:2] == ["Onderwerp", "Beslispunten"]
    assert Path(final.markdown).parent == tmp_path / "out"
    assert Path(final.markdown).read_text(encoding="utf-8").startswith("**CONCEPT")


def test_run_without_a_template_asks_to_choose_one(tmp_path: Path) -> None:
    assert [v.info for v in controller(tmp_path).run(None, [], None)] == [
        "**Kies eerst een sjabloon.**"]


def test_run_reports_missing_required_field_in_dutch(tmp_path: Path) -> None:
    views = list(controller(tmp_path).run("collegevoorstel", [""] * MAX_FIELDS, None))
    assert views[-1].info == "**Fout:** Vul het veld 'Onderwerp' in; dat is verplicht."
    assert views[-1].docx is None


FORM = ["Actualisatie beleidsnota evenementen"] + [""] * (MAX_FIELDS - 1)


def test_an_identifier_in_a_field_is_replaced_and_the_user_is_warned(tmp_path: Path) -> None:
    values = ["Overlast na melding van BSN 123456789", "Heeze-Leende"] + [""] * (MAX_FIELDS - 2)
    views = list(controller(tmp_path).run("collegevoorstel", values, []))
    assert any("⚠️" in v.info and "'Onderwerp'" in v.info for v in views[1:-1]), \
        "no warning while drafting"
    final = views[-1]
    assert "**Aandachtspunten:**" in final.info and "'Onderwerp'" in final.info
    markdown = Path(final.markdown or "").read_text(encoding="utf-8")
    body = "\n".join(p.text for p in docx.Document(final.docx).paragraphs)
    assert "[BSN-1]" in markdown
    for shown in (markdown, body, final.preview, *(v.preview for v in views)):
        assert "123456789" not in shown


MARKUP = "<img src=x onerror=alert(1)> ![x](http://evil.example/p.png)"


class WarningDrafter:
    """Streams a draft whose input warning carries markup, as a document or a model could."""

    def stream(self, template: DraftTemplate, values: Mapping[str, str],
               sources: Sequence[str] = ()) -> Iterator[DraftEvent]:
        yield DraftStarted(template.title, (), (), (f"Let op: {MARKUP}",))
        yield DraftFinished(Draft(template.name, template.title, (), (), (),
                                  (f"Let op: {MARKUP}",)))


def test_a_warning_with_markup_is_shown_escaped(tmp_path: Path) -> None:
    views = list(controller(tmp_path, drafter=WarningDrafter()).run("collegevoorstel", FORM, []))
    writing, final = views[1], views[-1]
    for info in (writing.info, final.info):
        assert "> ⚠️ Let op: &lt;img src=x onerror=alert(1)&gt;" in info, info
        assert "<img" not in info and "![x](http" not in info and r"!\[x\]" in info


class BrokenModel:
    def __call__(self) -> Any:
        raise MemoryError


def test_a_failing_model_is_a_dutch_message_and_keeps_the_finished_sections(
        tmp_path: Path) -> None:
    about_events = "De beleidsnota evenementen regelt wanneer een vergunning wordt geweigerd."
    drafter = Drafter(FixedRetriever([source(1, about_events)]), RegexAnonymizer(),
                      BrokenModel(), max_tokens=32)
    final = list(controller(tmp_path, drafter=drafter).run("collegevoorstel", FORM, []))[-1]
    assert final.info == "**Fout:** Onvoldoende geheugen voor deze actie."
    assert final.docx is None and "Traceback" not in final.preview
    assert final.preview.startswith("**CONCEPT") and "## Onderwerp" in final.preview
    assert "▌" not in final.preview


def test_a_draft_searches_the_drafter_of_the_collection_passed(tmp_path: Path) -> None:
    ctrl = controller(tmp_path)
    other = FixedRetriever([source(1, PASSAGE)])
    collection = fake_baken(tmp_path, drafter=Drafter(other, RegexAnonymizer(),
                                                      lambda: ReplyLLM("Tekst [1]."),
                                                      max_tokens=32))
    list(ctrl.run("collegevoorstel", FORM, [], collection))  # type: ignore[arg-type]
    assert other.queries, "the other collection's drafter was not used"


def test_the_tab_builds_without_loading_the_taalcheck(tmp_path: Path) -> None:
    baken = fake_baken(tmp_path)
    baken.store = FakeStore(["apv.md", "beleid.pdf"])
    with gr.Blocks() as page:
        build_drafting_tab(baken)  # type: ignore[arg-type]
    config = page.get_config_file()
    by_id = {c["props"].get("elem_id"): c["props"] for c in config["components"]}
    assert by_id["baken-sjabloon"]["value"] == "collegevoorstel"
    assert by_id["baken-veld-0"]["label"] == "Onderwerp *" and by_id["baken-veld-0"]["visible"]
    assert by_id["baken-veld-15"]["visible"] is False
    assert [c[0] for c in by_id["baken-brondocumenten"]["choices"]] == ["apv.md", "beleid.pdf"]
    assert not baken.asked_taalcheck
