#!/usr/bin/env node
// A local stand-in for bedrock-runtime, for tests and the demo.
//
// - Verifies every SigV4 signature with @smithy/signature-v4 (not our signer) against the keys
//   in test-credentials.mjs, and answers auth failures the way AWS does.
// - Answers InvokeModel for the model families it knows, labelling deterministically
//   (labeling-rule.mjs) so tests know the expected labels.
// - Can be told to misbehave: `[[emulate:CODE]]` in an item's text fails that request with
//   CODE; POST /__emulator/config sets latency, clock skew and queued failures.
// - Streams InvokeModelWithResponseStream as real event-stream frames (event-stream.mjs), for
//   families with `streamChunks` (Claude, Nova, Llama 3, Mistral, Titan), refusing models whose
//   `streamRefusal` says so (Llama 4); config `chunkDelayMs`, `streamFault`, `holdLastChunk`.
// - Can enforce a requests-per-minute quota (`quotaRpm`) with 429 ThrottlingException, as
//   Bedrock does when an account's on-demand quota is exhausted.
//
// CLI: node tests/emulator/emulator.mjs --port 0 [--latency-ms N] [--clock-skew-ms N] [--chunk-delay-ms N] [--quota-rpm N]
//      prints its URL on the first line.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { verifySignature } from "./sigv4-verify.mjs";
import { sendError, ERRORS } from "./aws-errors.mjs";
import { itemsFromPrompt, directiveIn } from "./prompt-items.mjs";
import { answerPrompt } from "./answering.mjs";
import * as anthropic from "./families/anthropic.mjs";
import * as nova from "./families/nova.mjs";
import * as llama from "./families/llama.mjs";
import * as mistral from "./families/mistral.mjs";
import * as titan from "./families/titan.mjs";
import * as cohere from "./families/cohere.mjs";
import * as deepseek from "./families/deepseek.mjs";
import { makeChatFamily } from "./families/chat.mjs";
import { sendEventStream, streamDirectiveIn } from "./event-stream.mjs";

const jamba = makeChatFamily("jamba");
const openai = makeChatFamily("openai", { reasoning: true });
const GEO_PREFIXES = new Set(["us", "eu", "apac", "us-gov", "jp", "au", "ca", "global"]);

/** Base model id of a model id, inference profile id or ARN, or null (application profiles). */
export function baseModelId(modelId) {
  let id = modelId;
  if (id.startsWith("arn:")) {
    const resource = id.split(":").slice(5).join(":");
    const [kind, ...rest] = resource.split("/");
    if (kind !== "foundation-model" && kind !== "inference-profile") return null;
    id = rest.join("/");
  }
  const parts = id.split(".");
  if (parts.length > 2 && GEO_PREFIXES.has(parts[0])) parts.shift();
  return parts.join(".");
}

/** The emulated family serving `modelId`, or null for models the emulator does not know. */
export function familyFor(modelId) {
  const base = baseModelId(modelId) ?? "";
  const [provider, model = ""] = [base.split(".")[0], base.split(".").slice(1).join(".")];
  if (provider === "anthropic") return anthropic;
  if (provider === "amazon" && model.startsWith("nova-")) return nova;
  if (provider === "amazon" && model.startsWith("titan-text")) return titan;
  if (provider === "meta" && /^llama[34]/.test(model)) return llama;
  if (provider === "mistral") return mistral;
  if (provider === "cohere" && model.startsWith("command-r")) return cohere;
  if (provider === "ai21" && model.startsWith("jamba")) return jamba;
  if (provider === "deepseek") return deepseek;
  if (provider === "openai") return openai;
  // Application inference profiles: the emulator maps "…/claude-*" and "…/nova-*" names for tests.
  if (modelId.includes("application-inference-profile/")) return modelId.endsWith("nova") ? nova : anthropic;
  return null;
}

const tokens = (s) => Math.max(1, Math.ceil(s.length / 4));

const DEFAULTS = {
  latencyMs: 0,
  clockSkewMs: 0,
  /** Queue of errors to answer the next invocations with, one each: a code or {code, message, headers}. */
  failNext: [],
  /** How the model misbehaves: null | "drop-ids" | "repeat-ids" | "unknown-ids" | "bad-labels". */
  misbehave: null,
  /** Streaming: milliseconds between chunks. */
  chunkDelayMs: 0,
  /** Streaming: null | { kind: "exception", code, message?, afterChunks? } | { kind: "truncate" | "corrupt", afterChunks? } for every stream. */
  streamFault: null,
  /** Streaming: hold each stream's last chunk until releaseHeld() / POST /__emulator/release. */
  holdLastChunk: false,
  /** Invocations allowed per minute (0 = no quota); more are answered 429 ThrottlingException. */
  quotaRpm: 0,
  /** Invocations the quota lets through at once after a pause (null = one second's worth). */
  quotaBurst: null,
  /**
   * false accepts unsigned requests: only for `make bench`'s plain-fetch floor, which must cost
   * the emulator the same as signed clients. Every test keeps the default, true.
   */
  verifySignatures: true,
};

