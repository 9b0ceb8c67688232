// What breaks: companies fail; round by round, who loses an input, who fails in turn (left
// with no supplier of a category), and the value at risk (failure_impact), drawn in columns
// by round, from the failed ones on the left; each link is a supplier lost.
import { ask, param } from "../api.js";
import { named, resolve } from "../companies.js";
import { el, number } from "../dom.js";
import { form } from "../form.js";
import { openPanel } from "../panel.js";
import { legend, MultiDirectedGraph, Picture, scale } from "../picture.js";
import { result } from "../result.js";
import { go } from "../state.js";

export const title = "What breaks";

const STATUS = new Map([
  ["failed (named, round 0)", "#222222"],
  ["fails in turn", "#b2182b"],
  ["loses an input, keeps others", "#f4a582"],
]);
const [NAMED, FAILS, KEEPS] = STATUS.values();
const QUERY = ["companies", "mode", "categories", "as_of"];

async function fields() {
  const [categories, mode] = await Promise.all([param("failure_impact", "categories"), param("failure_impact", "mode")]);
  return [
    { name: "companies", label: "Companies that fail (ids or exact names, comma-separated)", required: true, placeholder: "e.g. cellcorp,cathode-works" },
    {
      name: "mode", label: "Mode", kind: "select", choices: mode.choices, default: mode.default,
      help: "full: a company fails once it has no supplier left of a category, and the failures go on until nothing changes; "
        + "direct: only the named companies' direct customers; all: every company that loses an input stops delivering too (the worst case).",
    },
    { name: "as_of", label: "Running on", kind: "date" },
    { name: "categories", label: "Categories that count as inputs", kind: "multi", choices: categories.choices, default: categories.default.join(",") },
  ];
}

/** One entry per company hit: the round it is drawn in (it fails then, or first loses an
 * input), whether it fails, and its value at risk over every round. */
function companiesHit(rows) {
  const hit = new Map();
  for (const row of rows) {
    const company = hit.get(row.id) ?? { id: row.id, name: row.name, first: row.round, failed: row.failed, failedRound: row.failed_round, value: 0 };
    company.first = Math.min(company.first, row.round);
    company.value += row.value_at_risk ?? 0;
    hit.set(row.id, company);
  }
  for (const company of hit.values()) company.round = company.failed ? company.failedRound : company.first;
  return [...hit.values()];
}

/** Per round: the companies losing an input in it, those failing in it, and the value at risk. */
function byRound(rows, hit) {
  const rounds = new Map();
  const at = (round) => rounds.get(round) ?? rounds.set(round, { round, losing_an_input: new Set(), failing: 0, value_at_risk: 0 }).get(round);
  for (const row of rows) {
    const entry = at(row.round);
    entry.losing_an_input.add(row.id);
    entry.value_at_risk += row.value_at_risk ?? 0;
  }
  for (const company of hit) if (company.failed) at(company.failedRound).failing += 1;
  return [...rounds.values()].sort((a, b) => a.round - b.round)
    .map((r) => ({ ...r, losing_an_input: r.losing_an_input.size }));
}

export async function render(root, given) {
  // An older link may say cascade=broken: the word the module turns it into.
  const { aliases } = await param("failure_impact", "mode");
  const state = given.mode ? { ...given, mode: aliases[given.mode] ?? given.mode } : given;
  root.append(form(await fields(), state, (values) => go({ view: "breaks", ...values })));
  if (!state.companies) {
    root.append(el("p", { class: "hint" }, "Name one or more companies (ids or exact names, comma-separated) to see who loses an input, and who fails in turn, if they fail."));
    return;
  }
  const query = { ...Object.fromEntries(QUERY.map((k) => [k, state[k]])), limit: 10000 };
  const [answer, failed] = await Promise.all([ask("failure_impact", query), resolve(named(state.companies))]);
  const names = failed.map((c) => c.name).join(", ");
  const hit = companiesHit(answer.rows);
  const size = scale(hit.map((c) => c.value));
  const graph = new MultiDirectedGraph();
  failed.forEach((c, i) => graph.addNode(c.id, { label: c.name, size: 12, color: NAMED, x: 0, y: i - (failed.length - 1) / 2, forceLabel: true }));
  const columns = new Map();
  for (const company of hit) columns.set(company.round, [...(columns.get(company.round) ?? []), company]);
  for (const [round, list] of columns) {
    list.sort((a, b) => Number(b.failed) - Number(a.failed) || b.value - a.value);
    list.forEach((c, i) => graph.addNode(c.id, {
      label: c.name, size: size(c.value), color: c.failed ? FAILS : KEEPS,
      x: round * 2, y: list.length === 1 ? 0 : (i / (list.length - 1) - 0.5) * Math.min(list.length, 12),
    }));
  }
  for (const row of answer.rows) {
    for (const supplier of row.lost_from) {
      if (graph.hasNode(supplier) && !graph.hasDirectedEdge(supplier, row.id)) {
        graph.addDirectedEdge(supplier, row.id, { size: 1, color: "#9aa6b8" });
      }
    }
  }
  const rounds = byRound(answer.rows, hit);
  const fails = hit.filter((c) => c.failed).length;
  const atRisk = hit.reduce((s, c) => s + c.value, 0);
  const last = rounds.length ? rounds[rounds.length - 1].round : 0;
  let picture;
  const holder = result(root, {
    name: `breaks-${failed.map((c) => c.id).join("-")}`,
    notices: [`If ${names} fail: ${hit.length} companies lose an input, ${fails} fail in turn, over ${last} rounds; ${number(atRisk)} of yearly value at risk.`],
    legend: [
      legend("Companies", STATUS),
      el("div", { class: "legend" }, el("span", { class: "legend-title" }, "Columns, left to right: the round a company fails in, or first loses an input"),
        [0, ...columns.keys()].sort((a, b) => a - b).map((round) => el("span", { class: "legend-item" }, `round ${round}`))),
    ],
    image: () => picture.svg(),
    tables: [
      { caption: "Round by round", file: "breaks-rounds", columns: ["round", "losing_an_input", "failing", "value_at_risk"].map((name) => ({ name })), rows: rounds },
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
  picture = new Picture(holder, graph, { onNode: openPanel, description: `What breaks if ${names} fail` });
  return () => picture.kill();
}
