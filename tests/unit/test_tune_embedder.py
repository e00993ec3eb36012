"""tune-embedder without a model: evaluation questions never reach training, generation resumes."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from assistant.cli import main as cli_main
from assistant.core.schema import Chunk, Locator
from assistant.llm.fake import ScriptedLLM
from assistant.tuning.eval_guard import (
    REPO_QUESTION_SETS,
    EvalQuestionGuard,
    EvalSetError,
    default_guard,
    normalise,
)
from assistant.tuning.synth import (
    QuestionLog,
    generate,
    parse_questions,
    passage_key,
    select_chunks,
)
from assistant.tuning.train import TuneError, batches, fine_tune, keep_training_pairs
from tests.conftest import SHARED

EVAL_SETS = sorted(REPO_QUESTION_SETS.glob("*.jsonl"))
SHARED_SETS = sorted(SHARED.rglob("*.jsonl")) if SHARED.is_dir() else []


def _questions(paths: Sequence[Path]) -> list[str]:
    return [json.loads(line)["question"] for p in paths
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


ALL_EVAL = _questions(EVAL_SETS + SHARED_SETS)

# Questions a model could write about the corpus that are in no evaluation set
NEW_QUESTIONS = [
    "Welke gegevens moet een aanvraag voor een exploitatievergunning bevatten?",
    "Hoeveel camera's mag de gemeente in een uitgaansgebied ophangen?",
    "Wie beslist over het verlengen van de openingstijden van een terras?",
    "Moet de organisator van een braderie een verkeersplan indienen?",
    "Welke termijn geldt voor het indienen van bezwaar tegen een last onder dwangsom?",
    "Is een vergunning nodig voor een straatmuzikant in het centrum?",
]


@pytest.fixture(scope="module")
def guard() -> EvalQuestionGuard:
    return default_guard(SHARED_SETS)


def test_the_question_sets_are_found() -> None:
    assert {p.name for p in EVAL_SETS} >= {"demo.jsonl", "oov-nl.jsonl", "oov-nl-heldout.jsonl"}
    assert len(ALL_EVAL) >= 150


def test_every_evaluation_question_is_refused(guard: EvalQuestionGuard) -> None:
    missed = [q for q in ALL_EVAL if not guard.is_eval_question(q)]
    assert missed == []


def _variants(question: str, rng: random.Random) -> list[str]:
    words = question.rstrip("?").split()
    swapped = list(words)
    if len(words) > 3:
        i = rng.randrange(1, len(words) - 2)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
    middle = len(question) // 2
    return [
        question.upper().replace("?", ""),  # case and punctuation
        "  ".join(question.split()) + " ?",  # spacing
        question.replace("e", "é", 1),  # an accent
        " ".join(swapped) + "?",  # two words swapped
        question[:middle] + question[middle + 1:],  # a typo
        "Vraag: " + question,  # a prefix
    ]


def test_near_copies_of_evaluation_questions_are_refused(guard: EvalQuestionGuard) -> None:
    rng = random.Random(3)
    missed = [v for q in ALL_EVAL for v in _variants(q, rng) if not guard.is_eval_question(v)]
    assert missed == []


def test_a_rephrased_evaluation_question_with_other_words_is_refused() -> None:
    guard = EvalQuestionGuard(["Hoelang mag een gebiedsverbod voor een notoire relschopper "
                               "maximaal duren?"])
    assert guard.is_eval_question("Hoe lang mag een gebiedsverbod voor een notoire relschopper "
                                  "ten hoogste duren?")
    assert guard.is_eval_question("Een notoire relschopper: hoelang mag zijn gebiedsverbod "
                                  "maximaal duren?")


def test_other_questions_about_the_same_corpus_pass(guard: EvalQuestionGuard) -> None:
    assert [q for q in NEW_QUESTIONS if guard.is_eval_question(q)] == []


def test_normalise_ignores_case_accents_and_punctuation() -> None:
    expected = "wat is een gebiedsverbod art 172a"
    assert normalise("Wat is een  GEBIEDSVERBOD (art. 172a)?") == expected
    assert normalise("Reünie, café") == "reunie cafe"


def test_an_unreadable_question_set_is_a_dutch_error(tmp_path: Path) -> None:
    broken = tmp_path / "kapot.jsonl"
    broken.write_text('{"question": "Wat?"}\nniet json\n', encoding="utf-8")
    with pytest.raises(EvalSetError, match="regel 2: geen geldige JSON"):
        default_guard([broken])
    with pytest.raises(EvalSetError, match="bestaat niet"):
        default_guard([tmp_path / "weg.jsonl"])


def test_an_extra_question_folder_is_searched(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "eigen.jsonl").write_text(
        json.dumps({"question": NEW_QUESTIONS[0]}) + "\n", encoding="utf-8")
    assert default_guard([tmp_path]).is_eval_question(NEW_QUESTIONS[0])
    assert not default_guard().is_eval_question(NEW_QUESTIONS[0])


# ----------------------------------------------------------------- generation


def _chunk(i: int) -> Chunk:
    text = f"Artikel {i}. " + " ".join(f"Bepaling {i} over onderwerp {j}." for j in range(20))
    return Chunk(f"c{i}", text, Locator(f"doc{i % 3}.md", article=str(i)), "h")


class CountingLLM(ScriptedLLM):
    """Scripted replies; stops the run (like Ctrl-C) at call ``stop_at``."""

    def __init__(self, reply: str, stop_at: int | None = None) -> None:
        super().__init__(reply)
        self.stop_at = stop_at

    def stream(self, messages: Sequence[Mapping[str, str]], *, max_tokens: int,
               temperature: float, grammar: str | None = None) -> Iterator[str]:
        if self.stop_at is not None and len(self.calls) + 1 == self.stop_at:
            raise KeyboardInterrupt
        return super().stream(messages, max_tokens=max_tokens, temperature=temperature,
                              grammar=grammar)


def test_generated_evaluation_questions_are_refused_and_counted(
        tmp_path: Path, guard: EvalQuestionGuard) -> None:
    reply = f"1. {ALL_EVAL[0]}\n2. {NEW_QUESTIONS[0]}\n- {NEW_QUESTIONS[1]}"
    log = QuestionLog.open(tmp_path / "vragen.jsonl")
    counts = generate([_chunk(1)], lambda: ScriptedLLM(reply), log, guard, per_chunk=3)
    assert counts.questions == 2 and counts.refused_eval == 1
    pairs = QuestionLog.open(log.path).pairs()
    assert [q for q, _ in pairs] == NEW_QUESTIONS[:2]
    assert ALL_EVAL[0] not in log.path.read_text(encoding="utf-8")


def test_a_stopped_run_resumes_without_redoing_finished_passages(
        tmp_path: Path, guard: EvalQuestionGuard) -> None:
    chunks = [_chunk(i) for i in range(5)]
    path = tmp_path / "vragen.jsonl"
    first = CountingLLM(NEW_QUESTIONS[2], stop_at=3)
    with pytest.raises(KeyboardInterrupt):
        generate(chunks, lambda: first, QuestionLog.open(path), guard)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2  # only finished passages
    second = CountingLLM(NEW_QUESTIONS[3])
    counts = generate(chunks, lambda: second, QuestionLog.open(path), guard)
    assert (counts.reused, counts.passages, len(second.calls)) == (2, 3, 3)
    assert len(QuestionLog.open(path).records) == 5
    third = CountingLLM("", stop_at=1)  # nothing left: the model is not even loaded
    assert generate(chunks, lambda: third, QuestionLog.open(path), guard).passages == 0


def test_a_half_written_last_line_is_cut_off_and_that_passage_redone(
        tmp_path: Path, guard: EvalQuestionGuard) -> None:
    chunks = [_chunk(i) for i in range(3)]
    path = tmp_path / "vragen.jsonl"
    generate(chunks[:2], lambda: ScriptedLLM(NEW_QUESTIONS[4]), QuestionLog.open(path), guard)
    with path.open("ab") as fh:
        fh.write(b'{"key": "' + passage_key(chunks[2].text).encode() + b'", "passa')
    log = QuestionLog.open(path)
    assert len(log.records) == 2 and path.read_bytes().endswith(b"\n")
    llm = ScriptedLLM(NEW_QUESTIONS[5])
    assert generate(chunks, lambda: llm, log, guard).passages == 1
    assert all(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())


def test_parse_questions_keeps_questions_only() -> None:
    reply = ("Hier zijn twee vragen:\n1. Wie mag een gebiedsverbod opleggen?\n"
             "2) Wie mag een gebiedsverbod opleggen?\nVraag 3: Wat?\n"
             "- Hoe lang geldt een last onder bestuursdwang?\nAntwoord: de burgemeester.")
    assert parse_questions(reply, 5) == ["Wie mag een gebiedsverbod opleggen?",
                                         "Hoe lang geldt een last onder bestuursdwang?"]


def test_chunk_selection_is_fixed_skips_short_and_duplicate_passages() -> None:
    chunks = [_chunk(i) for i in range(10)]
    short = Chunk("kort", "Artikel 3", Locator("x.md"), "h")
    copy = Chunk("copy", chunks[0].text, Locator("y.md"), "h")
    picked = select_chunks([*chunks, short, copy], None)
    assert len(picked) == 10 and short not in picked
    assert select_chunks(list(reversed(chunks)), 4) == select_chunks(chunks, 4)


# ------------------------------------------------------------------- training


def test_training_refuses_evaluation_questions_in_an_edited_questions_file(
        guard: EvalQuestionGuard) -> None:
    pairs = [(ALL_EVAL[5], "passage a"), (ALL_EVAL[6].upper(), "passage b"),
             (NEW_QUESTIONS[0], "passage c")]
    assert keep_training_pairs(pairs, guard) == ([(NEW_QUESTIONS[0], "passage c")], 2)


def test_only_evaluation_questions_means_nothing_to_train_on(
        tmp_path: Path, guard: EvalQuestionGuard) -> None:
    pairs = [(q, f"passage {i}") for i, q in enumerate(ALL_EVAL[:40])]
    with pytest.raises(TuneError, match="Te weinig"):
        fine_tune(tmp_path / "base", pairs, tmp_path / "uit", guard)
    assert not (tmp_path / "uit").exists()


def test_batches_never_hold_a_passage_twice() -> None:
    pairs = [(f"vraag {i}", f"passage {i % 7}") for i in range(40)]
    plan = batches(pairs, 5, random.Random(1))
    assert all(len({p for _, p in b}) == len(b) for b in plan)
    used = [x for b in plan for x in b]
    assert len(used) == len(set(used)) and set(used) <= set(pairs)
    assert len(used) >= len(pairs) - 1  # at most a lone last pair (no negatives) is left out


# ------------------------------------------------------------------------ CLI


def test_cli_rejects_contradicting_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["tune-embedder", "--only-questions", "--only-train"]) == 2
    assert "niet allebei" in capsys.readouterr().err
    assert cli_main(["tune-embedder", "--batch-size", "1"]) == 2
    assert "minstens 2" in capsys.readouterr().err


def test_cli_on_an_empty_index_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["tune-embedder", "--data-dir", str(tmp_path), "--only-questions"]) == 2
    assert "de index is leeg" in capsys.readouterr().err
