// Dependency chain: tier-N suppliers (upstream) or customers (downstream), laid out in columns or rings,
// as companies, as their sectors tier by tier, or as roles (zoom).
import { ask, param } from "../api.js";
import { el } from "../dom.js";
import { form } from "../form.js";
import { openPanel } from "../panel.js";
import { colours, legend, MultiDirectedGraph, Picture, scale } from "../picture.js";
import { result } from "../result.js";
import { go, href } from "../state.js";
import { zoomField } from "../zoom.js";

export const title = "Dependency chain";

const QUERY = ["company", "direction", "zoom", "max_tier", "critical_only", "categories", "as_of", "limit", "offset"];
const PAGE = "500";
/** Chains of at most this many nodes label every node (more crowd the columns); larger ones the largest only. */
const LABELLED = 24;

async function fields() {
  const [categories, direction] = await Promise.all([param("dependency_chain", "categories"), param("dependency_chain", "direction")]);
  return [
    { name: "company", label: "Company", company: true, required: true },
    { name: "direction", label: "Direction", kind: "select", choices: direction.choices, default: direction.default },
    await zoomField("dependency_chain"),
    { name: "max_tier", label: "Down to tier", kind: "number", min: 1, max: 10, default: "3" },
    { name: "as_of", label: "Running on", kind: "date" },
    { name: "layout", label: "Layout", kind: "select", choices: ["columns", "rings"], default: "columns" },
    { name: "critical_only", label: "Critical deliverables only", kind: "check", default: "false" },
    { name: "categories", label: "Categories that make a dependency", kind: "multi", choices: categories.choices, default: categories.default.join(",") },
  ];
}

/**
 * Where each node ({id, via}: via the node one tier closer) goes, tier by tier, each tier
 * sorted by the nodes one tier closer so that links seldom cross. Columns: suppliers left of
 * the company, customers right, each tier spread evenly. Rings: each node's arc of its ring
 * is split among the nodes it links to one ring further out, so a branch keeps to its own side.
 */
function positions(startId, tiers, layout, direction) {
  const arc = new Map([[startId, [0, 1]]]);
  const order = new Map([[startId, 0]]);
  const at = new Map([[startId, { x: 0, y: 0 }]]);
  for (const [tier, list] of tiers) {
    list.sort((a, b) => (order.get(a.via) ?? 0) - (order.get(b.via) ?? 0));
    list.forEach((row, i) => order.set(row.id, i));
    const siblings = new Map();
    for (const row of list) siblings.set(row.via, [...(siblings.get(row.via) ?? []), row]);
    for (const [via, group] of siblings) {
      const [from, to] = arc.get(via) ?? [0, 1]; // a company linked to one on another page: the whole ring
      group.forEach((row, i) => arc.set(row.id, [from + ((to - from) * i) / group.length, from + ((to - from) * (i + 1)) / group.length]));
    }
    list.forEach((row, i) => {
      const [from, to] = arc.get(row.id);
      const angle = Math.PI * (from + to);
      at.set(row.id, layout === "rings"
        ? { x: tier * Math.cos(angle), y: tier * Math.sin(angle) }
        : { x: (direction === "upstream" ? -2 : 2) * tier, y: list.length === 1 ? 0 : (i / (list.length - 1) - 0.5) * Math.min(list.length, 12) });
    });
  }
  return at;
}

/**
 * Per zoom: a row's node in the picture and the node one tier closer (tier 1's is the company
 * itself), how the first line counts the rows and what the legend's colours are. A sector
 * shows at each tier that reaches some of its companies: a node per tier and sector.
 */
const ZOOMS = {
  company: {
    node: (row) => row.id, closer: (row) => row.via,
    count: (rows, who) => `${rows.length} ${who}`,
    colours: "Companies by sector",
  },
  sector: {
    node: (row) => `${row.tier}:${row.id}`, closer: (row) => `${row.tier - 1}:${row.via}`,
    count: (rows, who) => `${rows.length} sectors, tier by tier, of the ${rows.reduce((n, r) => n + r.companies, 0)} ${who}`,
    colours: "Sectors (the company by its own)",
  },
  role: {
    node: (row) => row.id, closer: (row) => row.via,
    count: (rows, who) => `${rows.length} roles of ${new Set(rows.map((r) => r.company)).size} companies, ${who}`,
    colours: "Roles by their company's sector",
  },
};

