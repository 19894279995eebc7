"""Every API endpoint through Flask's test client, on a real embedded graph; bad input gets a JSON 4xx."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest

from kg.store import StoreSettings, open_store
from tests.web.conftest import DEMO_CODE, TOKEN, make_app
from web.openapi import openapi_document

CLAUSE = "T/FIREKG 001-2026#3.6.4"


def error_of(response) -> dict:
    assert response.is_json, response.data[:200]
    return response.get_json()["error"]


def test_health_reports_store_extractor_and_summarizer(client):
    body = client.get("/api/health").get_json()
    assert body["status"] == "ok"
    assert body["store"]["backend"] == "embedded" and body["store"]["documents"] == 2
    assert body["extractor"]["name"] == "gazetteer" and body["summarizer"] == "extractive"


def test_documents_lists_ids_titles_and_counts(client):
    documents = {row["id"]: row for row in client.get("/api/documents").get_json()["documents"]}
    assert documents["T/FIREKG 001-2026"]["clause_count"] == 180
    assert documents["示例市消防管理条例"]["kind"] == "local"


def test_search_puts_the_exact_entity_first_and_finds_clauses(client):
    body = client.get("/api/search?q=" + quote("消火栓")).get_json()
    assert body["entities"][0] == {"id": "消火栓", "name": "消火栓", "label": "Equipment",
                                   "clauses": body["entities"][0]["clauses"]}
    assert all("消火栓" in entity["name"] for entity in body["entities"])
    assert body["clauses"] and all("消火栓" in clause["snippet"] for clause in body["clauses"])


def test_search_finds_documents_by_short_name(client):
    body = client.get("/api/search?q=" + quote("示范规范")).get_json()
    assert [document["id"] for document in body["documents"]] == ["T/FIREKG 001-2026"]


def test_clause_has_text_mentions_at_their_offsets_and_references(client):
    body = client.get("/api/clauses/" + quote(CLAUSE)).get_json()
    assert body["number"] == "3.6.4" and "消火栓" in body["text"]
    assert body["entities"], "the gazetteer finds 室内消火栓 in 3.6.4"
    for mention in body["entities"]:
        assert body["text"][mention["start"]:mention["end"]] == mention["text"]
        assert mention["extractor"] == "gazetteer" and mention["model_version"]


def test_clause_references_point_both_ways(client, loaded_store):
    rows = loaded_store.read("MATCH (s:Clause)-[:REFERENCES]->(t:Clause) RETURN s.id AS source, t.id AS target LIMIT 1")
    source, target = rows[0]["source"], rows[0]["target"]
    outgoing = client.get("/api/clauses/" + quote(source)).get_json()["references_out"]
    incoming = client.get("/api/clauses/" + quote(target)).get_json()["references_in"]
    assert target in [row["target"] for row in outgoing]
    assert source in [row["source"] for row in incoming]


def test_entity_lists_clauses_related_names_and_hierarchy(client):
    body = client.get("/api/entities/" + quote("消火栓")).get_json()
    assert body["label"] == "Equipment" and body["clauses"]
    assert "室内消火栓" in body["narrower"]
    assert body["related"] and all(row["name"] != "消火栓" for row in body["related"])
    assert client.get("/api/entities/" + quote("室内消火栓")).get_json()["broader"] == ["消火栓"]


def test_neighbourhood_of_an_entity_reaches_its_clauses(client):
    body = client.get("/api/graph/neighborhood?id=" + quote("室内消火栓")).get_json()
    ids = {node["id"] for node in body["nodes"]}
    assert CLAUSE in ids and "消火栓" in ids
    assert all(edge["source"] in ids and edge["target"] in ids for edge in body["edges"])
    assert {edge["type"] for edge in body["edges"]} >= {"MENTIONS", "IS_A"}


def test_neighbourhood_depth_two_grows_and_limit_truncates(client):
    one = client.get("/api/graph/neighborhood?id=" + quote("室内消火栓")).get_json()
    two = client.get("/api/graph/neighborhood?id=" + quote("室内消火栓") + "&depth=2").get_json()
    three = client.get("/api/graph/neighborhood?id=" + quote("室内消火栓") + "&depth=3&limit=40").get_json()
    assert len(two["nodes"]) > len(one["nodes"]) and not two["truncated"]
    assert len(three["nodes"]) == 40 and three["truncated"]


def test_neighbourhood_filters_by_label_document_and_mandatory(client):
    document = quote("T/FIREKG 001-2026")
    mandatory = client.get(f"/api/graph/neighborhood?id={document}&mandatory=true&limit=500").get_json()
    clauses = [node for node in mandatory["nodes"] if node["label"] == "Clause"]
    assert clauses and all(node["mandatory"] for node in clauses)
    labelled = client.get("/api/graph/neighborhood?id=" + quote(CLAUSE) + "&labels=equipment").get_json()
    assert {node["label"] for node in labelled["nodes"][1:]} == {"Equipment"}
    in_law = client.get("/api/graph/neighborhood?id=" + quote("火灾") + "&doc=" + quote("示例市消防管理条例")).get_json()
    assert {node["doc_id"] for node in in_law["nodes"] if node["label"] == "Clause"} == {"示例市消防管理条例"}


def test_ask_returns_the_answer_contract_with_citations(client):
    body = client.post("/api/ask", json={"question": "室内消火栓的间距是多少？"}).get_json()
    assert not body["abstained"] and body["mode"] == "template"
    assert CLAUSE in [citation["clause_id"] for citation in body["citations"]]
    assert body["cypher"] and all("$" in query["query"] for query in body["cypher"])
    assert set(body) >= {"question", "answer", "entities", "subgraph", "summarizer", "timings_ms"}


def test_ask_restricted_to_a_document_cites_only_it(client):
    body = client.post("/api/ask", json={"question": "火灾隐患", "doc_ids": ["示例市消防管理条例"]}).get_json()
    assert all(citation["clause_id"].startswith("示例市消防管理条例#") for citation in body["citations"])


def test_ask_outside_the_documents_abstains_without_citations(client):
    body = client.post("/api/ask", json={"question": "今天股市行情怎么样？"}).get_json()
    assert body["abstained"] and body["citations"] == []


BAD_REQUESTS = [
    ("get", "/api/search", None, "q"),
    ("get", "/api/search?q=" + "长" * 101, None, "q"),
    ("get", "/api/search?q=x&limit=0", None, "limit"),
    ("get", "/api/search?q=x&limit=abc", None, "limit"),
    ("get", "/api/graph/neighborhood", None, "id"),
    ("get", "/api/graph/neighborhood?id=x&depth=4", None, "depth"),
    ("get", "/api/graph/neighborhood?id=x&limit=501", None, "limit"),
    ("get", "/api/graph/neighborhood?id=x&labels=Person", None, "labels"),
    ("get", "/api/graph/neighborhood?id=x&doc=nope", None, "doc"),
    ("get", "/api/graph/neighborhood?id=x&mandatory=maybe", None, "mandatory"),
    ("post", "/api/ask", {"question": ""}, "question"),
    ("post", "/api/ask", {"question": 42}, "question"),
    ("post", "/api/ask", {"question": "问" * 501}, "question"),
    ("post", "/api/ask", {"question": "消火栓", "doc_ids": "all"}, "doc_ids"),
    ("post", "/api/ask", {"question": "消火栓", "doc_ids": ["不存在的文件"]}, "doc_ids"),
    ("post", "/api/ask", ["not", "an", "object"], "body"),
]


@pytest.mark.parametrize("method, url, body, parameter", BAD_REQUESTS)
def test_bad_parameters_get_a_json_400_naming_the_parameter(client, method, url, body, parameter):
    response = client.get(url) if method == "get" else client.post(url, json=body)
    assert response.status_code == 400
    assert error_of(response)["parameter"] == parameter


def test_ask_without_json_says_how_to_send_it(client):
    response = client.post("/api/ask", data="question=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "application/json" in error_of(response)["message"]


@pytest.mark.parametrize("url", ["/api/clauses/" + quote("T/FIREKG 001-2026#99.9.9"), "/api/entities/" + quote("不存在"),
                                 "/api/graph/neighborhood?id=" + quote("不存在的节点"), "/api/nowhere"])
def test_unknown_things_get_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and error_of(response)["message"]


def test_wrong_method_gets_a_json_405(client):
    assert client.get("/api/ask").status_code == 405


def test_a_failure_inside_reaches_the_client_without_a_stack_trace(loaded_store):
    class Broken:
        name = "broken"

        def read(self, *args, **kwargs):
            raise RuntimeError("secret internal detail at /srv/app.py line 12")

        def describe(self):
            return "broken"

        close = describe

    app = make_app(Broken())
    response = app.test_client().get("/api/search?q=x")
    assert response.status_code == 500
    assert "secret" not in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)


def test_responses_carry_security_headers_and_no_cors_by_default(client):
    response = client.get("/api/health", headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cors_is_sent_only_to_configured_origins(loaded_store):
    client = make_app(loaded_store, cors_origins="http://analyst.example").test_client()
    allowed = client.get("/api/health", headers={"Origin": "http://analyst.example"})
    other = client.get("/api/health", headers={"Origin": "http://evil.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "http://analyst.example"
    assert "Access-Control-Allow-Origin" not in other.headers


def test_openapi_describes_every_api_route(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec == openapi_document()
    app_routes = {rule.rule.replace("<path:", "{").replace(">", "}") for rule in client.application.url_map.iter_rules()
                  if rule.rule.startswith("/api/")}
    assert app_routes == set(spec["paths"])


def test_ui_page_is_served_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'lang="zh-CN"' in page and "/static/dist/app.js" in page


# Uploads change the graph: each test gets its own.
@pytest.fixture
def upload_client(tmp_path):
    store = open_store(StoreSettings(home=tmp_path / "home"))
    yield make_app(store, max_upload_mb=1).test_client()
    store.close()


def upload(client, files, token=TOKEN, **form):
    data = {"files": [(io.BytesIO(content), name) for name, content in files], **form}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/ingest", data=data, headers=headers, content_type="multipart/form-data")


def test_upload_writes_documents_and_answers_from_them_at_once(upload_client):
    response = upload(upload_client, [("消防设施设计示范规范.md", DEMO_CODE.read_bytes())])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["written"] == ["T/FIREKG 001-2026"]
    answer = upload_client.post("/api/ask", json={"question": "室内消火栓的间距是多少？"}).get_json()
    assert CLAUSE in [citation["clause_id"] for citation in answer["citations"]]
    again = upload(upload_client, [("消防设施设计示范规范.md", DEMO_CODE.read_bytes())]).get_json()
    assert again["unchanged"] == ["T/FIREKG 001-2026"]


def test_one_bad_upload_does_not_stop_the_others(upload_client):
    response = upload(upload_client, [("坏文件.md", b"\x00\x01\x02binary"), ("规范.md", DEMO_CODE.read_bytes())])
    body = response.get_json()
    assert response.status_code == 200 and body["written"] == ["T/FIREKG 001-2026"]
    assert [failure["file"] for failure in body["parse_failures"]] == ["坏文件.md"]
    assert "/tmp" not in body["parse_failures"][0]["error"]


def test_a_saved_government_web_page_can_be_uploaded(upload_client):
    page = ('<html><head><meta charset="gb2312"><title>某市消防安全管理办法_某市人民政府</title></head><body>'
            '<div class="zw"><p>第一条　为了预防火灾，制定本办法。</p><p>第二条　禁止在疏散通道内停放电动自行车。</p></div>'
            '</body></html>').encode("gb2312")
    response = upload(upload_client, [("某市消防安全管理办法.htm", page)])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["written"] == ["某市消防安全管理办法"]


def test_an_old_word_doc_and_rich_text_can_be_uploaded(upload_client):
    samples = Path(__file__).parents[1] / "kg" / "samples"
    rtf = (rb"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fcharset134 SimSun;}}\f0 \'ca\'be\'c0\'fd\'b9\'e6\'b6\'a8\par "
           rb"\'b5\'da\'d2\'bb\'cc\'f5 \'bd\'fb\'d6\'b9\'ce\'fc\'d1\'cc\'a1\'a3\par}")
    response = upload(upload_client, [("rules.doc", (samples / "rules.doc").read_bytes()), ("示例规定.rtf", rtf)])
    assert response.status_code == 200, response.get_json()
    assert sorted(response.get_json()["written"]) == ["示例单位消防安全管理办法", "示例规定"]


def test_upload_needs_the_token(upload_client):
    assert upload(upload_client, [("a.md", b"x")], token="").status_code == 401
    assert upload(upload_client, [("a.md", b"x")], token="wrong").status_code == 401


def test_upload_is_refused_when_no_token_is_configured(tmp_path):
    store = open_store(StoreSettings(home=tmp_path / "home"))
    app = make_app(store, api_token="")
    response = upload(app.test_client(), [("a.md", b"x")])
    store.close()
    assert response.status_code == 403 and "FIREKG_API_TOKEN" in error_of(response)["message"]


@pytest.mark.parametrize("files, form, parameter", [
    ([], {}, "files"),
    ([("notes.exe", b"MZ")], {}, "files"),
    ([("a.md", b"x")], {"kind": "novel"}, "kind"),
])
def test_bad_uploads_name_the_field(upload_client, files, form, parameter):
    response = upload(upload_client, files, **form)
    assert response.status_code == 400 and error_of(response)["parameter"] == parameter


def test_oversized_upload_gets_a_json_413(upload_client):
    response = upload(upload_client, [("big.md", b"x" * (2 * 1024 * 1024))])
    assert response.status_code == 413 and error_of(response)["message"]


def test_export_csv_is_a_download_with_bom_lineage_and_checksum(client, loaded_store):
    response = client.get("/api/export?format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="relations.csv"'
    content = response.data
    assert content.startswith(b"\xef\xbb\xbf")
    assert hashlib.sha256(content).hexdigest() == response.headers["X-FireKG-SHA256"]
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    edges = loaded_store.read("MATCH (:Clause)-[r]->() WHERE type(r) IN ['MENTIONS', 'REFERENCES'] RETURN count(r) AS n")
    assert len(rows) == edges[0]["n"] == int(response.headers["X-FireKG-Rows"])
    assert {"source_doc_sha256", "clause_number", "evidence", "start", "end", "extractor", "model_version",
            "ingested_at"} <= set(rows[0])


def test_export_filters_by_document_relation_and_label(client):
    response = client.get("/api/export?format=json&doc=" + quote("示例市消防管理条例") + "&rel=mentions&label=Hazard")
    body = json.loads(response.data)
    rows = body["rows"] if isinstance(body, dict) else body
    assert rows and all(row["source_doc_id"] == "示例市消防管理条例" and row["relation"] == "MENTIONS"
                        and row["target_label"] == "Hazard" for row in rows)


@pytest.mark.parametrize("fmt, magic", [("xlsx", b"PK"), ("graphml", b"<?xml")])
def test_export_other_formats(client, fmt, magic):
    response = client.get(f"/api/export?format={fmt}&rel=REFERENCES")
    assert response.status_code == 200 and response.data.startswith(magic)


def test_export_manifest_matches_the_files(client):
    manifest = client.get("/api/export/manifest?format=csv,json").get_json()
    assert [item["format"] for item in manifest["files"]] == ["csv", "json"]
    csv_file = client.get("/api/export?format=csv").data
    assert manifest["files"][0]["sha256"] == hashlib.sha256(csv_file).hexdigest()
    assert manifest["counts"]["total"] == manifest["files"][0]["rows"]


@pytest.mark.parametrize("query, parameter", [("format=pdf", "format"), ("format=csv,json", "format"),
                                              ("rel=OWNS", "rel"), ("label=Person", "label"),
                                              ("doc=" + quote("不存在"), "doc")])
def test_export_bad_filters_get_a_400_naming_the_parameter(client, query, parameter):
    response = client.get("/api/export?" + query)
    assert response.status_code == 400 and error_of(response)["parameter"] == parameter
