// Size and start-up baseline: the AWS SDK for JavaScript v3 sending InvokeModelCommand.
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";

export function createClient({ credentials, region, endpoint }) {
  return new BedrockRuntimeClient({ region, credentials, ...(endpoint ? { endpoint } : {}) });
}

export async function invokeModel(client, { modelId, body }) {
  const out = await client.send(new InvokeModelCommand({ modelId, body, contentType: "application/json", accept: "application/json" }));
  return JSON.parse(new TextDecoder().decode(out.body));
}
