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
  const wantsReason = Boolean(schema?.properties?.results?.items?.properties?.reason);
  let results = items.map((item) => {
    const r = answer(item);
    if (!wantsReason) return r;
    const said = r.label ?? r.labels?.join(", ") ?? r.spans?.map((s) => s.label).join(", ");
    return { ...r, reason: `The text reads as ${said || "none of the labels"}.` };
  });
  if (misbehave) results = misbehave(results, { items, repair: isRepair(prompt) });
  return { results };
}
