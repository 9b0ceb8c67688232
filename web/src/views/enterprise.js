// Enterprise map: one company's roles in a ring, what they deliver each other across it,
// and the outside roles and companies they exchange with on a ring around, grouped by company.
import { ask } from "../api.js";
import { el } from "../dom.js";
import { form } from "../form.js";
import { openPanel } from "../panel.js";
import { colours, legend, MultiDirectedGraph, Picture, scale } from "../picture.js";
import { result } from "../result.js";
import { go, href } from "../state.js";

export const title = "Enterprise map";

const NATURE_COLOURS = new Map([["tangible", "#4a6fa5"], ["intangible", "#e8a33d"]]);
/** Functions in the order goods and money go round a company: neighbours on the ring. */
const ROUND = ["procurement", "operations", "research", "sales", "logistics", "finance", "compliance", "it"];
const COMPANY_COLOUR = "#333333";
const PAGE = "5000";
/** Maps of at most this many nodes label every node; larger ones the company's roles only. */
const LABELLED = 80;

function fields() {
  return [
    { name: "company", label: "Company", company: true, required: true },
    { name: "as_of", label: "Running on", kind: "date" },
    { name: "edges", label: "Colour links by", kind: "select", choices: ["nature", "category"], default: "nature" },
  ];
}

/** The two ends of each row as nodes: {id, kind, name, function, company, company_name, inside}. */
function ends(rows, company) {
  const nodes = new Map();
  for (const row of rows) {
    for (const side of ["source", "target"]) {
      const id = row[side];
      if (nodes.has(id)) continue;
      nodes.set(id, {
        id, kind: row[`${side}_kind`], name: row[`${side}_name`], function: row[`${side}_function`],
        company: row[`${side}_company`], company_name: row[`${side}_company_name`],
        inside: row[`${side}_company`] === company,
      });
    }
  }
  return [...nodes.values()];
}

/**
 * The company's roles on a ring of radius 1; outside nodes on a ring of 2.5, a company's
 * together, the companies in the order of the angle of the roles they exchange with.
 */
function place(nodes, rows) {
  const rank = (n) => (ROUND.includes(n.function) ? ROUND.indexOf(n.function) : ROUND.length);
  const inside = nodes.filter((n) => n.inside).sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const angles = new Map(inside.map((n, i) => [n.id, (2 * Math.PI * i) / inside.length]));
  for (const n of inside) Object.assign(n, { x: Math.cos(angles.get(n.id)), y: Math.sin(angles.get(n.id)) });
  const pull = new Map(); // per outside company: the sum of the unit vectors of the roles it is linked to
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const row of rows) {
    for (const [mine, theirs] of [[row.source, row.target], [row.target, row.source]]) {
      const other = byId.get(theirs);
      if (!angles.has(mine) || other.inside) continue;
      const [x, y] = pull.get(other.company) ?? [0, 0];
      pull.set(other.company, [x + Math.cos(angles.get(mine)), y + Math.sin(angles.get(mine))]);
    }
  }
  const heading = (company) => {
    const [x, y] = pull.get(company) ?? [1, 0];
    return (Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI);
  };
  const outside = nodes.filter((n) => !n.inside).sort((a, b) =>
    heading(a.company) - heading(b.company) || a.company.localeCompare(b.company) || rank(a) - rank(b) || a.id.localeCompare(b.id));
  const slots = outside.length + new Set(outside.map((n) => n.company)).size; // a gap after each company
  const first = outside.length ? heading(outside[0].company) : 0;
  let slot = 0;
  outside.forEach((n, i) => {
    if (i > 0 && outside[i - 1].company !== n.company) slot += 1;
    const angle = first + (2 * Math.PI * slot) / Math.max(slots, 1);
    Object.assign(n, { x: 2.5 * Math.cos(angle), y: 2.5 * Math.sin(angle) });
    slot += 1;
  });
}

