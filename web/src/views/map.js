// Ecosystem map: the companies and deliverables around a company, an ecosystem or a sector.
import { ask, param } from "../api.js";
import { el } from "../dom.js";
import { form } from "../form.js";
import { openPanel } from "../panel.js";
import { colours, legend, MultiDirectedGraph, Picture, scale } from "../picture.js";
import { result } from "../result.js";
import { go } from "../state.js";

export const title = "Ecosystem map";

const NATURE_COLOURS = new Map([["tangible", "#4a6fa5"], ["intangible", "#e8a33d"]]);

/** The map's parameters: the module's, from the URL. */
const QUERY = ["center", "center_kind", "hops", "natures", "categories", "as_of", "max_nodes"];

async function fields() {
  const choices = async (name) => (await param("ecosystem_map", name)).choices;
  return [
    { name: "center", label: "Around", company: true, required: true, placeholder: "company, ecosystem or sector" },
    { name: "center_kind", label: "which is a", kind: "select", choices: await choices("center_kind"), default: "company" },
    { name: "hops", label: "Hops", kind: "number", min: 0, max: 3, default: "1" },
    { name: "max_nodes", label: "At most companies", kind: "number", min: 1, max: 5000, default: "200" },
    { name: "as_of", label: "Running on", kind: "date" },
    { name: "natures", label: "Natures", kind: "multi", choices: await choices("natures"), default: "tangible,intangible" },
    { name: "categories", label: "Categories", kind: "multi", choices: await choices("categories"), default: (await choices("categories")).join(",") },
    { name: "colour", label: "Colour companies by", kind: "select", choices: ["sector", "country", "hop"], default: "sector" },
    { name: "size", label: "Size by", kind: "select", choices: ["revenue", "value", "degree"], default: "revenue" },
    { name: "edges", label: "Colour links by", kind: "select", choices: ["nature", "category"], default: "nature" },
  ];
}

/** The answer as a graph: size and colour of nodes and links as the state asks. */
export function mapGraph(answer, state) {
  const graph = new MultiDirectedGraph();
  const nodeColour = colours(answer.nodes.map((n) => n[state.colour ?? "sector"]));
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
    revenue: (id) => graph.getNodeAttribute(id, "data").revenue,
    degree: (id) => graph.degree(id),
    value: (id) => graph.reduceEdges(id, (sum, edge) => sum + (values.get(edge) ?? 0), 0),
  }[state.size] ?? ((id) => graph.getNodeAttribute(id, "data").revenue);
  const size = scale(graph.mapNodes(measure));
  graph.forEachNode((id, attrs) => {
    graph.mergeNodeAttributes(id, { size: size(measure(id)), color: nodeColour.get(String(attrs.data[state.colour ?? "sector"] ?? "unknown")) });
  });
  return { graph, nodeColour, edgeColour };
}

export async function render(root, state) {
  root.append(form(await fields(), state, (values) => go({ view: "map", ...values })));
  if (!state.center) {
    root.append(el("p", { class: "hint" }, "Name a company (its id), an ecosystem or a sector to draw the network around it."));
    return;
  }
  const query = Object.fromEntries(QUERY.map((k) => [k, state[k]]));
  const answer = await ask("ecosystem_map", query);
  performance.mark("valuenet:map-answer"); // bench/map_draw_bench.py measures from here to the drawing
  const { graph, nodeColour, edgeColour } = mapGraph(answer, state);
  const capped = answer.edges.some((e) => e.capped);
  const limit = answer.parameters.max_nodes;
  let picture;
  const holder = result(root, {
    name: `map-${state.center}`,
    notices: [
      `${answer.nodes.length} companies, ${answer.edges.length} deliverables.`,
      ...(capped ? [`The map is capped at ${limit} companies: the closest and most strongly linked are drawn. Raise "At most companies" to see more.`] : []),
    ],
    legend: [legend(`Companies by ${state.colour ?? "sector"}`, nodeColour), legend(`Links by ${state.edges ?? "nature"}`, edgeColour)],
    image: () => picture.svg(),
    tables: [
      {
        caption: "Companies",
        file: "companies",
        columns: ["id", "name", "sector", "country", "revenue", "hop"].map((name) => ({ name })),
        rows: answer.nodes,
        cell: (column, row) => column.name === "name"
          ? el("button", { type: "button", class: "link", onclick: () => openPanel(row.id) }, row.name) : null,
      },
      { caption: "Deliverables", file: "deliverables", columns: answer.columns.filter((c) => c.name !== "capped"), rows: answer.edges },
    ],
  });
  picture = new Picture(holder, graph, { onNode: openPanel, description: `Map around ${state.center}` });
  performance.mark("valuenet:map-drawn");
  return () => picture.kill();
}
