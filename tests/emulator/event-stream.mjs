// InvokeModelWithResponseStream and ConverseStream as the emulator answers them: real
// `application/vnd.amazon.eventstream` frames, encoded by @smithy/eventstream-codec (the AWS JS
// SDK's codec, not our decoder), written one frame at a time.
//
// InvokeModelWithResponseStream: each family module gives its chunk events with
// `streamChunks(body, answer, usage, ctx)` (plain JSON objects, one per Bedrock chunk, the last
// one carrying `amazon-bedrock-invocationMetrics`); `chunkFrame` wraps each in a `chunk` event
// whose payload is {"bytes": "<base64>", "p": "<padding>"} (reference §5.3; the `p` padding key
// is in every chunk of the recorded Nova stream, M§1.7, and in every ConverseStream event,
// C§F.4, so the emulator sends it on every chunk of every family).
// ConverseStream: `converseFrame` sends one union member per frame, `:event-type` = the member
// name, payload = that member's plain JSON plus the `p` key, with no chunk/bytes wrapper [C§F.4].
//
// Faults, for tests: a config `streamFault` or a directive in an item's text
//   [[emulate-stream:ThrottlingException]]  (any code in aws-errors.mjs) an exception message
//   [[emulate-stream:truncate]]             the body ends in the middle of a frame
//   [[emulate-stream:corrupt]]              one byte of a frame is flipped (CRC mismatch)
// replaces chunk number `afterChunks` (default 3; negative counts from the end, -1 = the last).
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { ERRORS } from "./aws-errors.mjs";

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const str = (value) => ({ type: "string", value });

// "a run of abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123… cut to a varying length,
// from 2 to about 60 characters" (vercel issue-18994-live-converse-stream.json) [C§F.4].
const PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
let padCount = 0;
/** The next padding string: deterministic, varying length 2…60. */
export function padding() {
  padCount = (padCount + 1) % 59;
  return PAD.slice(0, 2 + ((padCount * 37) % 59));
}

/** A `chunk` event carrying one model event (a JSON object). */
export function chunkFrame(event) {
  const bytes = Buffer.from(JSON.stringify(event), "utf8").toString("base64");
  return codec.encode({
    headers: { ":event-type": str("chunk"), ":content-type": str("application/json"), ":message-type": str("event") },
    body: fromUtf8(JSON.stringify({ bytes, p: padding() })),
  });
}

/** A ConverseStream event: `{ event: "<member name>", payload: {...} }`. */
export function converseFrame({ event, payload }) {
  return codec.encode({
    headers: { ":event-type": str(event), ":content-type": str("application/json"), ":message-type": str("event") },
    body: fromUtf8(JSON.stringify({ ...payload, p: padding() })),
  });
}

/**
 * A modeled exception: `:exception-type` is the union member name (`throttlingException`).
 * modelStreamErrorException also carries originalStatusCode and originalMessage (reference §5.3;
 * vercel model-stream-error-exception.eventstream.base64.txt) [C§F.4].
 */
export function exceptionFrame(code, message) {
  const member = code[0].toLowerCase() + code.slice(1);
  const body = { message: message ?? ERRORS[code]?.[2] ?? "Error" };
  if (code === "ModelStreamErrorException") Object.assign(body, { originalStatusCode: 500, originalMessage: "The model stream failed." });
  return codec.encode({
    headers: { ":exception-type": str(member), ":content-type": str("application/json"), ":message-type": str("exception") },
    body: fromUtf8(JSON.stringify(body)),
  });
}

/** The stream fault an item's text asks for, or null. */
export function streamDirectiveIn(text) {
  const m = /\[\[emulate-stream:([A-Za-z]+)\]\]/.exec(text ?? "");
  if (!m) return null;
  if (m[1] === "truncate" || m[1] === "corrupt") return { kind: m[1] };
  return { kind: "exception", code: m[1] };
}

/**
 * Writes a 200 event-stream response with one frame per event.
 * @param {import("node:http").ServerResponse} res
 * @param {object[]} events the family's chunk events (or ConverseStream events, with `frame: converseFrame`)
 * @param {{chunkDelayMs?: number, fault?: object|null, hold?: () => Promise<void>, record: object, headers?: object, frame?: (e: object) => Uint8Array}} opts
 *   `record` is updated as frames go out (chunksSent, lastChunkSentAt, fault); `hold`, when
 *   given, is awaited before the last chunk is sent.
 */
export async function sendEventStream(res, events, { chunkDelayMs = 0, fault = null, hold, record, headers = {}, frame = chunkFrame }) {
  res.writeHead(200, {
    "content-type": "application/vnd.amazon.eventstream",
    // InvokeModelWithResponseStream's contentType output member (reference §1.6); ConverseStream has none.
    ...(frame === chunkFrame ? { "x-amzn-bedrock-content-type": "application/json" } : {}),
    ...headers,
  });
  res.flushHeaders();
  const faultAt = fault ? (fault.afterChunks ?? 3) < 0 ? events.length + fault.afterChunks : (fault.afterChunks ?? 3) : -1;
  Object.assign(record, { chunksPlanned: events.length, chunksSent: 0, lastChunkSentAt: null, fault: fault?.kind ?? null });
  for (let i = 0; i < events.length; i++) {
    if (res.destroyed) return;
    if (i > 0 && chunkDelayMs > 0) await sleep(chunkDelayMs);
    const last = i === events.length - 1;
    if (last && hold) {
      record.holding = true;
      await hold();
      record.holding = false;
    }
    if (i === faultAt) return sendFault(res, frame(events[i]), fault, record);
    await write(res, frame(events[i]));
    record.chunksSent++;
    if (last) record.lastChunkSentAt = Date.now();
  }
  res.end();
}

function sendFault(res, frame, fault, record) {
  record.faultAt = Date.now();
  switch (fault.kind) {
    case "exception":
      res.end(exceptionFrame(fault.code, fault.message));
      return;
    case "truncate":
      // A normal end of the body, half-way through a frame.
      res.end(frame.subarray(0, Math.floor(frame.length / 2)));
      return;
    case "corrupt": {
      const bad = Uint8Array.from(frame);
      bad[Math.floor(bad.length / 2)] ^= 0x20;
      res.end(bad);
      return;
    }
    default:
      throw new Error(`unknown stream fault ${fault.kind}`);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const write = (res, bytes) =>
  new Promise((resolve) => {
    if (res.write(bytes)) return resolve();
    res.once("drain", resolve);
    res.once("close", resolve);
  });
