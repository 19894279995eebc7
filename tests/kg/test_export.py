"""The auditor export: rows read on all three backends, then each file format and the CLI on the embedded graph."""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

from firekg.cli import cli
from kg.corpus.loader import parse_paths
from kg.errors import ExportError
from kg.export import (COLUMNS, REFERENCE_EXTRACTOR, ExportFilter, ExportRow, ExportTable, export_table,
                       firekg_version, parse_formats, render_table, write_export)
from kg.schema import Label, Rel
from kg.store import StoreSettings, open_store
from kg.store.ingest import ingest_documents
from ner.baseline import GazetteerExtractor

REPO = Path(__file__).resolve().parents[2]
# The demo code, a city regulation, and a district rule that cites both (Document and cross-document targets).
SOURCES = [REPO / "corpora" / "standards" / "demo_fire_code.md",
           REPO / "tests" / "qa" / "data" / "示例消防管理条例.md",
           Path(__file__).parent / "data" / "示例区消防安全实施办法.md"]
DISTRICT, CITY = "示例区消防安全实施办法", "示例市消防管理条例"


def build_graph(store):
    ingest_documents(store, parse_paths(SOURCES).documents, GazetteerExtractor())
    return store


def _count(store, query: str, **parameters) -> int:
    return store.read(query, parameters)[0]["n"]


# --- rows, on every backend ------------------------------------------------------------------------

