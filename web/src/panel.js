// The company panel: a company's profile, its value in and out by nature and category, its
// counterparts, and links to every view about it.
import { ask } from "./api.js";
import { el, number } from "./dom.js";
import { href, setParam } from "./state.js";
import { table } from "./table.js";

function sums(rows, key) {
  const groups = new Map();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k) ?? { ...row, value_in: 0, value_out: 0 };
    group.value_in += row.value_in ?? 0;
    group.value_out += row.value_out ?? 0;
    groups.set(k, group);
  }
  return [...groups.values()];
}

function facts(profile) {
  const items = [
    ["Id", profile.id], ["Kind", profile.kind], ["Sector", profile.sector], ["Country", profile.country],
    ["Revenue", number(profile.revenue)], ["Employees", number(profile.employees)], ["Founded", profile.founded],
    ["Value in (yearly)", number(profile.value_in)], ["Value out (yearly)", number(profile.value_out)],
    ["Suppliers", profile.supplier_count], ["Customers", profile.customer_count],
    ["Ecosystems", (profile.ecosystems ?? []).join(", ")],
    ["Capabilities", (profile.capabilities ?? []).map((c) => c.name).join(", ")],
  ];
  return el("dl", {}, items.filter(([, v]) => v != null && v !== "").map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

/** Open the panel on company ``id`` (and say so in the URL). */
export async function openPanel(id) {
  const panel = document.getElementById("panel");
  setParam("panel", id);
  panel.hidden = false;
  panel.replaceChildren(el("p", { role: "status" }, "Loading…"));
  try {
    const [profile, exchange] = await Promise.all([
      ask("company_profile", { id }).then((a) => a.rows[0]),
      ask("value_exchange", { company: id, limit: 1000 }),
    ]);
    const close = el("button", { type: "button", class: "close", "aria-label": "Close the panel",
      onclick: () => { panel.hidden = true; setParam("panel", ""); } }, "×");
    const views = [
      ["Map around it", { view: "map", center: id, hops: 1, panel: id }],
      ["What it depends on", { view: "chain", company: id, direction: "upstream" }],
      ["Who depends on it", { view: "chain", company: id, direction: "downstream" }],
      ["Its roles", { view: "enterprise", company: id }],
      ["What breaks if it fails", { view: "breaks", companies: id }],
      ["Merger with it as acquirer", { view: "merger", acquirer: id }],
      ["Its markets", { view: "markets", company: id }],
    ];
    panel.replaceChildren(
      close,
      el("h2", { id: "panel-title", tabindex: -1 }, profile.name),
      facts(profile),
      el("nav", { "aria-label": `Views about ${profile.name}` },
        el("ul", {}, views.map(([label, state]) => el("li", {}, el("a", { href: href(state) }, label))))),
      table({
        caption: "Value in and out by nature and category",
        columns: ["nature", "category", "value_in", "value_out"].map((name) => ({ name })),
        rows: sums(exchange.rows, (r) => `${r.nature}/${r.category}`),
      }),
      table({
        caption: "Counterparts",
        columns: [{ name: "counterpart_name", label: "counterpart" }, { name: "value_in" }, { name: "value_out" }, { name: "reciprocal" }],
        rows: sums(exchange.rows, (r) => r.counterpart).sort((a, b) => b.value_in + b.value_out - a.value_in - a.value_out),
        cell: (column, row) => column.name === "counterpart_name"
          ? el("button", { type: "button", class: "link", onclick: () => openPanel(row.counterpart) }, row.counterpart_name) : null,
      }),
    );
    document.getElementById("panel-title").focus();
  } catch (error) {
    panel.replaceChildren(el("p", { class: "error", role: "alert" }, error.message));
  }
}
