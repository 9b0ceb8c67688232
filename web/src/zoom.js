// The Zoom control of the views whose module takes zoom=company|sector|role: the module's own
// choices and default, so a view offers exactly the zooms its module answers.
import { param } from "./api.js";

/** The form field choosing ``module``'s zoom. */
export async function zoomField(module) {
  const zoom = await param(module, "zoom");
  return { name: "zoom", label: "Zoom", kind: "select", choices: zoom.choices, default: zoom.default };
}
