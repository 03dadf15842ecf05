/** AWS credentials: an IAM user's keys, or temporary keys from `aws sts assume-role`. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Required with temporary (ASIA…) keys. */
  sessionToken?: string;
}

export type LabelSpec = string | { name: string; description?: string };

export interface PredictLabelsRequest {
  credentials: Credentials;
  /** e.g. "us-east-1" */
  region: string;
  /** Base model id, inference profile id, or ARN. */
  modelId: string;
  labels: LabelSpec[];
  /** The items to label. */
  texts: string[];
  /** Default "single". */
  task?: "single" | "multi" | "spans";
  /** System prompt. */
  instructions?: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** Base URL override, e.g. "http://127.0.0.1:4010"; default https://bedrock-runtime.{region}.amazonaws.com */
  endpoint?: string;
}

export interface ItemError {
  code: string;
  message: string;
}

export interface Prediction {
  index: number;
  text: string;
  labels: string[];
  status: "ok" | "failed";
  error?: ItemError;
  /** The model's raw output, on failed items. */
  raw?: string;
}

export interface PredictLabelsResult {
  predictions: Prediction[];
  usage: { inputTokens: number; outputTokens: number; requests: number };
  modelId: string;
  region: string;
}

/** What a rejected predictLabels promise carries. */
export interface LabelerError {
  code: string;
  message: string;
  status?: number;
  requestId?: string;
}

export type ProgressEvent = { type: "prediction"; prediction: Prediction };

export function predictLabels(
  request: PredictLabelsRequest,
  onProgress?: (event: ProgressEvent) => void,
): Promise<PredictLabelsResult>;

/** Non-secret settings persisted in localStorage. */
export interface Settings {
  region?: string;
  modelId?: string;
  labels?: string;
  endpoint?: string;
  task?: string;
  instructions?: string;
  temperature?: number;
}

export function loadSettings(): Settings;
/** Keeps only the fields of Settings; credentials are never stored. */
export function saveSettings(settings: Settings): void;
export function version(): string;

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
