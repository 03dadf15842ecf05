// The emulator speaks the shapes the cargo tests read (crates/labeler-core/tests/data/, see its
// README.md), so the readers are tested on what the emulator sends and the emulator cannot drift
// into a shape no vector covers:
// - formats: for every case with an emulator.json, the emulator's answer to that request has the
//   same shape as the case's response.json, and its stream the same events in the same order
//   pattern as the named events file. Shape = keys, nesting, value types and the value of
//   `type` discriminators; in arrays (content blocks, events) a run of repeated shapes counts
//   once, so an answer cut into more or fewer pieces has the same shape. Every format folder has
//   such a case, and every format with streams one that streams.
// - SigV4: the emulator's verifier (@smithy/signature-v4) accepts every signed request of
//   data/sigv4/ and refuses it under another secret.
// - event stream: @smithy/eventstream-codec, the emulator's codec, decodes every positive message
//   of data/eventstream/ to the expected headers and payload, refuses the checksum failures, and
//   the emulator's exception frame is the botocore-made Bedrock vector byte for byte.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { startEmulator } from "../emulator/emulator.mjs";
import { call } from "../emulator/test-client.mjs";
import { PROMPT, TEXT_PROMPT, SCHEMA } from "../emulator/test-bodies.mjs";
import { verifySignature } from "../emulator/sigv4-verify.mjs";
import { exceptionFrame } from "../emulator/event-stream.mjs";

const DATA = fileURLToPath(new URL("../../crates/labeler-core/tests/data/", import.meta.url));
const json = (path) => JSON.parse(readFileSync(path, "utf8"));
const dirs = (path) => readdirSync(path, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/** The shape of a JSON value: types for values, keys kept, `type` discriminators by value. */
export function shapeOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return collapseRuns(value.map(shapeOf));
  if (typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, k === "type" && typeof value[k] === "string" ? `type ${value[k]}` : shapeOf(value[k])]));
  }
  return typeof value;
}

/** Repeated runs of one to three shapes in a row count once: (a b)(a b)(a b) c → (a b) c. */
export function collapseRuns(items) {
  const out = [...items];
  const key = (i) => JSON.stringify(out[i]);
  const same = (i, j, n) => Array.from({ length: n }, (_, k) => key(i + k) === key(j + k)).every(Boolean);
  for (let changed = true; changed; ) {
    changed = false;
    for (let n = 1; n <= 3; n++) {
      for (let i = 0; i + 2 * n <= out.length; ) {
        if (same(i, i + n, n)) {
          out.splice(i + n, n);
          changed = true;
        } else i++;
      }
    }
  }
  return out;
}

test("shapes: a run of repeated shapes counts once, whatever its length", () => {
  const [a, b, c] = [{ x: 1 }, { y: "s" }, { z: null }];
  assert.deepEqual(shapeOf([a, b, a, b, a, b, c]), shapeOf([a, b, c]));
  assert.deepEqual(shapeOf([a, a, a, b]), shapeOf([a, b]));
  assert.notDeepEqual(shapeOf([a, b]), shapeOf([b, a]));
  assert.notDeepEqual(shapeOf({ type: "text" }), shapeOf({ type: "tool_use" }));
  assert.notDeepEqual(shapeOf({ n: 1 }), shapeOf({ n: null }));
});

// ------------------------------------------------------------------------------------ formats

const FORMATS = join(DATA, "formats");
const cases = dirs(FORMATS).flatMap((format) => dirs(join(FORMATS, format)).map((name) => ({ format, name, dir: join(FORMATS, format, name) })));
const paired = cases.filter((c) => existsSync(join(c.dir, "emulator.json")));

/** The emulator.json body with {{PROMPT}}, {{TEXT_PROMPT}} and {{SCHEMA}} filled in. */
function fill(value) {
  if (value === "{{SCHEMA}}") return SCHEMA;
  if (typeof value === "string") return value.replaceAll("{{TEXT_PROMPT}}", TEXT_PROMPT).replaceAll("{{PROMPT}}", PROMPT);
  if (Array.isArray(value)) return value.map(fill);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
  return value;
}

