// The analyst UI: wires the search, graph, side panel, ask and export panels to one App.
import "./app.css";
import { api } from "./api.js";
import { setupAsk } from "./ask.js";
import { byTestId, h, replace } from "./dom.js";
import { setupExport } from "./export.js";
import { fillDocumentSelect, neighborhoodParameters, readFilters, renderFilterControls, renderLegend } from "./filters.js";
import { GraphView } from "./graph.js";
import { ENTITY_LABELS } from "./labels.js";
import { renderClause, renderDocument, renderEntity } from "./panel.js";
import { setupSearch } from "./search.js";
import { showError, withLoading } from "./status.js";

const NEIGHBORHOOD_LIMIT = 100;

class App {
  constructor() {
    this.documents = new Map();
    this.filterListeners = [];
    this.panel = byTestId("panel-body");
    this.graph = new GraphView(byTestId("graph"), {
      onSelect: (node) => this.openNode(node),
      onExpand: (node) => this.expand(node.id),
      onChange: (counts) => this.showCounts(counts),
    });
  }

  filters() {
    return readFilters();
  }

  onFiltersChange(listener) {
    this.filterListeners.push(listener);
    listener(this.filters());
  }

  filtersChanged() {
    const filters = this.filters();
    this.graph.setFilters(filters);
    for (const listener of this.filterListeners) listener(filters);
  }

  documentTitle(id) {
    const document = this.documents.get(id);
    return document ? document.title : id;
  }

  showCounts(counts) {
    const hidden = counts.nodes - counts.visibleNodes;
    replace(byTestId("graph-count"),
      `${counts.visibleNodes} 个节点 · ${counts.visibleEdges} 条边${hidden ? `（另有 ${hidden} 个被筛选隐藏）` : ""}`);
    byTestId("graph-empty").hidden = counts.nodes > 0;
  }

  showTruncated(truncated) {
    byTestId("graph-truncated").hidden = !truncated;
  }

  /** Fetch the neighbourhood of `id` with the current filters and merge it into the graph. */
  async loadNeighborhood(id, { replaceGraph = false } = {}) {
    const parameters = { id, depth: 1, limit: NEIGHBORHOOD_LIMIT, ...neighborhoodParameters(this.filters()) };
    const subgraph = await withLoading(() => api.neighborhood(parameters));
    if (!subgraph) return false;
    if (replaceGraph) this.graph.clear();
    this.graph.merge(subgraph, { anchorId: id });
    this.showTruncated(subgraph.truncated);
    return true;
  }

  async expand(id) {
    if (await this.loadNeighborhood(id)) this.graph.focus(id);
  }

  async locate(id) {
    if (!this.graph.has(id) && !(await this.loadNeighborhood(id))) return;
    if (!this.graph.focus(id)) showError(new Error(`“${id}”不在图中（可能被筛选条件排除）。`));
  }

  openNode(node) {
    if (node.label === "Clause") this.openClause(node.id);
    else if (node.label === "Document") this.openDocument(node.id);
    else if (ENTITY_LABELS.has(node.label)) this.openEntity(node.id);
  }

  async openResult(kind, id) {
    await this.loadNeighborhood(id, { replaceGraph: true });
    this.graph.focus(id);
    this.openNode({ id, label: kind });
  }

  async openClause(id) {
    const clause = await withLoading(() => api.clause(id), this.panel);
    if (clause) renderClause(this.panel, this, clause);
    this.graph.focus(id);
  }

  async openEntity(name) {
    const entity = await withLoading(() => api.entity(name), this.panel);
    if (entity) renderEntity(this.panel, this, entity);
    this.graph.focus(name);
  }

  async openDocument(id) {
    if (!this.documents.has(id)) await this.loadDocuments();
    const document = this.documents.get(id);
    if (document) renderDocument(this.panel, this, document);
    else replace(this.panel, h("p", { class: "error", role: "alert" }, `找不到文档“${id}”：它可能已被删除，请重新搜索。`));
    this.graph.focus(id);
  }

  /** A citation: the clause in the panel, and in the graph (loaded first when absent), centred. */
  async openCitation(clauseId) {
    if (!this.graph.has(clauseId)) await this.loadNeighborhood(clauseId);
    await this.openClause(clauseId);
  }

  showAnswerSubgraph(subgraph) {
    if (!subgraph || !(subgraph.nodes || []).length) return;
    const marked = this.graph.merge(subgraph);
    this.graph.markAnswer(marked);
  }

  async loadDocuments() {
    const listing = await withLoading(() => api.documents());
    if (!listing) return;
    this.documents = new Map(listing.documents.map((document) => [document.id, document]));
    fillDocumentSelect(listing.documents);
  }

  async loadHealth() {
    const health = await withLoading(() => api.health());
    if (!health) return;
    const store = health.store || {};
    const extractor = health.extractor || {};
    replace(byTestId("health"),
      `${store.documents ?? "?"} 个文档 · ${store.clauses ?? "?"} 条条文 · ${store.backend ?? ""} · 抽取 ${extractor.name ?? "?"} ${extractor.version ?? ""} · 摘要 ${health.summarizer ?? "?"}`);
  }
}

function setupToolbar(app) {
  byTestId("graph-fit").addEventListener("click", () => app.graph.fit());
  byTestId("graph-layout").addEventListener("click", () => app.graph.layout());
  byTestId("graph-clear").addEventListener("click", () => {
    app.graph.clear();
    app.showTruncated(false);
  });
  byTestId("error-close").addEventListener("click", () => { byTestId("error-banner").hidden = true; });
}

async function start() {
  renderLegend();
  const app = new App();
  renderFilterControls(() => app.filtersChanged());
  setupToolbar(app);
  setupSearch(app);
  setupAsk(app);
  setupExport(app);
  window.firekg = { app, cy: app.graph.cy };
  await Promise.all([app.loadHealth(), app.loadDocuments()]);
  app.filtersChanged();
  document.body.dataset.ready = "true";
}

start();