/**
 * A token bucket: `rpm / 60` tokens a second, holding at most `burst`. Bedrock's quotas are
 * per minute, but it does not let a whole minute's worth through in the first second.
 */
function quotaBucket() {
  let tokens = null;
  let last = 0;
  let key = "";
  return {
    /** Takes one token under `config`'s quota; false when the request must be throttled. */
    take(config, nowMs) {
      if (!(config.quotaRpm > 0)) return true;
      const perMs = config.quotaRpm / 60_000;
      const burst = config.quotaBurst ?? Math.max(1, config.quotaRpm / 60);
      const k = `${config.quotaRpm}/${burst}`;
      if (tokens === null || k !== key) [tokens, last, key] = [burst, nowMs, k];
      tokens = Math.min(burst, tokens + (nowMs - last) * perMs);
      last = nowMs;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    reset() {
      tokens = null;
    },
  };
}

export async function startEmulator(options = {}) {
  const config = { ...DEFAULTS, failNext: [], ...options };
  const stats = { requests: 0, invocations: [], authFailures: 0, streams: [], throttled: 0 };
  const quota = quotaBucket();
  let held = [];
  const hold = () => new Promise((resolve) => held.push(resolve));
  const releaseHeld = () => {
    const waiting = held;
    held = [];
    waiting.forEach((resolve) => resolve());
    return waiting.length;
  };

  async function handleInvoke(req, res, rawBody, modelId, stream) {
    const nowMs = Date.now() + config.clockSkewMs;
    const date = new Date(nowMs).toUTCString();
    const verdict = config.verifySignatures
      ? await verifySignature({ method: req.method, path: req.url, headers: req.headers, body: rawBody, nowMs })
      : { ok: true, accessKeyId: null, region: null };
    if (!verdict.ok) {
      stats.authFailures++;
      if (verdict.capitalMessage) {
        res.writeHead(403, { "content-type": "application/json", "x-amzn-errortype": `${verdict.code}:http://internal.amazon.com/coral/com.amazon.coral.service/`, "x-amzn-requestid": randomUUID(), date });
        return res.end(JSON.stringify({ Message: verdict.message }));
      }
      return sendError(res, verdict.code, verdict.message, { date });
    }
    const entry = { modelId, stream, status: 0, items: 0, accessKeyId: verdict.accessKeyId, region: verdict.region, at: Date.now() };
    stats.invocations.push(entry);
    // Throttled at once, before the model runs, as Bedrock answers an exhausted quota.
    if (!quota.take(config, Date.now())) {
      stats.throttled++;
      return (entry.status = sendError(res, "ThrottlingException", undefined, { date }));
    }
    if (config.latencyMs > 0) await new Promise((r) => setTimeout(r, config.latencyMs));

    if (config.failNext.length > 0) {
      // Entries: an error code, or { code, message?, headers? }.
      const next = config.failNext.shift();
      const spec = typeof next === "string" ? { code: next } : next;
      return (entry.status = sendError(res, spec.code, spec.message, { date, ...spec.headers }));
    }
    const fam = familyFor(modelId);
    if (!fam) return (entry.status = sendError(res, "ValidationException", "The provided model identifier is invalid.", { date }));
    if (stream && !fam.streamChunks) return (entry.status = sendError(res, "ValidationException", `(emulator) streaming is not emulated for ${fam.name} yet`, { date }));
    const refusal = stream && fam.streamRefusal?.(modelId);
    if (refusal) return (entry.status = sendError(res, "ValidationException", refusal, { date }));

    let body;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch {
      return (entry.status = sendError(res, "ValidationException", "Malformed input request, please reformat your input and try again.", { date }));
    }
    const problem = fam.validate(body);
    if (problem) return (entry.status = sendError(res, "ValidationException", problem, { date }));

    const prompt = fam.promptOf(body);
    const items = itemsFromPrompt(prompt) ?? [];
    entry.items = items.length;
    entry.texts = items.map((i) => i.text);
    entry.family = fam.name;
    entry.body = body;
    const directive = items.map((i) => directiveIn(i.text)).find(Boolean);
    if (directive && ERRORS[directive]) return (entry.status = sendError(res, directive, undefined, { date }));

    const answer = answerPrompt(prompt, fam.schemaOf(body), misbehaviour(config.misbehave));
    const usage = { inputTokens: tokens(rawBody.toString("utf8")), outputTokens: tokens(JSON.stringify(answer ?? "")) };
    if (stream) {
      const record = { modelId, startedAt: Date.now() };
      stats.streams.push(record);
      entry.status = 200;
      const fault = items.map((i) => streamDirectiveIn(i.text)).find(Boolean) ?? config.streamFault;
      return sendEventStream(res, fam.streamChunks(body, answer, usage), {
        chunkDelayMs: config.chunkDelayMs,
        fault,
        hold: config.holdLastChunk ? hold : undefined,
        record,
        headers: { "x-amzn-requestid": randomUUID(), date },
      });
    }
    const out = JSON.stringify(fam.respond(body, answer, usage));
    res.writeHead(200, {
      "content-type": "application/json",
      "x-amzn-requestid": randomUUID(),
      "x-amzn-bedrock-invocation-latency": String(config.latencyMs),
      "x-amzn-bedrock-input-token-count": String(usage.inputTokens),
      "x-amzn-bedrock-output-token-count": String(usage.outputTokens),
      "content-length": Buffer.byteLength(out),
      date,
    });
    res.end(out);
    entry.status = 200;
  }

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const rawBody = Buffer.concat(chunks);
    const url = new URL(req.url, "http://emulator");
    try {
      if (url.pathname.startsWith("/__emulator/")) return control(req, res, url, rawBody);
      stats.requests++;
      const m = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/.exec(url.pathname);
      if (req.method !== "POST" || !m) {
        res.writeHead(404, { "content-type": "application/json", "x-amzn-errortype": "UnknownOperationException", "x-amzn-requestid": randomUUID() });
        return res.end(JSON.stringify({ message: "Unknown operation" }));
      }
      await handleInvoke(req, res, rawBody, decodeURIComponent(m[1]), m[2] !== "invoke");
    } catch (e) {
      if (!res.headersSent) sendError(res, "InternalServerException", `(emulator) ${e.message}`);
      else res.destroy(e);
    }
  });

  function control(req, res, url, rawBody) {
    const reply = (obj) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(obj));
    };
    switch (url.pathname) {
      case "/__emulator/health":
        return reply({ ok: true });
      case "/__emulator/stats":
        return reply(stats);
      case "/__emulator/release":
        return reply({ released: releaseHeld() });
      case "/__emulator/config":
        if (req.method === "POST") {
          Object.assign(config, JSON.parse(rawBody.toString("utf8") || "{}"));
          quota.reset();
        }
        return reply(config);
      case "/__emulator/reset":
        Object.assign(stats, { requests: 0, invocations: [], authFailures: 0, streams: [], throttled: 0 });
        Object.assign(config, DEFAULTS, { failNext: [] }, options);
        quota.reset();
        releaseHeld();
        return reply({ ok: true });
      default:
        res.writeHead(404);
        res.end();
    }
  }

  await new Promise((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    stats,
    /** Lets every stream held before its last chunk (config.holdLastChunk) finish; returns how many. */
    releaseHeld,
    close: () => new Promise((resolve) => { releaseHeld(); server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/**
 * Test-only model misbehaviour. With several items: "drop-ids" drops every second result,
 * "repeat-ids" repeats it. On a first answer (not a repair): "bad-labels" decorates labels
 * ("positive (maybe)"), "unknown-ids" renumbers results. Repairs and single items are answered
 * correctly, as a model that reads the correction would.
 */
function misbehaviour(kind) {
  switch (kind) {
    case "drop-ids":
      return (results) => (results.length > 1 ? results.filter((_, i) => i % 2 === 0) : results);
    case "repeat-ids":
      return (results) => (results.length > 1 ? results.flatMap((r, i) => (i % 2 === 1 ? [r, { ...r }] : [r])) : results);
    case "bad-labels":
      return (results, { repair }) => (repair ? results : results.map((r) => ({ ...r, label: `${r.label ?? "x"} (maybe)`, labels: r.labels?.map((l) => `${l}!`) })));
    case "unknown-ids":
      return (results, { repair }) => (repair || results.length === 1 ? results : results.map((r, i) => ({ ...r, id: `x${i}` })));
    default:
      return null;
  }
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--port") (opts.port = Number(value)), i++;
    else if (flag === "--host") (opts.host = value), i++;
    else if (flag === "--latency-ms") (opts.latencyMs = Number(value)), i++;
    else if (flag === "--clock-skew-ms") (opts.clockSkewMs = Number(value)), i++;
    else if (flag === "--chunk-delay-ms") (opts.chunkDelayMs = Number(value)), i++;
    else if (flag === "--quota-rpm") (opts.quotaRpm = Number(value)), i++;
    else throw new Error(`unknown flag ${flag}`);
  }
  return opts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const emu = await startEmulator(parseArgs(process.argv.slice(2)));
  console.log(emu.url);
  const stop = () => emu.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