def test_rows_hold_every_edge_with_its_lineage(store):
    build_graph(store)
    table = export_table(store, page_size=40)  # small pages: documents need several
    counts = table.counts()
    for rel in (Rel.MENTIONS, Rel.REFERENCES):
        assert counts["by_relation"][rel] == _count(store, f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n") > 0
    for target in Label:
        query = f"MATCH (:Clause)-[r]->(t:{target}) WHERE type(r) IN ['MENTIONS', 'REFERENCES'] RETURN count(r) AS n"
        assert counts["by_target_label"][target] == _count(store, query)
    assert counts["by_target_label"]["Document"] > 0 and table.rows == export_table(store).rows

    texts = {row["id"]: row["text"] for row in store.read("MATCH (c:Clause) RETURN c.id AS id, c.text AS text")}
    documents = {row["id"]: row for row in store.read("MATCH (d:Document) RETURN d.id AS id, d.sha256 AS sha256, "
                                                      "d.source_path AS source_path")}
    version = GazetteerExtractor().version
    for row in table.rows:
        assert texts[row.clause_id][row.start:row.end] == row.evidence
        assert (row.source_doc_sha256, row.source_path) == (documents[row.source_doc_id]["sha256"],
                                                           documents[row.source_doc_id]["source_path"])
        assert row.clause_id.startswith(row.source_doc_id + "#") and row.ingested_at
        if row.relation == "MENTIONS":
            assert (row.extractor, row.model_version, row.target_doc_id) == ("gazetteer", version, None)
            assert row.target_id == row.target_name and 0 < row.score <= 1
        else:
            assert (row.extractor, row.model_version, row.score) == (REFERENCE_EXTRACTOR, firekg_version(), None)
            assert row.target_doc_id and row.target_id.startswith(row.target_doc_id)

    positions = {row["id"]: tuple(row["key"]) for row in store.read("MATCH (c:Clause) RETURN c.id AS id, "
                                                                    "c.sort_key AS key")}
    order = [(row.relation, row.source_doc_id, positions[row.clause_id], row.start, row.target_id)
             for row in table.rows]
    assert order == sorted(order)


def test_filters_choose_documents_relations_and_labels(store):
    build_graph(store)
    district = export_table(store, ExportFilter.from_params(doc=DISTRICT))
    assert {row.source_doc_id for row in district.rows} == {DISTRICT}
    assert len(district.rows) == _count(store, "MATCH (c:Clause {doc_id: $d})-[r]->() WHERE type(r) IN "
                                               "['MENTIONS', 'REFERENCES'] RETURN count(r) AS n", d=DISTRICT)
    cited = export_table(store, ExportFilter.from_params(doc=[DISTRICT, CITY], rel="references", label="document"))
    assert {(row.relation, row.target_label, row.target_id) for row in cited.rows} >= {("REFERENCES", "Document", CITY)}
    assert cited.counts()["by_relation"] == {"REFERENCES": len(cited.rows)}
    hazards = export_table(store, ExportFilter.from_params(label="Hazard"))
    assert {row.target_label for row in hazards.rows} == {"Hazard"}
    assert len(hazards.rows) == _count(store, "MATCH ()-[r:MENTIONS]->(:Hazard) RETURN count(r) AS n")
    with pytest.raises(ExportError, match="firekg stats") as caught:
        export_table(store, ExportFilter.from_params(doc=[CITY, "GB 99999-2099"]))
    assert caught.value.parameter == "doc" and "GB 99999-2099" in str(caught.value)


# --- filters without a store -----------------------------------------------------------------------

@pytest.mark.parametrize("params, parameter, words", [
    ({"rel": "CONTAINS"}, "rel", "REFERENCES"),
    ({"rel": "mentions,IS_A"}, "rel", "'IS_A'"),
    ({"label": "Standard"}, "label", "Equipment"),
    ({"rel": "MENTIONS", "label": "Clause"}, "label", "MENTIONS ends at Equipment or Hazard"),
])
def test_filter_rejects_bad_values_naming_the_parameter(params, parameter, words):
    with pytest.raises(ExportError, match=words) as caught:
        ExportFilter.from_params(**params)
    assert caught.value.parameter == parameter and str(caught.value).startswith(f"{parameter}: ")


def test_formats_are_validated():
    assert parse_formats("all") == ("csv", "xlsx", "json", "graphml")
    for bad in ("pdf", ""):
        with pytest.raises(ExportError) as caught:
            parse_formats(bad)
        assert caught.value.parameter == "format"


# --- formats, on one embedded graph ----------------------------------------------------------------

@pytest.fixture(scope="module")
def graph_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("export-graph")
    with open_store(StoreSettings(home=home)) as store:
        build_graph(store)
    return home


@pytest.fixture(scope="module")
def table(graph_home) -> ExportTable:
    with open_store(StoreSettings(home=graph_home)) as store:
        return export_table(store)


@pytest.fixture(scope="module")
def exported(table, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export-out")
    return folder, write_export(table, folder, "all")


def _text_values(row: ExportRow) -> list[str]:
    return ["" if value is None else str(value) for value in row.values()]


def test_csv_has_a_bom_crlf_and_round_trips(table):
    data = render_table(table, "csv")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and data.count(b"\r\n") >= len(table.rows) + 1
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1:] == [_text_values(row) for row in table.rows]


def test_csv_cells_cannot_start_a_spreadsheet_formula_while_json_stays_exact(table):
    hostile = '=HYPERLINK("http://example.invalid","点击")'
    rows = [dataclasses.replace(table.rows[0], evidence=hostile), *table.rows[1:]]
    crafted = dataclasses.replace(table, rows=rows)
    parsed = list(csv.reader(io.StringIO(render_table(crafted, "csv").decode("utf-8-sig"), newline="")))
    assert parsed[1][COLUMNS.index("evidence")] == "'" + hostile
    assert json.loads(render_table(crafted, "json"))["rows"][0]["evidence"] == hostile


def test_xlsx_reopens_with_the_same_rows_and_a_manifest(exported, table):
    folder, _ = exported
    workbook = openpyxl.load_workbook(folder / "relations.xlsx", read_only=True)
    assert workbook.sheetnames == ["relations", "manifest"]
    sheet = workbook["relations"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert tuple(values[0]) == COLUMNS
    assert values[1:] == [[None if value == "" else value for value in row.values()] for row in table.rows]
    manifest = dict(workbook["manifest"].iter_rows(min_row=2, values_only=True))
    assert json.loads(manifest["counts"])["total"] == len(table.rows)
    workbook.close()
    editable = openpyxl.load_workbook(folder / "relations.xlsx")
    assert editable["relations"].freeze_panes == "A2" and editable["relations"]["A1"].font.bold


def test_graphml_reads_back_with_the_nodes_and_edges(exported, table):
    folder, _ = exported
    graph = nx.read_graphml(folder / "relations.graphml", force_multigraph=True)
    nodes = {f"Clause:{row.clause_id}" for row in table.rows} | {f"{row.target_label}:{row.target_id}"
                                                                  for row in table.rows}
    assert graph.is_directed() and set(graph.nodes) == nodes and graph.number_of_edges() == len(table.rows)
    reference = next(row for row in table.rows if row.target_label == "Document")
    node = graph.nodes[f"Document:{reference.target_id}"]
    assert (node["label"], node["name"]) == ("Document", reference.target_name)
    edges = graph.get_edge_data(f"Clause:{reference.clause_id}", f"Document:{reference.target_id}").values()
    assert any(edge["evidence"] == reference.evidence and "score" not in edge for edge in edges)


def test_json_holds_the_summary_and_rows(table):
    document = json.loads(render_table(table, "json"))
    assert document["columns"] == list(COLUMNS) and document["counts"] == table.counts()
    assert document["rows"] == table.records() and document["filters"] == {"doc": None, "rel": None, "label": None}


def test_manifest_checksums_match_the_files(exported, table):
    folder, manifest = exported
    written = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert written == manifest.to_dict() and written["counts"]["total"] == len(table.rows)
    assert [item["name"] for item in written["files"]] == ["relations.csv", "relations.xlsx", "relations.json",
                                                           "relations.graphml"]
    for item in written["files"]:
        content = (folder / item["name"]).read_bytes()
        assert (item["bytes"], item["sha256"], item["rows"]) == (len(content), hashlib.sha256(content).hexdigest(),
                                                                 len(table.rows))
    assert datetime.fromisoformat(written["generated_at"]).tzinfo is not None


def test_two_exports_are_identical_but_for_the_time(graph_home, exported, tmp_path):
    first, _ = exported
    with open_store(StoreSettings(home=graph_home)) as store:
        write_export(export_table(store, page_size=7), tmp_path, "all", now=datetime(2030, 1, 1, tzinfo=timezone.utc))
    for name in ("relations.csv", "relations.xlsx", "relations.json", "relations.graphml"):
        assert (first / name).read_bytes() == (tmp_path / name).read_bytes(), name
    again = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert again.pop("generated_at") == "2030-01-01T00:00:00Z"
    assert again == {key: value for key, value in json.loads((first / "manifest.json").read_text(encoding="utf-8"))
                     .items() if key != "generated_at"}


def test_odd_text_stays_text_and_none_stays_out_of_graphml(tmp_path):
    row = ExportRow("MENTIONS", "d", None, None, None, "d#1", "第一条", "Hazard", "火灾", "火灾", None,
                    "=火灾\x0b", 0, 2, "fake", "1", None, None)
    table = ExportTable(COLUMNS, [row], ExportFilter(), "test")
    write_export(table, tmp_path, ["xlsx", "graphml"])
    cell = openpyxl.load_workbook(tmp_path / "relations.xlsx")["relations"]["L2"]
    assert (cell.value, cell.data_type) == ("=火灾", "s")
    edge = next(iter(nx.read_graphml(tmp_path / "relations.graphml").edges(data=True)))[2]
    assert edge["evidence"] == "=火灾" and "score" not in edge and "source_doc_title" not in edge


def test_write_export_refuses_a_file_as_the_folder(table, tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(ExportError) as caught:
        write_export(table, target, "csv")
    assert caught.value.parameter == "out"


# --- the command line ------------------------------------------------------------------------------

def _invoke(graph_home, monkeypatch, *args):
    monkeypatch.setenv("FIREKG_HOME", str(graph_home))
    monkeypatch.delenv("FIREKG_NEO4J_URI", raising=False)
    return CliRunner().invoke(cli, ["export", *args])


def test_cli_exports_all_formats_and_prints_the_counts(graph_home, table, monkeypatch, tmp_path):
    result = _invoke(graph_home, monkeypatch, "--format", "all", "--rel", "MENTIONS", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    mentions = sum(row.relation == "MENTIONS" for row in table.rows)
    assert f"{mentions} rows" in result.output and "relations.graphml" in result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["filters"]["rel"] == ["MENTIONS"] and manifest["counts"]["total"] == mentions


@pytest.mark.parametrize("args, flag", [
    (["--rel", "OWNS"], "--rel"),
    (["--label", "Person"], "--label"),
    (["--doc", "no-such-document"], "--doc"),
    (["--format", "pdf"], "--format"),
])
def test_cli_names_the_flag_of_a_bad_filter(graph_home, monkeypatch, tmp_path, args, flag):
    result = _invoke(graph_home, monkeypatch, *args, "--out", str(tmp_path))
    assert result.exit_code == 2 and flag in result.output, result.output
