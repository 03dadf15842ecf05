// Keeps one page's credential fields and chrome.storage in step, for the popup and the workspace.
//
// - Written once per change of the keys (a paste, leaving a field, a run, the page closing),
//   never per keystroke: each write of a remembered secret stays in the profile's LevelDB log
//   until compaction, and a keystroke-by-keystroke write left one partial copy per key pressed.
// - Every open page follows the stored keys (chrome.storage.onChanged): keys saved in one page
//   appear in the others, and Forget in one page clears the fields of all of them, so a page left
//   open cannot write forgotten keys back.
// No DOM here: the panel passes functions that read, fill and clear its fields.

import { loadCredentials, saveCredentials, forgetCredentials, credentialRecord, watchCredentials } from "./credential-store.js";

const snapshot = (credentials, remembered) => JSON.stringify([credentialRecord(credentials), Boolean(remembered)]);

export class CredentialSync {
  /**
   * `read()` → `{ credentials, remembered }` from the fields; `fill(credentials, remembered)`
   * puts stored keys in them; `clear(byOtherPage)` empties them; `onError()` says a save failed.
   */
  constructor({ read, fill, clear, onError = () => {}, storage = globalThis.chrome?.storage }) {
    Object.assign(this, { read, fill, clear, onError, storage });
    /** What is stored, as this page last wrote or saw it. */
    this.stored = snapshot(null, false);
    /** Typed since the last save: another page's keys do not overwrite a half-typed edit. */
    this.dirty = false;
  }

  /** Puts the stored keys in empty fields, then follows other pages' changes. */
  async restore() {
    const { credentials, remembered } = await loadCredentials(this.storage);
    this.stored = snapshot(credentials, remembered);
    // Never overwrite what the user started typing while storage was being read.
    if (!credentialRecord(this.read().credentials)) this.fill(credentials, remembered);
    this.unwatch = watchCredentials((s) => this.follow(s), this.storage);
  }

  /** The user typed in a field (nothing is written until `save`). */
  edited() {
    this.dirty = true;
  }

  /** Stores what the fields hold, if it differs from what is stored. */
  async save() {
    const { credentials, remembered } = this.read();
    const now = snapshot(credentials, remembered);
    this.dirty = false;
    if (now === this.stored) return;
    this.stored = now;
    try {
      await saveCredentials(credentials, remembered, this.storage);
    } catch {
      this.stored = null;
      this.onError();
    }
  }

  /** Empties the fields and both storage areas; the other pages follow. */
  async forget() {
    this.stored = snapshot(null, false);
    this.dirty = false;
    this.clear(false);
    await forgetCredentials(this.storage);
  }

  /** Storage changed (another page, or this one: then nothing differs). */
  follow({ credentials, remembered }) {
    const mine = this.read();
    if (!credentials) {
      this.stored = snapshot(null, false);
      this.dirty = false;
      if (credentialRecord(mine.credentials) || mine.remembered) this.clear(true);
      return;
    }
    const theirs = snapshot(credentials, remembered);
    this.stored = theirs;
    const editing = this.dirty && credentialRecord(mine.credentials);
    if (editing || snapshot(mine.credentials, mine.remembered) === theirs) return;
    this.fill(credentials, remembered);
  }
}
