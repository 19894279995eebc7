// The side panel: what a clause, an entity or a document is, with links to move through the graph.
import { h, linkButton, replace } from "./dom.js";
import { segments } from "./highlight.js";
import { labelName, modalityName } from "./labels.js";

function badge(text, kind, testId = null) {
  return h("span", { class: `badge badge-${kind}`, "data-testid": testId }, text);
}

export function mandatoryBadge() {
  return badge("强制性条文", "mandatory", "mandatory-badge");
}

function labelBadge(label) {
  return badge(labelName(label), label);
}

function section(title, testId, ...content) {
  return h("section", { class: "panel-section", "data-testid": testId }, h("h3", { text: title }), ...content);
}

function actions(app, id) {
  return h("div", { class: "panel-actions" },
    h("button", { type: "button", "data-testid": "panel-expand", onclick: () => app.expand(id) }, "在图中展开"),
    h("button", { type: "button", class: "secondary", "data-testid": "panel-locate", onclick: () => app.locate(id) }, "在图中定位"));
}

function mentionSpan(app, segment) {
  const mention = segment.mention;
  const detail = [labelName(mention.label), mention.name];
  if (mention.extractor) detail.push(`${mention.extractor}${mention.model_version ? ` ${mention.model_version}` : ""}`);
  if (typeof mention.score === "number") detail.push(`score ${mention.score.toFixed(2)}`);
  const open = () => app.openEntity(mention.name);
  return h("span", {
    class: `mention mention-${mention.label}`, role: "button", tabindex: "0", title: detail.join(" · "),
    "data-testid": "mention", dataset: { entity: mention.name, label: mention.label },
    onclick: open, onkeydown: (event) => { if (event.key === "Enter") open(); },
  }, segment.text);
}

function clauseText(app, clause) {
  const parts = segments(clause.text, clause.entities).map((segment) =>
    segment.mention ? mentionSpan(app, segment) : segment.text);
  return h("p", { class: "clause-text", "data-testid": "clause-text" }, parts);
}

function referenceOut(app, reference) {
  const name = reference.target_name || reference.text || reference.target;
  let link = h("span", { class: "unresolved", title: "未解析的引用" }, name);
  if (reference.target && reference.target_label === "Clause") link = linkButton(name, () => app.openClause(reference.target));
  else if (reference.target && reference.target_label === "Document") link = linkButton(name, () => app.openDocument(reference.target));
  const quoted = reference.text && reference.text !== name ? h("span", { class: "muted" }, `（原文：${reference.text}）`) : null;
  return h("li", { "data-testid": "ref-out" }, link, quoted);
}

function referenceIn(app, reference) {
  const name = `${reference.doc_title ? `《${reference.doc_title}》` : ""}${reference.number || reference.source}`;
  const quoted = reference.text ? h("span", { class: "muted" }, `（${reference.text}）`) : null;
  return h("li", { "data-testid": "ref-in" }, linkButton(name, () => app.openClause(reference.source)), quoted);
}

function entityChips(app, entities, testId) {
  const seen = new Set();
  const chips = [];
  for (const entity of entities) {
    const name = entity.name ?? entity;
    if (seen.has(name)) continue;
    seen.add(name);
    const count = typeof entity.clauses === "number" ? ` ${entity.clauses}` : "";
    chips.push(h("button", {
      type: "button", class: `chip chip-${entity.label || "entity"}`, "data-testid": testId,
      dataset: { entity: name }, onclick: () => app.openEntity(name),
    }, name, count ? h("small", {}, count) : null));
  }
  return chips.length ? h("div", { class: "chips" }, chips) : h("p", { class: "muted" }, "无");
}

export function clauseLink(app, clause) {
  const title = `${clause.doc_title ? `《${clause.doc_title}》` : ""}${clause.number || clause.id}`;
  return h("li", { class: "clause-item", "data-testid": "clause-link" },
    linkButton(title, () => app.openClause(clause.id)),
    clause.mandatory ? mandatoryBadge() : null,
    clause.snippet ? h("div", { class: "snippet" }, clause.snippet) : null);
}

export function renderClause(target, app, clause) {
  const path = (clause.path || []).filter(Boolean);
  replace(target,
    h("header", { class: "panel-head" },
      h("div", { class: "panel-kicker" }, labelBadge("Clause"),
        clause.mandatory ? mandatoryBadge() : null,
        clause.modality ? badge(modalityName(clause.modality), "modality") : null),
      h("h2", { "data-testid": "panel-title" }, `${clause.number}`),
      h("div", { class: "panel-sub" },
        linkButton(`《${clause.doc_title || clause.doc_id}》`, () => app.openDocument(clause.doc_id), { "data-testid": "panel-document" })),
      path.length ? h("div", { class: "breadcrumbs" }, path.join(" › ")) : null),
    clauseText(app, clause),
    actions(app, clause.id),
    clause.commentary ? section("条文说明", "clause-commentary", h("p", { class: "commentary" }, clause.commentary)) : null,
    section("提及的实体", "clause-entities", entityChips(app, clause.entities || [], "clause-entity")),
    section("引用", "references-out", listOrNone((clause.references_out || []).map((reference) => referenceOut(app, reference)))),
    section("被引用", "references-in", listOrNone((clause.references_in || []).map((reference) => referenceIn(app, reference)))));
}

function listOrNone(items, tag = "ul") {
  return items.length ? h(tag, { class: "plain-list" }, items) : h("p", { class: "muted" }, "无");
}

export function renderEntity(target, app, entity) {
  replace(target,
    h("header", { class: "panel-head" },
      h("div", { class: "panel-kicker" }, labelBadge(entity.label)),
      h("h2", { "data-testid": "panel-title" }, entity.name)),
    actions(app, entity.id || entity.name),
    section(`相关条文（${(entity.clauses || []).length}）`, "entity-clauses",
      listOrNone((entity.clauses || []).map((clause) => clauseLink(app, clause)))),
    section("上位概念", "entity-broader", entityChips(app, entity.broader || [], "broader")),
    section("下位概念", "entity-narrower", entityChips(app, entity.narrower || [], "narrower")),
    section("相关实体", "entity-related", entityChips(app, entity.related || [], "related")));
}

export function renderDocument(target, app, document) {
  const rows = [["编号", document.code], ["类型", document.kind], ["条文数", document.clause_count], ["标识", document.id]];
  replace(target,
    h("header", { class: "panel-head" },
      h("div", { class: "panel-kicker" }, labelBadge("Document")),
      h("h2", { "data-testid": "panel-title" }, document.title || document.id)),
    h("dl", { class: "facts", "data-testid": "document-facts" },
      rows.filter(([, value]) => value !== undefined && value !== null && value !== "")
        .map(([term, value]) => [h("dt", {}, term), h("dd", {}, String(value))])),
    actions(app, document.id));
}
