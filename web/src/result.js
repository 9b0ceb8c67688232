// The body of a view: the picture and its tables side by side, with the link and downloads.
import { download, el } from "./dom.js";
import { svgToPng } from "./picture.js";
import { csv, table } from "./table.js";

/**
 * Lay out ``picture`` (a node to hold the drawing, or null) beside ``tables``
 * ([{caption, columns, rows, cell, file}]). ``image()`` gives the picture's SVG text.
 * Returns the picture's holder, to draw into once it is in the page.
 */
export function result(root, { name, notices = [], legend, tables, image, bars = false }) {
  const holder = el("div", { class: bars ? "picture bars" : "picture" });
  const tools = el("div", { class: "tools", role: "toolbar", "aria-label": "Link and downloads" },
    el("a", { href: location.href, class: "permalink" }, "Link to this view"));
  if (image) {
    tools.append(
      el("button", { type: "button", onclick: () => download(`${name}.svg`, image(), "image/svg+xml") }, "SVG"),
      el("button", { type: "button", onclick: async () => download(`${name}.png`, await svgToPng(image())) }, "PNG"),
    );
  }
  for (const t of tables) {
    tools.append(el("button", { type: "button", onclick: () => download(`${t.file}.csv`, csv(t.columns, t.rows), "text/csv") },
      `CSV: ${t.caption}`));
  }
  root.append(
    ...notices.map((text) => el("p", { class: "notice", role: "note" }, text)),
    tools,
    el("div", { class: "result" },
      image ? el("div", { class: "figure" }, holder, legend ?? []) : [],
      el("div", { class: "tables" }, tables.map(table))),
  );
  return holder;
}
