"""Text ranking over clause texts: BM25 on jieba words plus character bigrams.

Bigrams make the ranker robust to segmentation differences (电动车 in a question,
电动自行车 in the clause); words keep it precise. The index is built once per engine.
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

logger = logging.getLogger(__name__)
_HAN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+|\d+(?:\.\d+)*")
STOPWORDS = set("的 了 和 与 及 或 是 在 对 有 被 把 会 能 吗 呢 吧 什么 怎么 怎样 如何 哪些 哪里 规定 要求 应当 应 "
                "可以 是否 一个 这个 那个 我们 你们 他们 进行 相关 有关 问题 情况".split())
STOP_CHARS = set("的了吗呢吧么什怎哪是在有被把会能和与及或对")


def tokens(text: str, tokenizer=None) -> list[str]:
    """Words (jieba, without stop words) and character bigrams of the Han runs.

    >>> tokens("停放电动车")
    ['停放', '放电', '电动', '动车']
    """
    words = []
    if tokenizer is not None:
        words = [w for w in tokenizer.lcut(text) if len(w) >= 2 and w not in STOPWORDS and _HAN.fullmatch(w)]
    bigrams = []
    for run in _HAN.findall(text):
        chars = [c for c in run if c not in STOP_CHARS] if run[0] >= "\u4e00" else [run]
        bigrams += ["".join(chars[i:i + 2]) for i in range(len(chars) - 1)] if len(chars) > 1 else chars
    return words + bigrams


class BM25Index:
    """Okapi BM25 over a fixed list of documents (clause texts)."""

    def __init__(self, texts: Sequence[str], tokenizer=None, k1: float = 1.2, b: float = 0.75) -> None:
        self.tokenizer, self.k1, self.b = tokenizer, k1, b
        self.lengths = []
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, text in enumerate(texts):
            counts = Counter(tokens(text, tokenizer))
            self.lengths.append(sum(counts.values()))
            for token, count in counts.items():
                self.postings[token].append((index, count))
        self.average = sum(self.lengths) / max(1, len(self.lengths))
        total = len(texts)
        self.idf = {token: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for token, p in self.postings.items()}

    def scores(self, query: str) -> dict[int, float]:
        """BM25 score of every document that shares a token with the query."""
        result: dict[int, float] = defaultdict(float)
        for token in set(tokens(query, self.tokenizer)):
            idf = self.idf.get(token)
            if idf is None:
                continue
            for index, count in self.postings[token]:
                norm = count * (self.k1 + 1) / (count + self.k1 * (1 - self.b + self.b * self.lengths[index] / self.average))
                result[index] += idf * norm
        return result

    def top(self, query: str, k: int = 10, allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
        scores = self.scores(query)
        if allowed is not None:
            allowed = set(allowed)
            scores = {index: score for index, score in scores.items() if index in allowed}
        return sorted(scores.items(), key=lambda item: -item[1])[:k]

    def query_weight(self, query: str) -> float:
        """The best score any document could get for this query (its tokens' summed idf × (k1+1))."""
        return sum(self.idf.get(token, 0.0) for token in set(tokens(query, self.tokenizer))) * (self.k1 + 1)
