"""Fine-tune the character tagger: frozen embeddings and lower layers, top layers and head trained.

Units with a CLAUSE entity are oversampled (that label is rare and stayed at 0 F1 for
the first epochs when it was not). :func:`train_tagger` keeps the best epoch on the dev
set; :func:`train_soup` trains one member per seed for fixed epochs and averages them,
which is how the committed model was made (see ``corpora/ner/README.md``).
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from kg.errors import ConfigurationError
from ner.data import Unit
from ner.decode import windows
from ner.encoder import require
from ner.extractor import Extractor
from ner.labels import spans_to_bio
from ner.tagger import CharCodec, TaggerConfig, new_tagger, save_tagger, trainable_parameter_names

logger = logging.getLogger(__name__)


@dataclass
class TrainSettings:
    """Defaults are the committed model's recipe (chosen by cross-validation on the training units)."""

    epochs: int = 9
    learning_rate: float = 3e-4
    head_learning_rate: float = 1e-3
    batch_size: int = 16
    trainable_layers: int = 8
    clause_oversample: int = 3
    warmup_share: float = 0.1
    weight_decay: float = 0.01
    seed: int = 13                    # data order and dropout
    init_seed: int | None = None      # the head's initial weights (default: seed); shared by the members of a soup
    max_steps: int | None = None      # stop early (smoke runs)
    device: str = "cpu"               # or "cuda"; "auto" takes a GPU when torch sees one


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


@dataclass
class Fit:
    """One finished training run, before it is saved."""

    module: object
    codec: CharCodec
    config: TaggerConfig
    base_state: dict
    training: dict


def train_tagger(train_units: Sequence[Unit], dev_units: Sequence[Unit], settings: TrainSettings, out_dir: Path,
                 evaluate: Callable[[Extractor, Sequence[Unit]], dict] | None = None,
                 encoder_cache: Path | None = None, on_step: Callable[[int, int, float], None] | None = None,
                 encoder_dir: Path | None = None) -> TaggerConfig:
    """Train, keep the best epoch by dev micro F1 (or the last one without a dev set), save to ``out_dir``."""
    fit = _fit(train_units, dev_units, settings, evaluate, encoder_cache, encoder_dir, on_step)
    fit.config.training = fit.training
    save_tagger(fit.module, fit.config, out_dir, fit.base_state)
    return fit.config


def train_soup(train_units: Sequence[Unit], dev_units: Sequence[Unit], settings: TrainSettings, seeds: Sequence[int],
               out_dir: Path, evaluate: Callable[[Extractor, Sequence[Unit]], dict] | None = None,
               encoder_cache: Path | None = None, on_step: Callable[[int, int, float], None] | None = None,
               encoder_dir: Path | None = None) -> TaggerConfig:
    """Train one member per seed for a fixed number of epochs, save the mean of their weights.

    The members share the head's initial weights (``init_seed``, default the first seed) and
    differ in data order and dropout, so their weights average well (a "model soup"). No
    epoch is chosen on the dev set: it is only scored, once, on the averaged model.
    """
    init_seed = seeds[0] if settings.init_seed is None else settings.init_seed
    first, sums, seconds = None, {}, 0.0
    for member, seed in enumerate(seeds):
        def member_step(step, total, loss, done=member):   # one bar over all members
            if on_step:
                on_step(done * total + step, total * len(seeds), loss)

        fit = _fit(train_units, [], replace(settings, seed=seed, init_seed=init_seed), None,
                   encoder_cache, encoder_dir, member_step)
        for name in trainable_parameter_names(fit.module, settings.trainable_layers):
            value = fit.module.state_dict()[name].detach().float().cpu()
            sums[name] = value if name not in sums else sums[name] + value
        seconds += fit.training["seconds"]
        first = first or fit   # its module receives the mean; the others are dropped
    state = first.module.state_dict()
    for name, total in sums.items():
        state[name].copy_(total / len(seeds))
    first.module.eval()
    metrics = evaluate(Extractor(first.module, first.codec, first.config), dev_units) if evaluate and dev_units else {}
    first.config.dev_metrics = metrics
    first.config.training = {**{k: v for k, v in first.training.items() if k not in ("seed", "seconds", "best_epoch")},
                             "soup_seeds": list(seeds), "init_seed": init_seed, "seconds": round(seconds, 1)}
    save_tagger(first.module, first.config, out_dir, first.base_state)
    return first.config


