// Only in the "full" package (extension/pkg/labeler-full.js): the workspace and `make bench`.

/** A row may be shorter than `columns` (not padded): read a missing cell as "" (`row[i] ?? ""`). */
export interface Table { columns: string[]; rows: string[][] }
/** Reads a .csv, .jsonl or .txt file; throws { code: "InvalidInput", message } naming the line,
 *  or the limit for a file over 250 MB, 1,000 columns or 20 million cells. */
export function parseDataset(bytes: Uint8Array, fileName: string): Table;
export function toCsv(table: Table): string;
/** One cache key (hex SHA-256) per text; credentials are not needed. */
export function cacheKeys(request: Partial<PredictLabelsRequest>): string[];
/** Input JSONL for Bedrock Batch Inference (CreateModelInvocationJob). */
export function exportBatchInference(request: Partial<PredictLabelsRequest>): { jsonl: string; records: number };
export function importBatchInference(request: Partial<PredictLabelsRequest>, outputJsonl: string): {
  predictions: Prediction[];
  summary: { records: number; errorRecords: number; rows: number; unreadableLines: number[] };
};
export interface LabelMetrics { label: string; precision: number; recall: number; f1: number; support: number; predicted: number }
/** Rows whose gold values are all outside the label set are skipped, and counted in
 *  `unknownGoldRows` as well as `skipped`. `goldLabels` (reviewed labels) wins over `gold` (a
 *  cell); `[]` is a gold answer for multi-label. task "spans" throws: use evaluateSpans. */
export function evaluate(labels: LabelSpec[], task: string, rows: { labels: string[] | null; gold?: string; goldLabels?: string[] }[]): {
  evaluated: number; skipped: number; unknownGoldRows: number; accuracy: number; macroF1: number; microF1: number;
  perLabel: LabelMetrics[]; confusion?: number[][]; unknownGold: string[];
};
/** Spans matched on exact offsets and label; `gold: null` = no gold for the row, `[]` = no spans. */
export function evaluateSpans(labels: LabelSpec[], rows: { spans: SpanRef[] | null; gold: SpanRef[] | null }[]): {
  evaluated: number; skipped: number; unknownGoldRows: number; precision: number; recall: number; f1: number;
  macroF1: number; perLabel: LabelMetrics[]; unknownGold: string[];
};
export interface SpanRef { start: number; end: number; label: string }

/**
 * Benchmark hook for `make bench`, not part of the labeling API: builds the InvokeModel request
 * for `modelId` with `body` at `endpoint` (a base URL) as predictLabels does, signs it
 * `iterations` times at `timeMs` through the same signer and returns the last Authorization header.
 */
export function benchSign(
  iterations: number,
  accessKeyId: string,
  secretAccessKey: string,
  region: string,
  endpoint: string,
  modelId: string,
  body: string,
  timeMs: number,
): string;
