// Find: companies by name fragment, sector and country; a name opens its panel and map.
import { ask } from "../api.js";
import { el } from "../dom.js";
import { form } from "../form.js";
import { result } from "../result.js";
import { go, href } from "../state.js";

const FIELDS = [
  { name: "q", label: "Name contains", placeholder: "e.g. volt" },
  { name: "sector", label: "Sector" },
  { name: "country", label: "Country", placeholder: "e.g. DE" },
];
const PAGE = 50;

export const title = "Find";

export async function render(root, state) {
  root.append(form(FIELDS, state, (values) => go({ view: "find", ...values }), "Search"));
  const offset = Number(state.offset ?? 0);
  const answer = await ask("search_companies", { q: state.q ?? "", sector: state.sector, country: state.country, limit: PAGE, offset });
  const columns = answer.columns.map((c) => ({ name: c.name }));
  result(root, {
    name: "companies",
    tables: [{
      caption: `Companies ${offset + 1}–${offset + answer.rows.length}`,
      columns,
      rows: answer.rows,
      file: "companies",
      cell: (column, row) => column.name === "name"
        ? el("a", { href: href({ view: "map", center: row.id, panel: row.id }) }, row.name) : null,
    }],
  });
  const pager = el("nav", { class: "pager", "aria-label": "Pages" });
  if (offset > 0) pager.append(el("a", { href: href({ ...state, offset: Math.max(0, offset - PAGE) }) }, "Previous page"));
  if (answer.rows.length === PAGE) pager.append(el("a", { href: href({ ...state, offset: offset + PAGE }) }, "Next page"));
  root.append(pager);
}
