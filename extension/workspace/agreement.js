// Confidence by agreement. Claude on Bedrock gives no log-probabilities and self-reported
// scores are unreliable, so a row's confidence is how far two independent answers agree: the
// run's model and its second opinion (another model, or the same one with the rows reordered).
// 1 = the same answer; below 1 = they differ, and the row is "low confidence".

const spanKey = (s) => `${s.start}:${s.end}:${s.label}`;

/** Jaccard similarity of two sets of strings (1 when both are empty). */
function jaccard(a, b) {
  const A = new Set(a);
  const B = new Set(b);
  if (A.size === 0 && B.size === 0) return 1;
  let both = 0;
  for (const x of A) if (B.has(x)) both++;
  return both / (A.size + B.size - both);
}

/** The answer of a prediction as a set of keys: its labels, or its spans. */
export const answerKeys = (task, p) => (task === "spans" ? (p.spans ?? []).map(spanKey) : p.labels ?? []);

/** Agreement of two predictions in [0, 1], or null when either is missing or failed. */
export function agreement(task, a, b) {
  if (a?.status !== "ok" || b?.status !== "ok") return null;
  return jaccard(answerKeys(task, a), answerKeys(task, b));
}

export const isLow = (score) => score != null && score < 1;

/** Do two answers (labels and spans, as reviews and predictions hold them) say the same? */
export function sameAnswer(task, a, b) {
  return jaccard(answerKeys(task, a ?? {}), answerKeys(task, b ?? {})) === 1;
}

/**
 * Per run: how many rows both opinions answered, how many agreed (auto-accepted: their answer
 * needs no review), and where gold exists the accuracy of agreeing and of disagreeing rows.
 * `rows`: [{ score, correct }] with `correct` true/false against gold, or null without gold.
 */
export function agreementSummary(rows) {
  const out = { compared: 0, agreed: 0, low: 0, agreeing: { right: 0, judged: 0 }, disagreeing: { right: 0, judged: 0 } };
  for (const { score, correct } of rows) {
    if (score == null) continue;
    out.compared++;
    const group = score === 1 ? out.agreeing : out.disagreeing;
    if (score === 1) out.agreed++;
    else out.low++;
    if (correct != null) {
      group.judged++;
      if (correct) group.right++;
    }
  }
  const acc = (g) => (g.judged ? g.right / g.judged : null);
  return { ...out, agreeingAccuracy: acc(out.agreeing), disagreeingAccuracy: acc(out.disagreeing) };
}
