// The header search: entities, documents and clauses matching the query, each opening its neighbourhood.
import { api } from "./api.js";
import { byTestId, h, replace } from "./dom.js";
import { labelName } from "./labels.js";
import { mandatoryBadge } from "./panel.js";
import { withLoading } from "./status.js";

function resultButton(app, kind, id, ...content) {
  return h("li", {},
    h("button", {
      type: "button", class: "result", "data-testid": "search-result", dataset: { kind, id },
      onclick: () => app.openResult(kind, id),
    }, ...content));
}

function group(title, testId, items) {
  if (!items.length) return null;
  return h("section", { class: "result-group", "data-testid": testId },
    h("h3", {}, `${title}（${items.length}）`), h("ul", { class: "plain-list" }, items));
}

function renderResults(target, app, found) {
  const entities = (found.entities || []).map((entity) => resultButton(app, entity.label, entity.id || entity.name,
    h("span", { class: `dot dot-${entity.label}` }), entity.name,
    h("small", { class: "muted" }, ` ${labelName(entity.label)} · ${entity.clauses ?? 0} 条`)));
  const documents = (found.documents || []).map((document) => resultButton(app, "Document", document.id,
    h("span", { class: "dot dot-Document" }), document.title,
    document.code ? h("small", { class: "muted" }, ` ${document.code}`) : null));
  const clauses = (found.clauses || []).map((clause) => resultButton(app, "Clause", clause.id,
    h("span", { class: "dot dot-Clause" }), `${clause.doc_title ? `《${clause.doc_title}》` : ""}${clause.number}`,
    clause.mandatory ? mandatoryBadge() : null,
    clause.snippet ? h("span", { class: "snippet" }, clause.snippet) : null));
  if (!entities.length && !documents.length && !clauses.length) {
    replace(target, h("p", { class: "muted", "data-testid": "search-empty" }, `没有找到与“${found.query ?? ""}”相关的结果。`));
    return;
  }
  replace(target,
    group("实体", "search-entities", entities),
    group("文档", "search-documents", documents),
    group("条文", "search-clauses", clauses));
}

export function setupSearch(app) {
  const form = byTestId("search-form");
  const input = byTestId("search-input");
  const target = byTestId("search-results");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    const found = await withLoading(() => api.search(text, 20), target, "搜索中…");
    if (found) renderResults(target, app, found);
  });
}
