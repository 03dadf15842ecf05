// Agreement with gold labels, as text in tables: for labels, accuracy, per-label precision,
// recall and F1 and the confusion matrix; for spans, span precision / recall / F1 (exact offsets).
// Rows skipped are counted, those whose gold is all outside the label set on their own; with a
// second opinion, the accuracy of agreeing and of disagreeing rows.
import { el } from "./dom.js";

const pct = (x) => (x == null || Number.isNaN(x) ? "—" : `${(x * 100).toFixed(1)}%`);

function skippedText(m) {
  const unknown = m.unknownGoldRows ? `, ${m.unknownGoldRows} of them because their gold values are all outside the label set` : "";
  const values = m.unknownGold.length ? ` Gold values not in the label set: ${m.unknownGold.slice(0, 10).join(", ")}.` : "";
  return `(${m.skipped} skipped: no prediction, no gold${unknown}).${values}`;
}

/** `s`: { metrics (evaluate or evaluateSpans result) | null, spans, labels, agreement (agreementSummary) | null, goldName }. */
export function renderMetrics(section, s) {
  const doc = section.ownerDocument;
  const m = s.metrics;
  if (!m || m.evaluated === 0) {
    section.hidden = !(m && m.skipped);
    if (m) section.querySelector("#metrics-summary").textContent = `No row could be evaluated ${skippedText(m)}`;
    return;
  }
  section.hidden = false;
  section.querySelector("#metrics-summary").textContent = s.spans
    ? `Span precision ${pct(m.precision)}, recall ${pct(m.recall)}, F1 ${pct(m.f1)} on ${m.evaluated} rows against ${s.goldName}, spans matched on exact offsets ${skippedText(m)} Macro F1 ${pct(m.macroF1)}.`
    : `Accuracy ${pct(m.accuracy)} on ${m.evaluated} rows against ${s.goldName} ${skippedText(m)} Macro F1 ${pct(m.macroF1)}, micro F1 ${pct(m.microF1)}.`;
  const a = s.agreement;
  section.querySelector("#agreement-summary").textContent = a && a.compared
    ? `Second opinion: ${a.agreed} of ${a.compared} rows agree (accepted by agreement), ${a.low} differ (low confidence). Accuracy of agreeing rows ${pct(a.agreeingAccuracy)} (${a.agreeing.judged} with gold), of disagreeing rows ${pct(a.disagreeingAccuracy)} (${a.disagreeing.judged} with gold).`
    : "";
  section.querySelector("#per-label tbody").replaceChildren(
    ...m.perLabel.map((l) => el(doc, "tr", {}, el(doc, "td", {}, el(doc, "span", { className: `chip lc-${s.labels.find((x) => x.name === l.label)?.color ?? "none"}`, text: l.label })), el(doc, "td", { text: pct(l.precision) }), el(doc, "td", { text: pct(l.recall) }), el(doc, "td", { text: pct(l.f1) }), el(doc, "td", { text: String(l.support) }))),
  );
  const wrap = section.querySelector("#confusion-wrap");
  if (!m.confusion) return wrap.replaceChildren();
  const names = s.labels.map((l) => l.name);
  const table = el(doc, "table", { className: "confusion", id: "confusion" },
    el(doc, "caption", { text: "Confusion matrix (rows: gold, columns: predicted)" }),
    el(doc, "tr", {}, el(doc, "th"), ...names.map((n) => el(doc, "th", { scope: "col", text: n }))),
    ...m.confusion.map((row, g) => el(doc, "tr", {}, el(doc, "th", { scope: "row", text: names[g] }), ...row.map((n, p) => el(doc, "td", { text: String(n), className: p === g ? "diag" : "" })))),
  );
  wrap.replaceChildren(table);
}
