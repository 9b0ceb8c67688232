// A ranked list's picture: horizontal bars as SVG, one per row, longest first as given.
const NS = "http://www.w3.org/2000/svg";

function add(parent, tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text != null) node.textContent = text;
  parent.append(node);
  return node;
}

/** An SVG of ``rows`` as bars of ``value(row)`` labelled ``label(row)``; ``colour(row)`` fills them. */
export function bars(rows, { label, value, colour, description }) {
  const rowHeight = 22, left = 190, width = 640, right = 70;
  const height = rows.length * rowHeight + 10;
  const top = Math.max(1e-9, ...rows.map(value));
  const svg = document.createElementNS(NS, "svg");
  for (const [k, v] of Object.entries({ xmlns: NS, width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": description })) {
    svg.setAttribute(k, v);
  }
  add(svg, "rect", { width, height, fill: "#ffffff" });
  rows.forEach((row, i) => {
    const y = 5 + i * rowHeight;
    const length = ((width - left - right) * value(row)) / top;
    add(svg, "text", { x: left - 6, y: y + 15, "text-anchor": "end", "font-family": "sans-serif", "font-size": 12 }, label(row));
    add(svg, "rect", { x: left, y: y + 3, width: Math.max(1, length), height: rowHeight - 6, fill: colour(row) });
    add(svg, "text", { x: left + length + 4, y: y + 15, "font-family": "sans-serif", "font-size": 11, fill: "#444" },
      value(row).toLocaleString("en", { maximumFractionDigits: 3 }));
  });
  return svg;
}
