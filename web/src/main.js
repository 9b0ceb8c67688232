// The app: one page, one view at a time, chosen by ?view= (the rest of the URL is its parameters).
import { el } from "./dom.js";
import { openPanel } from "./panel.js";
import { paintSwatches } from "./picture.js";
import { go, onNavigate, readState } from "./state.js";
import * as breaks from "./views/breaks.js";
import * as chain from "./views/chain.js";
import * as changes from "./views/changes.js";
import * as enterprise from "./views/enterprise.js";
import * as exchanges from "./views/exchanges.js";
import * as find from "./views/find.js";
import * as map from "./views/map.js";
import * as merger from "./views/merger.js";
import { landscape, markets, players, spof } from "./views/ranked.js";

const VIEWS = { find, map, chain, enterprise, players, spof, breaks, merger, markets, landscape, exchanges, changes };

let cleanup;
let generation = 0;

async function render() {
  const state = readState();
  const name = VIEWS[state.view] ? state.view : "find";
  const view = VIEWS[name];
  const current = ++generation;
  cleanup?.();
  cleanup = null;
  for (const link of document.querySelectorAll("#views a")) {
    link.toggleAttribute("aria-current", link.dataset.view === name);
  }
  document.title = `${view.title} · valuenet`;
  const root = el("section", { "aria-labelledby": "view-title" }, el("h1", { id: "view-title" }, view.title));
  document.getElementById("main").replaceChildren(root);
  const status = document.getElementById("status");
  status.textContent = "Loading…";
  try {
    const done = await view.render(root, state);
    if (current !== generation) return done?.();
    cleanup = done ?? null;
    paintSwatches(root);
    status.textContent = "Ready.";
  } catch (error) {
    if (current !== generation) return;
    status.textContent = "";
    root.append(el("p", { class: "error", role: "alert" }, error.message));
  }
  document.body.dataset.ready = String(current);
  if (state.panel) openPanel(state.panel);
  else document.getElementById("panel").hidden = true;
}

// Links within the app change the view without loading the page again.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href^='/?']");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || link.classList.contains("permalink")) return;
  event.preventDefault();
  go(Object.fromEntries(new URL(link.href).searchParams));
});

document.getElementById("views").append(
  ...Object.entries(VIEWS).map(([name, view]) => el("li", {}, el("a", { href: `/?view=${name}`, "data-view": name }, view.title))),
);
onNavigate(render);
render();
