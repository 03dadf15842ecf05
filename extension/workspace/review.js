// What a reviewer decides for each row, with undo. A decision is committed to IndexedDB before
// it is shown as saved: until its transaction completes the row is "saving" (pending), and a
// failed commit shows nothing as saved. Decisions are written one after another, in order.
import { sameAnswer } from "./agreement.js";

export const HISTORY = 100;

export class Review {
  /** `store.set(projectId, index, review | null)` commits; `onChange()` redraws; `onError(e)` reports. */
  constructor({ projectId, task, store, reviews = new Map(), onChange = () => {}, onError = () => {}, now = Date.now }) {
    Object.assign(this, { projectId, task, store, reviews, onChange, onError, now });
    this.pending = new Map();
    this.history = [];
    this.queue = Promise.resolve();
  }

  /** The row's decision as committed (null: unreviewed). */
  committed(index) {
    return this.reviews.get(index) ?? null;
  }

  /** The row's decision as it will be once saving finishes (what keys act on). */
  current(index) {
    return this.pending.has(index) ? this.pending.get(index) : this.committed(index);
  }

  isSaving(index) {
    return this.pending.has(index);
  }

  /** Queues `review` (or null) for row `index`; resolves once committed and shown. */
  decide(index, review, { undoing = false } = {}) {
    const before = this.current(index);
    this.pending.set(index, review);
    this.onChange();
    const work = async () => {
      try {
        await this.store.set(this.projectId, index, review);
        if (review) this.reviews.set(index, review);
        else this.reviews.delete(index);
        if (!undoing) {
          this.history.push({ index, before });
          if (this.history.length > HISTORY) this.history.shift();
        }
      } catch (e) {
        this.onError(e);
      } finally {
        if (this.pending.get(index) === review) this.pending.delete(index);
        this.onChange();
      }
    };
    this.queue = this.queue.then(work);
    return this.queue;
  }

  /** A decision whose answer is `answer` ({labels, spans}): accepted when it is the model's, else corrected. */
  answer(index, answer, model, runId) {
    const status = model?.status === "ok" && sameAnswer(this.task, answer, model) ? "accepted" : "corrected";
    return this.decide(index, { status, labels: answer.labels ?? [], spans: answer.spans ?? [], runId, at: this.now() });
  }

  accept(index, model, runId) {
    if (model?.status !== "ok") return Promise.resolve();
    return this.answer(index, { labels: model.labels, spans: model.spans ?? [] }, model, runId);
  }

  /** No label fits. */
  reject(index, runId) {
    return this.decide(index, { status: "rejected", labels: [], spans: [], runId, at: this.now() });
  }

  /** What the row says now: the decision if any, else the model's answer. */
  answerOf(index, model) {
    const r = this.current(index);
    if (r) return { labels: r.labels, spans: r.spans ?? [] };
    return model?.status === "ok" ? { labels: model.labels ?? [], spans: model.spans ?? [] } : { labels: [], spans: [] };
  }

  /** Single-label: `name` is the label. Multi-label: `name` is switched on or off. */
  setLabel(index, name, model, runId) {
    const now = this.answerOf(index, model);
    const labels = this.task === "multi" ? (now.labels.includes(name) ? now.labels.filter((l) => l !== name) : [...now.labels, name]) : [name];
    return this.answer(index, { labels, spans: [] }, model, runId);
  }

  addSpan(index, span, model, runId) {
    const now = this.answerOf(index, model);
    const spans = [...now.spans.filter((s) => !(s.start === span.start && s.end === span.end)), span].sort((a, b) => a.start - b.start || a.end - b.end);
    return this.answer(index, { labels: [], spans }, model, runId);
  }

  removeSpan(index, span, model, runId) {
    const now = this.answerOf(index, model);
    const spans = now.spans.filter((s) => !(s.start === span.start && s.end === span.end && s.label === span.label));
    return this.answer(index, { labels: [], spans }, model, runId);
  }

  /** Undoes the last decision; resolves the row it was about (or null when there is none). */
  async undo() {
    await this.queue; // a decision still saving is undone too, after it is saved
    const last = this.history.pop();
    if (!last) return null;
    await this.decide(last.index, last.before, { undoing: true });
    return last.index;
  }

  /** Resolves once every queued decision is committed. */
  settled() {
    return this.queue;
  }
}
