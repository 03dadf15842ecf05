// Reading credentials out of what a user pastes: the JSON of `aws sts assume-role` (and the other
// STS calls that print a `Credentials` object), of `aws configure export-credentials`, or its
// `--format env` lines (`export AWS_ACCESS_KEY_ID=…`), and the expiry countdown. Pure functions,
// no DOM, so Node tests check them; the popup wires them in credentials-panel.js.

/** Whitespace, surrounding quotes and trailing commas are never part of a key (as `clean_pasted` in request.rs). */
export function cleanPasted(value) {
  return String(value ?? "")
    .trim()
    .replace(/,+$/, "")
    .trim()
    .replace(/^["']+|["']+$/g, "")
    .trim();
}

const FIELD_NAMES = {
  accessKeyId: ["accesskeyid", "aws_access_key_id"],
  secretAccessKey: ["secretaccesskey", "aws_secret_access_key"],
  sessionToken: ["sessiontoken", "aws_session_token", "aws_security_token"],
  expiration: ["expiration", "aws_credential_expiration", "aws_session_expiration"],
};

/** The field a name stands for ("AccessKeyId", "accessKeyId", "AWS_ACCESS_KEY_ID" → accessKeyId). */
function fieldOf(name) {
  const key = name.toLowerCase();
  return Object.keys(FIELD_NAMES).find((f) => FIELD_NAMES[f].includes(key)) ?? null;
}

/** An `Expiration` as an ISO string: AWS prints ISO 8601; SSO's `roleCredentials` gives epoch ms. */
function normalizeExpiration(value) {
  if (value === undefined || value === null || value === "") return undefined;
  const ms = typeof value === "number" ? value : Date.parse(cleanPasted(value));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function fromObject(obj) {
  // assume-role / get-session-token / get-federation-token: { Credentials: {...} };
  // SSO get-role-credentials: { roleCredentials: {...} }; export-credentials: the fields at the top.
  const inner = obj.Credentials ?? obj.credentials ?? obj.roleCredentials;
  const source = inner && typeof inner === "object" ? inner : obj;
  const out = {};
  for (const [name, value] of Object.entries(source)) {
    const field = fieldOf(name);
    if (!field || out[field] !== undefined) continue;
    if (field === "expiration") out.expiration = normalizeExpiration(value);
    else if (typeof value === "string") out[field] = cleanPasted(value);
  }
  return out;
}

function parseJson(text) {
  for (const candidate of [text, `{${text.replace(/,\s*$/, "")}}`]) {
    try {
      const v = JSON.parse(candidate);
      if (v && typeof v === "object" && !Array.isArray(v)) return v;
    } catch {
      // not JSON; try the next form
    }
  }
  return null;
}

// `export NAME=value` (sh), `NAME=value`, `set NAME=value` (cmd), `$Env:NAME="value"` (PowerShell),
// `name = value` (~/.aws/credentials).
const LINE = /^\s*(?:export\s+|set\s+|\$env:)?([A-Za-z_]+)\s*=\s*(.*?)\s*;?\s*$/i;

function fromLines(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = LINE.exec(line);
    const field = m && fieldOf(m[1]);
    if (!field || out[field] !== undefined) continue;
    out[field] = field === "expiration" ? normalizeExpiration(m[2]) : cleanPasted(m[2]);
  }
  return out;
}

/**
 * Credentials in pasted text, or null when the text is not a set of credentials (a single
 * value pasted into one field is left to the field). Returns
 * `{ accessKeyId, secretAccessKey, sessionToken?, expiration?, source }`, values cleaned;
 * `source` says which form was recognised ("json" or "lines").
 */
export function parseCredentialsText(text) {
  const trimmed = String(text ?? "").trim();
  if (!trimmed) return null;
  const obj = trimmed.includes("{") || trimmed.includes('"') ? parseJson(trimmed) : null;
  const found = obj ? fromObject(obj) : fromLines(trimmed);
  if (!found.accessKeyId || !found.secretAccessKey) return null;
  const out = { accessKeyId: found.accessKeyId, secretAccessKey: found.secretAccessKey, source: obj ? "json" : "lines" };
  if (found.sessionToken) out.sessionToken = found.sessionToken;
  if (found.expiration) out.expiration = found.expiration;
  return out;
}

function clock(totalSeconds) {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const mm = String(m).padStart(h ? 2 : 1, "0");
  return `${h ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

/**
 * The countdown line for credentials that expire at `expiration` (ISO string), at `nowMs`:
 * `{ expired, text }`, or null when there is no expiry to show.
 */
export function describeExpiry(expiration, nowMs) {
  const at = Date.parse(expiration ?? "");
  if (!Number.isFinite(at)) return null;
  const left = Math.floor((at - nowMs) / 1000);
  if (left <= 0) {
    const ago = Math.floor((nowMs - at) / 60000);
    const when = ago < 1 ? "less than a minute" : ago === 1 ? "1 minute" : `${ago} minutes`;
    return {
      expired: true,
      text: `These temporary keys expired ${when} ago. Run aws sts assume-role again and paste its output.`,
    };
  }
  return { expired: false, text: `Temporary keys: expire in ${clock(left)}` };
}
