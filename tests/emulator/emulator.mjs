#!/usr/bin/env node
// A local stand-in for bedrock-runtime, for tests and the demo.
//
// - Verifies every SigV4 signature with @smithy/signature-v4 (not our signer) against the keys
//   in test-credentials.mjs, and answers auth failures the way AWS does.
// - Answers InvokeModel, InvokeModelWithResponseStream, Converse and ConverseStream for the
//   models in models.mjs (one table of per-model facts, each with its public source), labelling
//   deterministically (labeling-rule.mjs) so tests know the expected labels, and refusing what
//   each model is documented to refuse: unknown, retired and profile-only ids, operations a model
//   does not support, Claude's sampling / thinking / forced-tool / structured-output rules
//   (claude-rules.mjs), Converse's service-model shape (converse.mjs), Titan's caps.
// - Can be told to misbehave: `[[emulate:CODE]]` in an item's text fails that request with
//   CODE; POST /__emulator/config sets latency, clock skew, queued failures, and `refusals`
//   (a model refusing a body field the table does not know about).
// - Streams as real event-stream frames (event-stream.mjs); config `chunkDelayMs`,
//   `streamFault`, `holdLastChunk`.
// - Can enforce a requests-per-minute quota (`quotaRpm`) and a tokens-per-minute quota
//   (`quotaTpm`: input + max_tokens reserved at the start, input + burn × output settled at the
//   end, M§10.2–10.3) with 429 ThrottlingException, as Bedrock does when an account's on-demand
//   quota is exhausted.
// - Service tiers (M§12): the X-Amzn-Bedrock-Service-Tier header (InvokeModel, must be signed)
//   and Converse's serviceTier member, refused where the model's row offers no such tier, echoed
//   on the response.
//
// CLI: node tests/emulator/emulator.mjs --port 0 [--latency-ms N] [--clock-skew-ms N] [--chunk-delay-ms N] [--quota-rpm N] [--partial-usage]
//      prints its URL on the first line.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { verifySignature } from "./sigv4-verify.mjs";
import { sendError, ERRORS } from "./aws-errors.mjs";
import { itemsFromPrompt, directiveIn } from "./prompt-items.mjs";
import { answerPrompt } from "./answering.mjs";
import { createPromptCache } from "./prompt-cache.mjs";
import * as anthropic from "./families/anthropic.mjs";
import * as nova from "./families/nova.mjs";
import * as llama from "./families/llama.mjs";
import * as mistral from "./families/mistral.mjs";
import * as titan from "./families/titan.mjs";
import * as cohere from "./families/cohere.mjs";
import * as deepseek from "./families/deepseek.mjs";
import { makeChatFamily } from "./families/chat.mjs";
import { THINKING_TOKENS } from "./families/common.mjs";
import { sendEventStream, streamDirectiveIn, converseFrame } from "./event-stream.mjs";
import { resolveModel, parseModelId, tierProblem, INVALID_MODEL_MESSAGE, END_OF_LIFE_MESSAGE, ON_DEMAND_MESSAGE, ACTION_UNSUPPORTED_MESSAGE } from "./models.mjs";
import { claudeProblem, viewOfInvoke, thinkingOf } from "./claude-rules.mjs";
import { shapeProblem, modelProblem, converseTexts, conversePlan, converseThinking, converseRespond, converseStreamEvents } from "./converse.mjs";

const jamba = makeChatFamily("jamba");
const openai = makeChatFamily("openai", { reasoning: true });
/** Body-format modules by the table's `family`; "converse" families have no native body. */
const FAMILIES = { anthropic, nova, llama, mistral, titan, cohere, jamba, deepseek, openai, converse: { name: "converse" } };

/** Base model id of a model id, inference profile id or ARN, or null (application profiles). */
export function baseModelId(modelId) {
  return parseModelId(modelId)?.base ?? null;
}

/** The emulated family serving `modelId`, or null for models the emulator does not know. */
export function familyFor(modelId) {
  const { row } = resolveModel(modelId);
  return row ? FAMILIES[row.family] ?? null : null;
}

