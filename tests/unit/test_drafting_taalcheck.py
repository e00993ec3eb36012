"""The taalcheck tab's controller without a browser: marked words, real suggestions only,
chosen corrections applied, warnings and errors shown escaped, and the composition root's
``Taalcheck`` asked for on the first check only."""

from __future__ import annotations

from pathlib import Path

from assistant.setting_sections import DraftingSettings
from assistant.taalcheck import Correction, SpellChecker, Taalcheck, TaalcheckResult
from assistant.ui.drafting_taalcheck import TaalcheckController
from tests.fakes import RegexAnonymizer

TEXT = "De burgemeestr beslist. Door het college wordt besloten."


def result() -> TaalcheckResult:
    return TaalcheckResult(TEXT, (
        Correction(3, 14, "burgemeestr", "burgemeester", "spelling",
                   alternatives=("burgemeester",)),
        Correction(24, 56, TEXT[24:], "Het college besluit.", "zinsbouw", "actieve zin"),
        Correction(3, 14, "burgemeestr", "", "spelling"),
    ), (), True)


class NoTaalcheck:
    """Stands for the composition root's part; fails the test when it is asked for."""

    calls = 0

    def __call__(self) -> Taalcheck:
        self.calls += 1
        raise AssertionError("not needed to show or apply a result")


def controller() -> TaalcheckController:
    return TaalcheckController(NoTaalcheck(), DraftingSettings())


def test_taalcheck_view_marks_words_and_offers_only_real_suggestions() -> None:
    view = controller().view(result())
    assert "".join(text for text, _ in view.highlighted) == TEXT
    assert ("burgemeestr", "spelling") in view.highlighted
    assert [label for label, _ in view.choices] == ["1. spelling: burgemeestr → burgemeester",
                                                    "2. zinsbouw: actieve zin"]
    assert [index for _, index in view.choices] == [0, 1]
    assert "<del>" in view.details and "<ins>" in view.details
    assert view.info == "2 mogelijke spelfout(en), 1 zinsbouwvoorstel(len)."


def test_taalcheck_warns_about_identifiers_in_the_pasted_text() -> None:
    warned = TaalcheckResult("Bel [BSN-1].", (),
                             ("De tekst bevatte een BSN; dat is vervangen door [BSN-1].",), False)
    info = controller().view(warned).info
    assert "> ⚠️ De tekst bevatte een BSN; dat is vervangen door [BSN-1]." in info
    assert "Alleen de spelling is gecontroleerd." in info


def test_a_warning_and_a_correction_with_markup_are_shown_escaped() -> None:
    markup = "<img src=x onerror=alert(1)>"
    text = f"Zie {markup}"
    found = TaalcheckResult(text, (Correction(4, len(text), markup, "", "spelling"),),
                            (f"Let op {markup}",), False)
    view = controller().view(found)
    assert "&lt;img src=x onerror=alert(1)&gt;" in view.info and "<img" not in view.info
    assert "<img" not in view.details and "&lt;img" in view.details


def test_taalcheck_accepts_only_the_chosen_suggestions() -> None:
    text, note = TaalcheckController.accept(result(), [1])
    assert text == "De burgemeestr beslist. Het college besluit."
    assert note.startswith("1 verbetering")
    assert TaalcheckController.accept(None, [0]) == ("", "Controleer eerst een tekst.")


class OneTypo(SpellChecker):
    """Flags 'burgemeestr' only (no dictionary on disk)."""

    def __init__(self) -> None:
        pass

    def check(self, text: str, *, suggest_budget_s: float = 8.0) -> list[Correction]:
        start = text.find("burgemeestr")
        return [] if start < 0 else [Correction(start, start + 11, "burgemeestr",
                                                "burgemeester", "spelling")]


def test_the_check_uses_the_taalcheck_of_the_composition_root_on_first_use() -> None:
    asked: list[int] = []

    def taalcheck() -> Taalcheck:
        asked.append(1)
        return Taalcheck(RegexAnonymizer(), OneTypo)

    ctrl = TaalcheckController(taalcheck, DraftingSettings())
    assert asked == []
    view, found = ctrl.check("De burgemeestr belt 123456789.")
    assert asked == [1] and found is not None
    assert "[BSN-1]" in found.text and "123456789" not in found.text
    assert view.choices == [("1. spelling: burgemeestr → burgemeester", 0)]
    assert "> ⚠️" in view.info


def test_an_empty_text_or_a_missing_dictionary_is_a_dutch_message(tmp_path: Path) -> None:
    missing = DraftingSettings(taalcheck_dictionary=tmp_path / "nl_NL")
    from assistant.taalcheck import spellchecker

    def taalcheck() -> Taalcheck:
        return Taalcheck(RegexAnonymizer(), lambda: spellchecker(tmp_path / "nl_NL"))

    ctrl = TaalcheckController(taalcheck, missing)
    view, found = ctrl.check("   ")
    assert found is None and view.info == "**Fout:** Plak eerst een tekst in het invoerveld."
    view, found = ctrl.check("Een tekst.")
    assert found is None and view.info.startswith("**Fout:** Het Nederlandse woordenboek")
    assert view.choices == [] and view.highlighted == []
    ctrl.warm_up()  # no dictionary: nothing to load, and no error
