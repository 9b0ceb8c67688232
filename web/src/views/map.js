// Ecosystem map: the companies and deliverables around a company, an ecosystem or a sector,
// drawn as companies, as their sectors (the industry map) or as their roles (zoom).
import { ask, param } from "../api.js";
import { el } from "../dom.js";
import { form } from "../form.js";
import { openPanel } from "../panel.js";
import { colours, legend, MultiDirectedGraph, Picture, scale } from "../picture.js";
import { result } from "../result.js";
import { go } from "../state.js";
import { zoomField } from "../zoom.js";

export const title = "Ecosystem map";

const NATURE_COLOURS = new Map([["tangible", "#4a6fa5"], ["intangible", "#e8a33d"]]);

/** The map's parameters: the module's, from the URL. */
const QUERY = ["center", "center_kind", "zoom", "hops", "natures", "categories", "as_of", "max_nodes"];

/** Per zoom: what a node is called, and the columns of its table (as the module's JSON nodes give them). */
const ZOOMS = {
  company: { one: "company", many: "companies", columns: ["id", "name", "sector", "country", "revenue", "hop"] },
  sector: { one: "sector", many: "sectors", columns: ["id", "companies", "revenue", "hop"] },
  role: { one: "role", many: "roles", columns: ["id", "name", "function", "company_name", "sector", "country", "hop"] },
};

/** How many companies the roles belong to, in words. */
function owners(roles) {
  const count = new Set(roles.map((r) => r.company)).size;
  return `${count} ${count === 1 ? "company" : "companies"}`;
}

/** A node's value for colouring: a sector colours by itself. */
function key(node, by) {
  return String(node[by] ?? (node.label === "Sector" ? node.id : "unknown"));
}

async function fields() {
  const choices = async (name) => (await param("ecosystem_map", name)).choices;
  return [
    { name: "center", label: "Around", company: true, required: true, placeholder: "company, ecosystem or sector" },
    { name: "center_kind", label: "which is a", kind: "select", choices: await choices("center_kind"), default: "company" },
    await zoomField("ecosystem_map"),
    { name: "hops", label: "Hops", kind: "number", min: 0, max: 3, default: "1" },
    { name: "max_nodes", label: "At most companies", kind: "number", min: 1, max: 5000, default: "200" },
    { name: "as_of", label: "Running on", kind: "date" },
    { name: "natures", label: "Natures", kind: "multi", choices: await choices("natures"), default: "tangible,intangible" },
    { name: "categories", label: "Categories", kind: "multi", choices: await choices("categories"), default: (await choices("categories")).join(",") },
    { name: "colour", label: "Colour nodes by", kind: "select", choices: ["sector", "country", "hop", "company", "function"], default: "sector" },
    { name: "size", label: "Size by", kind: "select", choices: ["revenue", "value", "degree"], default: "revenue" },
    { name: "edges", label: "Colour links by", kind: "select", choices: ["nature", "category"], default: "nature" },
  ];
}

/** The answer as a graph: size and colour of nodes and links as the state asks. */
export function mapGraph(answer, state) {
  const graph = new MultiDirectedGraph();
  const by = state.colour ?? "sector";
  const nodeColour = colours(answer.nodes.map((n) => key(n, by)));
  for (const node of answer.nodes) graph.addNode(node.id, { label: node.name, data: node });
  const edgeBy = state.edges ?? "nature";
  const edgeColour = edgeBy === "nature" ? NATURE_COLOURS : colours(answer.edges.map((e) => e.category));
  const width = scale(answer.edges.map((e) => e.value));
  const values = new Map(answer.edges.map((e) => [e.id, e.value]));
  for (const edge of answer.edges) {
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target,
      { color: edgeColour.get(edge[edgeBy]), size: width(edge.value) / 4 });
  }
  const measure = {
    revenue: (id) => graph.getNodeAttribute(id, "data").revenue ?? 1, // a role has none: all alike
    degree: (id) => graph.degree(id),
    value: (id) => graph.reduceEdges(id, (sum, edge) => sum + (values.get(edge) ?? 0), 0),
  }[state.size] ?? ((id) => graph.getNodeAttribute(id, "data").revenue);
  const size = scale(graph.mapNodes(measure));
  graph.forEachNode((id, attrs) => {
    graph.mergeNodeAttributes(id, { size: size(measure(id)), color: nodeColour.get(key(attrs.data, by)) });
  });
  return { graph, nodeColour, edgeColour };
}