/** Is the dot path (`output_config.format`, `tools.0.strict`, `tools.strict` = any tool) in `body`? */
export function hasPath(body, path) {
  const walk = (value, segs) => {
    if (segs.length === 0) return value !== undefined;
    if (value === null || typeof value !== "object") return false;
    const [seg, ...rest] = segs;
    if (Array.isArray(value) && !/^\d+$/.test(seg)) return value.some((v) => walk(v, segs));
    return Object.prototype.hasOwnProperty.call(value, seg) && walk(value[seg], rest);
  };
  return walk(body, String(path).split("."));
}

/** Applies config.labelOverrides to an answer's results (see DEFAULTS). */
function overrideLabels(answer, items, base, overrides) {
  for (const o of overrides ?? []) {
    const prefix = parseModelId(o.model ?? "")?.base ?? o.model ?? "";
    if (!base?.startsWith(prefix)) continue;
    // Verbose ({results: [{label | labels}]}) or compact ({r: [{l}]}) answers.
    for (const r of answer?.results ?? answer?.r ?? []) {
      const item = items.find((i) => i.id === r.id);
      if (!item?.text.includes(o.marker)) continue;
      if ("label" in r) r.label = o.labels[0];
      else if ("labels" in r) r.labels = [...o.labels];
      else if ("l" in r) r.l = Array.isArray(r.l) ? [...o.labels] : o.labels[0];
    }
  }
}

const OPERATIONS = { invoke: "invoke", "invoke-with-response-stream": "invoke-stream", converse: "converse", "converse-stream": "converse-stream" };

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
   * Tokens per minute (0 = no token quota). A request reserves its input tokens + max_tokens
   * when it starts and is throttled (429 ThrottlingException) when the quota has less left; at
   * the end it settles at input + burn × output (the row's `burn`: 5 for Claude 3.7 and later),
   * the difference put back or taken out (M§10.2: AWS re:Post ARfUsSkaWeSLiWZbv0OVSG1Q; M§10.3).
   */
  quotaTpm: 0,
  /**
   * Seconds' worth of quotaTpm let through at once after a pause (the bucket's depth). AWS does
   * not document how a minute's quota is spread (UNCONFIRMED): 10 s is stricter than a whole
   * minute at once.
   */
  quotaTokenBurstS: 10,
  /**
   * false accepts unsigned requests: only for `make bench`'s plain-fetch floor, which must cost
   * the emulator the same as signed clients. Every test keeps the default, true.
   */
  verifySignatures: true,
  /**
   * Nova InvokeModel bodies report usage with only inputTokens, while the token-count headers
   * stay complete (reference Addendum: "with a guardrail"; UNCONFIRMED, M§1.9). Off by default.
   */
  partialUsage: false,
  /**
   * Refusals the table does not know about: [{model: "<base id prefix>", field: "<dot path>",
   * message}] → any body for a matching model containing that field gets 400 ValidationException
   * with that message.
   */
  refusals: [],
  /** More retired models: base-id prefixes answered 404 "This model version has reached the end of its life." */
  endOfLife: [],
  /** Per-model table overrides: {"<base id prefix>": {field: value}} merged onto models.mjs rows. */
  models: {},
  /** Nova writes <thinking>…</thinking> text before a tool call (M§1.4); false leaves it out. */
  novaToolPreamble: true,
  /**
   * Per-model answers for marked items, so two models can be made to disagree on known rows:
   * [{model: "<base id prefix>", marker: "<text>", labels: ["…"]}] → an item of a matching
   * model whose text contains `marker` is answered `labels` (single-label: the first).
   */
  labelOverrides: [],
};
/** max_tokens when a body sets none: the model's maximum (M§10.2: "unset max_tokens defaults to the model maximum (Claude Sonnet: 64,000)"). */
const UNSET_MAX_TOKENS = 64_000;

/** The output-token cap a body asks for, in any family's spelling (reference §3; Converse inferenceConfig.maxTokens). */
export function maxTokensOf(body) {
  if (body === null || typeof body !== "object") return UNSET_MAX_TOKENS;
  const cands = [
    body.max_tokens, body.max_completion_tokens, body.max_gen_len,
    body.inferenceConfig?.maxTokens, body.inferenceConfig?.max_new_tokens,
    body.textGenerationConfig?.maxTokenCount,
  ];
  const n = cands.find((v) => typeof v === "number" && v > 0);
  return n ?? UNSET_MAX_TOKENS;
}

