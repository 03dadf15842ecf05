// benchSign, the benchmark hook of `make bench`, must sign exactly what predictLabels signs:
// its Authorization header is checked against @smithy/signature-v4 (not our signer).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";

test("benchSign's signature equals @smithy/signature-v4's for the same request and time", async () => {
  const { benchSign } = await loadLabeler();
  const modelId = "anthropic.claude-3-haiku-20240307-v1:0";
  const body = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 50, messages: [{ role: "user", content: "Café ☕" }] });
  const timeMs = Date.UTC(2025, 0, 15, 12, 0, 0);
  const ours = benchSign(3, LONG_LIVED.accessKeyId, LONG_LIVED.secretAccessKey, "eu-west-1", "https://bedrock-runtime.eu-west-1.amazonaws.com", modelId, body, timeMs);

  const signer = new SignatureV4({ credentials: LONG_LIVED, region: "eu-west-1", service: "bedrock", sha256: Hash.bind(null, "sha256"), applyChecksum: false, uriEscapePath: true });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "https:",
      hostname: "bedrock-runtime.eu-west-1.amazonaws.com",
      path: `/model/${encodeURIComponent(modelId)}/invoke`,
      query: {},
      headers: { host: "bedrock-runtime.eu-west-1.amazonaws.com", "content-type": "application/json", accept: "application/json" },
      body,
    },
    { signingDate: new Date(timeMs) },
  );
  assert.equal(ours, signed.headers.authorization);
  assert.match(ours, /Credential=AKIAEMULATORUSER0001\/20250115\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date, /);
});
