// One row as the review, the filters and the exports see it: its text, the model's answer,
// the second opinion's agreement, the reviewer's decision and what is final. A row is final
// when a reviewer decided it, or when both opinions agreed (auto-accepted by agreement).
import { agreement } from "./agreement.js";

const namesOf = (task, x) => (task === "spans" ? [...new Set((x.spans ?? []).map((s) => s.label))] : x.labels ?? []);

/**
 * `ctx`: { task, text(i), predictions: [Map, Map] (the reviewed run's passes), review (Review,
 * or null) }. Returns row(i) → { index, text, model, second, review, status, score, final,
 * finalAnswer, auto, saving } where model/final are label names (span labels for spans).
 */
export function rowModel(ctx) {
  return (i) => {
    const model = ctx.predictions[0].get(i) ?? null;
    const second = ctx.predictions[1].get(i) ?? null;
    const review = ctx.review?.current(i) ?? null;
    const score = agreement(ctx.task, model, second);
    const auto = !review && score === 1;
    const status = review ? review.status : model ? (model.status === "ok" ? "predicted" : "failed") : "not labeled";
    const finalAnswer = review ?? (auto ? model : null);
    return {
      index: i,
      text: ctx.text(i),
      model,
      second,
      review,
      status,
      score,
      auto,
      saving: ctx.review?.isSaving(i) ?? false,
      modelNames: model?.status === "ok" ? namesOf(ctx.task, model) : null,
      final: finalAnswer ? namesOf(ctx.task, finalAnswer) : null,
      finalAnswer,
    };
  };
}

/** The row descriptor order.js filters on (model / final names). */
export const forOrder = (row) => (i) => {
  const r = row(i);
  return { text: r.text, status: r.status, final: r.final, model: r.modelNames, score: r.score };
};
