"""Fine-tune the character tagger: frozen embeddings and lower layers, top layers and head trained.

Units with a CLAUSE entity are oversampled (that label is rare and stayed at 0 F1 for
the first epochs when it was not). The best epoch on the dev set is kept and saved.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ner.data import Unit
from ner.decode import windows
from ner.encoder import require
from ner.extractor import Extractor
from ner.labels import spans_to_bio
from ner.tagger import CharCodec, TaggerConfig, new_tagger, save_tagger

logger = logging.getLogger(__name__)


@dataclass
class TrainSettings:
    epochs: int = 4
    learning_rate: float = 2e-4
    head_learning_rate: float = 1e-3
    batch_size: int = 32
    trainable_layers: int = 8
    clause_oversample: int = 3
    warmup_share: float = 0.1
    weight_decay: float = 0.01
    seed: int = 13
    max_steps: int | None = None      # stop early (smoke runs)


def encode_units(units: Sequence[Unit], codec: CharCodec, config: TaggerConfig) -> list[tuple[np.ndarray, np.ndarray]]:
    """(ids, tag ids) per training window; long units are split into overlapping windows."""
    label2id = config.label2id
    examples = []
    for unit in units:
        spans = [(e["start"], e["end"], e["label"]) for e in unit.entities]
        tags = np.array([label2id[tag] for tag in spans_to_bio(len(unit.text), spans)], dtype=np.int64)
        ids = codec.encode(unit.text)
        for start, end in windows(len(unit.text), config.window, config.stride):
            if end > start:
                examples.append((ids[start:end], tags[start:end]))
    return examples


def oversampled(units: Sequence[Unit], factor: int) -> list[Unit]:
    """Units with a CLAUSE entity repeated ``factor`` times.

    >>> [u.id for u in oversampled([Unit("a", "x", [{"label": "CLAUSE"}]), Unit("b", "y")], 2)]
    ['a', 'b', 'a']
    """
    extra = [unit for unit in units if any(e["label"] == "CLAUSE" for e in unit.entities)]
    return list(units) + extra * (factor - 1)


def _batches(examples, batch_size: int, rng: random.Random):
    """Length-bucketed batches in random order (little padding, still shuffled)."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i][0]), rng.random()))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def _tensors(examples, indices, codec: CharCodec):
    torch = require("torch")
    width = max(len(examples[i][0]) for i in indices) + 2
    ids = np.full((len(indices), width), codec.pad_id, dtype=np.int64)
    tags = np.full((len(indices), width), -100, dtype=np.int64)
    mask = np.zeros((len(indices), width), dtype=np.int64)
    for row, index in enumerate(indices):
        sequence, labels = examples[index]
        ids[row, 0], ids[row, 1:len(sequence) + 1], ids[row, len(sequence) + 1] = codec.cls_id, sequence, codec.sep_id
        tags[row, 1:len(sequence) + 1] = labels
        mask[row, :len(sequence) + 2] = 1
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(tags)


def train_tagger(train_units: Sequence[Unit], dev_units: Sequence[Unit], settings: TrainSettings, out_dir: Path,
                 evaluate: Callable[[Extractor, Sequence[Unit]], dict] | None = None,
                 encoder_cache: Path | None = None, on_step: Callable[[int, int, float], None] | None = None) -> TaggerConfig:
    """Train, keep the best epoch by dev micro F1 (or the last one without a dev set), save to ``out_dir``."""
    torch = require("torch")
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    config = TaggerConfig(trainable_layers=settings.trainable_layers)
    module, codec = new_tagger(config, encoder_cache)
    base_state = {name: value.detach().clone() for name, value in module.state_dict().items()}
    examples = encode_units(oversampled(train_units, settings.clause_oversample), codec, config)
    steps_per_epoch = (len(examples) + settings.batch_size - 1) // settings.batch_size
    total_steps = min(steps_per_epoch * settings.epochs, settings.max_steps or 10 ** 9)
    optimizer, scheduler = _optimizer(module, settings, total_steps)
    best, step, started = None, 0, time.perf_counter()
    for epoch in range(settings.epochs):
        module.train()
        for indices in _batches(examples, settings.batch_size, rng):
            ids, mask, tags = _tensors(examples, indices, codec)
            logits = module(ids, mask)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), tags.reshape(-1),
                                                     ignore_index=-100)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in module.parameters() if p.requires_grad], 1.0)
            optimizer.step(), scheduler.step(), optimizer.zero_grad()
            step += 1
            if on_step:
                on_step(step, total_steps, loss.item())
            if step >= total_steps:
                break
        module.eval()
        metrics = evaluate(Extractor(module, codec, config), dev_units) if evaluate and dev_units else {}
        score = metrics.get("micro", {}).get("f1", 0.0)
        logger.info("epoch %d: dev %s", epoch + 1, metrics.get("micro"))
        if best is None or score > best[0]:
            best = (score, epoch + 1, metrics, {k: v.detach().clone() for k, v in module.state_dict().items()})
        if step >= total_steps:
            break
    score, epoch, metrics, state = best
    module.load_state_dict(state)
    config.dev_metrics = metrics
    config.training = {**asdict(settings), "best_epoch": epoch, "train_units": len(train_units),
                       "train_windows": len(examples), "steps": step,
                       "seconds": round(time.perf_counter() - started, 1), "threads": torch.get_num_threads()}
    save_tagger(module, config, out_dir, base_state)
    return config


def _optimizer(module, settings: TrainSettings, total_steps: int):
    torch = require("torch")
    head = [p for n, p in module.named_parameters() if p.requires_grad and n.startswith("head.")]
    body = [p for n, p in module.named_parameters() if p.requires_grad and not n.startswith("head.")]
    optimizer = torch.optim.AdamW([{"params": body, "lr": settings.learning_rate},
                                   {"params": head, "lr": settings.head_learning_rate}],
                                  weight_decay=settings.weight_decay)
    warmup = max(1, int(total_steps * settings.warmup_share))

    def schedule(step: int) -> float:
        return (step + 1) / warmup if step < warmup else max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
