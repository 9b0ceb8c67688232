// Network changes: between two days, the key figures before and after (network_change_figures)
// as bars, one chart per figure, and what started, ended, entered and left (network_changes).
import { ask } from "../api.js";
import { bars } from "../bars.js";
import { el, number } from "../dom.js";
import { form } from "../form.js";
import { openPanel } from "../panel.js";
import { legend } from "../picture.js";
import { result } from "../result.js";
import { go } from "../state.js";

export const title = "Network changes";

const QUERY = ["from", "to", "sector", "ecosystem"];
const DAY = new Map([["before (from)", "#9aa6b8"], ["after (to)", "#1f77b4"]]);
const [BEFORE, AFTER] = DAY.values();
const FIGURES = new Map([
  ["flows", "Deliverables running, by category"],
  ["value", "Their yearly value, by category"],
  ["single_points_of_failure", "Single points of failure, by category"],
  ["suppliers", "Suppliers of the largest customers"],
]);
const NS = "http://www.w3.org/2000/svg";

const FIELDS = [
  { name: "from", label: "From", kind: "date", required: true },
  { name: "to", label: "To", kind: "date", required: true },
  { name: "sector", label: "Sector" },
  { name: "ecosystem", label: "Ecosystem (id)" },
];

/** One SVG of a chart per figure, stacked: each key's value before and after as two bars (the
 * totals, key all, are in the notice: they would dwarf the categories' bars). */
function charts(rows) {
  const svg = document.createElementNS(NS, "svg");
  let height = 0;
  let width = 0;
  for (const [figure, caption] of FIGURES) {
    const pairs = rows.filter((r) => r.figure === figure && r.key !== "all")
      .flatMap((r) => [{ label: `${r.key} before`, value: r.before, colour: BEFORE }, { label: `${r.key} after`, value: r.after, colour: AFTER }]);
    if (!pairs.length) continue;
    const heading = document.createElementNS(NS, "text");
    for (const [k, v] of Object.entries({ x: 8, y: height + 18, "font-family": "sans-serif", "font-size": 13, "font-weight": "bold" })) heading.setAttribute(k, String(v));
    heading.textContent = caption;
    const chart = bars(pairs, { label: (p) => p.label, value: (p) => p.value ?? 0, colour: (p) => p.colour, description: caption });
    chart.setAttribute("y", String(height + 26));
    svg.append(heading, chart);
    height += 26 + Number(chart.getAttribute("height"));
    width = Math.max(width, Number(chart.getAttribute("width")));
  }
  for (const [k, v] of Object.entries({ xmlns: NS, width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Key figures before and after" })) {
    svg.setAttribute(k, String(v));
  }
  return svg;
}

/** How many of ``rows`` are of ``kind`` and changed so. */
const counted = (rows, kind, change) => rows.filter((r) => r.kind === kind && r.change === change).length;

export async function render(root, state) {
  root.append(form(FIELDS, state, (values) => go({ view: "changes", ...values })));
  if (!state.from || !state.to) {
    root.append(el("p", { class: "hint" }, "Give two days to see what started, ended, entered and left between them, and how the key figures changed."));
    return;
  }
  const params = Object.fromEntries(QUERY.map((k) => [k, state[k]]));
  const [figures, changes] = await Promise.all([
    ask("network_change_figures", params),
    ask("network_changes", { ...params, limit: 100000 }),
  ]);
  const total = (figure) => figures.rows.find((r) => r.figure === figure && r.key === "all");
  const [flows, value, spofs] = ["flows", "value", "single_points_of_failure"].map(total);
  const rows = changes.rows;
  const svg = charts(figures.rows);
  const holder = result(root, {
    name: `changes-${state.from}-${state.to}`,
    bars: true,
    notices: [
      `From ${state.from} to ${state.to}: ${counted(rows, "deliverable", "started")} deliverables started and ${counted(rows, "deliverable", "ended")} ended; `
      + `${counted(rows, "contract", "started")} contracts started and ${counted(rows, "contract", "ended")} ended; `
      + `${counted(rows, "company", "entered")} companies entered and ${counted(rows, "company", "left")} left. `
      + (flows
        ? `Deliverables running: ${number(flows.before)} → ${number(flows.after)}; their yearly value: ${number(value.before)} → ${number(value.after)}; `
          + `single points of failure: ${number(spofs.before)} → ${number(spofs.after)}.`
        : "No deliverables run on either day."),
    ],
    legend: [legend("Bars", DAY)],
    image: () => new XMLSerializer().serializeToString(svg),
    tables: [
      { caption: "Key figures", file: "change-figures", columns: figures.columns, rows: figures.rows },
      {
        caption: "What started, ended, entered and left",
        file: "changes",
        columns: changes.columns,
        rows,
        cell: (column, row) => {
          const company = column.name === "name" && row.kind === "company" ? row.id : ["source", "target"].includes(column.name) ? row[column.name] : null;
          return company ? el("button", { type: "button", class: "link", onclick: () => openPanel(company) }, row[column.name]) : null;
        },
      },
    ],
  });
  holder.append(svg);
}