def cross_validate(units: Sequence[Unit], settings: TrainSettings, folds: int,
                   evaluate: Callable[[Extractor, Sequence[Unit]], dict], encoder_cache: Path | None = None,
                   encoder_dir: Path | None = None, on_step: Callable[[int, int, float], None] | None = None) -> dict:
    """Micro F1 after each epoch, averaged over ``folds`` splits of the training units.

    This picks a recipe and an epoch count without looking at the dev set (the units are
    shuffled with a fixed seed, then dealt into folds).
    """
    order = list(range(len(units)))
    random.Random(0).shuffle(order)
    curves = []
    for fold in range(folds):
        held = set(order[fold::folds])
        curve: list[float] = []

        def scored(extractor, dev, curve=curve):
            metrics = evaluate(extractor, dev)
            curve.append(metrics["micro"]["f1"])
            return metrics

        _fit([u for i, u in enumerate(units) if i not in held], [units[i] for i in sorted(held)], settings,
             scored, encoder_cache, encoder_dir, on_step)
        curves.append(curve)
    mean = [round(sum(curve[epoch] for curve in curves) / folds, 4) for epoch in range(len(curves[0]))]
    return {"folds": curves, "mean_by_epoch": mean, "best_epoch": mean.index(max(mean)) + 1}


def _fit(train_units, dev_units, settings: TrainSettings, evaluate, encoder_cache, encoder_dir, on_step) -> Fit:
    torch = require("torch")
    rng = random.Random(settings.seed)
    device = training_device(settings.device)
    config = TaggerConfig(trainable_layers=settings.trainable_layers)
    torch.manual_seed(settings.seed if settings.init_seed is None else settings.init_seed)
    module, codec = new_tagger(config, encoder_cache, encoder_dir)
    torch.manual_seed(settings.seed)
    base_state = {name: value.detach().clone() for name, value in module.state_dict().items()}
    module.to(device)
    examples = encode_units(oversampled(train_units, settings.clause_oversample), codec, config)
    steps_per_epoch = (len(examples) + settings.batch_size - 1) // settings.batch_size
    total_steps = min(steps_per_epoch * settings.epochs, settings.max_steps or 10 ** 9)
    optimizer, scheduler = _optimizer(module, settings, total_steps)
    best, step, started = None, 0, time.perf_counter()
    for epoch in range(settings.epochs):
        module.train()
        for indices in _batches(examples, settings.batch_size, rng):
            ids, mask, tags = (tensor.to(device) for tensor in _tensors(examples, indices, codec))
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
        if best is None or score > best[0] or not metrics:   # without a dev set the last epoch is kept
            best = (score, epoch + 1, metrics, {k: v.detach().clone() for k, v in module.state_dict().items()})
        if step >= total_steps:
            break
    score, epoch, metrics, state = best
    module.load_state_dict(state)
    config.dev_metrics = metrics
    training = {**asdict(settings), "best_epoch": epoch, "train_units": len(train_units),
                "train_windows": len(examples), "steps": step,
                "seconds": round(time.perf_counter() - started, 1), "threads": torch.get_num_threads(),
                "device": _device_name(device)}
    return Fit(module, codec, config, base_state, training)


def training_device(name: str):
    """``cpu``, ``cuda`` (an error naming the option when torch sees no GPU) or ``auto``."""
    torch = require("torch")
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigurationError(f"--device {name}: torch {torch.__version__} sees no CUDA GPU here; use --device cpu or auto.")
    if name != "cpu" and not name.startswith("cuda"):
        raise ConfigurationError(f"--device {name}: expected cpu, cuda or auto.")
    return torch.device(name)


def _device_name(device) -> str:
    torch = require("torch")
    return torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"


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
