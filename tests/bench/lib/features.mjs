// Whether predictLabels knows a request field yet. Features being built in parallel (batching:
// `batchSize`; streaming: `stream`) show up as new request fields; until then the request
// parser rejects the field as unknown (InvalidInput, "<field>: is not a known field …").
import { labelRequest } from "./workload.mjs";

/** true when predictLabels accepts `{ [field]: value }`; the probe labels one item. */
export async function acceptsField(labeler, endpoint, field, value) {
  try {
    await labeler.predictLabels(labelRequest(endpoint, ["A positive probe."], { [field]: value }));
    return true;
  } catch (e) {
    if (e?.code === "InvalidInput" && String(e.message).startsWith(`${field}:`) && /not a known field/.test(e.message)) return false;
    return true; // the field was understood; the call failed for another reason
  }
}
