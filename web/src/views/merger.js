// Merger: the parties' networks drawn together, shared customers and suppliers marked and the
// companies the merger leaves with it as only supplier of a category, with the network effect
// (the acquirer before, the parties as one company after), the markets (shares, HHI, flags,
// divestiture), the supply taken in-house and what they share.
import { ask } from "../api.js";
import { named, resolve } from "../companies.js";
import { el } from "../dom.js";
import { form } from "../form.js";
import { openPanel } from "../panel.js";
import { legend, MultiDirectedGraph, Picture, scale } from "../picture.js";
import { result } from "../result.js";
import { go } from "../state.js";

export const title = "Merger";

const ROLE = new Map([
  ["party", "#222222"],
  ["left with it as only supplier", "#ff7f0e"],
  ["shared customer or supplier", "#d62728"],
  ["the acquirer's", "#1f77b4"],
  ["a target's", "#2ca02c"],
]);
const FIELDS = [
  { name: "acquirer", label: "Acquirer (id or exact name)", company: true, required: true },
  { name: "targets", label: "Targets (ids or exact names, comma-separated)", required: true, placeholder: "e.g. autoverk,cellcorp" },
  { name: "as_of", label: "Running on", kind: "date" },
];

export async function render(root, state) {
  root.append(form(FIELDS, state, (values) => go({ view: "merger", ...values })));
  if (!state.acquirer || !state.targets) {
    root.append(el("p", { class: "hint" }, "Name an acquirer and one or more targets (ids or exact names) to see what the merger joins."));
    return;
  }
  const targets = named(state.targets);
  const asOf = state.as_of;
  // The parties as named (ids or exact names), and with their ids and names to find them in the maps.
  const [parties, effect, markets, dependencies, overlaps, maps] = await Promise.all([
    resolve([state.acquirer, ...targets]),
    ask("merger_network_effect", { acquirer: state.acquirer, targets, as_of: asOf }),
    ask("merger_markets", { acquirer: state.acquirer, targets }),
    ask("merger_dependencies", { acquirer: state.acquirer, targets, as_of: asOf }),
    Promise.all(targets.map((b) => ask("merger_overlap", { a: state.acquirer, b, as_of: asOf }))),
    Promise.all([state.acquirer, ...targets].map((center) => ask("ecosystem_map", { center, hops: 1, as_of: asOf }))),
  ]);
  const [acquirer, ...bought] = parties;
  const ids = parties.map((c) => c.id);
  const overlap = overlaps.flatMap((answer, i) => answer.rows.map((row) => ({ target: bought[i].id, ...row })));
  const figure = (name) => effect.rows.find((r) => r.figure === name && r.category == null);
  const sole = new Set(figure("sole_sourced").gained);
  const shared = new Set(overlap.filter((r) => r.side === "both" && ["customers", "suppliers"].includes(r.dimension)).map((r) => r.item));
  const graph = new MultiDirectedGraph();
  maps.forEach((answer, i) => {
    for (const node of answer.nodes) {
      const role = ids.includes(node.id) ? "party" : sole.has(node.id) ? "left with it as only supplier" : shared.has(node.id) ? "shared customer or supplier" : i === 0 ? "the acquirer's" : "a target's";
      if (!graph.hasNode(node.id)) graph.addNode(node.id, { label: node.name, data: node, role });
    }
    for (const edge of answer.edges) {
      if (!graph.hasEdge(edge.id)) graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, { value: edge.value, color: "#b8c2d0" });
    }
  });
  const size = scale(graph.mapNodes((_id, a) => a.data.revenue));
  const width = scale(graph.mapEdges((_id, a) => a.value));
  graph.forEachNode((id, a) => graph.mergeNodeAttributes(id, {
    color: ROLE.get(a.role), size: a.role === "party" ? 16 : size(a.data.revenue), forceLabel: a.role !== "the acquirer's" && a.role !== "a target's",
  }));
  graph.forEachEdge((id, a) => graph.setEdgeAttribute(id, "size", width(a.value) / 4));
  const flagged = markets.rows.filter((r) => r.presumed);
  const [reach, rank, spofs] = ["reach_downstream", "pagerank_rank", "single_points_of_failure"].map(figure);
  const names = (list) => (list.length ? list.join(", ") : "none");
  let picture;
  const holder = result(root, {
    name: `merger-${ids.join("-")}`,
    notices: [
      `${acquirer.name} acquiring ${bought.map((c) => c.name).join(", ")}: ${markets.rows.length} markets, ${flagged.length} presumed to lessen competition; ` +
        `${shared.size} customers or suppliers shared; supplies taken in-house: ${dependencies.rows.filter((r) => r.kind === "in_house").length}.`,
      `As one company: ${reach.before} → ${reach.after} companies downstream, PageRank rank ${rank.before} → ${rank.after}; ` +
        `${sole.size} companies left with it as only supplier of a category; single points of failure created: ` +
        `${names(spofs.gained)}, removed: ${names(spofs.lost)}.`,
    ],
    legend: [legend("Companies", ROLE)],
    image: () => picture.svg(),
    tables: [
      {
        caption: "Network effect (the acquirer before, the parties as one company after)",
        file: "merger-network-effect",
        columns: effect.columns,
        rows: effect.rows,
        // Scores of hundreds of companies sum to 1: two decimals would show them all as 0.
        cell: (column, row) => row.figure === "pagerank" && typeof row[column.name] === "number"
          ? row[column.name].toPrecision(4) : null,
      },
      {
        caption: "Markets",
        file: "merger-markets",
        columns: markets.columns,
        rows: markets.rows,
      },
      {
        caption: "Dependencies",
        file: "merger-dependencies",
        columns: dependencies.columns,
        rows: dependencies.rows,
        cell: (column, row) => column.name === "receiver_name"
          ? el("button", { type: "button", class: "link", onclick: () => openPanel(row.receiver) }, row.receiver_name) : null,
      },
      {
        caption: "What they share and bring",
        file: "merger-overlap",
        columns: [{ name: "target" }, ...overlaps[0].columns],
        rows: overlap,
      },
    ],
  });
  picture = new Picture(holder, graph, { onNode: openPanel, description: `Merger of ${parties.map((c) => c.name).join(", ")}` });
  return () => picture.kill();
}
