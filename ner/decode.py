"""Pure steps between text and tags: windows over long texts, BIO arrays to spans, boundary repair.

Everything here is vectorised with numpy over whole sequences: no per-token Python
loops over ``.tolist()`` on the hot path (the Viterbi recursion steps once per position for a
whole group of texts).
"""
from __future__ import annotations

import numpy as np

# Characters that never start or end an entity: the model's edge mistakes are trimmed.
EDGE_PUNCTUATION = set(" ，。；：、,.;:!?！？“”\"'‘’　\n")


def windows(length: int, window: int, stride: int) -> list[tuple[int, int]]:
    """Character windows covering ``[0, length)``; long texts overlap, never truncate.

    >>> windows(10, 4, 3)
    [(0, 4), (3, 7), (6, 10)]
    >>> windows(3, 4, 3), windows(0, 4, 3)
    ([(0, 3)], [(0, 0)])
    """
    if length <= window:
        return [(0, length)]
    starts = list(range(0, length - window, stride)) + [length - window]
    return [(start, start + window) for start in starts]


def merge_window_scores(length: int, parts: list[tuple[int, int, np.ndarray]]) -> np.ndarray:
    """Stitch per-window score arrays; each character takes the window where it sits most centrally.

    >>> a, b = np.zeros((4, 2)), np.ones((4, 2))
    >>> merge_window_scores(6, [(0, 4, a), (2, 6, b)])[:, 0].tolist()
    [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    """
    if len(parts) == 1:
        return parts[0][2][:length]
    best = np.full(length, -1.0)
    merged = np.zeros((length, parts[0][2].shape[1]), dtype=parts[0][2].dtype)
    for start, end, scores in parts:
        positions = np.arange(start, end)
        centrality = np.minimum(positions - start, end - 1 - positions).astype(float)
        better = centrality > best[start:end]
        merged[start:end][better] = scores[:end - start][better]
        best[start:end] = np.where(better, centrality, best[start:end])
    return merged


def tags_to_spans(tag_ids: np.ndarray, label_of: np.ndarray, is_begin: np.ndarray) -> list[tuple[int, int, int]]:
    """BIO tag ids → ``(start, end, label_id)`` spans; a stray I- starts a span.

    ``label_of[tag]`` is the entity label index of a tag (-1 for O); ``is_begin[tag]`` marks B- tags.

    >>> label_of, is_begin = np.array([-1, 0, 0, 1, 1]), np.array([False, True, False, True, False])
    >>> tags_to_spans(np.array([1, 2, 0, 4, 4, 3, 1, 2]), label_of, is_begin)
    [(0, 2, 0), (3, 5, 1), (5, 6, 1), (6, 8, 0)]
    """
    if tag_ids.size == 0:
        return []
    labels = label_of[tag_ids]
    inside = labels >= 0
    previous = np.concatenate(([-1], labels[:-1]))
    starts = inside & (is_begin[tag_ids] | (previous != labels))
    following = np.concatenate((starts[1:] | ~inside[1:], [True]))
    ends = inside & following
    start_positions, end_positions = np.flatnonzero(starts), np.flatnonzero(ends) + 1
    return [(int(s), int(e), int(labels[s])) for s, e in zip(start_positions, end_positions)]


def bio_transitions(tags: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Which tag may follow which under BIO (``I-X`` only after ``B-X`` or ``I-X``), and which may start.

    >>> allowed, first = bio_transitions(["O", "B-EQUIPMENT", "I-EQUIPMENT", "B-HAZARD", "I-HAZARD"])
    >>> allowed.astype(int).tolist()[0], allowed.astype(int).tolist()[3], first.tolist()
    ([1, 1, 0, 1, 0], [1, 1, 0, 1, 1], [True, True, False, True, False])
    """
    label = np.array([tag[2:] if tag != "O" else "" for tag in tags])
    inside = np.array([tag.startswith("I-") for tag in tags])
    same_entity = (label[:, None] == label[None, :]) & (label[:, None] != "")
    allowed = ~inside[None, :] | same_entity
    return allowed, ~inside


def constrained_tags_batch(probabilities: list[np.ndarray], allowed: np.ndarray, first: np.ndarray,
                           cells: int = 1 << 20) -> list[np.ndarray]:
    """The most probable tag sequence of each text that obeys BIO (Viterbi over per-character probabilities).

    Argmax per character leaves fragments (a lone ``I-`` or a one-character span cut out of a
    longer name); the best valid path keeps whole spans. Texts of similar length are padded
    together and the recursion steps through positions once per group, vectorised over texts and tags.

    Padding may only be ``O`` (tag 0), which any tag may precede, so it never changes a text's best path.

    >>> allowed, first = bio_transitions(["O", "B-E", "I-E"])
    >>> p = np.array([[0.6, 0.4, 0.0], [0.1, 0.1, 0.8], [0.2, 0.1, 0.7]])
    >>> p.argmax(axis=1).tolist()
    [0, 2, 2]
    >>> [path.tolist() for path in constrained_tags_batch([p, p[:1], p[:0]], allowed, first)]
    [[1, 2, 2], [0], []]
    """
    n_tags = len(first)
    transition = np.where(allowed, 0.0, -np.inf)
    start = np.where(first, 0.0, -np.inf)
    padding = np.full(n_tags, -np.inf)
    padding[0] = 0.0
    paths: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(probabilities)
    order = sorted((i for i, p in enumerate(probabilities) if len(p)), key=lambda i: len(probabilities[i]))
    for chunk in _groups(order, [len(p) for p in probabilities], cells):
        width = len(probabilities[chunk[-1]])
        scores = np.tile(padding.astype(np.float32), (len(chunk), width, 1))
        for row, index in enumerate(chunk):
            scores[row, :len(probabilities[index])] = np.log(np.clip(probabilities[index], 1e-9, None))
        best = scores[:, 0] + start
        back = np.zeros((len(chunk), width, n_tags), dtype=np.int8 if n_tags < 128 else np.int64)
        for position in range(1, width):
            candidates = best[:, :, None] + transition
            back[:, position] = candidates.argmax(axis=1)
            best = candidates.max(axis=1) + scores[:, position]
        path = np.zeros((len(chunk), width), dtype=np.int64)
        path[:, -1] = best.argmax(axis=1)
        rows = np.arange(len(chunk))
        for position in range(width - 1, 0, -1):
            path[:, position - 1] = back[rows, position, path[:, position]]
        for row, index in enumerate(chunk):
            paths[index] = path[row, :len(probabilities[index])]
    return paths


def _groups(order: list[int], lengths: list[int], cells: int):
    """Consecutive runs of ``order`` (sorted by length) whose padded size stays within ``cells`` positions."""
    chunk: list[int] = []
    for index in order:
        if chunk and (len(chunk) + 1) * lengths[index] > cells:
            yield chunk
            chunk = []
        chunk.append(index)
    if chunk:
        yield chunk


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge punctuation and unbalanced brackets from a predicted span.

    >>> text = "设置消火栓、灭火器。避难层（间）"
    >>> [text[slice(*trim_span(text, s, e))] for s, e in ((2, 6), (6, 10), (10, 16))]
    ['消火栓', '灭火器', '避难层（间）']
    """
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    for opening, closing in (("（", "）"), ("(", ")"), ("《", "》")):
        span = text[start:end]
        if span.endswith(opening):
            end -= 1
        elif span.startswith(closing):
            start += 1
        elif span.count(opening) < span.count(closing) and span.endswith(closing):
            end -= 1
    return start, end
