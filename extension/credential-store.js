// Where the popup keeps credentials between openings.
//
// By default in chrome.storage.session: held in memory by the browser, gone when it closes, and
// readable only by the extension's own pages (its default access level). "Remember on this
// device" is an explicit opt-in that moves them to chrome.storage.local (on disk, unencrypted,
// until "Forget credentials"). Never both at once; never localStorage (that is where the
// non-secret settings live, through gloo-storage).

const KEY = "credentials";

/** `{ credentials, remembered }`: what is stored (session first), or `credentials: null`. */
export async function loadCredentials(storage = chrome.storage) {
  const session = (await storage.session.get(KEY))[KEY];
  if (session) return { credentials: session, remembered: false };
  const local = (await storage.local.get(KEY))[KEY];
  if (local) return { credentials: local, remembered: true };
  return { credentials: null, remembered: false };
}

/**
 * Stores `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }` in the session area, or
 * in the local area when `remember` is true; the other area is cleared. Empty credentials are
 * not stored at all.
 */
export async function saveCredentials(credentials, remember, storage = chrome.storage) {
  const record = {};
  for (const field of ["accessKeyId", "secretAccessKey", "sessionToken", "expiration"]) {
    if (credentials?.[field]) record[field] = credentials[field];
  }
  if (!record.accessKeyId && !record.secretAccessKey && !record.sessionToken) {
    await forgetCredentials(storage);
    return;
  }
  const [keep, clear] = remember ? [storage.local, storage.session] : [storage.session, storage.local];
  await clear.remove(KEY);
  await keep.set({ [KEY]: record });
}

/** Removes credentials from both areas. */
export async function forgetCredentials(storage = chrome.storage) {
  await Promise.all([storage.session.remove(KEY), storage.local.remove(KEY)]);
}
