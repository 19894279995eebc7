// The interactive graph: cytoscape.js holding every node the analyst has loaded, filtered in place.
import cytoscape from "cytoscape";
import { ANSWER_COLOR, LABELS, MANDATORY_BORDER } from "./labels.js";

// Fitting a handful of nodes would blow them up; zoom in no further than this when fitting.
const FIT_MAX_ZOOM = 1.4;
const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/**
 * One node as cytoscape data, from either API shape: the neighbourhood's
 * {id, label, name, doc_id, mandatory} or the answer subgraph's {id, label, properties}.
 * Fields the response does not carry are left out, so merging never erases what is known.
 */
export function nodeData(raw) {
  const properties = raw.properties || {};
  const id = String(raw.id);
  const data = { id, label: raw.label };
  const name = raw.name ?? properties.name ?? properties.title ?? properties.number;
  if (name !== undefined && name !== null) data.name = String(name);
  const docId = raw.doc_id ?? properties.doc_id ?? (raw.label === "Document" ? id : clauseDocId(raw.label, id));
  if (docId) data.doc_id = docId;
  const mandatory = raw.mandatory ?? properties.mandatory;
  if (mandatory !== undefined && mandatory !== null) data.mandatory = Boolean(mandatory);
  return data;
}

/** A clause id is "<document id>#<number>": the document part, for subgraphs that omit doc_id. */
function clauseDocId(label, id) {
  const hash = id.lastIndexOf("#");
  return label === "Clause" && hash > 0 ? id.slice(0, hash) : "";
}

const NODE_DEFAULTS = { doc_id: "", mandatory: false };

/** One edge as cytoscape data; the id is ours so the same edge from two responses merges into one. */
export function edgeData(raw) {
  const source = String(raw.source);
  const target = String(raw.target);
  return { id: `${raw.type}|${source}|${target}`, source, target, type: raw.type };
}

function stylesheet() {
  const byLabel = LABELS.map((label) => ({
    selector: `node[label = "${label.key}"]`,
    style: { "background-color": label.color },
  }));
  return [
    {
      selector: "node",
      style: {
        label: "data(name)", "font-family": FONT, "font-size": 11, color: "#1d2433",
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 110,
        width: 22, height: 22, "border-width": 1, "border-color": "#ffffff",
        "text-background-color": "#ffffff", "text-background-opacity": 0.7, "text-background-padding": 1,
      },
    },
    ...byLabel,
    { selector: 'node[label = "Document"]', style: { shape: "round-rectangle", width: 34, height: 26 } },
    { selector: 'node[label = "Clause"]', style: { shape: "ellipse" } },
    { selector: 'node[label = "Equipment"]', style: { shape: "round-diamond" } },
    { selector: 'node[label = "Hazard"]', style: { shape: "round-triangle" } },
    { selector: 'node[label = "Clause"][?mandatory]', style: { "border-width": 4, "border-color": MANDATORY_BORDER } },
    {
      selector: "edge",
      style: {
        width: 1.2, "line-color": "#b8c2d1", "target-arrow-color": "#b8c2d1", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": "bezier",
      },
    },
    { selector: 'edge[type = "REFERENCES"]', style: { "line-style": "dashed", "line-color": "#8e6fb5", "target-arrow-color": "#8e6fb5" } },
    { selector: 'edge[type = "IS_A"]', style: { "line-style": "dotted", "line-color": "#5d6d7e", "target-arrow-color": "#5d6d7e" } },
    {
      selector: ".answer",
      style: { "underlay-color": ANSWER_COLOR, "underlay-opacity": 0.85, "underlay-padding": 7, "underlay-shape": "ellipse" },
    },
    { selector: "edge.answer", style: { "line-color": "#e0a800", "target-arrow-color": "#e0a800", width: 2.5 } },
    { selector: "node:selected, node.focus", style: { "border-width": 4, "border-color": "#111111", "font-weight": "bold" } },
    { selector: ".filtered", style: { display: "none" } },
  ];
}

/** Whether a node passes the filters {labels: Set, doc: string, mandatoryOnly: bool}. */
export function passes(data, filters) {
  if (!filters.labels.has(data.label)) return false;
  if (filters.doc && data.label === "Document" && data.id !== filters.doc) return false;
  if (data.label === "Clause") {
    if (filters.doc && data.doc_id !== filters.doc) return false;
    if (filters.mandatoryOnly && !data.mandatory) return false;
  }
  return true;
}

