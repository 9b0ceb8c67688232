// Value exchanges (value network analysis) of the network, a sector or an ecosystem: each pair
// of companies (or sectors: zoom) that exchange something drawn as a link each way something
// flows, coloured by whether the pair is reciprocal or one-way and as wide as the value that
// way; beside it the scope's indicators (exchange_indicators), the pairs, and the rows of
// exchange_analysis by nature and category.
import { ask } from "../api.js";
import { el } from "../dom.js";
import { form } from "../form.js";
import { openPanel } from "../panel.js";
import { legend, MultiDirectedGraph, Picture, scale } from "../picture.js";
import { result } from "../result.js";
import { go, href } from "../state.js";
import { zoomField } from "../zoom.js";

export const title = "Value exchanges";

const QUERY = ["zoom", "sector", "ecosystem", "as_of", "limit", "offset"];
const SCOPE = ["sector", "ecosystem", "as_of"];
const PAGE = "5000";
const EXCHANGE_COLOURS = new Map([["reciprocal", "#2a9d8f"], ["one-way", "#d1495b"]]);
const NODE = "#2457a6";
const COUNTERPART = "#9aa3b2";
/** Pictures of at most this many nodes label every node; larger ones the largest only. */
const LABELLED = 60;

async function fields() {
  return [
    await zoomField("exchange_analysis"),
    { name: "sector", label: "Companies of sector" },
    { name: "ecosystem", label: "Companies in ecosystem (id)" },
    { name: "as_of", label: "Running on", kind: "date" },
  ];
}

/** A share as a percent. */
const percent = (share) => (share ?? 0).toLocaleString("en", { style: "percent", maximumFractionDigits: 1 });

/** One row per node and counterpart, in the module's order: its values and deliverables summed over every category. */
function pairs(rows) {
  const byPair = new Map();
  for (const row of rows) {
    const key = JSON.stringify([row.node, row.counterpart]);
    const pair = byPair.get(key) ?? { ...row, value_out: 0, value_in: 0, deliverables_out: 0, deliverables_in: 0 };
    for (const sum of ["value_out", "value_in", "deliverables_out", "deliverables_in"]) pair[sum] += row[sum];
    byPair.set(key, pair);
  }
  return [...byPair.values()];
}

/**
 * The pairs as a graph: each pair once (from the first node that names it, as both ends of a
 * pair in the scope name it), a link each way something flows, coloured by the pair's kind and
 * as wide as the value that way; nodes as large as the value they exchange, the answer's
 * nodes in colour and those only their counterparts (outside the scope, or on another page)
 * in grey. A sector's exchanges inside itself are not drawn.
 */
