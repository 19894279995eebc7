"""The fine-tuned extractor: ``Extractor.extract(texts) -> list[list[Mention]]``.

Texts are cut into character windows (long ones overlap; nothing is truncated),
sorted by length and run in batches under ``torch.inference_mode``; scores are
stitched back per text and decoded to spans with numpy. Optionally the gazetteer
fills in where the model found nothing (``ensemble=True``).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ner.decode import bio_transitions, constrained_tags_batch, merge_window_scores, tags_to_spans, trim_span, windows
from ner.encoder import require
from ner.mention import Mention
from ner.tagger import CharCodec, TaggerConfig, load_tagger

logger = logging.getLogger(__name__)
# Decoding is part of what a mention's model_version names: BIO-constrained paths, no one-character names.
DECODER = "bio1"
# Equipment and hazard names are at least two characters (one in 1,535 training units is shorter);
# a lone character is a fragment of a longer name the model half-saw.
MIN_NAME_CHARS = 2


class Extractor:
    """Tag EQUIPMENT, HAZARD and CLAUSE with the fine-tuned model."""

    name = "firekg-ner"

    def __init__(self, module, codec: CharCodec, config: TaggerConfig, batch_size: int = 32,
                 gazetteer=None) -> None:
        self.module, self.codec, self.config, self.batch_size = module, codec, config, batch_size
        self.gazetteer = gazetteer
        self.version = f"{config.version}+{DECODER}" + ("+gazetteer" if gazetteer is not None else "")
        labels = sorted({tag[2:] for tag in config.id2label.values() if tag != "O"})
        self.labels = labels
        self._label_of = np.array([labels.index(config.id2label[i][2:]) if config.id2label[i] != "O" else -1
                                   for i in range(len(config.id2label))])
        self._is_begin = np.array([config.id2label[i].startswith("B-") for i in range(len(config.id2label))])
        self._transitions = bio_transitions([config.id2label[i] for i in range(len(config.id2label))])

    @classmethod
    def load(cls, model_dir: Path | None = None, encoder_cache: Path | None = None, ensemble: bool = False,
             batch_size: int = 32, encoder_dir: Path | None = None, device: str = "cpu") -> "Extractor":
        module, codec, config = load_tagger(model_dir, encoder_cache, encoder_dir)
        module.to(device)
        gazetteer = None
        if ensemble:
            from ner.baseline import GazetteerExtractor
            gazetteer = GazetteerExtractor()
        return cls(module, codec, config, batch_size, gazetteer)

    def extract(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Mentions for each text, offsets into the original strings."""
        scores = self.score(texts)
        paths = constrained_tags_batch(scores, *self._transitions)
        results = [self._decode(text, text_scores, path) for text, text_scores, path in zip(texts, scores, paths)]
        if self.gazetteer is not None:
            results = [self._fill_from_gazetteer(text, found) for text, found in zip(texts, results)]
        return results

    def score(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Per-character tag probabilities ``(len(text), n_tags)`` for each text."""
        torch = require("torch")
        pieces = [(index, start, end) for index, text in enumerate(texts)
                  for start, end in windows(len(text), self.config.window, self.config.stride)]
        pieces.sort(key=lambda piece: piece[2] - piece[1])
        device = next(self.module.parameters()).device
        parts: list[list[tuple[int, int, np.ndarray]]] = [[] for _ in texts]
        with torch.inference_mode():
            for batch_start in range(0, len(pieces), self.batch_size):
                batch = pieces[batch_start:batch_start + self.batch_size]
                ids, mask = self.batch_tensors([self.codec.encode(texts[i][s:e]) for i, s, e in batch])
                logits = self.module(ids.to(device), mask.to(device))
                probabilities = torch.softmax(logits.float(), dim=-1)[:, 1:].cpu().numpy()
                for (index, start, end), row in zip(batch, probabilities):
                    parts[index].append((start, end, row[:end - start]))
        n_tags = len(self.config.id2label)
        return [merge_window_scores(len(text), part) if len(text) else np.zeros((0, n_tags), dtype=np.float32)
                for text, part in zip(texts, parts)]

    def batch_tensors(self, encoded: list[np.ndarray]):
        """Pad id arrays into ``<s> … </s>`` tensors with an attention mask."""
        torch = require("torch")
        width = max(len(ids) for ids in encoded) + 2
        ids = np.full((len(encoded), width), self.codec.pad_id, dtype=np.int64)
        mask = np.zeros((len(encoded), width), dtype=np.int64)
        for row, sequence in enumerate(encoded):
            ids[row, 0], ids[row, 1:len(sequence) + 1], ids[row, len(sequence) + 1] = (
                self.codec.cls_id, sequence, self.codec.sep_id)
            mask[row, :len(sequence) + 2] = 1
        return torch.from_numpy(ids), torch.from_numpy(mask)

    def _decode(self, text: str, scores: np.ndarray, tag_ids: np.ndarray) -> list[Mention]:
        if not len(text):
            return []
        confidence = scores[np.arange(len(text)), tag_ids]
        mentions = []
        for start, end, label in tags_to_spans(tag_ids, self._label_of, self._is_begin):
            start, end = trim_span(text, start, end)
            if end - start >= (1 if self.labels[label] == "CLAUSE" else MIN_NAME_CHARS):
                mentions.append(Mention(start, end, self.labels[label], text[start:end],
                                        float(confidence[start:end].mean()), self.name))
        return mentions

    def _fill_from_gazetteer(self, text: str, found: list[Mention]) -> list[Mention]:
        taken = np.zeros(len(text), dtype=bool)
        for mention in found:
            taken[mention.start:mention.end] = True
        extra = [mention for mention in self.gazetteer.extract_one(text) if not taken[mention.start:mention.end].any()]
        return sorted(found + extra, key=lambda mention: mention.start)
