// The JSON Schema subset Bedrock accepts for structured outputs and strict tools, checked as
// Bedrock does before the model runs (AWS structured-output.html: "validates the schema against a
// supported JSON Schema Draft 2020-12 subset and returns an immediate 400") [C§E.4].
//
// Supported (Anthropic's structured-output rules, restated in anthropics/skills
// shared/tool-use-concepts.md) [C§E.4]: types object/array/string/integer/number/boolean/null;
// enum, const, anyOf, allOf, $ref/$defs; the string formats below; required;
// additionalProperties: false, required on every object. Not supported: recursive schemas,
// minimum/maximum/multipleOf, minLength/maxLength, "complex array constraints".
// Observed 400s [C§E.4]:
//   output_config.format.schema: For 'array' type, property 'maxItems' is not supported
//     (vercel issue-17197-max-items-error.json @61affdd5)
//   tools.0.custom: For 'object' type, 'additionalProperties' must be explicitly set to false
//     (vercel amazon-bedrock-strict-open-schema-error.json @18800dec)
// UNCONFIRMED, taken strictly: uniqueItems and pattern refused; minItems accepted only as 0 or 1
// (Anthropic's page has historically allowed exactly those) [C§E.4, §I.10]; any other keyword is
// refused with the same message shape.

const ALLOWED = new Set(["type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "allOf", "$ref", "$defs", "definitions", "description", "title", "format", "default", "minItems", "$schema", "$id"]);
const FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"]);

/** The 400 message for the first unsupported part of `schema`, prefixed with `where`, or null. */
export function schemaProblem(schema, where) {
  const seen = new Set();
  function walk(node) {
    if (node === true || node === false) return null;
    if (node === null || typeof node !== "object" || Array.isArray(node)) return `${where}: Invalid schema: a schema must be an object`;
    if (seen.has(node)) return null;
    seen.add(node);
    const type = Array.isArray(node.type) ? node.type[0] : node.type ?? (node.properties ? "object" : node.items ? "array" : undefined);
    const t = type ?? "any";
    for (const key of Object.keys(node)) {
      if (!ALLOWED.has(key)) return `${where}: For '${t}' type, property '${key}' is not supported`;
    }
    if (node.minItems !== undefined && node.minItems !== 0 && node.minItems !== 1) return `${where}: For '${t}' type, property 'minItems' is not supported`;
    if (node.format !== undefined && !FORMATS.has(node.format)) return `${where}: For '${t}' type, format '${node.format}' is not supported`;
    if (node.$ref === "#") return `${where}: Invalid schema: recursive schemas are not supported`;
    if (t === "object" && node.additionalProperties !== false) return `${where}: For 'object' type, 'additionalProperties' must be explicitly set to false`;
    const children = [
      ...Object.values(node.properties ?? {}),
      ...(node.items ? [node.items] : []),
      ...(node.anyOf ?? []),
      ...(node.allOf ?? []),
      ...Object.values(node.$defs ?? {}),
      ...Object.values(node.definitions ?? {}),
    ];
    for (const child of children) {
      const problem = walk(child);
      if (problem) return problem;
    }
    return null;
  }
  return walk(schema);
}
