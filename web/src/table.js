// Tables beside each picture: real <table>s (caption, column headers, sortable by button),
// and their CSV.
import { el, number } from "./dom.js";

/** A value in a CSV cell: lists and maps as JSON (as the API's CSV has them), null as empty. */
function text(value) {
  if (value == null) return "";
  return typeof value === "object" ? JSON.stringify(value) : value;
}

/** A value in a table cell, for reading: lists joined, maps of numbers as "key: value". */
function shown(value) {
  if (Array.isArray(value) && value.every((v) => typeof v !== "object")) return value.join(", ");
  if (value && typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "number")) {
    return Object.entries(value).map(([k, v]) => `${k}: ${number(v)}`).join(", ");
  }
  return number(text(value));
}

/** Rows shown at most: a page lays out a table of thousands of rows in seconds; the CSV has them all. */
const SHOWN = 1000;
/**
 * Rows laid out at first, and again each time the reader scrolls to the end or asks: a
 * 1,000-row table beside a 5,000-company map held its first frame up by about 0.7 s of layout.
 */
const BATCH = 100;

/** What a long table's caption says of its rows. */
function note(count) {
  if (count <= BATCH) return "";
  const most = count > SHOWN ? `, the first ${number(SHOWN)} at most; the CSV has them all` : "";
  return ` (${number(count)} rows: ${BATCH} at a time as you scroll${most})`;
}

/**
 * A table of ``rows`` (objects) under ``columns`` ([{name, label?}]). ``cell(column, row)``
 * may return a node for a cell (e.g. a link); else the value is shown as text.
 */
export function table({ caption, columns, rows, cell = () => null }) {
  const body = el("tbody");
  let order = { name: null, ascending: true };
  let list = rows;
  const limit = Math.min(rows.length, SHOWN);
  const line = (row) =>
    el("tr", {}, columns.map((c) => el("td", { class: typeof row[c.name] === "number" ? "num" : null },
      cell(c, row) ?? shown(row[c.name]))));
  const more = el("button", { type: "button", class: "more", onclick: () => grow() });
  function grow() {
    const from = body.childElementCount;
    body.append(...list.slice(from, Math.min(from + BATCH, limit)).map(line));
    const left = limit - body.childElementCount;
    more.hidden = left === 0;
    more.textContent = `Show ${Math.min(left, BATCH)} more rows`;
  }
  const fill = (sorted) => {
    list = sorted;
    body.replaceChildren();
    grow();
  };
  const heads = columns.map((column) => {
    const th = el("th", { scope: "col", "aria-sort": "none" });
    th.append(el("button", { type: "button", onclick: () => sort(column.name, th) }, column.label ?? column.name));
    return th;
  });
  function sort(name, th) {
    order = { name, ascending: order.name === name ? !order.ascending : true };
    heads.forEach((h) => h.setAttribute("aria-sort", "none"));
    th.setAttribute("aria-sort", order.ascending ? "ascending" : "descending");
    const key = (row) => row[name] ?? "";
    const sign = order.ascending ? 1 : -1;
    fill([...rows].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : 0)));
    wrap.scrollTop = 0; // the new order from its first row
  }
  fill(rows);
  const wrap = el("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": caption },
    el("table", {}, el("caption", {}, caption, note(rows.length)), el("thead", {}, el("tr", {}, heads)), body), more);
  // Scrolled near the end: the next rows come without a click.
  new IntersectionObserver(([entry]) => entry.isIntersecting && grow(), { root: wrap, rootMargin: "300px" }).observe(more);
  return wrap;
}

/** RFC 4180 CSV of ``rows`` under ``columns``: lists and maps as JSON, null as empty. */
export function csv(columns, rows) {
  const quote = (value) => {
    const s = String(text(value));
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [columns.map((c) => quote(c.name)), ...rows.map((r) => columns.map((c) => quote(r[c.name])))];
  return lines.map((line) => line.join(",")).join("\r\n") + "\r\n";
}
