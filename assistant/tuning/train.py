"""Fine-tune a copy of multilingual-e5-small on (question, passage) pairs and write it as a new
embedder folder in the same form as the bundled export (weights, tokenizer, ONNX graph).

sentence-transformers' MultipleNegativesRankingLoss with in-batch negatives, on CPU, with the
e5 prefixes (``query: `` for questions, ``passage: `` for passages). A plain torch loop drives
it (the library's Trainer would need ``datasets`` and ``accelerate``, which Baken does not
install). The word-embedding matrix (250k x 384, most of the model) stays frozen: it makes a
step about twice as fast and keeps the vocabulary the bundled model learned on far more text
than one municipality has. The folder is built next to the target and renamed into place, so
a stopped run leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from assistant.core.errors import BakenError
from assistant.embedder_export import MARKER_FILE, read_marker
from assistant.embeddings import PASSAGE_PREFIX, QUERY_PREFIX
from assistant.onnx_export import ONNX_FILE, export_onnx
from assistant.setting_sections import RetrievalSettings
from assistant.tuning import TUNED_MARKER
from assistant.tuning.calibrate import MAX_CALIBRATION_TEXTS, THRESHOLD_KEY, matched_threshold
from assistant.tuning.eval_guard import EvalQuestionGuard

Pair = tuple[str, str]  # (question, passage)
MIN_PAIRS = 8
#: the relevance threshold calibrated for the bundled embedder
BUNDLED_THRESHOLD = RetrievalSettings().relevance_threshold


class TuneError(BakenError, RuntimeError):
    """Fine-tuning cannot start or finish; the message says why in Dutch."""


@dataclass(frozen=True)
class TrainOptions:
    epochs: int = 1
    batch_size: int = 16
    learning_rate: float = 3e-5
    warmup: float = 0.1  # share of the steps with a rising learning rate
    max_seq_length: int = 256  # passages are cut here while training (a chunk is <= ~350 tokens)
    holdout: float = 0.1  # share of the passages kept aside to check the result
    seed: int = 19
    threads: int | None = None


@dataclass
class TuneResult:
    folder: Path
    pairs: int
    refused_eval: int
    steps: int
    seconds_train: float
    seconds_export: float
    check_before: float | None  # MRR of held-out questions over the held-out passages
    check_after: float | None
    relevance_threshold: float  # calibrated for this embedder (assistant.tuning.calibrate)


def keep_training_pairs(pairs: Iterable[Pair], guard: EvalQuestionGuard) -> tuple[list[Pair], int]:
    """The pairs whose question is no evaluation question, and how many were refused."""
    kept, refused = [], 0
    for question, passage in pairs:
        if guard.is_eval_question(question):
            refused += 1
        else:
            kept.append((question, passage))
    return kept, refused


def split_holdout(pairs: Sequence[Pair], share: float, seed: int) -> tuple[list[Pair], list[Pair]]:
    """(train, held out), split by passage so no held-out passage is trained on."""
    passages = sorted({p for _, p in pairs})
    random.Random(seed).shuffle(passages)
    n = int(len(passages) * share) if len(passages) >= 50 else 0
    held = set(passages[:n])
    return [x for x in pairs if x[1] not in held], [x for x in pairs if x[1] in held]


def batches(pairs: Sequence[Pair], size: int, rng: random.Random) -> list[list[Pair]]:
    """Shuffled batches in which no passage occurs twice (it would be its own negative)."""
    pending = list(pairs)
    rng.shuffle(pending)
    out: list[list[Pair]] = []
    while pending:
        batch: list[Pair] = []
        seen: set[str] = set()
        rest: list[Pair] = []
        for pair in pending:
            if len(batch) < size and pair[1] not in seen:
                batch.append(pair)
                seen.add(pair[1])
            else:
                rest.append(pair)
        out.append(batch)
        pending = rest
    return [b for b in out if len(b) > 1]


def score_matrix(model: Any, questions: Sequence[str], passages: Sequence[str]) -> np.ndarray:
    """Cosine of every question (rows) with every passage (columns), with the e5 prefixes."""
    q = model.encode([QUERY_PREFIX + x for x in questions], normalize_embeddings=True)
    p = model.encode([PASSAGE_PREFIX + x for x in passages], normalize_embeddings=True)
    return np.asarray(q) @ np.asarray(p).T


def retrieval_check(scores: np.ndarray, pairs: Sequence[Pair],
                    passages: Sequence[str]) -> float | None:
    """MRR of each question among ``passages`` (``scores``: ``score_matrix`` of the pairs'
    questions with them); None without any pair."""
    if not pairs:
        return None
    index = {p: i for i, p in enumerate(passages)}
    ranks = [int((row > row[index[passage]]).sum()) + 1
             for row, (_, passage) in zip(scores, pairs, strict=True)]
    return float(np.mean([1 / r for r in ranks]))


def calibration_pairs(kept: Sequence[Pair]) -> list[Pair]:
    """The pairs the threshold is calibrated on: a fixed sample of all of them (at most
    ``MAX_CALIBRATION_TEXTS``). The threshold lies in the tail of the scores of questions with
    passages that do not answer them; the held-out pairs alone (a tenth) make that tail thin.
    Measured on 158 passages: all pairs 0.590, held-out pairs only 0.581; neither keeps the
    bundled embedder's refusals (benchmarks/results/tune-embedder-2026-12-05-158.txt)."""
    return random.Random(0).sample(list(kept), min(len(kept), MAX_CALIBRATION_TEXTS))


