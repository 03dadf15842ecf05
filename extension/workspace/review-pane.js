// The current row in full: its text (spans marked; a span can be clicked away), the label keys
// (1–9, pressed where the final answer has them), the model's answer, the second opinion and
// its agreement, the model's reason, the status, and whether the decision is saved yet.
import { el, chips, markedText } from "./dom.js";
import { formatCount } from "./stats.js";

const STATUS = { predicted: "Predicted, not reviewed", accepted: "Accepted", corrected: "Corrected", rejected: "Rejected: no label fits", failed: "The prediction failed", "not labeled": "Not labeled yet" };

/** `s`: { r (rows-model row) or null, pos, count, task, labels, open }. */
export function renderPane(pane, s) {
  const doc = pane.ownerDocument;
  if (!s.r) {
    pane.replaceChildren(el(doc, "p", { className: "muted", text: s.count === 0 ? "No rows match." : "Pick a row." }));
    return;
  }
  const r = s.r;
  const answer = r.review ?? (r.model?.status === "ok" ? r.model : { labels: [], spans: [] });
  const spans = s.task === "spans" ? answer.spans ?? [] : [];
  const text = markedText(doc, r.text, spans, s.labels, { removable: s.task === "spans" });
  text.id = "pane-text";
  if (s.open) text.classList.add("open");
  const finalNames = s.task === "spans" ? [...new Set(spans.map((x) => x.label))] : answer.labels ?? [];
  const keys = el(doc, "div", { className: "label-keys", attrs: { role: "group", "aria-label": "Labels" } },
    ...s.labels.map((l, k) =>
      el(doc, "button", { type: "button", className: `lc-${l.color}`, dataset: { label: l.name, action: "label" }, attrs: { "aria-pressed": String(s.task !== "spans" && finalNames.includes(l.name)) } },
        k < 9 ? el(doc, "kbd", { text: String(k + 1) }) : null, doc.createTextNode(l.name)),
    ),
  );
  const saved = r.saving ? "saving…" : r.review ? "saved" : "";
  const facts = [
    ["Status", el(doc, "span", { className: `status ${r.status}`, text: r.auto ? "Accepted by agreement (both opinions agree)" : STATUS[r.status] })],
    ["Model", r.model?.status === "failed" ? el(doc, "span", { className: "status failed", text: r.model.error?.message ?? "failed" }) : chips(doc, r.modelNames, s.labels)],
  ];
  if (r.second) facts.push(["Second opinion", el(doc, "span", {}, chips(doc, r.second.status === "ok" ? (s.task === "spans" ? [...new Set((r.second.spans ?? []).map((x) => x.label))] : r.second.labels) : [], s.labels), el(doc, "span", { className: r.score < 1 ? "low" : "muted", text: r.score == null ? "" : ` ${Math.round(r.score * 100)}% agreement` }))]);
  if (r.model?.reason) facts.push(["Reason", el(doc, "span", { text: r.model.reason })]);
  facts.push(["Final", chips(doc, r.final, s.labels, r.status === "rejected" ? "no label fits" : "—")]);
  const dl = el(doc, "dl", {}, ...facts.flatMap(([k, v]) => [el(doc, "dt", { text: k }), el(doc, "dd", {}, v)]));
  const actions = el(doc, "div", { className: "actions" },
    ...[["accept", "A", "Accept"], ["reject", "X", "Reject"], ["skip", "Space", "Skip"], ["undo", "Z", "Undo"]].map(([action, key, name]) =>
      el(doc, "button", { type: "button", dataset: { action } }, el(doc, "kbd", { text: key }), doc.createTextNode(name))),
  );
  const hint = s.task === "spans" ? el(doc, "p", { className: "help", text: "Select text, then press a label's key to add a span; click a span (or focus it and press Delete) to remove it." }) : null;
  pane.replaceChildren(
    el(doc, "h4", {}, el(doc, "span", { text: `Row ${r.index + 1}` }), el(doc, "span", { className: "muted", text: `${formatCount(s.pos + 1)} of ${formatCount(s.count)} shown` }), el(doc, "span", { className: "saved-mark", id: "saved-mark", text: saved })),
    ...[text, hint, keys, dl, actions].filter(Boolean),
  );
}
