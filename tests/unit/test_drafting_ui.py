"""The Opstellen tab's controllers without a browser: form per template, streamed previews,
downloads, templates read fresh from disk, and the taalcheck's per-suggestion choices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx

from assistant.config import Settings
from assistant.drafting import Drafter
from assistant.taalcheck import Correction, TaalcheckResult
from assistant.ui.drafting_tab import MAX_FIELDS, DraftingController, TaalcheckController
from tests.unit.fakes import FixedRetriever, RegexAnonymizer, source
from tests.unit.test_drafting import PASSAGE, ReplyLLM
from tests.unit.test_templates import small


@dataclass
class FakeBaken:
    """Only what the controllers read before drafting: the settings."""

    settings: Settings
    store: Any = None


def controller(tmp_path: Path, templates_dir: Path | None = None) -> DraftingController:
    settings = Settings.model_validate({"data_dir": tmp_path, "templates_dir": templates_dir})
    drafter = Drafter(FixedRetriever([source(1, PASSAGE)]), RegexAnonymizer(),
                      lambda: ReplyLLM("De burgemeester kan een woning sluiten [1]."),
                      max_tokens=32)
    baken = FakeBaken(settings)
    return DraftingController(baken, out_dir=tmp_path / "out", _drafter=drafter)  # type: ignore[arg-type]


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
    (folder / "notitie.md").write_text(small(), encoding="utf-8")
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


def test_taalcheck_accepts_only_the_chosen_suggestions() -> None:
    text, note = TaalcheckController.accept(result(), [1])
    assert text == "De burgemeestr beslist. Het college besluit."
    assert note.startswith("1 verbetering")
    assert TaalcheckController.accept(None, [0]) == ("", "Controleer eerst een tekst.")
