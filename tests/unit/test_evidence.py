"""Evidence selection: the quoted sentences are statements, distinct, and best first."""

from __future__ import annotations

from assistant.evidence import is_statement, select_evidence
from tests.fakes import source

ARTICLE = (
    "Gemeentewet — Artikel 176\n"
    "Wanneer een omstandigheid zich voordoet, kan de burgemeester algemeen verbindende "
    "voorschriften geven die ter handhaving van de openbare orde nodig zijn. Daarbij kan van "
    "andere voorschriften worden afgeweken. Hij maakt deze voorschriften bekend op een door hem "
    "te bepalen wijze. De voorschriften worden aan de raad ter bekrachtiging voorgelegd."
)


def test_no_sentence_is_quoted_twice_through_overlapping_runs() -> None:
    def longest_first(question: str, texts: list[str]) -> list[float]:
        # runs of two sentences win, and both runs around "afgeweken" win most
        return [len(t) / 1000 + (0.5 if "afgeweken" in t else 0.0) for t in texts]

    chosen = select_evidence("Wat regelt artikel 176 over voorschriften van de burgemeester?",
                             [source(1, ARTICLE)], scorer=longest_first, max_items=4,
                             max_gap=1.0)
    assert len(chosen) == 2
    pieces = [p.strip(" .") for e in chosen for p in e.text.split(". ")]
    assert len(pieces) == len(set(pieces)), [e.text for e in chosen]


def test_titles_and_headings_are_not_statements() -> None:
    assert not is_statement("Beleidsnota Evenementen Gemeente Heeze-Leende")
    assert not is_statement("Algemene Plaatselijke Verordening gemeente Almelo 2021")
    assert not is_statement("De Raad van de Gemeente Almelo;")
    assert is_statement("Het verbod geldt voor een periode van tien dagen.")


def test_a_title_line_is_never_quoted() -> None:
    text = ("Beleidsnota evenementen\nBeleidsnota Evenementen Gemeente Heeze-Leende\n"
            "Het doel van deze nota is dat evenementen veilig en ordelijk verlopen.")
    chosen = select_evidence("Wat is het doel van de beleidsnota evenementen van Heeze-Leende?",
                             [source(1, text)], scorer=None)
    assert [e.text for e in chosen] == [
        "Het doel van deze nota is dat evenementen veilig en ordelijk verlopen."]
