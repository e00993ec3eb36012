"""The Opstellen tab's controllers without a browser: form per template, streamed previews,
downloads, templates read fresh from disk, and the taalcheck's per-suggestion choices."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest

from assistant.config import Settings
from assistant.drafting import Drafter
from assistant.taalcheck import Correction, TaalcheckResult
from assistant.ui import drafting_tab
from assistant.ui.drafting_tab import MAX_FIELDS, DraftingController, TaalcheckController
from tests.fakes import PASSAGE, FixedRetriever, RegexAnonymizer, ReplyLLM, source
from tests.templates import notitie


@dataclass
class FakeBaken:
    """Only what the controllers read before drafting: the settings."""

    settings: Settings
    store: Any = None


def controller(tmp_path: Path, templates_dir: Path | None = None, *,
               export_folder: bool = False) -> DraftingController:
    """A controller with a fake drafter, writing downloads to ``tmp_path / "out"`` or, with
    ``export_folder``, to the folder the app uses."""
    settings = Settings.model_validate({"data_dir": tmp_path, "templates_dir": templates_dir})
    drafter = Drafter(FixedRetriever([source(1, PASSAGE)]), RegexAnonymizer(),
                      lambda: ReplyLLM("De burgemeester kan een woning sluiten [1]."),
                      max_tokens=32)
    baken = FakeBaken(settings)
    return DraftingController(baken, out_dir=None if export_folder else tmp_path / "out",  # type: ignore[arg-type]
                              _drafter=drafter)


def test_form_shows_the_fields_of_the_chosen_template(tmp_path: Path) -> None:
    ctrl = controller(tmp_path)
    description, updates = ctrl.form("collegevoorstel")
    visible = [u for u in updates if u["visible"]]
    assert len(updates) == MAX_FIELDS and len(visible) == 11
    assert visible[0]["label"] == "Onderwerp *" and visible[1]["label"] == "Gemeente"
    assert "Beslispunten" in description
    _, none = ctrl.form("bestaat-niet")
    assert not any(u["visible"] for u in none)


def test_a_template_dropped_in_the_folder_shows_up_without_restart(tmp_path: Path) -> None:
    folder = tmp_path / "sjablonen"
    folder.mkdir()
    ctrl = controller(tmp_path, folder)
    assert "Notitie" not in [title for title, _ in ctrl.template_choices()]
    (folder / "notitie.md").write_text(notitie(), encoding="utf-8")
    assert ("Notitie", "notitie") in ctrl.template_choices()


def test_run_streams_previews_and_ends_with_downloads(tmp_path: Path) -> None:
    ctrl = controller(tmp_path)
    values = ["Actualisatie beleidsnota evenementen", "Heeze-Leende"] + [""] * (MAX_FIELDS - 2)
    views = list(ctrl.run("collegevoorstel", values, []))
    assert views[0].info.startswith("Bezig")
    assert any("▌" in v.preview for v in views[:-1]), "geen tussentijdse weergave"
    final = views[-1]
    assert final.docx and final.markdown and final.info.startswith("**Klaar.**")
    assert "[in te vullen: financiële dekking]" in final.info
    headings = [p.text for p in docx.Document(final.docx).paragraphs
                if p.style is not None and p.style.name == "Heading 1"]
    assert headings[:2] == ["Onderwerp", "Beslispunten"]
    assert Path(final.markdown).read_text(encoding="utf-8").startswith("**CONCEPT")


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


@pytest.fixture
def system_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temp folder, moved into this test's folder so leftovers can be counted."""
    folder = tmp_path / "systeem-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def exported(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_downloads_go_to_one_folder_that_stays_small_across_restarts(
        tmp_path: Path, system_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setattr(drafting_tab, "EXPORT_KEEP", 2)
    first = controller(data, export_folder=True)
    assert list(system_tmp.iterdir()) == [], "a folder before anything was downloaded"
    finals = [list(first.run("collegevoorstel", FORM, []))[-1] for _ in range(3)]
    assert all(f.docx and f.markdown for f in finals)
    # three drafts within a second: each has its own files, only the latest two are kept
    assert len({f.docx for f in finals}) == 3
    assert not Path(finals[0].docx or "").exists() and Path(finals[2].docx or "").exists()
    assert [p.name for p in system_tmp.iterdir()] == [Path(finals[2].docx or "").parent.name]
    assert len(exported(system_tmp)) == 4, exported(system_tmp)
    folder = Path(finals[2].docx or "").parent
    assert folder.stat().st_mode & 0o777 == 0o700, "other users could read the drafts"

    # a restart (a new controller for the same data dir) reuses and empties the folder
    second = controller(data, export_folder=True)
    assert exported(system_tmp) == []
    final = list(second.run("collegevoorstel", FORM, []))[-1]
    assert Path(final.docx or "").parent == folder
    assert len(list(system_tmp.iterdir())) == 1 and len(exported(system_tmp)) == 2


