// The pure data-shaping steps of the UI, run by `npm test` (node --test, no browser).
import assert from "node:assert/strict";
import { test } from "node:test";
import { filenameFrom, query } from "../src/api.js";
import { segments } from "../src/highlight.js";
import { nodeData, passes } from "../src/graph.js";

const text = "设置室内消火栓和灭火器。";

test("segments cut the text at mention offsets", () => {
  const mention = { start: 2, end: 7, name: "室内消火栓", label: "Equipment" };
  assert.deepEqual(segments(text, [mention]).map((segment) => [segment.text, Boolean(segment.mention)]),
    [["设置", false], ["室内消火栓", true], ["和灭火器。", false]]);
});

test("segments skip overlapping and out-of-range mentions", () => {
  const mentions = [
    { start: 2, end: 7, name: "室内消火栓" }, { start: 4, end: 7, name: "消火栓" },
    { start: 8, end: 11, name: "灭火器" }, { start: 10, end: 99, name: "越界" },
  ];
  assert.deepEqual(segments(text, mentions).filter((segment) => segment.mention).map((segment) => segment.text),
    ["室内消火栓", "灭火器"]);
});

test("segments count code points, so astral characters do not shift offsets", () => {
  const astral = "𠀀消火栓";
  assert.equal(segments(astral, [{ start: 1, end: 4 }])[1].text, "消火栓");
});

test("query encodes ids with slashes and spaces and drops empty values", () => {
  assert.equal(query({ doc: "T/FIREKG 001-2026", rel: "", mandatory: false, limit: 20 }),
    "?doc=T%2FFIREKG%20001-2026&limit=20");
});

test("filenameFrom prefers filename* and falls back", () => {
  assert.equal(filenameFrom('attachment; filename="relations.csv"'), "relations.csv");
  assert.equal(filenameFrom("attachment; filename=a.csv; filename*=UTF-8''%E5%85%B3%E7%B3%BB.csv"), "关系.csv");
  assert.equal(filenameFrom(null, "x.json"), "x.json");
});

test("nodeData reads both API shapes and leaves unknown fields out", () => {
  assert.deepEqual(nodeData({ id: "T/X 1#3.6.4", label: "Clause", properties: { number: "3.6.4" } }),
    { id: "T/X 1#3.6.4", label: "Clause", name: "3.6.4", doc_id: "T/X 1" });
  assert.deepEqual(nodeData({ id: "消火栓", label: "Equipment", name: "消火栓", doc_id: null, mandatory: false }),
    { id: "消火栓", label: "Equipment", name: "消火栓", mandatory: false });
});

test("passes applies label, document and mandatory filters", () => {
  const filters = { labels: new Set(["Clause", "Equipment"]), doc: "A", mandatoryOnly: true };
  assert.equal(passes({ label: "Clause", doc_id: "A", mandatory: true }, filters), true);
  assert.equal(passes({ label: "Clause", doc_id: "B", mandatory: true }, filters), false);
  assert.equal(passes({ label: "Clause", doc_id: "A", mandatory: false }, filters), false);
  assert.equal(passes({ label: "Equipment" }, filters), true);
  assert.equal(passes({ label: "Hazard" }, filters), false);
});
