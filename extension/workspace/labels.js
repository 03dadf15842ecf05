// A project's label set: names (the shared Labels box), with a description and a colour each.
// Colours are names from one palette (extension/label-colors.css defines each for light and
// dark mode; a Node test checks their contrast), used by chips, spans and charts alike.
import { parseLabels } from "../form.js";

export const COLORS = ["teal", "blue", "violet", "pink", "orange", "amber", "lime", "cyan", "red", "slate", "green", "indigo"];

/**
 * The label set for the names typed in `text`: a name already in `previous` keeps its
 * description and colour; a new one gets the first colour not in use yet.
 */
export function labelsFromText(text, previous = []) {
  const byName = new Map(previous.map((l) => [l.name, l]));
  const out = [];
  for (const name of parseLabels(text)) {
    const old = byName.get(name);
    out.push({ name, description: old?.description ?? "", color: old?.color ?? null });
  }
  const used = new Set(out.map((l) => l.color).filter(Boolean));
  for (const l of out) {
    if (l.color) continue;
    l.color = COLORS.find((c) => !used.has(c)) ?? COLORS[out.indexOf(l) % COLORS.length];
    used.add(l.color);
  }
  return out;
}

/** The names, one per line, for the Labels box. */
export const labelsText = (labels) => labels.map((l) => l.name).join("\n");

export const labelNames = (labels) => labels.map((l) => l.name);

/** The colour of `name` in `labels` (a palette name), or "none" for a name outside the set. */
export function colorOf(labels, name) {
  return labels.find((l) => l.name === name)?.color ?? "none";
}

/** The labels as a request sends them: names, with a description where there is one. */
export function requestLabels(labels) {
  return labels.map((l) => (l.description?.trim() ? { name: l.name, description: l.description.trim() } : l.name));
}

/** Changes one label's description or colour; returns a new label set. */
export function editLabel(labels, name, patch) {
  return labels.map((l) => (l.name === name ? { ...l, ...patch, color: COLORS.includes(patch.color) ? patch.color : l.color } : l));
}
