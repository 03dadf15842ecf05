// The emulator "model": reads the labeling request out of a prompt (items, label set, task)
// and answers it deterministically with labeling-rule.mjs, optionally misbehaving.
import { itemsFromPrompt, labelsFromSchema } from "./prompt-items.mjs";
import { expectedLabel, expectedLabels, spansInText } from "./labeling-rule.mjs";

/** The answer JSON schema written into a JSON-text prompt ("It must match this JSON schema: {...}"). */
export function schemaFromPrompt(prompt) {
  const marker = "It must match this JSON schema: ";
  const start = prompt.indexOf(marker);
  if (start < 0) return null;
  const line = prompt.slice(start + marker.length).split("\n")[0];
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

/** Is this the one repair request an item gets? */
export const isRepair = (prompt) => prompt.includes("Your previous answer for this item had a problem");

/**
 * `{results: [...]}` for the items in `prompt`, labels and task from `schema`, or null when the
 * prompt is not a labeling request. `misbehave(results, {items, repair})` may corrupt it.
 */
export function answerPrompt(prompt, schema, misbehave) {
  const items = itemsFromPrompt(prompt);
  const spec = labelsFromSchema(schema);
  if (!items || !spec) return null;
  const answer = ({ id, text }) => {
    if (spec.task === "spans") return { id, spans: spansInText(text, spec.labels) };
    if (spec.task === "multi") return { id, labels: expectedLabels(text, spec.labels) };
    return { id, label: expectedLabel(text, spec.labels) };
  };
  // A schema asking for a reason gets one: a short sentence naming the item's answer.
  const resultsSchema = schema?.properties?.results ?? schema?.properties?.r;
  const wantsReason = Boolean(resultsSchema?.items?.properties?.reason);
  let results = items.map((item) => {
    const r = answer(item);
    if (!wantsReason) return r;
    const said = r.label ?? r.labels?.join(", ") ?? r.spans?.map((s) => s.label).join(", ");
    return { ...r, reason: `The text reads as ${said || "none of the labels"}.` };
  });
  if (misbehave) results = misbehave(results, { items, repair: isRepair(prompt) });
  return spec.compact ? { r: results.map(compactEntry) } : { results };
}

/** A verbose result entry in the compact form's keys (the misbehaviours work on verbose entries). */
function compactEntry(e) {
  if (!e || typeof e !== "object") return e;
  const out = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === undefined) continue;
    if (k === "label" || k === "labels") out.l = v;
    else if (k === "spans" && Array.isArray(v)) out.s = v.map((s) => (s && typeof s === "object" ? { l: s.label, t: s.text, ...(s.occurrence !== undefined ? { o: s.occurrence } : {}) } : s));
    else out[k] = v;
  }
  return out;
}
