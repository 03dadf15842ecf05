// Which rows a pass sends, and in what order. Pass 0 asks the run's model; pass 1 is the second
// opinion: another model, or the same model with the rows shuffled, so each row is answered
// again among other neighbours and at another place in its batch. The shuffle is seeded by the
// run, so a resumed run keeps the order it started with.

/** A deterministic pseudo-random generator (mulberry32) from a 32-bit seed. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `items` in a seeded shuffled order (Fisher–Yates); a new array. */
export function shuffle(items, seed) {
  const out = [...items];
  const next = random(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The passes a run makes: [0] or [0, 1]. */
export const passesOf = (settings) =>
  settings.secondOpinion === "reorder" || (settings.secondOpinion === "model" && settings.secondModelId.trim()) ? [0, 1] : [0];

/**
 * Row indexes pass `pass` still has to answer (no prediction stored for them yet), in the
 * order they are sent. `done` is that pass's Map of predictions.
 */
export function rowsToSend(settings, total, done, pass, seed) {
  const all = Array.from({ length: total }, (_, i) => i);
  const order = pass === 1 && settings.secondOpinion === "reorder" ? shuffle(all, seed) : all;
  return order.filter((i) => !done.has(i));
}

/** Does this pass read and fill the answer cache? Not a reordered second opinion, which must be asked anew. */
export const usesCache = (settings, pass) => !(pass === 1 && settings.secondOpinion === "reorder");
