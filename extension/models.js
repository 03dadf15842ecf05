// Preset model ids for the model picker; any other id, inference profile id or ARN can be typed.
// Many newer models are reachable only through an inference profile (us./eu./apac./global.).
export const MODELS = [
  ["anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku"],
  ["us.anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku (US profile)"],
  ["us.anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet (US profile)"],
  ["us.anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4 (US profile)"],
  ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5 (global profile)"],
  ["amazon.nova-micro-v1:0", "Amazon Nova Micro"],
  ["amazon.nova-lite-v1:0", "Amazon Nova Lite"],
  ["amazon.nova-pro-v1:0", "Amazon Nova Pro"],
  ["us.amazon.nova-2-lite-v1:0", "Amazon Nova 2 Lite (US profile)"],
  ["us.meta.llama3-3-70b-instruct-v1:0", "Llama 3.3 70B (US profile)"],
  ["meta.llama3-1-8b-instruct-v1:0", "Llama 3.1 8B"],
  ["us.meta.llama4-maverick-17b-instruct-v1:0", "Llama 4 Maverick (US profile)"],
  ["mistral.mistral-large-2407-v1:0", "Mistral Large 24.07"],
  ["mistral.mixtral-8x7b-instruct-v0:1", "Mixtral 8x7B"],
  ["amazon.titan-text-premier-v1:0", "Titan Text Premier"],
  ["cohere.command-r-plus-v1:0", "Cohere Command R+"],
  ["ai21.jamba-1-5-large-v1:0", "AI21 Jamba 1.5 Large"],
  ["us.deepseek.r1-v1:0", "DeepSeek R1 (US profile)"],
  ["openai.gpt-oss-120b-1:0", "OpenAI gpt-oss-120b"],
];

export const DEFAULT_MODEL = MODELS[0][0];
