// Filter controls: labels shown, one document, mandatory clauses only. They shape both the graph and requests.
import { byTestId, h, replace } from "./dom.js";
import { LABELS } from "./labels.js";

export function readFilters() {
  const labels = new Set(LABELS.map((label) => label.key).filter((key) => byTestId(`filter-label-${key}`).checked));
  return { labels, doc: byTestId("filter-doc").value, mandatoryOnly: byTestId("filter-mandatory").checked };
}

/** The neighbourhood request's filter parameters; labels only when some are switched off. */
export function neighborhoodParameters(filters) {
  const parameters = {};
  if (filters.labels.size < LABELS.length) parameters.labels = LABELS.map((label) => label.key).filter((key) => filters.labels.has(key)).join(",");
  if (filters.doc) parameters.doc = filters.doc;
  if (filters.mandatoryOnly) parameters.mandatory = "true";
  return parameters;
}

export function renderFilterControls(onChange) {
  const boxes = LABELS.map((label) => h("label", { class: "check" },
    h("input", { type: "checkbox", checked: true, "data-testid": `filter-label-${label.key}`, onchange: onChange }),
    h("span", { class: `dot dot-${label.key}` }), label.name));
  replace(byTestId("filter-labels"), boxes);
  byTestId("filter-doc").addEventListener("change", onChange);
  byTestId("filter-mandatory").addEventListener("change", onChange);
}

export function fillDocumentSelect(documents) {
  const select = byTestId("filter-doc");
  const current = select.value;
  replace(select, h("option", { value: "" }, "全部文档"),
    documents.map((document) => h("option", { value: document.id },
      `${document.title}${document.code ? `（${document.code}）` : ""}`)));
  select.value = documents.some((document) => document.id === current) ? current : "";
}

export function renderLegend() {
  const items = LABELS.map((label) => h("li", {}, h("span", { class: `swatch swatch-${label.key}` }), label.name));
  items.push(h("li", {}, h("span", { class: "swatch swatch-mandatory" }), "强制性条文"));
  items.push(h("li", {}, h("span", { class: "swatch swatch-answer" }), "回答子图"));
  for (const [type, name] of [["MENTIONS", "提及"], ["REFERENCES", "引用"], ["IS_A", "上位概念"], ["HAS_CLAUSE", "包含条文"]]) {
    items.push(h("li", {}, h("span", { class: `line line-${type}` }), `${name}（${type}）`));
  }
  replace(byTestId("legend"), h("ul", {}, items));
}
