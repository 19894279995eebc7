// The ask panel: a question in, the cited answer out, with the Cypher that ran and its subgraph in the graph.
import { api } from "./api.js";
import { byTestId, h, replace } from "./dom.js";
import { withLoading } from "./status.js";

const ENTITY_KINDS = { equipment: "设备设施", hazard: "危险源", document: "文档", clause: "条文" };

function citationItem(app, citation, index) {
  const number = citation.number.startsWith("第") ? citation.number : `第${citation.number}条`;
  return h("li", {},
    h("button", {
      type: "button", class: "citation", "data-testid": "citation", dataset: { clause: citation.clause_id },
      onclick: () => app.openCitation(citation.clause_id),
    }, h("span", { class: "citation-index" }, `[${index + 1}]`), `《${citation.doc}》${number}`),
    citation.text ? h("div", { class: "snippet" }, citation.text) : null);
}

function entityItem(app, entity) {
  const open = {
    equipment: () => app.openEntity(entity.id), hazard: () => app.openEntity(entity.id),
    document: () => app.openDocument(entity.id), clause: () => app.openClause(entity.id),
  }[entity.kind];
  const text = `${entity.text}${entity.id && entity.id !== entity.text ? ` → ${entity.id}` : ""}`;
  return h("button", {
    type: "button", class: `chip chip-${entity.kind}`, "data-testid": "ask-entity", disabled: !open,
    title: `${ENTITY_KINDS[entity.kind] || entity.kind} · score ${Number(entity.score ?? 1).toFixed(2)}`,
    onclick: open,
  }, text);
}

function cypherItem(statement) {
  const parameters = JSON.stringify(statement.parameters ?? {}, null, 2);
  return h("li", { class: "cypher-item" },
    h("pre", { class: "cypher", "data-testid": "cypher-query" }, statement.query),
    h("pre", { class: "cypher-parameters", "data-testid": "cypher-parameters" }, parameters));
}

function meta(answer) {
  const timings = Object.entries(answer.timings_ms || {}).map(([stage, ms]) => `${stage} ${ms} ms`).join(" · ");
  const parts = [`模式 ${answer.mode}`, `摘要 ${answer.summarizer}`];
  if (answer.intent) parts.push(`意图 ${answer.intent}`);
  return h("div", { class: "muted small", "data-testid": "ask-meta" }, parts.join(" · "), timings ? h("div", {}, timings) : null);
}

function renderAnswer(target, app, answer) {
  const citations = answer.citations || [];
  const entities = answer.entities || [];
  const cypher = answer.cypher || [];
  replace(target,
    answer.abstained ? h("p", { class: "note", "data-testid": "ask-abstained", role: "note" },
      "系统未能从图中找到可靠依据，已拒绝作答（abstained）。请换一种问法或检查文档范围。") : null,
    h("p", { class: "answer-text", "data-testid": "ask-answer" }, answer.answer),
    answer.removed_citations ? h("p", { class: "muted small" }, `已移除 ${answer.removed_citations} 条无法核实的引用。`) : null,
    meta(answer),
    h("section", { class: "panel-section", "data-testid": "ask-citations" },
      h("h3", {}, `引用条文（${citations.length}）`),
      citations.length ? h("ol", { class: "plain-list" }, citations.map((citation, index) => citationItem(app, citation, index)))
        : h("p", { class: "muted" }, "无")),
    h("section", { class: "panel-section", "data-testid": "ask-entities" },
      h("h3", {}, "识别的实体"),
      entities.length ? h("div", { class: "chips" }, entities.map((entity) => entityItem(app, entity))) : h("p", { class: "muted" }, "无")),
    h("details", { class: "panel-section", "data-testid": "ask-cypher", open: true },
      h("summary", {}, `执行的 Cypher（${cypher.length}）`),
      cypher.length ? h("ol", { class: "plain-list" }, cypher.map(cypherItem)) : h("p", { class: "muted" }, "无")));
}

export function setupAsk(app) {
  const form = byTestId("ask-form");
  const input = byTestId("ask-input");
  const scope = byTestId("ask-scope");
  const target = byTestId("ask-result");
  const submit = async (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) {
      input.focus();
      return;
    }
    const docIds = app.filters().doc ? [app.filters().doc] : [];
    const button = byTestId("ask-button");
    button.disabled = true;
    try {
      const answer = await withLoading(() => api.ask(question, docIds), target, "正在检索并生成回答…");
      if (answer) {
        renderAnswer(target, app, answer);
        app.showAnswerSubgraph(answer.subgraph);
      }
    } finally {
      button.disabled = false;
    }
  };
  form.addEventListener("submit", submit);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
  });
  app.onFiltersChange((filters) => {
    replace(scope, filters.doc ? `范围：仅 ${app.documentTitle(filters.doc)}` : "范围：全部文档");
  });
}
