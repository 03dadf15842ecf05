// The settings, declared once. Each field's `name` is the `name` attribute of its input in the
// popup and in the workspace, and its key in saved settings (crates/labeler-core/src/settings.rs
// for the shared ones, a project's settings in the workspace). Both pages read and write their
// forms through readFields / writeFields, so a field is added in one place.
import { REGIONS, DEFAULT_REGION } from "./regions.js";
import { DEFAULT_MODEL } from "./models.js";
import { SERVICE_TIERS } from "./pickers.js";

/** How the popup's texts box is cut into items. */
export const TEXT_SPLITS = ["line", "blank"];
export const TASKS = ["single", "multi", "spans"];


/** Saved by both pages (localStorage, through the wasm's saveSettings). */
export const FIELDS = [
  { name: "region", kind: "choice", choices: REGIONS.map(([code]) => code), default: DEFAULT_REGION },
  { name: "modelId", kind: "text", trim: true, default: DEFAULT_MODEL, keepDefault: true },
  { name: "task", kind: "choice", choices: TASKS, default: "single" },
  { name: "labels", kind: "text", default: "" },
  { name: "instructions", kind: "text", default: "", advanced: true },
  { name: "temperature", kind: "number", default: null, advanced: true },
  { name: "batchSize", kind: "number", default: null, advanced: true },
  { name: "family", kind: "text", default: "", advanced: true },
  { name: "api", kind: "choice", choices: ["", "converse"], default: "", advanced: true },
  { name: "endpoint", kind: "text", trim: true, default: "", advanced: true },
  { name: "textSplit", kind: "choice", choices: TEXT_SPLITS, default: "line" },
  { name: "concurrency", kind: "number", default: null, advanced: true },
  { name: "retryBudget", kind: "number", default: null, advanced: true },
  // Service tier ("" = Standard) and the account's tokens-per-minute quota (workspace only):
  // the request's serviceTier and tokensPerMinute (README "Service tiers", "Quotas").
  { name: "serviceTier", kind: "choice", choices: SERVICE_TIERS.map(([v]) => v), default: "", advanced: true },
  { name: "tokensPerMinute", kind: "number", default: null, advanced: true },
];

const input = (root, name) => root.querySelector(`[name="${name}"]`);

/** A field's value as stored: defaults for anything empty or outside its choices. */
export function clean(field, value) {
  if (field.kind === "number") {
    const n = typeof value === "string" ? (value.trim() === "" ? null : Number(value)) : value;
    return n == null || !Number.isFinite(n) ? field.default : n;
  }
  if (field.kind === "check") return typeof value === "boolean" ? value : field.default;
  if (typeof value !== "string") return field.default;
  const text = field.trim ? value.trim() : value;
  if (field.kind === "choice" && !field.choices.includes(text)) return field.default;
  if (field.keepDefault && text === "") return field.default;
  return text;
}

/** The values of the `fields` that have an input under `root` (others are left out). */
export function readFields(root, fields = FIELDS) {
  const out = {};
  for (const f of fields) {
    const el = input(root, f.name);
    if (el) out[f.name] = clean(f, f.kind === "check" ? el.checked : el.value);
  }
  return out;
}

/** Puts `values` into the inputs under `root`; missing or invalid values become defaults. */
export function writeFields(root, values, fields = FIELDS) {
  for (const f of fields) {
    const el = input(root, f.name);
    if (!el) continue;
    const v = clean(f, values?.[f.name]);
    if (f.kind === "check") el.checked = v;
    else el.value = v ?? "";
  }
}

/** Are any of the advanced fields set (so the Advanced section is shown open)? */
export function usesAdvanced(values, fields = FIELDS) {
  return fields.some((f) => f.advanced && values?.[f.name] != null && values[f.name] !== "" && values[f.name] !== f.default);
}
