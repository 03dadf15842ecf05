// A minimal Bedrock client for the emulator's self-tests: requests signed by the AWS JS SDK's
// signer (@smithy/signature-v4, service "bedrock"; it double-encodes the already-encoded path as
// SigV4 requires, reference §1.4), event streams decoded by @smithy/eventstream-codec.
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { LONG_LIVED } from "./test-credentials.mjs";

const PATHS = { invoke: "invoke", "invoke-stream": "invoke-with-response-stream", converse: "converse", "converse-stream": "converse-stream" };
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * Sends `body` (an object, or a raw string) to `operation` ("invoke" | "invoke-stream" |
 * "converse" | "converse-stream") of `modelId` on the emulator at `baseUrl`. Returns
 * `{ status, headers, json?, frames? }`: `json` for a JSON body, `frames` for an event stream
 * (each `{ headers: {name: value}, payload: object, bytes?: object }`, `bytes` being a chunk's
 * decoded model event).
 */
export async function call(baseUrl, modelId, operation, body, { credentials = LONG_LIVED, region = "us-east-1", headers = {} } = {}) {
  const url = new URL(baseUrl);
  const path = `/model/${encodeURIComponent(modelId)}/${PATHS[operation]}`;
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const accept = operation === "invoke" ? { accept: "application/json" } : operation === "invoke-stream" ? { "x-amzn-bedrock-accept": "application/json" } : {};
  const signer = new SignatureV4({ credentials, region, service: "bedrock", sha256: Hash.bind(null, "sha256") });
  const signed = await signer.sign(
    new HttpRequest({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path, headers: { host: url.host, "content-type": "application/json", ...accept, ...headers }, body: raw }),
  );
  const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers: signed.headers, body: raw });
  const out = { status: res.status, headers: res.headers };
  if ((res.headers.get("content-type") ?? "").includes("vnd.amazon.eventstream")) out.frames = decodeFrames(new Uint8Array(await res.arrayBuffer()));
  else out.json = await res.json();
  return out;
}

/** Splits and decodes concatenated event-stream messages. */
export function decodeFrames(bytes) {
  const frames = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
    const message = codec.decode(bytes.subarray(at, at + length));
    at += length;
    const headers = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, v.value]));
    const payload = message.body.length ? JSON.parse(toUtf8(message.body)) : null;
    const frame = { headers, payload };
    if (headers[":event-type"] === "chunk") frame.bytes = JSON.parse(Buffer.from(payload.bytes, "base64").toString("utf8"));
    frames.push(frame);
  }
  return frames;
}