def test_a_foreign_folder_by_the_export_name_is_not_used(tmp_path: Path,
                                                         system_tmp: Path) -> None:
    data = tmp_path / "data"
    fixed = drafting_tab.export_folder(data)
    fixed.rmdir()
    elsewhere = tmp_path / "van-een-ander"
    elsewhere.mkdir()
    os.symlink(elsewhere, fixed)  # planted by someone else to catch the drafts
    final = list(controller(data, export_folder=True).run("collegevoorstel", FORM, []))[-1]
    assert final.docx and Path(final.docx).parent != fixed
    assert list(elsewhere.iterdir()) == []


def test_a_failing_model_is_a_dutch_message_and_keeps_the_finished_sections(
        tmp_path: Path) -> None:
    def no_model() -> Any:
        raise MemoryError

    ctrl = controller(tmp_path)
    about_events = "De beleidsnota evenementen regelt wanneer een vergunning wordt geweigerd."
    ctrl._drafter = Drafter(FixedRetriever([source(1, about_events)]), RegexAnonymizer(),
                            no_model, max_tokens=32)
    views = list(ctrl.run("collegevoorstel", FORM, []))
    final = views[-1]
    assert final.info == "**Fout:** Onvoldoende geheugen voor deze actie."
    assert final.docx is None and "Traceback" not in final.preview
    assert final.preview.startswith("**CONCEPT") and "## Onderwerp" in final.preview


TEXT = "De burgemeestr beslist. Door het college wordt besloten."


def result() -> TaalcheckResult:
    return TaalcheckResult(TEXT, (
        Correction(3, 14, "burgemeestr", "burgemeester", "spelling",
                   alternatives=("burgemeester",)),
        Correction(24, 56, TEXT[24:], "Het college besluit.", "zinsbouw", "actieve zin"),
        Correction(3, 14, "burgemeestr", "", "spelling"),
    ), (), True)


def test_taalcheck_view_marks_words_and_offers_only_real_suggestions(tmp_path: Path) -> None:
    baken = FakeBaken(Settings.model_validate({"data_dir": tmp_path}))
    taal = TaalcheckController(baken)  # type: ignore[arg-type]
    view = taal.view(result())
    assert "".join(text for text, _ in view.highlighted) == TEXT
    assert ("burgemeestr", "spelling") in view.highlighted
    assert [label for label, _ in view.choices] == ["1. spelling: burgemeestr → burgemeester",
                                                    "2. zinsbouw: actieve zin"]
    assert "<del>" in view.details and "<ins>" in view.details


def test_taalcheck_warns_about_identifiers_in_the_pasted_text(tmp_path: Path) -> None:
    baken = FakeBaken(Settings.model_validate({"data_dir": tmp_path}))
    taal = TaalcheckController(baken)  # type: ignore[arg-type]
    warned = TaalcheckResult("Bel [BSN-1].", (),
                             ("De tekst bevatte een BSN; dat is vervangen door [BSN-1].",), False)
    info = taal.view(warned).info
    assert "⚠️ De tekst bevatte een BSN" in info
    assert "Alleen de spelling is gecontroleerd." in info


def test_taalcheck_accepts_only_the_chosen_suggestions() -> None:
    text, note = TaalcheckController.accept(result(), [1])
    assert text == "De burgemeestr beslist. Het college besluit."
    assert note.startswith("1 verbetering")
    assert TaalcheckController.accept(None, [0]) == ("", "Controleer eerst een tekst.")