export class GraphView {
  constructor(container, { onSelect, onExpand, onChange }) {
    this.cy = cytoscape({
      container, style: stylesheet(), minZoom: 0.1, maxZoom: 4, wheelSensitivity: 0.3,
      boxSelectionEnabled: false, selectionType: "single",
    });
    this.filters = { labels: new Set(LABELS.map((label) => label.key)), doc: "", mandatoryOnly: false };
    this.onChange = onChange;
    this.cy.on("tap", "node", (event) => onSelect(event.target.data()));
    this.cy.on("dbltap", "node", (event) => onExpand(event.target.data()));
  }

  /**
   * Add nodes and edges not yet shown (existing ones get their data refreshed), lay out again,
   * and return the cytoscape collection of everything in `subgraph`. New nodes start beside `anchorId`.
   */
  merge(subgraph, { anchorId = null } = {}) {
    const cy = this.cy;
    const anchor = anchorId ? cy.getElementById(anchorId) : null;
    const origin = anchor && anchor.nonempty() ? anchor.position() : { x: cy.width() / 2, y: cy.height() / 2 };
    const wasEmpty = cy.nodes().empty();
    let touched = cy.collection();
    cy.batch(() => {
      for (const raw of subgraph.nodes || []) {
        const data = nodeData(raw);
        let node = cy.getElementById(data.id);
        if (node.nonempty()) node.data(data);
        else node = cy.add({ group: "nodes", data: { ...NODE_DEFAULTS, name: data.id, ...data }, position: jitter(origin) });
        touched = touched.union(node);
      }
      for (const raw of subgraph.edges || []) {
        const data = edgeData(raw);
        if (cy.getElementById(data.source).empty() || cy.getElementById(data.target).empty()) continue;
        let edge = cy.getElementById(data.id);
        if (edge.empty()) edge = cy.add({ group: "edges", data });
        touched = touched.union(edge);
      }
    });
    this.applyFilters();
    this.layout({ randomize: wasEmpty });
    return touched;
  }

  clear() {
    this.cy.elements().remove();
    this.changed();
  }

  /** Mark the answer's subgraph (replacing the previous answer's marks). */
  markAnswer(collection) {
    this.cy.elements(".answer").removeClass("answer");
    collection.addClass("answer");
  }

  setFilters(filters) {
    this.filters = filters;
    this.applyFilters();
  }

  applyFilters() {
    this.cy.batch(() => {
      this.cy.nodes().forEach((node) => {
        node.toggleClass("filtered", !passes(node.data(), this.filters));
      });
    });
    this.changed();
  }

  layout({ randomize = false } = {}) {
    const visible = this.cy.elements().not(".filtered");
    if (visible.empty()) return;
    visible.layout({
      name: "cose", randomize, animate: false, fit: false, nodeDimensionsIncludeLabels: true,
      idealEdgeLength: () => 70, nodeRepulsion: () => 9000, numIter: 1200,
    }).run();
    this.fit();
  }

  fit() {
    const visible = this.cy.elements().not(".filtered");
    this.cy.fit(visible, 30);
    if (this.cy.zoom() > FIT_MAX_ZOOM) {
      this.cy.zoom(FIT_MAX_ZOOM);
      this.cy.center(visible);
    }
  }

  /** Select, center and mark one node; false when it is not in the graph. */
  focus(id) {
    const node = this.cy.getElementById(id);
    if (node.empty()) return false;
    this.cy.nodes(".focus").removeClass("focus");
    this.cy.nodes(":selected").unselect();
    node.addClass("focus").select();
    if (!node.hasClass("filtered") && !inView(this.cy, node)) this.cy.animate({ center: { eles: node } }, { duration: 250 });
    return true;
  }

  has(id) {
    return this.cy.getElementById(id).nonempty();
  }

  counts() {
    const visible = this.cy.elements().not(".filtered");
    return {
      nodes: this.cy.nodes().length, edges: this.cy.edges().length,
      visibleNodes: visible.nodes().length, visibleEdges: visible.edges().filter((edge) => edge.visible()).length,
    };
  }

  changed() {
    if (this.onChange) this.onChange(this.counts());
  }
}

function inView(cy, node) {
  const at = node.renderedPosition();
  return at.x >= 0 && at.y >= 0 && at.x <= cy.width() && at.y <= cy.height();
}

function jitter(origin) {
  const angle = Math.random() * 2 * Math.PI;
  const radius = 40 + Math.random() * 40;
  return { x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) };
}
