// The picture beside each table: a graphology graph drawn by sigma.js (WebGL), laid out by
// ForceAtlas2 unless its nodes come with positions, and saved as SVG or PNG.
import { MultiDirectedGraph } from "graphology";
import { circular } from "graphology-layout";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2_DEFAULTS from "graphology-layout-forceatlas2/defaults.js";
import { assignLayoutChanges, graphToByteArrays } from "graphology-layout-forceatlas2/helpers.js";
import Sigma from "sigma";
import { el } from "./dom.js";
import { FLAT_PROGRAMS } from "./flat-programs.js";
import { startLayout } from "./start-layout.js";

export { MultiDirectedGraph };

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
  "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"];

/** A colour per value, the same for the same set of values (sorted, then the palette in turn). */
export function colours(values) {
  const sorted = [...new Set(values.map((v) => String(v ?? "unknown")))].sort();
  return new Map(sorted.map((v, i) => [v, PALETTE[i % PALETTE.length]]));
}

/** Sizes from 4 to 20 pixels, by the square root of each value over the largest. */
export function scale(values) {
  const top = Math.max(1e-9, ...values.map((v) => v ?? 0));
  return (value) => 4 + 16 * Math.sqrt(Math.max(0, value ?? 0) / top);
}

/** A legend: a swatch and a label per entry of a Map label -> colour. */
export function legend(title, entries) {
  return el("div", { class: "legend" }, el("span", { class: "legend-title" }, title),
    [...entries].map(([label, colour]) =>
      el("span", { class: "legend-item" }, el("span", { class: "swatch", "data-colour": colour }), label)));
}

/** Swatches get their colour from script: the page's policy allows no inline styles. */
export function paintSwatches(root) {
  for (const swatch of root.querySelectorAll(".swatch")) swatch.style.background = swatch.dataset.colour;
}

/** Graphs with more nodes are drawn at once and laid out by ForceAtlas2 in a worker after. */
const LARGE = 1000;
/** The worker's bound: it stops at whichever comes first. */
const REFINE = { iterations: 1000, budgetMs: 15_000 };

/** Whether the graph needs a layout: its nodes come without positions. */
function unplaced(graph) {
  return graph.someNode((_n, a) => a.x == null);
}

/** A small graph's layout, on the page's thread: the final one. */
function layout(graph) {
  circular.assign(graph);
  const n = graph.order;
  const iterations = n < 300 ? 300 : 100;
  forceAtlas2.assign(graph, { iterations, settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: n > 500 } });
}

/**
 * ForceAtlas2 in ``layout-worker.js``; the graph takes its positions as they come. The worker
 * starts once the first frame is painted: on two cores it would take one from the painting.
 * Returns how to stop it.
 */
function refine(graph, container) {
  container.dataset.layout = "refining";
  let worker = null;
  let start = null;
  const painted = requestAnimationFrame(() => (start = setTimeout(() => {
    const { nodes, edges } = graphToByteArrays(graph, () => 1);
    worker = new Worker(new URL("layout-worker.js", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }) => {
      assignLayoutChanges(graph, data.nodes, null);
      if (data.done) {
        container.dataset.layout = "done";
        performance.mark("valuenet:layout-done");
        worker.terminate();
      }
    };
    const settings = { ...FA2_DEFAULTS, ...forceAtlas2.inferSettings(graph), barnesHutOptimize: true };
    worker.postMessage({ nodes, edges, settings, ...REFINE }, [nodes.buffer, edges.buffer]);
  })));
  return () => {
    cancelAnimationFrame(painted);
    clearTimeout(start);
    worker?.terminate();
  };
}

