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

/**
 * The spans the emulator answers: every occurrence of each label's name in the text
 * (case-insensitive), as {label, text, occurrence} where `occurrence` counts exact-text matches,
 * as the labeler's prompt asks.
 */
export function spansInText(text, labels) {
  const spans = [];
  const lower = text.toLowerCase();
  for (const label of labels) {
    const needle = label.toLowerCase();
    if (!needle) continue;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
      const exact = text.slice(i, i + needle.length);
      let occurrence = 0;
      for (let j = text.indexOf(exact); j >= 0 && j <= i; j = text.indexOf(exact, j + exact.length)) occurrence++;
      spans.push({ label, text: exact, occurrence });
    }
  }
  return spans;
}
