// The AWS SDK for JavaScript v3 as the Node benchmarks drive it: BedrockRuntimeClient with
// InvokeModelCommand, on the fetch-based request handler its browser build uses (so it goes
// through the same `fetch` as our client and the floor), pointed at the emulator.
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { CREDENTIALS, REGION, MODEL_ID } from "./workload.mjs";

// The SDK warns (when a client is built) that versions after January 2027 need Node 22; the
// bench runs on Node 20 and knows.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export function sdkClient(endpoint, extra = {}) {
  return new BedrockRuntimeClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: CREDENTIALS.secretAccessKey },
    requestHandler: new FetchHttpHandler(),
    ...extra,
  });
}

/** Sends one InvokeModel request; resolves with the parsed response body. */
export async function sdkInvoke(client, body) {
  const out = await client.send(new InvokeModelCommand({ modelId: MODEL_ID, body, contentType: "application/json", accept: "application/json" }));
  return JSON.parse(new TextDecoder().decode(out.body));
}