class _Scores:
    """Scores of the calibration questions (all pairs) and the held-out check (held-out
    pairs) with one model state."""

    def __init__(self, model: Any, calibration: Sequence[Pair], held: Sequence[Pair]) -> None:
        self.passages = sorted({p for _, p in calibration} | {p for _, p in held})
        questions = [q for q, _ in calibration] + [q for q, _ in held]
        matrix = score_matrix(model, questions, self.passages) if questions else np.zeros((0, 0))
        self.calibration = matrix[:len(calibration)]
        held_passages = sorted({p for _, p in held})
        where = {p: i for i, p in enumerate(self.passages)}
        columns = [where[p] for p in held_passages]
        self.check = retrieval_check(matrix[len(calibration):][:, columns], held, held_passages)


def _copy_base(base: Path, work: Path) -> None:
    """Tokenizer and sentence-transformers configuration of the base folder (not its weights)."""
    skip = {"model.safetensors", MARKER_FILE, TUNED_MARKER, "README.md", ONNX_FILE.parts[0]}
    for item in base.iterdir():
        if item.name in skip:
            continue
        if item.is_dir():
            shutil.copytree(item, work / item.name)
        else:
            shutil.copy2(item, work / item.name)


_README = """# {name}

Afgestemde kopie van multilingual-e5-small, gemaakt door `baken tune-embedder` op {date} uit
{pairs} synthetische vragen bij de eigen documenten. Vragen beginnen met `query: `, passages
met `passage: `. `onnx/model.onnx` is dezelfde vorm als de meegeleverde embedder. Gebruik deze
map pas na `baken eval --embedder {name}` met oordeel GO; zie `baken-tuned.json`.
"""


