// Key players and single points of failure: ranked lists, as bars beside their table; a
// name opens the company's map and panel.
import { ask, param } from "../api.js";
import { el } from "../dom.js";
import { bars } from "../bars.js";
import { form } from "../form.js";
import { colours, legend } from "../picture.js";
import { result } from "../result.js";
import { go, href } from "../state.js";

/** A ranked view of ``module``: its form ``fields``, the bar's ``measure`` and the query's names. */
function rankedView({ view, title, module, fields, measure, query, explain }) {
  async function render(root, state) {
    root.append(form(await fields(), state, (values) => go({ view, ...values })));
    const params = Object.fromEntries(query.map((k) => [k, state[k]]));
    const answer = await ask(module, params);
    const name = measure(state);
    const sectorColour = colours(answer.rows.map((r) => r.sector));
    const svg = bars(answer.rows, {
      label: (r) => r.name, value: (r) => r[name] ?? 0, colour: (r) => sectorColour.get(String(r.sector ?? "unknown")),
      description: `${title} by ${name}`,
    });
    const holder = result(root, {
      name: view,
      bars: true,
      notices: [explain(answer, state)],
      legend: [legend("Bars by sector", sectorColour)],
      image: () => new XMLSerializer().serializeToString(svg),
      tables: [{
        caption: title,
        file: view,
        columns: answer.columns,
        rows: answer.rows,
        cell: (column, row) => column.name === "name"
          ? el("a", { href: href({ view: "map", center: row.id, panel: row.id }) }, row.name) : null,
      }],
    });
    holder.append(svg);
  }
  return { title, render };
}

export const players = rankedView({
  view: "players",
  title: "Key players",
  module: "key_players",
  query: ["sector", "ecosystem", "measure", "limit"],
  measure: (state) => (state.measure === "pagerank" ? "pagerank" : state.measure === "value" ? "value" : "degree"),
  fields: async () => [
    { name: "measure", label: "Ranked by", kind: "select", choices: (await param("key_players", "measure")).choices, default: "degree" },
    { name: "sector", label: "Sector" },
    { name: "ecosystem", label: "Ecosystem (id)" },
    { name: "limit", label: "How many", kind: "number", min: 1, max: 10000, default: "20" },
  ],
  explain: (answer) => `The ${answer.rows.length} first companies by ${answer.parameters.measure}. A name opens its map.`,
});

export const spof = rankedView({
  view: "spof",
  title: "Single points of failure",
  module: "single_points_of_failure",
  query: ["sector", "ecosystem", "min_receivers", "categories", "as_of", "limit"],
  measure: () => "receivers",
  fields: async () => {
    const categories = await param("single_points_of_failure", "categories");
    return [
      { name: "min_receivers", label: "Sole supplier of at least", kind: "number", min: 1, default: "2" },
      { name: "sector", label: "Sector" },
      { name: "ecosystem", label: "Ecosystem (id)" },
      { name: "as_of", label: "Running on", kind: "date" },
      { name: "limit", label: "How many", kind: "number", min: 1, max: 10000, default: "50" },
      { name: "categories", label: "Categories that count as inputs", kind: "multi", choices: categories.choices, default: categories.default.join(",") },
    ];
  },
  explain: (answer) =>
    `${answer.rows.length} suppliers are the only source of a category for at least ${answer.parameters.min_receivers} companies (bars: those companies). A name opens its map.`,
});
