// Reading a dropped file into an import: { format, columns, rows, textColumn, goldColumn, task?,
// labels?, runs: [{ name, modelVersion, predictions }], reviews, extras? }. CSV, TXT and plain
// JSONL go through the core (parseDataset: RFC 4180, limits); TSV, JSON arrays, Label Studio
// tasks, Argilla / Hugging Face records and Prodigy tasks are read here, as JSON.parse and
// JavaScript strings (with the code-point offsets those formats use) fit them best.
import { parseTsv } from "./delimited.js";
import { tableOf, guessTextColumn, guessGoldColumn } from "./cells.js";
import { looksLikeLabelStudio, fromTasks } from "./label-studio.js";
import { argillaShape, fromRecords } from "./argilla.js";
import { looksLikeProdigy, fromProdigy } from "./prodigy.js";

const ext = (name) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";

function plain(format, { columns, rows }) {
  return { format, columns, rows, textColumn: guessTextColumn(columns, rows), goldColumn: guessGoldColumn(columns), runs: [], reviews: [] };
}

/** Objects from a JSON array or JSONL file, by their shape. */
export function fromObjects(objects, format) {
  if (objects.length === 0) throw new Error("the file holds no records");
  if (looksLikeLabelStudio(objects)) return { goldColumn: null, ...fromTasks(objects) };
  if (argillaShape(objects)) return { goldColumn: null, ...fromRecords(objects) };
  if (looksLikeProdigy(objects)) return { goldColumn: null, ...fromProdigy(objects) };
  const items = objects.map((o) => (typeof o === "string" ? { text: o } : o));
  if (!items.every((o) => o && typeof o === "object" && !Array.isArray(o))) throw new Error("expected objects (or strings), one per row");
  return plain(format, tableOf(items));
}

/** A JSONL file whose lines are annotation records (read here) rather than plain rows (read by the core)? */
function annotated(text) {
  const first = text.split("\n", 50).find((l) => l.trim());
  try {
    const o = JSON.parse(first);
    return Boolean(o && typeof o === "object" && (looksLikeLabelStudio([o]) || argillaShape([o]) || looksLikeProdigy([o])));
  } catch {
    return false;
  }
}

/** Reads `bytes` named `fileName`; `parseDataset` is the core's. Throws { message } naming the problem. */
export function readDataset(bytes, fileName, parseDataset) {
  const kind = ext(fileName);
  const text = () => new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  if (kind === "tsv" || kind === "tab") return plain("tsv", parseTsv(text()));
  if (kind === "json") {
    let value;
    try {
      value = JSON.parse(text());
    } catch (e) {
      throw { code: "InvalidInput", message: `file: ${fileName} is not JSON (${e.message})` };
    }
    if (!Array.isArray(value)) throw { code: "InvalidInput", message: `file: ${fileName} is not a JSON array of records` };
    return fromObjects(value, "json");
  }
  if ((kind === "jsonl" || kind === "ndjson") && annotated(text())) {
    const lines = text().split(/\r?\n/).filter((l) => l.trim());
    return fromObjects(lines.map((l, n) => {
      try {
        return JSON.parse(l);
      } catch (e) {
        throw { code: "InvalidInput", message: `file: JSONL line ${n + 1}: ${e.message}` };
      }
    }), "jsonl");
  }
  return plain(kind === "txt" || kind === "text" ? "txt" : kind === "csv" ? "csv" : "jsonl", parseDataset(bytes, fileName));
}
