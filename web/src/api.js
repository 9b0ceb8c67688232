// The API the pages ask: the same /v1/queries modules any client uses.

/** A query's URL: lists comma-joined, empty values left out. */
export function queryUrl(module, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value == null || value === "" || (Array.isArray(value) && !value.length)) continue;
    query.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  return `/v1/queries/${module}?${query}`;
}

/** A module's JSON answer; a problem detail becomes an Error with its detail. */
export async function ask(module, params) {
  const response = await fetch(queryUrl(module, params), { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.detail ?? `${response.status} ${response.statusText}`);
  return body;
}

let modules;
/** The modules' contracts (GET /v1/queries), fetched once: choices and defaults of parameters. */
export async function catalog() {
  modules ??= fetch("/v1/queries").then((r) => r.json());
  return Object.fromEntries((await modules).map((m) => [m.name, m]));
}

/** The choices and default of one parameter of a module. */
export async function param(module, name) {
  return (await catalog())[module].parameters.find((p) => p.name === name);
}
