// A project's settings in the Setup tab's inputs, bound by name through the fields the popup
// uses too (extension/settings-fields.js), plus the workspace's own: the user prompt, streaming,
// the second opinion and reasons. Labels are typed as names (the shared Labels box); their
// descriptions and colours come from the label table.
import { FIELDS } from "../settings-fields.js";
import { labelsFromText, labelsText } from "./labels.js";
import { readFields, writeFields } from "../settings-fields.js";

export const PROJECT_FIELDS = [
  ...FIELDS.filter((f) => f.name !== "textSplit"),
  { name: "userPrompt", kind: "text", default: "" },
  { name: "stream", kind: "check", default: false },
  { name: "secondOpinion", kind: "choice", choices: ["off", "model", "reorder"], default: "off" },
  { name: "secondModelId", kind: "text", trim: true, default: "" },
  { name: "reasons", kind: "check", default: false },
];

/** The settings the form holds now, on top of `settings` (examples, text column, label details kept). */
export function readProjectForm(root, settings) {
  const values = readFields(root, PROJECT_FIELDS);
  return { ...settings, ...values, labels: labelsFromText(values.labels ?? labelsText(settings.labels), settings.labels) };
}

export function writeProjectForm(root, settings) {
  writeFields(root, { ...settings, labels: labelsText(settings.labels) }, PROJECT_FIELDS);
}

/** The shared settings (the popup's) a project's settings update: region, model, endpoint and the like. */
export function sharedFrom(settings) {
  return Object.fromEntries(FIELDS.filter((f) => f.name in settings && f.name !== "labels").map((f) => [f.name, settings[f.name]]));
}
