// Preset model ids for the model picker (December 2026); any other id, inference profile id
// or ARN can be typed, and older ids keep working. Many current models are reachable only
// through an inference profile (us./eu./jp./global.); global profiles work from any commercial
// region and cost less than geo ones (docs/evidence/claude-and-converse.md §A.2). What each
// model accepts is in the capability table (crates/labeler-core/src/models/table.rs).
export const MODELS = [
  // The default: current, cheap, and answers through structured output (AWS
  // claude-messages-structured-outputs.html lists Haiku 4.5).
  ["global.anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5 (global) · cheap, structured output"],
  ["global.anthropic.claude-haiku-5-5", "Claude Haiku 5.5 (global)"],
  ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5 (global)"],
  ["global.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6 (global)"],
  ["global.anthropic.claude-sonnet-5-5", "Claude Sonnet 5.5 (global)"],
  ["global.anthropic.claude-opus-5-5", "Claude Opus 5.5 (global)"],
  ["us.anthropic.claude-opus-4-7", "Claude Opus 4.7 (US)"],
  ["global.amazon.nova-2-lite-v1:0", "Amazon Nova 2 Lite (global)"],
  ["amazon.nova-pro-v1:0", "Amazon Nova Pro"],
  ["amazon.nova-micro-v1:0", "Amazon Nova Micro"],
  ["us.meta.llama4-maverick-17b-instruct-v1:0", "Llama 4 Maverick (US) · Converse"],
  ["us.meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B (US)"],
  ["mistral.mistral-large-3-675b-instruct", "Mistral Large 3 · Converse"],
  ["mistral.magistral-small-2509", "Magistral Small · Converse"],
  ["deepseek.v3.2", "DeepSeek V3.2 · Converse"],
  ["us.deepseek.r1-v1:0", "DeepSeek R1 (US)"],
  ["qwen.qwen3-235b-a22b-2507-v1:0", "Qwen3 235B A22B · Converse"],
  ["qwen.qwen3-32b-v1:0", "Qwen3 32B · Converse"],
  ["openai.gpt-oss-120b-1:0", "OpenAI gpt-oss-120b"],
  ["openai.gpt-oss-20b-1:0", "OpenAI gpt-oss-20b"],
  ["us.openai.gpt-5.6-luna", "OpenAI GPT-5.6 Luna (US) · Converse"],
  ["google.gemma-3-27b-it", "Google Gemma 3 27B · Converse"],
  ["moonshot.kimi-k2-thinking", "Moonshot Kimi K2 Thinking · Converse"],
  ["minimax.minimax-m2", "MiniMax M2 · Converse"],
  ["writer.palmyra-x5-v1:0", "Writer Palmyra X5 · Converse"],
  ["nvidia.nemotron-super-3-120b", "NVIDIA Nemotron Super 3 · Converse"],
];

export const DEFAULT_MODEL = MODELS[0][0];
