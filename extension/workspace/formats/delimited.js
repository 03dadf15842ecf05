// Tab-separated values. IANA's text/tab-separated-values has one record per line, a tab between
// fields and no quoting ("fields that contain tabs are not allowable"); Label Studio and
// Python's csv module write TSV with RFC 4180 quotes instead. Both are read: a field that starts
// with `"` is quoted (`""` inside is a quote, and it may hold tabs and newlines), any other runs
// to the next tab or line end. A UTF-8 BOM is dropped; CRLF and LF both end a record.

/** `{ columns, rows }` from TSV `text`; blank lines are skipped; rows are not padded. */
export function parseTsv(text, sep = "\t") {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records = [];
  let row = [];
  let i = 0;
  const n = text.length;
  let fieldStart = true;
  while (i <= n) {
    if (i === n) {
      if (!(row.length === 0 && fieldStart)) records.push(row);
      break;
    }
    let value;
    if (text[i] === '"') {
      let out = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error(`TSV record ${records.length + 1}: a quoted field is not closed`);
        out += text.slice(i, q);
        if (text[q + 1] === '"') {
          out += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
    } else {
      let j = i;
      while (j < n && text[j] !== sep && text[j] !== "\n" && text[j] !== "\r") j++;
      value = text.slice(i, j);
      i = j;
    }
    row.push(value);
    fieldStart = false;
    if (text[i] === sep) {
      i++;
      fieldStart = true;
      if (i === n) row.push("");
      continue;
    }
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    if (!(row.length === 1 && row[0] === "")) records.push(row);
    row = [];
    fieldStart = true;
    if (i === n) break;
  }
  if (records.length === 0) return { columns: [], rows: [] };
  const [header, ...rows] = records;
  return { columns: header.map((h, j) => h.trim() || `column ${j + 1}`), rows };
}
