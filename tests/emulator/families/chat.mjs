// OpenAI-style chat completions: AI21 Jamba, OpenAI gpt-oss, and non-R1 DeepSeek models.
// gpt-oss puts its reasoning first, inside <reasoning>…</reasoning>.
import { id, extraneousKey, numberIn, jsonReply, schemaInPrompt, messagesText } from "./common.mjs";

const JAMBA = new Set(["messages", "max_tokens", "temperature", "top_p", "stop", "n", "frequency_penalty", "presence_penalty"]);
const OPENAI = new Set(["messages", "max_completion_tokens", "max_tokens", "temperature", "top_p", "stop", "reasoning_effort", "tools", "tool_choice", "model", "stream"]);

export function makeChatFamily(name, { reasoning = false } = {}) {
  const allowed = name === "jamba" ? JAMBA : OPENAI;
  return {
    name,
    validate(body) {
      const extra = extraneousKey(body, allowed);
      if (extra) return extra;
      if (!Array.isArray(body.messages) || !body.messages.some((m) => m.role === "user")) return "Malformed input request: #: required key [messages] not found";
      if (name === "openai" && body.stream === true) return "stream=true is not allowed with InvokeModel";
      // OpenAI chat-completion `reasoning_effort` (AWS model-parameters-openai.html, reference §3.9):
      // low | medium | high; other values refused (wording UNCONFIRMED).
      if (name === "openai" && body.reasoning_effort !== undefined && !["low", "medium", "high"].includes(body.reasoning_effort)) {
        return `Malformed input request: #/reasoning_effort: ${JSON.stringify(body.reasoning_effort)} is not a valid enum value, please reformat your input and try again.`;
      }
      return numberIn(body, "temperature", 0, 2) ?? numberIn(body, "top_p", 0, 1);
    },
    promptOf: (body) => messagesText(body.messages),
    schemaOf: (body) => schemaInPrompt(messagesText(body.messages)),
    respond(body, answer, usage) {
      const content = (reasoning ? "<reasoning>The user wants labels as JSON.</reasoning>" : "") + jsonReply(answer);
      return { id: id("chatcmpl-"), object: "chat.completion", created: Math.floor(Date.now() / 1000), model: name, choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens } };
    },
  };
}
