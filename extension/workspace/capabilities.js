// What the loaded core accepts. The `reasons` request field (one line of reason per
// prediction) comes with a later core; until then the page offers it only where the core says
// it knows it, and never sends the core a field it would refuse.

let known = null;

/** Asks the core once (checkRequest sends nothing) whether it knows `reasons`. */
export function detect(labeler) {
  const probe = { region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0", labels: ["a"], texts: ["a"], reasons: true,
    credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x".repeat(40) } };
  let problem;
  try {
    problem = labeler.checkRequest?.(probe) ?? null;
  } catch (e) {
    problem = e;
  }
  known = { reasons: !(problem && /^reasons\b/.test(problem.message ?? "")) };
  return known;
}

export const supports = (feature) => known?.[feature] ?? false;

/** `request` without the fields the core does not know yet (for cache keys, estimates, batch files). */
export function withoutUnknownFields(request) {
  if (supports("reasons") || !("reasons" in request)) return request;
  const { reasons, ...rest } = request;
  return rest;
}
