// The one line the popup's credentials box collapses to once the keys are valid:
// "Keys: ASIA…0001 · expires in 52 min". Pure, so Node tests check it; it is given the access
// key id only (an identifier AWS prints in logs and consoles, not a secret), never the secret
// key or the session token, and shows only its first and last four characters.

/** "ASIA…0001": enough to tell two keys apart at a glance. */
export function maskKeyId(accessKeyId) {
  const id = String(accessKeyId ?? "").trim();
  return id.length >= 12 ? `${id.slice(0, 4)}…${id.slice(-4)}` : "…";
}

/** "expires in 52 min", "expires in 1 h 05 min", "expires in under a minute", or "expired". */
export function expiresIn(expiration, nowMs) {
  const at = Date.parse(expiration ?? "");
  if (!Number.isFinite(at)) return null;
  const minutes = Math.floor((at - nowMs) / 60_000);
  if (at <= nowMs) return "expired";
  if (minutes < 1) return "expires in under a minute";
  if (minutes < 60) return `expires in ${minutes} min`;
  return `expires in ${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** The summary line for `{ accessKeyId, expiration?, remembered? }` at `nowMs`. */
export function summaryText({ accessKeyId, expiration, remembered }, nowMs) {
  const parts = [`Keys: ${maskKeyId(accessKeyId)}`];
  const expiry = expiresIn(expiration, nowMs);
  if (expiry) parts.push(expiry);
  if (remembered) parts.push("remembered on this device");
  return parts.join(" · ");
}