const eventsOf = (path) => readFileSync(path, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

/** The model events of a streamed answer, as the data writes them. */
function streamedEvents(frames, converse) {
  return frames.map((f) => {
    assert.equal(f.headers[":message-type"], "event", JSON.stringify(f.headers));
    if (converse) return { [f.headers[":event-type"]]: f.payload };
    assert.equal(f.headers[":event-type"], "chunk");
    return f.bytes;
  });
}

let emu;
before(async () => (emu = await startEmulator()));
after(() => emu.close());

test("formats: every format folder has a case the emulator is checked against, and every format with streams one that streams", () => {
  for (const format of dirs(FORMATS)) {
    const mine = paired.filter((c) => c.format === format);
    assert.ok(mine.length > 0, `no emulator.json in data/formats/${format}/`);
    const streams = cases.some((c) => c.format === format && readdirSync(c.dir).some((f) => f.startsWith("events")));
    if (streams) assert.ok(mine.some((c) => json(join(c.dir, "emulator.json")).events), `no emulator.json with events in data/formats/${format}/`);
  }
});

for (const c of paired) {
  test(`formats: the emulator answers ${c.format}/${c.name} in its shapes`, async () => {
    const spec = json(join(c.dir, "emulator.json"));
    await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
    if (spec.config) await fetch(`${emu.url}/__emulator/config`, { method: "POST", body: JSON.stringify(spec.config) });
    const converse = c.format === "converse";
    const body = fill(spec.body);
    if (existsSync(join(c.dir, "response.json"))) {
      const res = await call(emu.url, spec.modelId, converse ? "converse" : "invoke", body);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(shapeOf(res.json), shapeOf(json(join(c.dir, "response.json"))), "the whole response");
    }
    if (spec.events) {
      const res = await call(emu.url, spec.modelId, converse ? "converse-stream" : "invoke-stream", body);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const events = streamedEvents(res.frames, converse);
      assert.deepEqual(shapeOf(events), shapeOf(eventsOf(join(c.dir, spec.events))), `the stream, against ${spec.events}`);
    }
  });
}

// -------------------------------------------------------------------------------------- SigV4

test("SigV4: the emulator's verifier accepts every signed request of data/sigv4/, and refuses it under another secret", async () => {
  const names = dirs(join(DATA, "sigv4"));
  assert.ok(names.length >= 4);
  for (const name of names) {
    const req = json(join(DATA, "sigv4", name, "request.json"));
    const want = json(join(DATA, "sigv4", name, "expected.json"));
    const url = new URL(want.url);
    const signed = { method: want.method, path: url.pathname, headers: { ...want.headers, host: url.host }, body: Buffer.from(req.body), nowMs: Date.parse(req.time) };
    const key = (secretAccessKey) => new Map([[req.credentials.accessKeyId, { secretAccessKey, sessionToken: req.credentials.sessionToken }]]);
    const ok = await verifySignature(signed, key(req.credentials.secretAccessKey));
    assert.deepEqual([name, ok.ok, ok.message], [name, true, undefined]);
    const other = await verifySignature(signed, key(`${req.credentials.secretAccessKey.slice(0, -1)}Z`));
    assert.deepEqual([name, other.code], [name, "InvalidSignatureException"]);
  }
});

// ------------------------------------------------------------------------------- event stream

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const messageOf = (dir) => Buffer.from(readFileSync(join(dir, "message.hex"), "utf8").replace(/\s/g, ""), "hex");
const CODEC_TYPES = { bool: "boolean", byte: "byte", int16: "short", int32: "integer", int64: "long", bytes: "binary", string: "string", timestamp: "timestamp", uuid: "uuid" };
function codecValue({ type, value }) {
  if (type === "long") return Number(value.valueOf());
  if (type === "timestamp") return value.getTime();
  if (type === "binary") return Buffer.from(value).toString("hex");
  if (type === "uuid") return value.replaceAll("-", "");
  return value;
}

test("event stream: @smithy/eventstream-codec decodes every positive message of data/eventstream/ as expected", () => {
  const root = join(DATA, "eventstream", "positive");
  for (const name of dirs(root)) {
    const want = json(join(root, name, "expected.json"));
    const message = codec.decode(messageOf(join(root, name)));
    const headers = Object.entries(message.headers).map(([n, v]) => ({ name: n, type: v.type, value: codecValue(v) }));
    const expected = want.headers.map((h) => ({ name: h.name, type: CODEC_TYPES[h.type], value: h.value }));
    assert.deepEqual(headers, expected, name);
    const payload = want.payloadHex ? Buffer.from(want.payloadHex, "hex") : Buffer.from(want.payload ?? "");
    assert.deepEqual(Buffer.from(message.body), payload, name);
  }
});

test("event stream: the codec refuses every message of data/eventstream/negative/ whose checksum fails", () => {
  const root = join(DATA, "eventstream", "negative");
  let n = 0;
  for (const name of dirs(root)) {
    const { kind } = json(join(root, name, "expected.json")).error;
    // The codec's other checks differ (smithy-typescript accepts duplicate headers, reference §5.2).
    if (kind !== "PreludeChecksumMismatch" && kind !== "MessageChecksumMismatch") continue;
    // (corrupted_length fails the codec's length check first, as the reference §5.5 notes.)
    assert.throws(() => codec.decode(messageOf(join(root, name))), /checksum|length/i, name);
    n++;
  }
  assert.ok(n >= 8, `${n} checksum cases`);
});

test("event stream: the emulator's exception frame is the botocore-made Bedrock vector, byte for byte", () => {
  const want = messageOf(join(DATA, "eventstream", "positive", "bedrock.throttling-exception"));
  assert.deepEqual(Buffer.from(exceptionFrame("ThrottlingException", "Too many requests, please wait before trying again.")), want);
});