/** Per role of the company: value and deliverables inside, out and in. */
function summary(rows, nodes) {
  const roles = new Map(nodes.filter((n) => n.inside && n.kind === "role")
    .map((n) => [n.id, { role: n.id, name: n.name, function: n.function, inside_out: 0, inside_in: 0, value_out: 0, value_in: 0 }]));
  for (const row of rows) {
    const inside = row.scope === "inside";
    const from = roles.get(row.source);
    const to = roles.get(row.target);
    if (from) from[inside ? "inside_out" : "value_out"] += row.value;
    if (to) to[inside ? "inside_in" : "value_in"] += row.value;
  }
  return [...roles.values()];
}

export async function render(root, state) {
  root.append(form(fields(), state, (values) => go({ view: "enterprise", ...values })));
  if (!state.company) {
    root.append(el("p", { class: "hint" }, "Name a company (its id) to draw its roles and what they exchange, inside and out."));
    return;
  }
  const [answer, profile] = await Promise.all([
    ask("enterprise_map", { company: state.company, as_of: state.as_of, limit: PAGE }),
    ask("company_profile", { id: state.company, limit: 1 }),
  ]);
  const company = profile.rows[0];
  const rows = answer.rows;
  const nodes = ends(rows, company.id);
  place(nodes, rows);
  const functionColour = colours(nodes.filter((n) => n.kind === "role").map((n) => n.function));
  const edgeBy = state.edges ?? "nature";
  const edgeColour = edgeBy === "nature" ? NATURE_COLOURS : colours(rows.map((r) => r.category));
  const width = scale(rows.map((r) => r.value));
  const degree = new Map();
  for (const row of rows) for (const id of [row.source, row.target]) degree.set(id, (degree.get(id) ?? 0) + row.value);
  const size = scale([...degree.values()]);
  const graph = new MultiDirectedGraph();
  for (const n of nodes) {
    graph.addNode(n.id, {
      label: n.kind === "company" ? n.name : n.inside ? n.function ?? n.name : n.name,
      x: n.x, y: n.y, size: Math.max(n.inside ? 8 : 4, size(degree.get(n.id))),
      color: n.kind === "company" ? COMPANY_COLOUR : functionColour.get(String(n.function ?? "unknown")),
      forceLabel: n.inside || nodes.length <= LABELLED, data: n,
    });
  }
  rows.forEach((row, i) => graph.addDirectedEdgeWithKey(`e${i}`, row.source, row.target,
    { color: edgeColour.get(row[edgeBy]), size: width(row.value) / 3 }));
  const roleRows = summary(rows, nodes);
  const partners = new Set(nodes.filter((n) => !n.inside).map((n) => n.company));
  const count = (scope) => rows.filter((r) => r.scope === scope).length;
  const full = rows.length === Number(PAGE);
  let picture;
  const holder = result(root, {
    name: `enterprise-${company.id}`,
    notices: [
      roleRows.length
        ? `${company.name}: ${roleRows.length} roles, ${count("inside")} links between them, ` +
          `${count("outgoing")} out and ${count("incoming")} in with ${partners.size} other companies.`
        : `${company.name} has no roles that exchange anything${state.as_of ? " on that day" : ""}.`,
      ...(full ? [`Only the first ${PAGE} links are drawn.`] : []),
    ],
    legend: [
      legend("Roles by function", new Map([...functionColour, ["a whole company", COMPANY_COLOUR]])),
      legend(`Links by ${edgeBy}`, edgeColour),
    ],
    image: () => picture.svg(),
    tables: [
      {
        caption: `Roles of ${company.name}`,
        file: "roles",
        columns: [
          { name: "name" }, { name: "function" },
          { name: "inside_out", label: "given inside" }, { name: "inside_in", label: "received inside" },
          { name: "value_out", label: "given out" }, { name: "value_in", label: "received from outside" },
        ],
        rows: roleRows,
      },
      {
        caption: "What flows",
        file: "flows",
        columns: answer.columns,
        rows,
        cell: (column, row) => ["source_company_name", "target_company_name"].includes(column.name)
          ? el("a", { href: href({ view: "enterprise", company: row[column.name.replace("_name", "")] }) }, row[column.name])
          : null,
      },
    ],
  });
  picture = new Picture(holder, graph, {
    onNode: (id) => openPanel(graph.getNodeAttribute(id, "data").company),
    description: `Roles of ${company.name} and what they exchange`,
  });
  return () => picture.kill();
}