/** The map of one sector's companies, from a sector of the industry map. */
function zoomInto(sector, state) {
  go({ view: "map", ...state, center: sector, center_kind: "sector", zoom: "company", hops: "0" });
}

export async function render(root, state) {
  root.append(form(await fields(), state, (values) => go({ view: "map", ...values })));
  if (!state.center) {
    root.append(el("p", { class: "hint" }, "Name a company (its id), an ecosystem or a sector to draw the network around it."));
    return;
  }
  const query = Object.fromEntries(QUERY.map((k) => [k, state[k]]));
  const answer = await ask("ecosystem_map", query);
  const zoom = ZOOMS[answer.parameters.zoom] ?? ZOOMS.company;
  const by = state.colour ?? "sector";
  performance.mark("valuenet:map-answer"); // bench/map_draw_bench.py measures from here to the drawing
  const { graph, nodeColour, edgeColour } = mapGraph(answer, state);
  const capped = answer.edges.some((e) => e.capped);
  const limit = answer.parameters.max_nodes;
  let picture;
  const holder = result(root, {
    name: `map-${state.center}`,
    notices: [
      zoom === ZOOMS.company
        ? `${answer.nodes.length} companies, ${answer.edges.length} deliverables.`
        : zoom === ZOOMS.sector
          ? `${answer.nodes.length} sectors of ${answer.nodes.reduce((n, s) => n + s.companies, 0)} companies, ${answer.edges.length} flows summing ${answer.edges.reduce((n, e) => n + e.deliverables, 0)} deliverables.`
          : `${answer.nodes.length} roles of ${owners(answer.nodes)}, ${answer.edges.length} deliverables between roles.`,
      ...(capped ? [`The map is capped at ${limit} companies: the closest and most strongly linked are drawn. Raise "At most companies" to see more.`] : []),
    ],
    legend: [legend(`${zoom.many[0].toUpperCase()}${zoom.many.slice(1)} by ${by}`, nodeColour), legend(`Links by ${state.edges ?? "nature"}`, edgeColour)],
    image: () => picture.svg(),
    tables: [
      {
        caption: `${zoom.many[0].toUpperCase()}${zoom.many.slice(1)}`,
        file: zoom.many,
        columns: zoom.columns.map((name) => ({ name })),
        rows: answer.nodes,
        cell: (column, row) => {
          if (column.name === "name" && zoom === ZOOMS.company) {
            return el("button", { type: "button", class: "link", onclick: () => openPanel(row.id) }, row.name);
          }
          if (column.name === "company_name") {
            return el("button", { type: "button", class: "link", onclick: () => openPanel(row.company) }, row.company_name ?? "");
          }
          if (column.name === "id" && zoom === ZOOMS.sector) {
            return el("button", { type: "button", class: "link", onclick: () => zoomInto(row.id, state) }, row.id || "(none)");
          }
          return null;
        },
      },
      { caption: "Deliverables", file: "deliverables", columns: answer.columns.filter((c) => c.name !== "capped"), rows: answer.edges },
    ],
  });
  // A click opens a company's panel: a role's company, or a sector's own map at company zoom.
  const onNode = {
    company: openPanel,
    role: (id) => openPanel(graph.getNodeAttribute(id, "data").company),
    sector: (id) => zoomInto(id, state),
  }[answer.parameters.zoom] ?? openPanel;
  picture = new Picture(holder, graph, { onNode, description: `Map around ${state.center}, by ${zoom.one}` });
  performance.mark("valuenet:map-drawn");
  return () => picture.kill();
}
