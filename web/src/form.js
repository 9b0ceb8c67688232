// The controls of a view: labelled inputs whose values go to the URL on submit.
import { ask } from "./api.js";
import { el } from "./dom.js";

let pending;
/** Fill the shared <datalist id="companies"> with companies whose name holds the text typed. */
function suggest(event) {
  clearTimeout(pending);
  const text = event.target.value;
  pending = setTimeout(async () => {
    const answer = await ask("search_companies", { q: text, limit: 20 }).catch(() => null);
    if (!answer) return;
    document.getElementById("companies").replaceChildren(
      ...answer.rows.map((row) => el("option", { value: row.id }, `${row.name} (${row.sector ?? ""})`)));
  }, 200);
}

function control(field, value) {
  const id = `field-${field.name}`;
  if (field.kind === "multi") {
    const chosen = new Set((value ?? field.default ?? "").split(",").filter(Boolean));
    return el("fieldset", { class: "multi" }, el("legend", {}, field.label),
      field.choices.map((choice) =>
        el("label", {}, el("input", { type: "checkbox", name: field.name, value: choice, checked: chosen.has(choice) }), choice)));
  }
  if (field.kind === "check") {
    return el("label", { class: "check" },
      el("input", { type: "checkbox", name: field.name, value: "true", checked: (value ?? field.default) === "true" }), field.label);
  }
  const input = field.kind === "select"
    ? el("select", { id, name: field.name },
        field.choices.map((c) => el("option", { value: c, selected: c === (value ?? field.default) }, c)))
    : el("input", {
        id, name: field.name, type: field.kind ?? "text", value: value ?? field.default ?? "",
        min: field.min, max: field.max, required: field.required, placeholder: field.placeholder,
        list: field.company ? "companies" : null, autocomplete: "off",
        oninput: field.company ? suggest : null,
      });
  const label = el("label", { for: id }, el("span", {}, field.label), input);
  if (!field.help) return label;
  input.setAttribute("aria-describedby", `${id}-help`);
  return el("div", { class: "field" }, label, el("small", { id: `${id}-help`, class: "help" }, field.help));
}

/** A form of ``fields`` showing ``state`` (a field's ``help`` is shown under it and describes it);
 * ``submit(values)`` gets strings, lists comma-joined. */
export function form(fields, state, submit, action = "Show") {
  const node = el("form", { class: "controls" }, fields.map((f) => control(f, state[f.name])),
    el("button", { type: "submit" }, action));
  node.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(node);
    const values = {};
    for (const field of fields) {
      const all = data.getAll(field.name);
      values[field.name] = field.kind === "multi" ? all.join(",") : field.kind === "check" ? String(all.length > 0) : all[0] ?? "";
    }
    submit(values);
  });
  return node;
}
