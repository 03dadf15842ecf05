// Where the popup and the workspace keep credentials between openings.
//
// By default in chrome.storage.session: held in memory by the browser, gone when it closes, and
// readable only by the extension's own pages (its default access level). "Remember on this
// device" is an explicit opt-in that moves them to chrome.storage.local (on disk, unencrypted,
// until "Forget credentials"). Never both at once; never localStorage (that is where the
// non-secret settings live, through gloo-storage).
//
// Every write of a secret to chrome.storage.local stays in the profile's LevelDB log until
// LevelDB compacts it (README, "Where the keys are kept"), so callers write once per change of
// the keys (on leaving a field, a paste, a run), never per keystroke.

const KEY = "credentials";

/** `{ credentials, remembered }`: what is stored (session first), or `credentials: null`. */
export async function loadCredentials(storage = chrome.storage) {
  const session = (await storage.session.get(KEY))[KEY];
  if (session) return { credentials: session, remembered: false };
  const local = (await storage.local.get(KEY))[KEY];
  if (local) return { credentials: local, remembered: true };
  return { credentials: null, remembered: false };
}

/** The fields worth storing (non-empty ones), or null when there are no keys at all. */
export function credentialRecord(credentials) {
  const record = {};
  for (const field of ["accessKeyId", "secretAccessKey", "sessionToken", "expiration"]) {
    if (credentials?.[field]) record[field] = credentials[field];
  }
  return record.accessKeyId || record.secretAccessKey || record.sessionToken ? record : null;
}

/**
 * Stores `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }` in the session area, or
 * in the local area when `remember` is true; the other area is cleared. Empty credentials are
 * not stored at all. The new copy is written before the old one is removed, so another page
 * watching (watchCredentials) never sees both areas empty during a move and mistakes it for
 * Forget.
 */
export async function saveCredentials(credentials, remember, storage = chrome.storage) {
  const record = credentialRecord(credentials);
  if (!record) return forgetCredentials(storage);
  const [keep, clear] = remember ? [storage.local, storage.session] : [storage.session, storage.local];
  await keep.set({ [KEY]: record });
  await clear.remove(KEY);
}

/** Removes credentials from both areas. */
export async function forgetCredentials(storage = chrome.storage) {
  await Promise.all([storage.session.remove(KEY), storage.local.remove(KEY)]);
}

/**
 * Calls `onChange({ credentials, remembered })` whenever another page (or this one) changes the
 * stored credentials; `credentials: null` means they were forgotten. A removal is checked
 * against both areas first: a move between them is not a Forget. Returns an unsubscribe.
 */
export function watchCredentials(onChange, storage = chrome.storage) {
  const listener = (changes, area) => {
    if (!changes[KEY] || (area !== "session" && area !== "local")) return;
    const value = changes[KEY].newValue;
    if (value) onChange({ credentials: value, remembered: area === "local" });
    else loadCredentials(storage).then(onChange, () => {});
  };
  storage.onChanged.addListener(listener);
  return () => storage.onChanged.removeListener(listener);
}
