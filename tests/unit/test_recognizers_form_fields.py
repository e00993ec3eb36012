"""Values found by their column heading or form label, and long texts analysed in several
processes (the same findings as in one)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from assistant.core.protocols import AnonymizationError
from benchmarks.pii_benchmark import name_dense_text
from ingest.anonymize import PresidioAnonymizer, _segments
from ingest.recognizers import pieces
from ingest.recognizers.form_fields import field_values
from ingest.recognizers.lexicon import load_lexicon


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.entity_type, text[f.start : f.end]) for f in field_values(text, load_lexicon())]


def test_values_under_a_heading_row_get_the_heading_s_type() -> None:
    text = ("| Naam | Adres | Kenteken | Zaaknummer |\n|---|---|---|---|\n"
            "| Boateng | Grote Kruisstraat 2 | vh 19 nk | HH-2026-0052 |\n"
            "| R. Ramdin | Hofplein 3 | 54-VVT-1 | HH-2026-0031 |\n")
    assert _found(text) == [
        ("PERSOON", "Boateng"), ("ADRES", "Grote Kruisstraat 2"), ("KENTEKEN", "vh 19 nk"),
        ("ZAAKNUMMER", "HH-2026-0052"), ("PERSOON", "R. Ramdin"), ("ADRES", "Hofplein 3"),
        ("KENTEKEN", "54-VVT-1"), ("ZAAKNUMMER", "HH-2026-0031"),
    ]


def test_tab_separated_rows_and_values_that_do_not_fit_their_column() -> None:
    text = ("Naam betrokkene\tGeboortedatum\tBSN\n"
            "Amira Haddad\t17-11-1998\t410 416 769\n"
            "onbekend\tvolgt\t123456789\n")  # no name, no date; nine digits failing the 11-proef
    # under a BSN heading a mistyped number is still removed (fail closed)
    assert _found(text) == [("PERSOON", "Amira Haddad"), ("GEBOORTEDATUM", "17-11-1998"),
                            ("BSN", "410 416 769"), ("BSN", "123456789")]


def test_only_the_first_row_of_a_table_is_its_heading() -> None:
    """A row of a fine schedule that mentions a case word is no heading for the rows below."""
    text = ("| Voorschrift | Boete |\n| --- | --- |\n| registratie van een kenmerk | 60 |\n"
            "| A.17 | 90 |\n")
    assert _found(text) == []


def test_a_label_alone_on_its_line_names_the_next_line() -> None:
    text = ("Naam:\nOkafor\nVoornaam:\nChinedu\nGeboortedatum:\n21 april 1993\n"
            "Organisatie:\nStichting Buurtfeest Oost\nOpmerking:\nNaam:\n")
    assert _found(text) == [("PERSOON", "Okafor"), ("PERSOON", "Chinedu"),
                            ("GEBOORTEDATUM", "21 april 1993")]


def test_rows_of_a_csv_export_and_a_year_alone_under_a_birth_heading() -> None:
    text = ("naam;geboortedatum;adres;telefoon;opmerking\n"
            "Tjeerd Hoekstra;1998;Kerkstraat 4;;veel overlast\n"
            "#\tNaam\tDOB\tStatus\n"  # a tab table right below: its own heading row
            "5\tAhmad Rahimi\t2002\taanmelding\n")
    assert _found(text) == [("PERSOON", "Tjeerd Hoekstra"), ("GEBOORTEDATUM", "1998"),
                            ("ADRES", "Kerkstraat 4"), ("PERSOON", "Ahmad Rahimi"),
                            ("GEBOORTEDATUM", "2002")]


def test_semicolons_in_prose_and_years_in_a_budget_stay() -> None:
    text = ("De burgemeester besluit: a. sluiting; b. last; c. boete.\n"
            "Begroting;2024;2025;2026\nKosten handhaving;120.000;125.000;130.000\n"
            "| Jaar | Aantal |\n|---|---|\n| 2023 | 412 |\n")
    assert _found(text) == []


class NoNames:
    """A deduce engine that finds nothing (no start-up of deduce in a unit test)."""

    def deidentify(self, text: str, disabled: Any = None) -> Any:
        return SimpleNamespace(annotations=[])


@pytest.fixture(scope="module")
def analyzer() -> Any:
    return PresidioAnonymizer(deduce_engine=NoNames())._analyzer


def test_pieces_analysed_in_two_processes_give_the_same_findings_as_in_one(
        analyzer: Any) -> None:
    text = name_dense_text(60_000, seed=3)
    parts = [(offset, piece) for offset, piece in _segments(text, 5_000)]
    one = pieces.analyse(analyzer, parts, 1, lambda: None)
    two = pieces.analyse(analyzer, parts, 2, lambda: None)
    assert len(one) > 300
    assert two == one


def test_a_time_budget_stops_the_workers_and_returns_nothing(analyzer: Any) -> None:
    text = name_dense_text(40_000, seed=4)
    parts = [(offset, piece) for offset, piece in _segments(text, 2_000)]
    calls = []

    def budget() -> None:
        calls.append(1)
        if len(calls) > 2:
            raise AnonymizationError("Anonimiseren duurde te lang; het document is niet verwerkt.")

    with pytest.raises(AnonymizationError, match="te lang"):
        pieces.analyse(analyzer, parts, 2, budget)
    assert len(calls) == 3


def test_short_texts_and_threaded_callers_stay_in_one_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert pieces.worker_count(pieces.PARALLEL_MIN_CHARS - 1) == 1
    monkeypatch.setattr(pieces.threading, "active_count", lambda: 3)
    assert pieces.worker_count(10 * pieces.PARALLEL_MIN_CHARS) == 1