export async function render(root, given) {
  // An older link may say up or down: the words the module turns them into.
  const { aliases, default: fallback } = await param("dependency_chain", "direction");
  const state = given.direction ? { ...given, direction: aliases[given.direction] ?? given.direction } : given;
  root.append(form(await fields(), state, (values) => go({ view: "chain", ...values })));
  if (!state.company) {
    root.append(el("p", { class: "hint" }, "Name a company (its id) to follow what it depends on (upstream) or who depends on it (downstream)."));
    return;
  }
  const query = Object.fromEntries(QUERY.map((k) => [k, state[k]]));
  query.limit ??= PAGE;
  const direction = state.direction ?? fallback;
  const [answer, profile] = await Promise.all([
    ask("dependency_chain", query),
    ask("company_profile", { id: state.company, limit: 1 }),
  ]);
  const start = profile.rows[0];
  const rows = answer.rows;
  const zoom = ZOOMS[answer.parameters.zoom] ?? ZOOMS.company;
  const nodes = rows.map((row) => ({ row, id: zoom.node(row), via: row.tier === 1 ? start.id : zoom.closer(row) }));
  const graph = new MultiDirectedGraph();
  const sectorColour = colours([start.sector, ...rows.map((r) => r.sector)]);
  const size = scale(rows.map((r) => r.value));
  const byTier = new Map();
  for (const node of nodes) byTier.set(node.row.tier, [...(byTier.get(node.row.tier) ?? []), node]);
  graph.addNode(start.id, {
    label: start.name, size: 14, color: sectorColour.get(String(start.sector)), x: 0, y: 0, forceLabel: true, company: start.id,
  });
  const at = positions(start.id, [...byTier].sort(([a], [b]) => a - b), state.layout, direction);
  for (const { row, id } of nodes) {
    graph.addNode(id, {
      label: row.name, size: size(row.value), color: sectorColour.get(String(row.sector ?? "unknown")), ...at.get(id),
      company: row.company,
    });
  }
  if (graph.order <= LABELLED) graph.forEachNode((id) => graph.setNodeAttribute(id, "forceLabel", true));
  for (const { row, id, via } of nodes) {
    if (!graph.hasNode(via)) continue;
    const [source, target] = direction === "upstream" ? [id, via] : [via, id];
    graph.addDirectedEdge(source, target, { size: 1 + size(row.value) / 6, color: "#8aa1c4" });
  }
  const tiers = [...byTier.keys()];
  let picture;
  const offset = Number(state.offset ?? 0);
  const full = rows.length === Number(query.limit);
  const holder = result(root, {
    name: `chain-${direction}-${state.company}`,
    notices: [
      `${zoom.count(rows, direction === "upstream" ? "suppliers" : "customers")} of ${start.name} in ${tiers.length} tier${tiers.length === 1 ? "" : "s"}` +
        (offset || full ? ` (rows ${offset + 1}–${offset + rows.length}).` : "."),
      ...(full ? [`This is one page of ${query.limit} rows: the next page holds more.`] : []),
    ],
    legend: [legend(zoom.colours, sectorColour)],
    image: () => picture.svg(),
    tables: [{
      caption: direction === "upstream" ? "What it depends on, tier by tier" : "Who depends on it, tier by tier",
      file: "chain",
      columns: answer.columns,
      rows,
      cell: (column, row) => column.name === "name" && row.company
        ? el("button", { type: "button", class: "link", onclick: () => openPanel(row.company) }, row.name) : null,
    }],
  });
  if (full) root.append(el("nav", { class: "pager", "aria-label": "Pages" },
    el("a", { href: href({ ...state, offset: offset + Number(query.limit) }) }, "Next page")));
  // A click opens the panel of the company a node is or belongs to (a sector is none).
  const onNode = (id) => {
    const company = graph.getNodeAttribute(id, "company");
    if (company) openPanel(company);
  };
  picture = new Picture(holder, graph, { onNode, description: `Dependency chain ${direction} from ${start.name}` });
  return () => picture.kill();
}
