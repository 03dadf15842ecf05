// Preset model ids for the model picker; any other id, inference profile id or ARN can be typed.
export const MODELS = [
  ["anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku"],
  ["us.anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku (US profile)"],
  ["anthropic.claude-3-5-sonnet-20240620-v1:0", "Claude 3.5 Sonnet"],
  ["us.anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet (US profile)"],
  ["us.anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4 (US profile)"],
  ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5 (global profile)"],
  ["eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet (EU profile)"],
];

export const DEFAULT_MODEL = MODELS[0][0];