function pairGraph(pairRows) {
  const graph = new MultiDirectedGraph();
  const nodes = new Set(pairRows.map((p) => p.node));
  const seen = new Set();
  const drawn = pairRows.filter((p) => {
    const key = JSON.stringify([p.node, p.counterpart].sort());
    if (p.node === p.counterpart || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const width = scale(drawn.flatMap((p) => [p.value_out, p.value_in]));
  const exchanged = new Map();
  for (const p of drawn) {
    for (const [id, name] of [[p.node, p.node_name], [p.counterpart, p.counterpart_name]]) {
      if (!graph.hasNode(id)) graph.addNode(id, { label: name || "(no sector)", color: nodes.has(id) ? NODE : COUNTERPART });
      exchanged.set(id, (exchanged.get(id) ?? 0) + p.value_out + p.value_in);
    }
    const exchange = p.exchange === "reciprocal" ? "reciprocal" : "one-way";
    const color = EXCHANGE_COLOURS.get(exchange);
    if (p.deliverables_out) graph.addDirectedEdge(p.node, p.counterpart, { color, size: width(p.value_out) / 4, exchange });
    if (p.deliverables_in) graph.addDirectedEdge(p.counterpart, p.node, { color, size: width(p.value_in) / 4, exchange });
  }
  const size = scale([...exchanged.values()]);
  const labelled = graph.order <= LABELLED;
  graph.forEachNode((id) => graph.mergeNodeAttributes(id, { size: size(exchanged.get(id)), forceLabel: labelled }));
  return { graph, drawn, counterparts: graph.someNode((id) => !nodes.has(id)) };
}

/** What the scope's indicators say (its ``all`` row) and what the picture draws, in words. */
function summary(all, { graph, drawn, counterparts }, sectors) {
  if (!all) return "Nothing flows in this scope.";
  const scope = `${all.pairs} pairs of companies exchange value: ${percent(all.reciprocity)} both ways; `
    + `${all.one_way_dependencies} depend one way; ${percent(all.intangible_share)} of the value is intangible.`;
  const reciprocal = drawn.filter((p) => p.exchange === "reciprocal").length;
  return `${scope} Drawn: ${graph.order} ${sectors ? "sectors" : "companies"}`
    + `${counterparts ? " (those only counterparts in grey)" : ""}, ${drawn.length} pairs: ${reciprocal} reciprocal, `
    + `${drawn.length - reciprocal} one-way (an arrow from the giver to the receiver)`
    + (sectors ? "; a sector's exchanges inside itself are in the tables only. A sector opens its companies." : ". A company opens its panel.");
}

export async function render(root, state) {
  root.append(form(await fields(), state, (values) => go({ view: "exchanges", ...values })));
  const query = Object.fromEntries(QUERY.map((k) => [k, state[k]]));
  query.limit ??= PAGE;
  const [answer, indicators] = await Promise.all([
    ask("exchange_analysis", query),
    ask("exchange_indicators", Object.fromEntries(SCOPE.map((k) => [k, state[k]]))),
  ]);
  const sectors = answer.parameters.zoom === "sector";
  const pairRows = pairs(answer.rows);
  const drawing = pairGraph(pairRows);
  const { graph } = drawing;
  const all = indicators.rows.find((r) => r.category === "all");
  const offset = Number(state.offset ?? 0);
  // A node opens its company's panel, or a sector the same view of its companies (in the
  // ecosystem, if one is chosen); companies with no sector are no scope the module takes.
  const zoomInto = (sector) => sector && go({ view: "exchanges", ...state, zoom: "company", sector, offset: "" });
  const open = sectors ? zoomInto : openPanel;
  const nodeLink = (id, name) => id
    ? el("button", { type: "button", class: "link", onclick: () => open(id) }, name) : "(no sector)";
  let picture;
  const holder = result(root, {
    name: `exchanges-${answer.parameters.zoom}${state.sector ? `-${state.sector}` : ""}${state.ecosystem ? `-${state.ecosystem}` : ""}`,
    notices: [
      summary(all, drawing, sectors),
      ...(answer.page.has_more
        ? [`This is one page of ${query.limit} rows (rows ${offset + 1}–${offset + answer.rows.length}): the next page holds more.`] : []),
    ],
    legend: [
      legend("Pairs (reciprocal: both ways)", EXCHANGE_COLOURS),
      legend("Nodes", new Map([["of the answer", NODE], ...(drawing.counterparts ? [["only a counterpart", COUNTERPART]] : [])])),
    ],
    image: () => picture.svg(),
    tables: [
      { caption: "Indicators of the scope, per category", file: "exchange-indicators", columns: indicators.columns, rows: indicators.rows },
      {
        caption: "Pairs: what each gives and receives",
        file: "exchange-pairs",
        columns: [
          { name: "node_name", label: sectors ? "sector" : "company" }, { name: "counterpart_name", label: "counterpart" },
          { name: "exchange" }, { name: "value_out", label: "given" }, { name: "value_in", label: "received" },
          { name: "balance" }, { name: "intangible_share", label: "intangible share" },
        ],
        rows: pairRows,
        cell: (column, row) => column.name === "node_name" ? nodeLink(row.node, row.node_name)
          : column.name === "counterpart_name" ? nodeLink(row.counterpart, row.counterpart_name) : null,
      },
      { caption: "What flows each way, by nature and category", file: "exchange-analysis", columns: answer.columns, rows: answer.rows },
    ],
  });
  if (answer.page.has_more) root.append(el("nav", { class: "pager", "aria-label": "Pages" },
    el("a", { href: href({ ...state, offset: offset + Number(query.limit) }) }, "Next page")));
  picture = new Picture(holder, graph, { onNode: open, description: `Value exchanges by ${sectors ? "sector" : "company"}` });
  return () => picture.kill();
}
