// Reads what the labeler asked: the items (`<items>` JSON block) and the label set (the enum of
// the answer schema). A real model reads the same prompt as text; the emulator parses it.

/** Items `[{id, text}]` from a user prompt, or null when the prompt has no items block. */
export function itemsFromPrompt(prompt) {
  const start = prompt.indexOf("<items>\n");
  const end = prompt.lastIndexOf("\n</items>");
  if (start < 0 || end < start) return null;
  try {
    const items = JSON.parse(prompt.slice(start + "<items>\n".length, end));
    return Array.isArray(items) ? items : null;
  } catch {
    return null;
  }
}

/**
 * The label enum, task and answer form from an answer JSON schema: verbose
 * ({results: [{id, label|labels|spans: [{label, text, occurrence}]}]}) or compact
 * ({r: [{id, l (a name or an array of names) | s: [{l, t, o}]}]}). `compact` says which, so the
 * answer is written in the keys the schema asks for.
 */
export function labelsFromSchema(schema) {
  const compact = schema?.properties?.r !== undefined;
  const props = (compact ? schema.properties.r : schema?.properties?.results)?.items?.properties ?? {};
  if (compact) {
    if (Array.isArray(props.l?.enum)) return { labels: props.l.enum, task: "single", compact };
    if (Array.isArray(props.l?.items?.enum)) return { labels: props.l.items.enum, task: "multi", compact };
    if (Array.isArray(props.s?.items?.properties?.l?.enum)) return { labels: props.s.items.properties.l.enum, task: "spans", compact };
    return null;
  }
  if (Array.isArray(props.label?.enum)) return { labels: props.label.enum, task: "single", compact };
  if (Array.isArray(props.labels?.items?.enum)) return { labels: props.labels.items.enum, task: "multi", compact };
  if (Array.isArray(props.spans?.items?.properties?.label?.enum)) return { labels: props.spans.items.properties.label.enum, task: "spans", compact };
  return null;
}

/** Test directives inside an item's text: `[[emulate:CODE]]` makes the emulator fail that request. */
export function directiveIn(text) {
  const m = /\[\[emulate:([A-Za-z]+)\]\]/.exec(text ?? "");
  return m ? m[1] : null;
}