def _write_folder(encoder: Any, base: Path, work: Path, marker: dict[str, Any]) -> None:
    from safetensors.torch import save_file

    _copy_base(base, work)
    state = {k: v.detach().contiguous() for k, v in encoder.state_dict().items()}
    save_file(state, str(work / "model.safetensors"), metadata={"format": "pt"})
    export_onnx(work)
    (work / "README.md").write_text(_README.format(
        name=marker["name"], date=marker["created"][:10], pairs=marker["pairs"]), encoding="utf-8")
    (work / TUNED_MARKER).write_text(json.dumps(marker, indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")  # last: its presence means "complete"


def _learning_rate(step: int, total: int, options: TrainOptions) -> float:
    warm = max(1, int(total * options.warmup))
    if step < warm:
        return options.learning_rate * (step + 1) / warm
    return options.learning_rate * max(0.0, (total - step) / max(1, total - warm))


def _train_steps(model: Any, loss_fn: Any, plan: Sequence[Sequence[Pair]],
                 options: TrainOptions, bar: Any) -> None:
    """One optimiser step per batch of ``plan`` (linear warm-up and decay), with progress."""
    import torch

    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=options.learning_rate, weight_decay=0.01)
    model.train()
    try:
        for step, batch in enumerate(plan):
            for group in optimiser.param_groups:
                group["lr"] = _learning_rate(step, len(plan), options)
            queries = model.preprocess([QUERY_PREFIX + q for q, _ in batch])
            passages = model.preprocess([PASSAGE_PREFIX + p for _, p in batch])
            loss = loss_fn([queries, passages], None)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            optimiser.zero_grad()
            if bar is not None:
                bar.set_postfix(verlies=f"{loss.item():.3f}")
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()


def _write_atomically(encoder: Any, base: Path, target: Path, marker: dict[str, Any]) -> None:
    """Write the tuned folder beside ``target`` and rename it into place (never half there)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        _write_folder(encoder, base, work, marker)
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def fine_tune(base: Path, pairs: Sequence[Pair], target: Path, guard: EvalQuestionGuard, *,
              options: TrainOptions = TrainOptions(),
              base_threshold: float = BUNDLED_THRESHOLD,
              progress: Callable[[int], Any] | None = None) -> TuneResult:
    """Train on ``pairs`` (evaluation questions removed first) and write ``target``.

    ``base_threshold`` is the bundled embedder's relevance threshold; the folder gets the
    tuned counterpart (``assistant.tuning.calibrate``). ``progress(total_steps)`` may return
    an object with ``update(1)`` and ``set_postfix`` (a tqdm bar); it is closed at the end.
    """
    kept, refused = keep_training_pairs(pairs, guard)
    train, held = split_holdout(kept, options.holdout, options.seed)
    if len(train) < MIN_PAIRS:
        raise TuneError(f"Te weinig vraag-passageparen om te trainen ({len(train)}; minstens "
                        f"{MIN_PAIRS}). Maak eerst meer vragen (zonder --sample of met een "
                        "grotere --sample).")
    if target.exists():
        raise TuneError(f"Doelmap {target} bestaat al; kies een andere met --out.")
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    torch.manual_seed(options.seed)
    torch.set_num_threads(options.threads or os.cpu_count() or 1)
    model = SentenceTransformer(str(base), device="cpu", local_files_only=True)
    model.max_seq_length = options.max_seq_length
    calibration = calibration_pairs(kept)
    before = _Scores(model, calibration, held)
    encoder: Any = model[0].model
    encoder.get_input_embeddings().weight.requires_grad_(False)
    rng = random.Random(options.seed)  # one generator: each epoch is shuffled differently
    plan = [b for _ in range(options.epochs) for b in batches(train, options.batch_size, rng)]
    started = time.perf_counter()
    _train_steps(model, MultipleNegativesRankingLoss(model), plan, options,
                 progress(len(plan)) if progress else None)
    model.eval()
    seconds_train = time.perf_counter() - started
    after = _Scores(model, calibration, held)
    threshold = matched_threshold(before.calibration, after.calibration, base_threshold)
    base_marker = read_marker(base) or {}
    marker = {
        "name": target.name, "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "base": str(base), "base_export": base_marker, "pairs": len(train),
        "held_out_pairs": len(held), "refused_eval_questions": refused, "steps": len(plan),
        "options": asdict(options),
        "check_mrr_before": before.check, "check_mrr_after": after.check,
        THRESHOLD_KEY: threshold, "relevance_threshold_base": base_threshold,
        "calibration_pairs": len(calibration),
        "seconds_train": round(seconds_train, 1),
    }
    started = time.perf_counter()
    _write_atomically(encoder, base, target, marker)
    return TuneResult(target, len(train), refused, len(plan), seconds_train,
                      time.perf_counter() - started, before.check, after.check, threshold)