/** A drawn graph in ``container``: ``onNode(id)`` on a click; says its size for tests and readers. */
export class Picture {
  constructor(container, graph, { onNode, description }) {
    const large = graph.order > LARGE;
    const placing = unplaced(graph);
    if (placing) (large ? startLayout : layout)(graph);
    this.graph = graph;
    container.picture = this; // for tests and the console: the drawn graph and its renderer
    container.dataset.nodes = graph.order;
    container.dataset.edges = graph.size;
    container.setAttribute("role", "img");
    container.setAttribute("aria-label", `${description}: ${graph.order} nodes, ${graph.size} links (listed in the table)`);
    performance.mark("valuenet:laid-out");
    this.sigma = new Sigma(graph, container, {
      ...FLAT_PROGRAMS,
      // Arrow heads cost as much again to draw and are too small to see on a large graph.
      defaultEdgeType: large ? "line" : "arrow",
      // Sigma's labels cost the most of a large graph's frame: only the largest nodes' then.
      labelRenderedSizeThreshold: graph.order > 1000 ? 16 : 8,
      minEdgeThickness: 0.5,
      allowInvalidContainer: true,
      // Panning a large graph in software WebGL drags with its links drawn: nodes only then.
      hideEdgesOnMove: large,
    });
    this.refining = placing && large ? refine(graph, container) : null;
    if (onNode) this.sigma.on("clickNode", ({ node }) => onNode(node));
    // The panel opening or the window changing size changes the holder's size. Measured as
    // sigma measures it (border included): else the first call draws the whole graph again.
    const { width, height } = this.sigma.getDimensions();
    let size = `${width}x${height}`;
    this.resizing = new ResizeObserver(() => {
      const now = `${container.offsetWidth}x${container.offsetHeight}`;
      if (now !== size) this.sigma.resize().render();
      size = now;
    });
    this.resizing.observe(container);
    this.sigma.on("enterNode", () => container.classList.add("pointer"));
    this.sigma.on("leaveNode", () => container.classList.remove("pointer"));
  }

  kill() {
    this.refining?.();
    this.resizing.disconnect();
    this.sigma.kill();
  }

  /** The picture as seen (camera included) as an SVG document. */
  svg() {
    const { width, height } = this.sigma.getDimensions();
    const ns = "http://www.w3.org/2000/svg";
    const root = document.createElementNS(ns, "svg");
    const add = (parent, tag, attrs, text) => {
      const node = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
      if (text != null) node.textContent = text;
      parent.append(node);
      return node;
    };
    for (const [k, v] of Object.entries({ xmlns: ns, width, height, viewBox: `0 0 ${width} ${height}` })) root.setAttribute(k, v);
    add(root, "rect", { width, height, fill: "#ffffff" });
    const marker = add(add(root, "defs", {}), "marker",
      { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" });
    add(marker, "path", { d: "M0,0L10,5L0,10z", fill: "#888" });
    const at = (node) => {
      const data = this.sigma.getNodeDisplayData(node);
      return { ...this.sigma.framedGraphToViewport(data), r: this.sigma.scaleSize(data.size), data };
    };
    this.graph.forEachEdge((edge, attrs, source, target) => {
      const a = at(source), b = at(target);
      const d = Math.hypot(b.x - a.x, b.y - a.y) || 1;
      add(root, "line", { x1: a.x, y1: a.y, x2: b.x - ((b.x - a.x) * b.r) / d, y2: b.y - ((b.y - a.y) * b.r) / d,
        stroke: attrs.color ?? "#ccc", "stroke-width": Math.max(0.5, this.sigma.scaleSize(attrs.size ?? 1)),
        "stroke-opacity": 0.7, "marker-end": "url(#arrow)" });
    });
    this.graph.forEachNode((node, attrs) => {
      const p = at(node);
      add(root, "circle", { cx: p.x, cy: p.y, r: p.r, fill: attrs.color ?? "#999", stroke: "#fff" });
      if (p.r >= 6 || attrs.forceLabel) add(root, "text", { x: p.x + p.r + 2, y: p.y + 4, "font-family": "sans-serif", "font-size": 12 }, attrs.label);
    });
    return new XMLSerializer().serializeToString(root);
  }

  /** The same picture as a PNG blob, at twice the resolution. */
  png() {
    return svgToPng(this.svg());
  }
}

/** An SVG document rendered to a PNG blob through an image and a canvas. */
export function svgToPng(svgText) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
    image.onload = () => {
      const canvas = el("canvas", { width: image.width * 2, height: image.height * 2 });
      const context = canvas.getContext("2d");
      context.scale(2, 2);
      context.drawImage(image, 0, 0);
      URL.revokeObjectURL(url);
      canvas.toBlob(resolve, "image/png");
    };
    image.onerror = reject;
    image.src = url;
  });
}
