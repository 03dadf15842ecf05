// The labeling request every measurement uses, and the exact InvokeModel body our client sends
// for it, so the JavaScript clients send the same bytes.
import { LONG_LIVED } from "../../emulator/test-credentials.mjs";

export const REGION = "us-east-1";
export const MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
export const LABELS = ["positive", "negative", "neutral"];
export const CREDENTIALS = LONG_LIVED;
/** Ten hotel-review labels with descriptions (the cost and tokens-per-item benchmarks). */
export const HOTEL_LABELS = [
  ["cleanliness", "rooms, bathrooms, linen, smells, pests"],
  ["staff", "friendliness, help, competence of the people"],
  ["location", "neighbourhood, transport, distance to sights"],
  ["noise", "street noise, neighbours, thin walls"],
  ["breakfast", "food served in the morning, its choice and quality"],
  ["price", "value for money, fees, billing problems"],
  ["comfort", "beds, temperature, space, furniture"],
  ["checkin", "arrival, keys, waiting, early or late check-in"],
  ["facilities", "pool, gym, parking, wifi, elevator"],
  ["other", "anything that fits none of the labels above"],
].map(([name, description]) => ({ name, description }));

/** Short review-like texts; some name a label, some do not (the emulator then hashes). */
export function sampleTexts(n, prefix = "item") {
  const shapes = [
    (i) => `A positive review of hotel ${i}: friendly staff, clean rooms.`,
    (i) => `Negative: the room ${i} was cold and the shower broke.`,
    (i) => `Check-in for booking ${i} is at 3 pm; parking is available.`,
    (i) => `Breakfast ${i} was fine, the view less so.`,
  ];
  return Array.from({ length: n }, (_, i) => `${shapes[i % shapes.length](i)} (${prefix} ${i})`);
}

export function labelRequest(endpoint, texts, extra = {}) {
  return { credentials: CREDENTIALS, region: REGION, modelId: MODEL_ID, labels: LABELS, texts, endpoint, ...extra };
}

/**
 * Runs `predictLabels` once with the global `fetch` wrapped, and returns the URL, headers and
 * body of the first request it made (the response is the emulator's real one).
 */
export async function captureRequest(labeler, request) {
  const realFetch = globalThis.fetch;
  let captured = null;
  globalThis.fetch = async (input, init) => {
    if (!captured) {
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      captured = { url: String(input), headers, body: new TextDecoder().decode(init?.body) };
    }
    return realFetch(input, init);
  };
  try {
    await labeler.predictLabels(request);
  } finally {
    globalThis.fetch = realFetch;
  }
  if (!captured) throw new Error("predictLabels made no request");
  return captured;
}

/**
 * The InvokeModel body for another item: `template` with its one item's text replaced. Texts
 * are kept to characters that JSON never escapes, so the text appears verbatim in the body
 * (inside the prompt, inside the JSON body).
 */
export function bodyForText(template, oldText, newText) {
  for (const t of [oldText, newText]) if (!/^[\w .,:;()'-]*$/.test(t)) throw new Error(`text needs escaping: ${t}`);
  if (!template.includes(oldText)) throw new Error("captured body does not contain the item text");
  return template.replace(oldText, newText);
}
