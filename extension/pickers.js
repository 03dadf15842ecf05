// The region, model and family pickers, shared by the popup and the workspace.
import { REGIONS } from "./regions.js";
import { MODELS } from "./models.js";

/** Model families for the `family` field; "" tells it from the model id. */
export const FAMILIES = [
  ["", "Automatic (from the model id)"],
  ["anthropic", "Anthropic Claude"],
  ["nova", "Amazon Nova"],
  ["llama", "Meta Llama"],
  ["mistral", "Mistral (text completion)"],
  ["mistral-chat", "Mistral (chat, Large 24.07+)"],
  ["titan", "Amazon Titan Text"],
  ["cohere", "Cohere Command R"],
  ["jamba", "AI21 Jamba"],
  ["deepseek", "DeepSeek"],
  ["openai", "OpenAI gpt-oss"],
  ["converse", "Any other model (Converse API)"],
];

/** The `api` field: "" uses the model's native body where it has one. */
export const APIS = [
  ["", "Automatic (native body, else Converse)"],
  ["converse", "Converse"],
];

/**
 * The `serviceTier` field: "" is Standard. Which models offer Flex and Priority is the capability
 * table's (crates/labeler-core/src/models/table.rs); the core refuses a tier a model lacks.
 */
export const SERVICE_TIERS = [
  ["", "Standard"],
  ["flex", "Flex (discounted, where offered)"],
  ["priority", "Priority (premium, where offered)"],
];

/** Fills #region, #model-presets, #family, #api and #service-tier in `doc`. */
export function fillPickers(doc) {
  // "us-east-1 · N. Virginia": the code first (what AWS docs use), the place to recognise it.
  const place = (name) => /\(([^)]+)\)/.exec(name)?.[1] ?? name;
  doc.getElementById("region").replaceChildren(...REGIONS.map(([code, name]) => Object.assign(new Option(`${code} · ${place(name)}`, code), { title: name })));
  doc.getElementById("model-presets").replaceChildren(...MODELS.map(([id, name]) => Object.assign(doc.createElement("option"), { value: id, label: name })));
  doc.getElementById("family").replaceChildren(...FAMILIES.map(([value, name]) => new Option(name, value)));
  doc.getElementById("api")?.replaceChildren(...APIS.map(([value, name]) => new Option(name, value)));
  doc.getElementById("service-tier")?.replaceChildren(...SERVICE_TIERS.map(([value, name]) => new Option(name, value)));
}
