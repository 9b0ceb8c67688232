// What breaks: companies fail; tier by tier, who loses an input, who is left with none of a
// category, and the value at risk (failure_impact), drawn in columns from the failed ones.
import { ask, param } from "../api.js";
import { el, number } from "../dom.js";
import { form } from "../form.js";
import { openPanel } from "../panel.js";
import { legend, MultiDirectedGraph, Picture, scale } from "../picture.js";
import { result } from "../result.js";
import { go } from "../state.js";

export const title = "What breaks";

const STATUS = new Map([
  ["fails", "#222222"],
  ["left with none of a category", "#b2182b"],
  ["loses an input, keeps others", "#f4a582"],
]);
const QUERY = ["companies", "max_tier", "categories", "as_of", "cascade"];

async function fields() {
  const categories = await param("failure_impact", "categories");
  return [
    { name: "companies", label: "Companies that fail (ids, comma-separated)", required: true, placeholder: "e.g. cellcorp,cathode-works" },
    { name: "max_tier", label: "Down to tier", kind: "number", min: 1, max: 10, default: "3" },
    { name: "cascade", label: "Cascade", kind: "select", choices: (await param("failure_impact", "cascade")).choices, default: "all" },
    { name: "as_of", label: "Running on", kind: "date" },
    { name: "categories", label: "Categories that count as inputs", kind: "multi", choices: categories.choices, default: categories.default.join(",") },
  ];
}

/** One entry per company hit: its lowest tier, whether it is left with none, its value at risk. */
function companiesHit(rows) {
  const hit = new Map();
  for (const row of rows) {
    const company = hit.get(row.id) ?? { id: row.id, name: row.name, sector: row.sector, tier: row.tier, none: false, value: 0 };
    company.tier = Math.min(company.tier, row.tier);
    company.none ||= row.left_with_none;
    company.value += row.value_at_risk ?? 0;
    hit.set(row.id, company);
  }
  return [...hit.values()];
}

export async function render(root, state) {
  root.append(form(await fields(), state, (values) => go({ view: "breaks", ...values })));
  if (!state.companies) {
    root.append(el("p", { class: "hint" }, "Name one or more companies (ids, comma-separated) to see who loses an input if they fail."));
    return;
  }
  const query = { ...Object.fromEntries(QUERY.map((k) => [k, state[k]])), limit: 10000 };
  const failed = state.companies.split(",").map((s) => s.trim()).filter(Boolean);
  const answer = await ask("failure_impact", query);
  // The links drawn: each company hit, from its supplier one tier closer (dependency_chain downstream).
  const chains = await Promise.all(failed.map((company) =>
    ask("dependency_chain", { company, direction: "downstream", max_tier: query.max_tier, categories: query.categories, as_of: query.as_of, limit: 10000 })));
  const hit = companiesHit(answer.rows);
  const size = scale(hit.map((c) => c.value));
  const graph = new MultiDirectedGraph();
  failed.forEach((id, i) => graph.addNode(id, { label: id, size: 12, color: STATUS.get("fails"), x: 0, y: i - (failed.length - 1) / 2, forceLabel: true }));
  const byTier = new Map();
  for (const company of hit) byTier.set(company.tier, [...(byTier.get(company.tier) ?? []), company]);
  for (const [tier, list] of byTier) {
    list.sort((a, b) => Number(b.none) - Number(a.none) || b.value - a.value);
    list.forEach((c, i) => graph.addNode(c.id, {
      label: c.name, size: size(c.value),
      color: STATUS.get(c.none ? "left with none of a category" : "loses an input, keeps others"),
      x: tier * 2, y: list.length === 1 ? 0 : (i / (list.length - 1) - 0.5) * Math.min(list.length, 12),
    }));
  }
  const linked = new Set();
  for (const row of chains.flatMap((c) => c.rows)) {
    const key = `${row.via}>${row.id}`;
    if (graph.hasNode(row.via) && graph.hasNode(row.id) && !linked.has(key)) {
      linked.add(key);
      graph.addDirectedEdge(row.via, row.id, { size: 1, color: "#9aa6b8" });
    }
  }
  const tiers = [...byTier.keys()].sort((a, b) => a - b).map((tier) => {
    const list = byTier.get(tier);
    return { tier, companies: list.length, left_with_none: list.filter((c) => c.none).length, value_at_risk: list.reduce((s, c) => s + c.value, 0) };
  });
  const none = hit.filter((c) => c.none).length;
  const atRisk = hit.reduce((s, c) => s + c.value, 0);
  let picture;
  const holder = result(root, {
    name: `breaks-${failed.join("-")}`,
    notices: [`If ${failed.join(", ")} fail: ${hit.length} companies lose an input, ${none} are left with no supplier of a category; ${number(atRisk)} of yearly value at risk.`],
    legend: [legend("Companies", STATUS)],
    image: () => picture.svg(),
    tables: [
      { caption: "Tier by tier", file: "breaks-tiers", columns: ["tier", "companies", "left_with_none", "value_at_risk"].map((name) => ({ name })), rows: tiers },
      {
        caption: "Who loses what",
        file: "breaks",
        columns: answer.columns,
        rows: answer.rows,
        cell: (column, row) => column.name === "name"
          ? el("button", { type: "button", class: "link", onclick: () => openPanel(row.id) }, row.name) : null,
      },
    ],
  });
  picture = new Picture(holder, graph, { onNode: openPanel, description: `What breaks if ${failed.join(", ")} fail` });
  return () => picture.kill();
}