/**
 * The token quota (quotaTpm): a bucket refilling quotaTpm / 60 tokens a second, quotaTokenBurstS
 * seconds deep. `reserve` takes a request's reservation (false: throttle it); `settle` puts back
 * the reservation and takes the settlement (0 for a request that did not run).
 */
function tokenQuota() {
  let level = null;
  let last = 0;
  let key = "";
  const refill = (config, nowMs) => {
    const cap = (config.quotaTpm / 60) * (config.quotaTokenBurstS ?? 10);
    const k = `${config.quotaTpm}/${cap}`;
    if (level === null || k !== key) [level, last, key] = [cap, nowMs, k];
    level = Math.min(cap, level + ((nowMs - last) * config.quotaTpm) / 60_000);
    last = nowMs;
  };
  return {
    reserve(config, nowMs, tokens) {
      if (!(config.quotaTpm > 0)) return true;
      refill(config, nowMs);
      if (level < tokens) return false;
      level -= tokens;
      return true;
    },
    settle(config, nowMs, reserved, settled) {
      if (!(config.quotaTpm > 0) || level === null) return;
      refill(config, nowMs);
      level += reserved - settled;
    },
    reset() {
      level = null;
    },
  };
}

/** Fresh copies of DEFAULTS' mutable members. */
const freshMutables = () => ({ failNext: [], refusals: [], endOfLife: [], models: {}, labelOverrides: [] });

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
  const config = { ...DEFAULTS, ...freshMutables(), ...options };
  const stats = { requests: 0, invocations: [], authFailures: 0, streams: [], throttled: 0, reservedTokens: 0, settledTokens: 0 };
  const quota = quotaBucket();
  const tokens_ = tokenQuota();
  const promptCache = createPromptCache();
  let held = [];
  const hold = () => new Promise((resolve) => held.push(resolve));
  const releaseHeld = () => {
    const waiting = held;
    held = [];
    waiting.forEach((resolve) => resolve());
    return waiting.length;
  };

  /** One of the four operations (OPERATIONS values) on `modelId`. */
  async function handleInvoke(req, res, rawBody, modelId, operation) {
    const stream = operation.endsWith("stream");
    const converse = operation.startsWith("converse");
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
    const entry = { modelId, stream, operation, status: 0, items: 0, accessKeyId: verdict.accessKeyId, region: verdict.region, at: Date.now() };
    stats.invocations.push(entry);
    // The token quota: what this request reserved, settled once (at its end, or at once when it
    // fails: a request that did not run is taken to keep nothing, UNCONFIRMED).
    let reserved = 0;
    const settle = (settled) => {
      if (reserved === 0) return;
      tokens_.settle(config, Date.now(), reserved, settled);
      stats.settledTokens += settled;
      entry.settled = settled;
      reserved = 0;
    };
    /** Answers an error and records it (status and message) in the entry. */
    const fail = (code, message, headers = {}) => {
      settle(0);
      entry.message = message ?? ERRORS[code]?.[2];
      return (entry.status = sendError(res, code, message, { date, ...headers }));
    };
    // Throttled at once, before the model runs, as Bedrock answers an exhausted quota.
    if (!quota.take(config, Date.now())) {
      stats.throttled++;
      return fail("ThrottlingException");
    }
    if (config.quotaTpm > 0) {
      let parsed = null;
      try {
        parsed = JSON.parse(rawBody.toString("utf8"));
      } catch {}
      // Reserved at the start: input tokens + max_tokens (M§10.2).
      const reservation = tokens(rawBody.toString("utf8")) + maxTokensOf(parsed);
      if (!tokens_.reserve(config, Date.now(), reservation)) {
        stats.throttled++;
        entry.throttledReservation = reservation;
        return fail("ThrottlingException");
      }
      reserved = reservation;
      entry.reserved = reservation;
      stats.reservedTokens += reservation;
    }
    if (config.latencyMs > 0) await new Promise((r) => setTimeout(r, config.latencyMs));

    if (config.failNext.length > 0) {
      // Entries: an error code, or { code, message?, headers? }.
      const next = config.failNext.shift();
      const spec = typeof next === "string" ? { code: next } : next;
      return fail(spec.code, spec.message, spec.headers);
    }

    // The model id, as Bedrock resolves it (models.mjs).
    const { row, base, viaProfile } = resolveModel(modelId, config.models);
    if (!row || row.invalid) return fail("ValidationException", INVALID_MODEL_MESSAGE);
    if (row.endOfLife || config.endOfLife.some((prefix) => base.startsWith(prefix))) return fail("ResourceNotFoundException", END_OF_LIFE_MESSAGE);
    if (row.profileOnly && !viaProfile) return fail("ValidationException", ON_DEMAND_MESSAGE(modelId));
    // A stream refusal message (a string) wins over "This action doesn't support the model".
    const streamed = (ok, how) => (typeof how === "string" ? how : ok && how);
    const supported = { invoke: row.invoke, "invoke-stream": streamed(row.invoke, row.invokeStream), converse: row.converse, "converse-stream": streamed(row.converse, row.converseStream) }[operation];
    if (supported !== true) return fail("ValidationException", typeof supported === "string" ? supported : ACTION_UNSUPPORTED_MESSAGE);
    const fam = FAMILIES[row.family];
    entry.family = fam.name;
    if (!converse && stream && !fam.streamChunks) return fail("ValidationException", `(emulator) streaming is not emulated for ${fam.name} yet`);

    let body;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch {
      return fail("ValidationException", "Malformed input request, please reformat your input and try again.");
    }
    entry.body = body;
    // The tier: InvokeModel's header (the verifier requires it signed), Converse's body member
    // (checked for shape below), per model (M§12.1–12.2).
    const tierHeader = req.headers["x-amzn-bedrock-service-tier"];
    const tier = converse ? body?.serviceTier?.type : tierHeader;
    entry.serviceTier = tier;
    if (!converse && tierHeader !== undefined) {
      const problem = tierProblem(tierHeader, row);
      if (problem) return fail("ValidationException", problem);
    }
    for (const r of config.refusals ?? []) {
      const prefix = parseModelId(r.model ?? "")?.base ?? r.model ?? "";
      if (base.startsWith(prefix) && hasPath(body, r.field)) return fail("ValidationException", r.message);
    }

    let prompt, schema, thinking;
    if (converse) {
      const problem = shapeProblem(body) ?? tierProblem(body.serviceTier?.type, row) ?? modelProblem(body, row, { stream });
      if (problem) return fail("ValidationException", problem);
      prompt = converseTexts(body).prompt;
      schema = conversePlan(body).schema;
      thinking = converseThinking(body, row);
    } else {
      const problem = fam.validate(body, row) ?? (row.family === "anthropic" ? claudeProblem(viewOfInvoke(body), row) : null);
      if (problem) return fail("ValidationException", problem);
      prompt = fam.promptOf(body);
      schema = fam.schemaOf(body);
      thinking = row.family === "anthropic" ? thinkingOf(viewOfInvoke(body), row) : null;
    }

    const items = itemsFromPrompt(prompt) ?? [];
    entry.items = items.length;
    entry.texts = items.map((i) => i.text);
    const directive = items.map((i) => directiveIn(i.text)).find(Boolean);
    if (directive && ERRORS[directive]) return fail(directive);

    const answer = answerPrompt(prompt, schema, misbehaviour(config.misbehave));
    overrideLabels(answer, items, base, config.labelOverrides);
    // Thinking tokens are billed as output tokens, even when the text is omitted [C§C.4].
    // Prompt caching (prompt-cache.mjs): cached prefix tokens are reported apart from the input.
    const cached = promptCache.apply({ body, base, row, format: converse || row.family !== "anthropic" ? "converse" : "claude", nowMs: Date.now(), tokens });
    if (cached.problem) return fail("ValidationException", cached.problem);
    entry.cacheRead = cached.read;
    entry.cacheWrite = cached.write;
    const usage = {
      inputTokens: Math.max(1, tokens(rawBody.toString("utf8")) - (cached.read ?? 0) - (cached.write ?? 0)),
      outputTokens: tokens(JSON.stringify(answer ?? "")) + (thinking ? THINKING_TOKENS : 0),
      cacheRead: cached.read,
      cacheWrite: cached.write,
    };
    // Echoed as asked: InvokeModel's serviceTier output header, Converse's response member and
    // ConverseStream's metadata event (M§12.1; hermes-agent#34476 saw the Converse echo).
    const echoTier = tier !== undefined ? tier : undefined;
    const ctx = { thinking, partialUsage: config.partialUsage, toolPreamble: config.novaToolPreamble, latencyMs: config.latencyMs, serviceTier: echoTier };
    // Settled at the end: input + burn × output (M§10.2–10.3); cache reads are not counted (M§10.4,
    // the reading), cache writes are, as input.
    const settlement = usage.inputTokens + (usage.cacheWrite ?? 0) + (row.burn ?? 1) * usage.outputTokens;
    if (stream) {
      const record = { modelId, operation, startedAt: Date.now() };
      stats.streams.push(record);
      entry.status = 200;
      const fault = items.map((i) => streamDirectiveIn(i.text)).find(Boolean) ?? config.streamFault;
      const events = converse ? converseStreamEvents(row, body, answer, usage, ctx) : fam.streamChunks(body, answer, usage, ctx);
      try {
        return await sendEventStream(res, events, {
          chunkDelayMs: config.chunkDelayMs,
          fault,
          hold: config.holdLastChunk ? hold : undefined,
          record,
          headers: { "x-amzn-requestid": randomUUID(), date, ...(echoTier && !converse ? { "x-amzn-bedrock-service-tier": echoTier } : {}) },
          ...(converse ? { frame: converseFrame } : {}),
        });
      } finally {
        settle(settlement);
      }
    }
    settle(settlement);
    const out = JSON.stringify(converse ? converseRespond(row, body, answer, usage, ctx) : fam.respond(body, answer, usage, ctx));
    if (echoTier && !converse) res.setHeader("x-amzn-bedrock-service-tier", echoTier);
    res.writeHead(200, {
      "content-type": "application/json",
      "x-amzn-requestid": randomUUID(),
      // Token-count and latency headers are on InvokeModel responses (reference §1.6).
      ...(converse
        ? {}
        : {
            "x-amzn-bedrock-invocation-latency": String(config.latencyMs),
            "x-amzn-bedrock-input-token-count": String(usage.inputTokens),
            "x-amzn-bedrock-output-token-count": String(usage.outputTokens),
            // Named in issue 14 and M§11.4; their presence on real responses is unverified
            // (sent here only for requests with a checkpoint).
            ...(usage.cacheRead === undefined
              ? {}
              : {
                  "x-amzn-bedrock-cache-read-input-token-count": String(usage.cacheRead),
                  "x-amzn-bedrock-cache-write-input-token-count": String(usage.cacheWrite),
                }),
          }),
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
      const m = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream)$/.exec(url.pathname);
      if (req.method !== "POST" || !m) {
        res.writeHead(404, { "content-type": "application/json", "x-amzn-errortype": "UnknownOperationException", "x-amzn-requestid": randomUUID() });
        return res.end(JSON.stringify({ message: "Unknown operation" }));
      }
      await handleInvoke(req, res, rawBody, decodeURIComponent(m[1]), OPERATIONS[m[2]]);
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
          tokens_.reset();
        }
        return reply(config);
      case "/__emulator/reset":
        Object.assign(stats, { requests: 0, invocations: [], authFailures: 0, streams: [], throttled: 0, reservedTokens: 0, settledTokens: 0 });
        Object.assign(config, DEFAULTS, freshMutables(), options);
        quota.reset();
        tokens_.reset();
        promptCache.reset();
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
    else if (flag === "--quota-tpm") (opts.quotaTpm = Number(value)), i++;
    else if (flag === "--partial-usage") opts.partialUsage = true;
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
