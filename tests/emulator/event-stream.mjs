// InvokeModelWithResponseStream as the emulator answers it: real
// `application/vnd.amazon.eventstream` frames, encoded by @smithy/eventstream-codec (the AWS JS
// SDK's codec, not our decoder), written one chunk at a time.
//
// Each model family module gives its chunk events with `streamChunks(body, answer, usage)`
// (plain JSON objects, one per Bedrock chunk, the last one carrying
// `amazon-bedrock-invocationMetrics`); this module frames and sends them.
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

/** A `chunk` event carrying one model event (a JSON object). */
export function chunkFrame(event) {
  const bytes = Buffer.from(JSON.stringify(event), "utf8").toString("base64");
  return codec.encode({
    headers: { ":event-type": str("chunk"), ":content-type": str("application/json"), ":message-type": str("event") },
    body: fromUtf8(JSON.stringify({ bytes })),
  });
}

/** A modeled exception: `:exception-type` is the union member name (`throttlingException`). */
export function exceptionFrame(code, message) {
  const member = code[0].toLowerCase() + code.slice(1);
  return codec.encode({
    headers: { ":exception-type": str(member), ":content-type": str("application/json"), ":message-type": str("exception") },
    body: fromUtf8(JSON.stringify({ message: message ?? ERRORS[code]?.[2] ?? "Error" })),
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
 * @param {object[]} events the family's chunk events
 * @param {{chunkDelayMs?: number, fault?: object|null, hold?: () => Promise<void>, record: object, headers?: object}} opts
 *   `record` is updated as frames go out (chunksSent, lastChunkSentAt, fault); `hold`, when
 *   given, is awaited before the last chunk is sent.
 */
export async function sendEventStream(res, events, { chunkDelayMs = 0, fault = null, hold, record, headers = {} }) {
  res.writeHead(200, {
    "content-type": "application/vnd.amazon.eventstream",
    "x-amzn-bedrock-content-type": "application/json",
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
    if (i === faultAt) return sendFault(res, chunkFrame(events[i]), fault, record);
    await write(res, chunkFrame(events[i]));
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
