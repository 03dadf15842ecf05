// Exports: every input row exactly once, with its input columns and what became of it.

/** Status of a row in exports and the table: ok, failed, or not labeled (never sent / cancelled). */
export function rowStatus(prediction) {
  if (!prediction) return "not labeled";
  return prediction.status;
}

const OUT_COLUMNS = ["labels", "spans", "status", "error", "cached"];

/** Column names of the export: the input columns, then ours (renamed if the input has them). */
export function exportColumns(inputColumns) {
  return [...inputColumns, ...OUT_COLUMNS.map((c) => (inputColumns.includes(c) ? `predicted_${c}` : c))];
}

/**
 * The export as a table: `rows` are the dataset rows (cells), `predictions` by row index. A row
 * may be shorter than `columns` (the parser does not pad ragged rows): its missing cells are
 * empty, so our columns stay in place.
 */
export function exportTable(columns, rows, predictions) {
  return {
    columns: exportColumns(columns),
    rows: rows.map((cells, i) => {
      const p = predictions.get(i);
      return [
        ...columns.map((_, j) => cells[j] ?? ""),
        (p?.labels ?? []).join("; "),
        p?.spans ? JSON.stringify(p.spans) : "",
        rowStatus(p),
        p?.error ? `${p.error.code}: ${p.error.message}` : "",
        p?.cached ? "yes" : "",
      ];
    }),
  };
}

/** The export as JSON Lines: one object per row, input columns as given, labels as an array. */
export function exportJsonl(columns, rows, predictions) {
  const names = exportColumns(columns).slice(columns.length);
  return rows
    .map((cells, i) => {
      const p = predictions.get(i);
      const obj = Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ""]));
      const [labels, spans, status, error, cached] = names;
      obj[labels] = p?.labels ?? [];
      if (p?.spans) obj[spans] = p.spans;
      obj[status] = rowStatus(p);
      if (p?.error) obj[error] = p.error;
      if (p?.cached) obj[cached] = true;
      return JSON.stringify(obj);
    })
    .join("\n") + "\n";
}

/** Offers `text` as a file download. */
export function download(doc, fileName, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = doc.createElement("a");
  a.href = url;
  a.download = fileName;
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "reviews.csv" → "reviews.labeled.csv". */
export function exportName(fileName, suffix) {
  const base = (fileName || "dataset").replace(/\.[^.]+$/, "");
  return `${base}.${suffix}`;
}
