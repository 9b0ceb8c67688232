// A view's parameters live in the page's URL, so a link reproduces the view.

export function readState() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

/** The URL of a view with these parameters (empty ones left out). */
export function href(state) {
  const query = new URLSearchParams(Object.entries(state).filter(([, v]) => v != null && v !== ""));
  return `/?${query}`;
}

const listeners = [];
/** ``render`` runs on every navigation (a link, a form, the back button). */
export function onNavigate(render) {
  listeners.push(render);
  addEventListener("popstate", render);
}

/** Go to a view: a new history entry, then render it. */
export function go(state) {
  history.pushState(null, "", href(state));
  for (const render of listeners) render();
}

/** Change one parameter in the URL without rendering again (e.g. the company panel). */
export function setParam(key, value) {
  const state = { ...readState(), [key]: value };
  history.replaceState(null, "", href(state));
}
