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

/** The label enum and task from an answer JSON schema ({results: [{id, label|labels|spans}]}). */
export function labelsFromSchema(schema) {
  const props = schema?.properties?.results?.items?.properties ?? {};
  if (Array.isArray(props.label?.enum)) return { labels: props.label.enum, task: "single" };
  if (Array.isArray(props.labels?.items?.enum)) return { labels: props.labels.items.enum, task: "multi" };
  if (Array.isArray(props.spans?.items?.properties?.label?.enum)) return { labels: props.spans.items.properties.label.enum, task: "spans" };
  return null;
}

/** Test directives inside an item's text: `[[emulate:CODE]]` makes the emulator fail that request. */
export function directiveIn(text) {
  const m = /\[\[emulate:([A-Za-z]+)\]\]/.exec(text ?? "");
  return m ? m[1] : null;
}
