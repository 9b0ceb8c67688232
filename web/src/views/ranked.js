// Ranked lists as bars beside their table: key players and single points of failure (a
// name opens the company's map and panel), the capability landscape and market shares.
import { ask, param } from "../api.js";
import { el, number } from "../dom.js";
import { bars } from "../bars.js";
import { form } from "../form.js";
import { colours, legend } from "../picture.js";
import { result } from "../result.js";
import { go, href } from "../state.js";

/** A company's name links to its map and panel. */
const companyLink = (column, row) => column.name === "name"
  ? el("a", { href: href({ view: "map", center: row.id, panel: row.id }) }, row.name) : null;
const bySector = { title: "Bars by sector", key: (r) => r.sector };

/** A ranked view of ``module``: its form ``fields``, the bar's ``measure``, label and colour,
 * the query's names, what a table cell links to and which rows get a bar. */
function rankedView({
  view, title, module, fields, measure, query, explain,
  label = (r) => r.name, colourBy = bySector, link = companyLink, barred = () => true,
}) {
  async function render(root, state) {
    root.append(form(await fields(), state, (values) => go({ view, ...values })));
    const params = Object.fromEntries(query.map((k) => [k, state[k]]));
    const answer = await ask(module, params);
    const name = measure(state);
    const colour = colours(answer.rows.map(colourBy.key));
    const svg = bars(answer.rows.filter(barred), {
      label, value: (r) => r[name] ?? 0, colour: (r) => colour.get(String(colourBy.key(r) ?? "unknown")),
      description: `${title} by ${name}`,
    });
    const holder = result(root, {
      name: view,
      bars: true,
      notices: [explain(answer, state)],
      legend: [legend(colourBy.title, colour)],
      image: () => new XMLSerializer().serializeToString(svg),
      tables: [{
        caption: title,
        file: view,
        columns: answer.columns,
        rows: answer.rows,
        cell: link,
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

export const landscape = rankedView({
  view: "landscape",
  title: "Capability landscape",
  module: "capability_landscape",
  query: ["sector", "ecosystem", "limit"],
  measure: () => "dependents",
  colourBy: { title: "Bars by evolution stage", key: (r) => r.evolution },
  link: () => null,
  fields: async () => [
    { name: "sector", label: "Providers of sector" },
    { name: "ecosystem", label: "Providers in ecosystem (id)" },
    { name: "limit", label: "How many", kind: "number", min: 1, max: 10000, default: "100" },
  ],
  explain: (answer) =>
    `${answer.rows.length} capabilities, genesis first, as on a Wardley map (bars: the companies depending on their providers). A commodity with one provider is flagged as a risk; a genesis or custom capability with one holder as a differentiator.`,
});

export const markets = rankedView({
  view: "markets",
  title: "Markets",
  module: "market_shares",
  query: ["market", "company", "limit"],
  measure: () => "share",
  colourBy: { title: "Bars by market", key: (r) => `${r.market_name}: HHI ${number(r.hhi)}` },
  link: (column, row) => column.name === "name"
    ? el("a", { href: href({ view: "map", center: row.company, panel: row.company }) }, row.name) : null,
  fields: async () => [
    { name: "market", label: "Market (id)" },
    { name: "company", label: "Or the markets of company", company: true },
    { name: "limit", label: "How many rows", kind: "number", min: 1, max: 100000, default: "100" },
  ],
  explain: (answer) => {
    const markets = new Map(answer.rows.map((r) => [r.market, r]));
    const each = [...markets.values()].map((r) => `${r.market_name}: ${r.competitors} competitors, HHI ${number(r.hhi)}`);
    return `Each competitor's share of its market's revenue, percent (bars), by market then rank. ${each.join("; ")}. `
      + "The HHI (Herfindahl-Hirschman index) sums the squared shares: 10,000 for a monopoly. A name opens its map.";
  },
});
