// Size baseline: the smallest useful JavaScript client, aws4fetch signing and sending one
// Bedrock InvokeModel request (no prompt building, no answer checking).
import { AwsClient } from "aws4fetch";

export async function invokeModel({ credentials, region, endpoint, modelId, body }) {
  const aws = new AwsClient({ ...credentials, service: "bedrock", region });
  const res = await aws.fetch(`${endpoint}/model/${encodeURIComponent(modelId)}/invoke`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body,
  });
  if (!res.ok) throw new Error(`${res.status} ${res.headers.get("x-amzn-errortype")}`);
  return res.json();
}
