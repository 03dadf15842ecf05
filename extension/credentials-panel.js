// The "AWS credentials" box of the popup and the workspace: fills the three fields from a pasted
// assume-role / export-credentials output, shows the expiry countdown, keeps the keys in
// chrome.storage.session (or .local with "Remember on this device"), and forgets them on request.
//
// Secrets go into their input fields' `value` and into chrome.storage, nowhere else: never an
// attribute, a text node, a title or the console. They are stored once per change (a paste,
// leaving a field, a run, the page closing), not per keystroke, and every open page follows the
// stored keys (chrome.storage.onChanged): Forget in one page clears them in all.

import { cleanPasted, parseCredentialsText, describeExpiry } from "./credentials-paste.js";
import { CredentialSync } from "./credentials-sync.js";

const FIELDS = { accessKeyId: "access-key-id", secretAccessKey: "secret-access-key", sessionToken: "session-token" };

export function initCredentialsPanel(doc = document) {
  const $ = (id) => doc.getElementById(id);
  const input = (field) => $(FIELDS[field]);
  const remember = $("remember-credentials");
  const warning = $("remember-warning");
  const expiryLine = $("creds-expiry");
  const note = $("creds-note");
  // The expiry belongs to the key id it was pasted with; typing another key id drops it.
  let expiration = null;
  let expirationFor = null;
  let timer = null;

  const current = () => ({
    accessKeyId: input("accessKeyId").value,
    secretAccessKey: input("secretAccessKey").value,
    sessionToken: input("sessionToken").value,
    expiration: currentExpiration() ?? undefined,
  });

  function currentExpiration() {
    return expiration && cleanPasted(input("accessKeyId").value) === expirationFor ? expiration : null;
  }

  function showExpiry() {
    const info = describeExpiry(currentExpiration(), Date.now());
    expiryLine.hidden = !info;
    expiryLine.textContent = info?.text ?? "";
    expiryLine.classList.toggle("expired", Boolean(info?.expired));
    if (!info && timer) {
      clearInterval(timer);
      timer = null;
    } else if (info && !timer) {
      timer = setInterval(showExpiry, 1000);
    }
  }

  function setExpiration(value, accessKeyId) {
    expiration = value ?? null;
    expirationFor = value ? cleanPasted(accessKeyId) : null;
    showExpiry();
  }

  function showWarning() {
    warning.hidden = !remember.checked;
  }

  const listeners = [];
  const changed = () => listeners.forEach((f) => f());

  function fill(creds) {
    for (const field of Object.keys(FIELDS)) input(field).value = creds?.[field] ?? "";
    setExpiration(creds?.expiration, creds?.accessKeyId);
    changed();
  }

  const sync = new CredentialSync({
    read: () => ({ credentials: current(), remembered: remember.checked }),
    fill: (creds, remembered) => {
      remember.checked = remembered;
      showWarning();
      fill(creds);
    },
    clear: (byOtherPage) => {
      remember.checked = false;
      showWarning();
      fill(null);
      note.textContent = byOtherPage
        ? "Credentials forgotten in another window: cleared here too."
        : "Credentials forgotten: removed from this page, the extension's other open pages, and browser storage.";
    },
    onError: () => {
      note.textContent = "The credentials could not be saved for this session; they still work until the page closes.";
    },
  });

  // A whole assume-role / export-credentials output pasted into any of the three fields fills
  // all of them; a single value is cleaned of quotes, commas and spaces on the way in.
  function onPaste(event) {
    const text = event.clipboardData?.getData("text/plain") ?? "";
    const parsed = parseCredentialsText(text);
    const target = event.currentTarget;
    event.preventDefault();
    if (parsed) {
      fill(parsed);
      note.textContent = parsed.sessionToken
        ? "Filled Access Key ID, Secret Access Key and Session Token from the pasted output."
        : "Filled Access Key ID and Secret Access Key from the pasted output.";
    } else {
      const value = cleanPasted(text);
      target.setRangeText(value, target.selectionStart ?? 0, target.selectionEnd ?? 0, "end");
      if (target === input("accessKeyId")) showExpiry();
    }
    sync.save();
  }

  // The same output dropped or typed in one go into Access Key ID (no paste event).
  function onAccessKeyInput() {
    const parsed = parseCredentialsText(input("accessKeyId").value);
    if (parsed) {
      fill(parsed);
      note.textContent = "Filled the credentials from the pasted output.";
      sync.save();
    } else {
      sync.edited();
    }
    showExpiry();
  }

  for (const field of Object.keys(FIELDS)) {
    input(field).addEventListener("paste", onPaste);
    // "change" fires when the user leaves a field they edited: one write per edit.
    input(field).addEventListener("change", () => sync.save());
  }
  input("accessKeyId").addEventListener("input", onAccessKeyInput);
  input("secretAccessKey").addEventListener("input", () => sync.edited());
  input("sessionToken").addEventListener("input", () => sync.edited());
  remember.addEventListener("change", () => {
    showWarning();
    sync.save();
  });
  $("forget-credentials").addEventListener("click", () => sync.forget());
  // Closing the popup does not always blur the field being typed in first.
  doc.defaultView?.addEventListener("pagehide", () => sync.dirty && sync.save());

  const restored = sync.restore().catch(() => {});
  return {
    /** Settles once stored credentials (if any) are back in the fields. */
    restored,
    /** The expiry (ISO string) of the credentials in the fields, if known. */
    expiration: currentExpiration,
    /** Re-renders the countdown now (e.g. right before a run). */
    refresh: showExpiry,
    /** Stores the keys in the fields now if they changed (e.g. right before a run). */
    save: () => sync.save(),
    /** The keys in the fields, with their expiry and whether they are remembered. */
    current: () => ({ ...current(), remembered: remember.checked }),
    /** Calls `f()` whenever the fields are filled or cleared other than by typing. */
    onFilled: (f) => listeners.push(f),
  };
}
