// Where credentials are stored and how open pages follow each other (extension/credential-store.js,
// extension/credentials-sync.js), with a fake chrome.storage: one write per change of the keys,
// never per keystroke; Forget in one page clears every other page; a move between the session and
// the local area is not mistaken for Forget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeStorage, settle } from "../lib/fake-chrome.mjs";
import { saveCredentials, loadCredentials, forgetCredentials } from "../../extension/credential-store.js";
import { CredentialSync } from "../../extension/credentials-sync.js";

const KEYS = { accessKeyId: "AKIAEMULATORUSER0001", secretAccessKey: "emuLongLivedSecretKey/0000000000000000000" };

/** A page with three fields and a Remember box, synced through `storage`. */
function page(storage) {
  const fields = { credentials: { accessKeyId: "", secretAccessKey: "", sessionToken: "" }, remembered: false };
  const log = [];
  const sync = new CredentialSync({
    storage,
    read: () => structuredClone(fields),
    fill: (creds, remembered) => {
      fields.credentials = { accessKeyId: creds?.accessKeyId ?? "", secretAccessKey: creds?.secretAccessKey ?? "", sessionToken: creds?.sessionToken ?? "" };
      fields.remembered = remembered;
      log.push("fill");
    },
    clear: (byOther) => {
      fields.credentials = { accessKeyId: "", secretAccessKey: "", sessionToken: "" };
      fields.remembered = false;
      log.push(byOther ? "cleared by another page" : "cleared");
    },
  });
  /** Types `text` into `field` one key at a time, as the input events report it. */
  const type = (field, text) => {
    for (const ch of text) {
      fields.credentials[field] += ch;
      sync.edited();
    }
  };
  return { fields, sync, log, type };
}

test("saving moves the keys between areas, writing the new copy first; empty keys are not stored", async () => {
  const storage = fakeStorage();
  await saveCredentials(KEYS, false, storage);
  assert.deepEqual(await loadCredentials(storage), { credentials: KEYS, remembered: false });
  storage.writes.length = 0;
  await saveCredentials(KEYS, true, storage);
  assert.deepEqual(storage.writes.map((w) => `${w.op} ${w.area}`), ["set local", "remove session"]);
  assert.deepEqual(await loadCredentials(storage), { credentials: KEYS, remembered: true });
  await saveCredentials({ accessKeyId: "", secretAccessKey: "" }, true, storage);
  assert.deepEqual(await loadCredentials(storage), { credentials: null, remembered: false });
});

test("typing a secret writes nothing until save(), then exactly once; saving again unchanged writes nothing", async () => {
  const storage = fakeStorage();
  const p = page(storage);
  await p.sync.restore();
  p.type("accessKeyId", KEYS.accessKeyId);
  p.type("secretAccessKey", KEYS.secretAccessKey);
  await settle();
  assert.deepEqual(storage.writes, [], "no write per keystroke");
  await p.sync.save();
  await p.sync.save();
  const sets = storage.writes.filter((w) => w.op === "set");
  assert.equal(sets.length, 1);
  assert.equal(JSON.parse(sets[0].value).secretAccessKey, KEYS.secretAccessKey);
});

test("Forget in one page clears another open page, which then cannot write the keys back", async () => {
  const storage = fakeStorage();
  const popup = page(storage);
  const workspace = page(storage);
  await popup.sync.restore();
  await workspace.sync.restore();
  popup.fields.credentials = { ...KEYS, sessionToken: "" };
  popup.fields.remembered = true;
  await popup.sync.save();
  await settle();
  assert.deepEqual(workspace.fields, { credentials: { ...KEYS, sessionToken: "" }, remembered: true }, "keys saved in one page appear in the other");

  await popup.sync.forget();
  await settle();
  await settle();
  assert.deepEqual(workspace.fields.credentials, { accessKeyId: "", secretAccessKey: "", sessionToken: "" });
  assert.equal(workspace.fields.remembered, false);
  assert.ok(workspace.log.includes("cleared by another page"));
  // A keystroke and a blur in the workspace afterwards: only what was typed there is stored.
  storage.writes.length = 0;
  workspace.type("secretAccessKey", "x");
  await workspace.sync.save();
  assert.ok(storage.writes.every((w) => !String(w.value).includes(KEYS.secretAccessKey)), JSON.stringify(storage.writes));
  assert.deepEqual((await loadCredentials(storage)).credentials, { secretAccessKey: "x" });
});

test("ticking Remember in one page is not a Forget for the others; a half-typed edit is not overwritten", async () => {
  const storage = fakeStorage();
  const a = page(storage);
  const b = page(storage);
  await a.sync.restore();
  await b.sync.restore();
  a.fields.credentials = { ...KEYS, sessionToken: "" };
  await a.sync.save();
  await settle();
  a.fields.remembered = true;
  await a.sync.save();
  await settle();
  await settle();
  assert.ok(!b.log.some((l) => l.startsWith("cleared")), b.log.join());
  assert.deepEqual(b.fields, { credentials: { ...KEYS, sessionToken: "" }, remembered: true });

  b.type("accessKeyId", "AKIA");
  a.fields.credentials = { ...KEYS, accessKeyId: "AKIAEMULATORUSER0002", sessionToken: "" };
  await a.sync.save();
  await settle();
  assert.equal(b.fields.credentials.accessKeyId, `${KEYS.accessKeyId}AKIA`, "b's edit stays until b saves it");
});

test("restore fills empty fields from storage, session first", async () => {
  const storage = fakeStorage();
  await forgetCredentials(storage);
  await saveCredentials(KEYS, true, storage);
  const p = page(storage);
  await p.sync.restore();
  assert.deepEqual(p.fields, { credentials: { ...KEYS, sessionToken: "" }, remembered: true });
});
