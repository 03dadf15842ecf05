// Accuracy, per-label precision/recall/F1 and the confusion matrix, as text in tables.

const pct = (x) => `${(x * 100).toFixed(1)}%`;

function td(doc, text, className) {
  const c = doc.createElement("td");
  c.textContent = text;
  if (className) c.className = className;
  return c;
}

export function renderMetrics(section, metrics, labels) {
  const doc = section.ownerDocument;
  if (!metrics || metrics.evaluated === 0) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const unknown = metrics.unknownGold.length ? ` Gold values not in the label set (ignored): ${metrics.unknownGold.slice(0, 10).join(", ")}.` : "";
  section.querySelector("#metrics-summary").textContent =
    `Accuracy ${pct(metrics.accuracy)} on ${metrics.evaluated} rows (${metrics.skipped} skipped: no prediction or no gold label). ` +
    `Macro F1 ${pct(metrics.macroF1)}, micro F1 ${pct(metrics.microF1)}.${unknown}`;
  section.querySelector("#per-label tbody").replaceChildren(
    ...metrics.perLabel.map((m) => {
      const tr = doc.createElement("tr");
      tr.append(td(doc, m.label), td(doc, pct(m.precision)), td(doc, pct(m.recall)), td(doc, pct(m.f1)), td(doc, String(m.support)));
      return tr;
    }),
  );
  const wrap = section.querySelector("#confusion-wrap");
  if (!metrics.confusion) {
    wrap.replaceChildren();
    return;
  }
  const table = doc.createElement("table");
  table.className = "confusion";
  table.id = "confusion";
  const caption = doc.createElement("caption");
  caption.textContent = "Confusion matrix (rows: gold, columns: predicted)";
  const head = doc.createElement("tr");
  head.append(doc.createElement("th"), ...labels.map((l) => {
    const th = doc.createElement("th");
    th.scope = "col";
    th.textContent = l;
    return th;
  }));
  table.append(caption, head);
  metrics.confusion.forEach((row, g) => {
    const tr = doc.createElement("tr");
    const th = doc.createElement("th");
    th.scope = "row";
    th.textContent = labels[g];
    tr.append(th, ...row.map((n, p) => td(doc, String(n), p === g ? "diag" : "")));
    table.append(tr);
  });
  wrap.replaceChildren(table);
}
