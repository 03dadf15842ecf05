// How the emulator "model" chooses labels, deterministically, so tests know the answer:
// the labels whose names occur in the text (case-insensitive), in label-set order; if none
// occurs, one label picked by a hash of the text.

export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function labelsInText(text, labels) {
  const lower = text.toLowerCase();
  return labels.filter((l) => lower.includes(l.toLowerCase()));
}

/** The single label the emulator answers for `text`. */
export function expectedLabel(text, labels) {
  const found = labelsInText(text, labels);
  return found.length > 0 ? found[0] : labels[fnv1a(text) % labels.length];
}

/** The labels the emulator answers for `text` in a multi-label task (possibly none). */
export function expectedLabels(text, labels) {
  return labelsInText(text, labels);
}
