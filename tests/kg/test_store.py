"""Graph store behaviour, run on the embedded store, ArcadeDB's Bolt server and real Neo4j."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from kg.corpus.law import parse_law_text
from kg.corpus.references import resolve_references
from kg.errors import GraphStoreError, GraphStoreUnavailable
from kg.store import StoreSettings, open_store
from kg.store.ingest import ingest_documents, remove_document
from kg.store.stats import graph_stats

NATIONAL = """# 中华人民共和国示例消防法

第一条 为了预防火灾，制定本法。

第二条 单位应当维护室内消火栓和消火栓，防止火灾。

第三条 违反本法第二条规定的，责令改正。
"""

LOCAL = """# 示例市消防条例

第一条 根据《中华人民共和国示例消防法》第二条，制定本条例。

第二条 住宅小区应当设置灭火器，严禁在楼道停放电动自行车，防止火灾。
"""


class WordExtractor:
    """A tiny fake extractor: finds fixed words. The real one is tested in tests/ner."""

    name, version = "fake-words", "1"
    words = {"室内消火栓": "EQUIPMENT", "消火栓": "EQUIPMENT", "灭火器": "EQUIPMENT", "火灾": "HAZARD"}

    def extract(self, texts):
        found = []
        for text in texts:
            mentions, taken = [], set()
            for word in sorted(self.words, key=len, reverse=True):
                start = text.find(word)
                while start >= 0:
                    if not taken & set(range(start, start + len(word))):
                        taken |= set(range(start, start + len(word)))
                        mentions.append(SimpleNamespace(start=start, end=start + len(word), label=self.words[word],
                                                        text=word, score=0.9))
                    start = text.find(word, start + 1)
            found.append(mentions)
        return found


def _parse(text: str, name: str, sha: str):
    return parse_law_text(text, f"{name}.md", sha)


def _documents():
    national, local = _parse(NATIONAL, "national", "n1"), _parse(LOCAL, "local", "l1")
    resolve_references([national, local])
    return national, local


def _counts(store):
    stats = graph_stats(store)
    return stats.labels, stats.relationships


def test_constraints_are_created_idempotently_and_enforced(store):
    store.ensure_schema()
    store.ensure_schema()
    store.write([("CREATE (c:Clause {id: $id})", {"id": "x#1"})])
    with pytest.raises(GraphStoreError):
        store.write([("CREATE (c:Clause {id: $id})", {"id": "x#1"})])
    assert store.read("MATCH (c:Clause {id: $id}) RETURN count(c) AS n", {"id": "x#1"})[0]["n"] == 1


def test_ingest_writes_documents_clauses_mentions_references_and_is_a(store):
    national, local = _documents()
    report = ingest_documents(store, [national, local], WordExtractor())
    assert sorted(report.written) == ["中华人民共和国示例消防法", "示例市消防条例"]
    labels, relationships = _counts(store)
    assert labels == {"Document": 2, "Clause": 5, "Equipment": 3, "Hazard": 1}
    assert relationships["HAS_CLAUSE"] == 5 and relationships["IS_A"] == 1
    assert relationships["REFERENCES"] == 3  # 本法第二条, 《…》 → Document, 《…》第二条
    edge = store.read("MATCH (c:Clause {id: $id})-[m:MENTIONS]->(e:Equipment {name: '室内消火栓'}) "
                      "RETURN m.start AS start, m.end AS end, m.extractor AS extractor, m.model_version AS version",
                      {"id": "中华人民共和国示例消防法#2"})
    assert edge == [{"start": 6, "end": 11, "extractor": "fake-words", "version": "1"}]
    clause = store.read("MATCH (c:Clause {id: $id}) RETURN c.source_sha256 AS sha, c.ingested_at AS at",
                        {"id": "示例市消防条例#2"})[0]
    assert clause["sha"] == "l1" and clause["at"]


def test_ingest_twice_creates_no_duplicates(store):
    documents = _documents()
    ingest_documents(store, documents, WordExtractor())
    before = _counts(store)
    report = ingest_documents(store, documents, WordExtractor())
    assert report.written == [] and len(report.unchanged) == 2
    assert _counts(store) == before


def test_an_unchanged_file_that_parses_differently_is_rewritten(store):
    ingest_documents(store, _documents(), WordExtractor())
    # the same file (same sha256) as a newer parser reads it: the article's text comes out differently
    reparsed = _parse(NATIONAL.replace("单位应当维护室内消火栓和消火栓，防止火灾。", "单位应当维护室内消火栓。"), "national", "n1")
    report = ingest_documents(store, [reparsed], WordExtractor())
    assert report.written == ["中华人民共和国示例消防法"] and report.unchanged == []
    text = store.read("MATCH (c:Clause {id: $id}) RETURN c.text AS text", {"id": "中华人民共和国示例消防法#2"})
    assert text == [{"text": "单位应当维护室内消火栓。"}]
    assert ingest_documents(store, [reparsed], WordExtractor()).unchanged == ["中华人民共和国示例消防法"]
    moved = parse_law_text(NATIONAL.replace("单位应当维护室内消火栓和消火栓，防止火灾。", "单位应当维护室内消火栓。"),
                           "/tmp/upload-1234/national.md", "n1")   # the same file read from elsewhere
    assert ingest_documents(store, [moved], WordExtractor()).unchanged == ["中华人民共和国示例消防法"]


def test_changed_document_is_replaced_without_orphans(store):
    ingest_documents(store, _documents(), WordExtractor())
    changed = _parse(NATIONAL.replace("单位应当维护室内消火栓和消火栓，防止火灾。", "单位应当保持通道畅通。"), "national", "n2")
    report = ingest_documents(store, [changed], WordExtractor())
    assert report.written == ["中华人民共和国示例消防法"]
    labels, relationships = _counts(store)
    assert labels["Clause"] == 5
    assert labels["Equipment"] == 1  # 室内消火栓 and 消火栓 were only in the old article; 灭火器 stays
    assert relationships["IS_A"] == 0
    assert relationships["REFERENCES"] == 3  # the local regulation's edges into the new clauses were re-linked
    text = store.read("MATCH (c:Clause {id: $id}) RETURN c.text AS text", {"id": "中华人民共和国示例消防法#2"})
    assert text == [{"text": "单位应当保持通道畅通。"}]


def test_remove_keeps_entities_mentioned_elsewhere(store):
    ingest_documents(store, _documents(), WordExtractor())
    assert remove_document(store, "示例消防法") == "中华人民共和国示例消防法"
    labels, relationships = _counts(store)
    assert labels == {"Document": 1, "Clause": 2, "Equipment": 1, "Hazard": 1}
    assert relationships["REFERENCES"] == 0
    with pytest.raises(GraphStoreError, match="No document called"):
        remove_document(store, "中华人民共和国示例消防法")


def test_references_link_when_the_target_arrives_later(store):
    national, local = _documents()
    ingest_documents(store, [local], WordExtractor())
    assert _counts(store)[1]["REFERENCES"] == 0
    ingest_documents(store, [national], WordExtractor())
    assert _counts(store)[1]["REFERENCES"] == 3


def test_failed_transaction_writes_nothing(store):
    national, _ = _documents()
    ingest_documents(store, [national], WordExtractor())
    before = _counts(store)
    with pytest.raises(GraphStoreError):
        store.write([("MATCH (c:Clause) DETACH DELETE c", {}), ("THIS IS NOT CYPHER", {})])
    assert _counts(store) == before


def test_interrupted_ingest_is_completed_by_a_rerun(store):
    national, local = _documents()
    ingest_documents(store, [national, local], WordExtractor())
    expected = _counts(store)
    store.write([("MATCH (n) DETACH DELETE n", {})])

    class DiesOnSecondDocument:
        """Fails the second document's transaction half-way, as a killed process would."""

        def __init__(self, inner):
            self.inner, self.writes = inner, 0

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def write(self, statements):
            self.writes += 1
            if self.writes == 2:
                statements = [*statements[:3], ("THIS IS NOT CYPHER", {})]
            self.inner.write(statements)

    report = ingest_documents(DiesOnSecondDocument(store), [national, local], WordExtractor())
    assert report.written == ["中华人民共和国示例消防法"] and list(report.failed) == ["示例市消防条例"]
    assert _counts(store)[0]["Document"] == 1
    ingest_documents(store, [national, local], WordExtractor())
    assert _counts(store) == expected


