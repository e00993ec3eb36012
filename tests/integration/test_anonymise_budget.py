"""A per-document time budget for anonymising: a document that needs longer is not indexed
(fail closed) and the report says why, in Dutch. Budgets here are tiny or huge: no clock
assertions on real work."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.app import build_baken
from assistant.config import load_settings
from assistant.core.protocols import AnonymizationError, Redaction
from ingest.anonymize import PresidioAnonymizer
from ingest.pipeline import AnonymiseOverBudget
from tests.fakes import RegexAnonymizer, make_pipeline, settings_for

TEXT = "# Melding\n\nOp 3 maart meldde mevrouw Anouk Verhoeven overlast. BSN 123456782.\n"


class DeadlineAnonymizer(RegexAnonymizer):
    """The fake anonymiser with Presidio's ``deadline`` keyword; records what it got."""

    def __init__(self) -> None:
        self.deadlines: list[float | None] = []

    def redact(self, texts: Sequence[str], *, deadline: float | None = None) -> Redaction:
        self.deadlines.append(deadline)
        if deadline is not None and time.monotonic() > deadline:
            raise AnonymizationError("Anonimiseren duurde te lang; het document is niet verwerkt.")
        return super().redact(texts)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "melding.md").write_text(TEXT, encoding="utf-8")
    return folder


def test_a_document_over_its_budget_is_not_indexed_and_the_reason_is_dutch(
    corpus: Path, tmp_path: Path
) -> None:
    pipeline = make_pipeline(tmp_path / "data")
    pipeline.anonymise_seconds_per_mb = 1e-9  # no document can make it
    report = pipeline.run([corpus], progress=False)
    assert report.documents_indexed == 0
    assert pipeline.store.count() == 0
    [skipped] = report.documents_skipped
    assert skipped["file"] == "melding.md"
    assert "duurde langer dan de limiet" in skipped["reason"]
    assert "anonymise_seconds_per_mb" in skipped["reason"]
    assert skipped["reason"].endswith("uit voorzorg niet geïndexeerd")
    assert "Overgeslagen: melding.md — anonimiseren duurde langer" in report.summary_nl()


def test_the_deadline_reaches_an_anonymiser_that_accepts_one(
    corpus: Path, tmp_path: Path
) -> None:
    pipeline = make_pipeline(tmp_path / "data")
    fake = DeadlineAnonymizer()
    pipeline._anonymizer = fake
    before = time.monotonic()
    report = pipeline.run([corpus], progress=False)
    assert report.documents_indexed == 1
    [deadline] = fake.deadlines
    assert deadline is not None
    # a small document gets one MB's worth of the setting
    assert before < deadline <= time.monotonic() + pipeline.anonymise_seconds_per_mb

    pipeline = make_pipeline(tmp_path / "data2")
    pipeline._anonymizer = DeadlineAnonymizer()
    pipeline.anonymise_seconds_per_mb = 1e-9
    report = pipeline.run([corpus], progress=False)
    assert report.documents_indexed == 0
    assert "duurde langer dan de limiet" in report.documents_skipped[0]["reason"]


def test_the_budget_grows_with_the_text_and_has_a_floor(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path / "data")
    pipeline.anonymise_seconds_per_mb = 10.0
    assert pipeline.anonymise_budget(["kort"]) == 10.0
    assert pipeline.anonymise_budget(["x" * 1_500_000, "y" * 1_500_000]) == pytest.approx(30.0)


def test_the_setting_has_a_sane_default_and_reaches_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BAKEN_SETTINGS", raising=False)
    monkeypatch.chdir(tmp_path)  # no baken.toml here
    assert load_settings().ingest.anonymise_seconds_per_mb == 60.0
    assert make_pipeline(tmp_path / "a").anonymise_seconds_per_mb == 60.0  # the same default
    assert build_baken(settings_for(tmp_path / "b")).pipeline.anonymise_seconds_per_mb == 60.0
    monkeypatch.setenv("BAKEN_ANONYMISE_SECONDS_PER_MB", "7.5")
    assert build_baken(settings_for(tmp_path / "c")).pipeline.anonymise_seconds_per_mb == 7.5


def test_presidio_stops_at_a_passed_deadline_without_output() -> None:
    anonymizer = PresidioAnonymizer(use_deduce=False)
    texts = ["Bel 06-12345678.", "BSN 123456782."]
    with pytest.raises(AnonymizationError, match="te lang") as info:
        anonymizer.redact(texts, deadline=time.monotonic() - 1.0)
    assert "123456782" not in str(info.value)
    in_time = anonymizer.redact(texts, deadline=time.monotonic() + 600.0)
    assert in_time == anonymizer.redact(texts)


def test_over_budget_is_an_anonymisation_error() -> None:
    error = AnonymiseOverBudget(12.0)
    assert isinstance(error, AnonymizationError)
    assert "12 s" in error.reason
