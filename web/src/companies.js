// Companies as a form names them: ids or exact names, comma-separated (every company parameter
// of the API takes either), each resolved to its id and name through its profile, so that a
// picture finds it among the ids the modules answer.
import { ask } from "./api.js";

/** The companies a field names, one per comma, blanks left out. */
export function named(text) {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

/** Each company as named (an id or an exact name), with its id and name from its profile. */
export async function resolve(names) {
  const profiles = await Promise.all(names.map((id) => ask("company_profile", { id, limit: 1 })));
  return profiles.map((profile) => profile.rows[0]);
}