def test_user_text_is_a_parameter_never_cypher(store):
    hostile = "x'}) MATCH (n) DETACH DELETE n //"
    document = _parse(NATIONAL.replace("制定本法。", f"制定本法{hostile}。"), "national", "h1")
    ingest_documents(store, [document], WordExtractor())
    before = _counts(store)
    rows = store.read("MATCH (c:Clause) WHERE c.text CONTAINS $needle RETURN count(c) AS n", {"needle": hostile})
    assert rows == [{"n": 1}]
    assert _counts(store) == before


@pytest.mark.parametrize("change", [{"password": "wrong-password"}, {"database": "no_such_database"}])
@pytest.mark.parametrize("server", ["arcadedb", "neo4j"])
def test_bad_credentials_or_database_raise_unavailable_before_writing(server_settings, server, change):
    settings = dataclasses.replace(server_settings(server), **change)
    with pytest.raises(GraphStoreUnavailable) as raised:
        open_store(settings)
    assert settings.uri in str(raised.value)
    assert "FIREKG_NEO4J_PASSWORD" in str(raised.value) or "FIREKG_NEO4J_DATABASE" in str(raised.value)


def test_server_down_raises_unavailable_naming_the_uri():
    settings = StoreSettings(uri="bolt://127.0.0.1:9", password="x")
    with pytest.raises(GraphStoreUnavailable, match=r"bolt://127\.0\.0\.1:9.*check that the server is running"):
        open_store(settings)


def test_embedded_store_held_by_another_process_is_reported(tmp_path):
    import subprocess
    import sys
    import textwrap
    settings = StoreSettings(home=tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from kg.store import StoreSettings, open_store
        store = open_store(StoreSettings(home={str(tmp_path)!r}))
        print("ready", flush=True)
        time.sleep(60)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(GraphStoreUnavailable, match="no other FireKG process"):
            open_store(settings)
    finally:
        holder.kill()
        holder.wait()


def test_embedded_reads_are_bounded_by_the_query_timeout_and_never_write(tmp_path):
    store = open_store(StoreSettings(home=tmp_path))
    store.write([("UNWIND range(1, 3000) AS i CREATE (:Probe {i: i})", {})])
    store.close()
    store = open_store(StoreSettings(home=tmp_path, query_timeout_s=0.3))
    try:
        with pytest.raises(GraphStoreError, match="longer than 0.3 s.*FIREKG_QUERY_TIMEOUT"):
            store.read("MATCH (a:Probe), (b:Probe) WHERE a.i + b.i = -1 RETURN count(*) AS c")
        with pytest.raises(GraphStoreError, match="not idempotent"):
            store.read("CREATE (x:Probe {i: 0}) RETURN x")
        assert store.read("MATCH (p:Probe) RETURN count(p) AS c") == [{"c": 3000}]
    finally:
        store.close()
