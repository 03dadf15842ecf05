// The packaged extension (`make package`: dist/bedrock-labeler/ and its zip), installed from the
// zip as a user would, in real Chromium: it ships only the pages and what they load, has no
// access to loopback at all (neither a host permission nor the CSP, and its wasm refuses a local
// endpoint), and works against a real region's host pattern.
//
// The real region: the emulator behind a TLS relay with a self-signed certificate for
// bedrock-runtime.us-east-1.amazonaws.com (made here with openssl), which Chromium reaches through
// --host-resolver-rules and trusts through --ignore-certificate-errors-spki-list (that one key
// only). The optional host permission: headless Chromium cannot click Chrome's prompt (see
// permissions.test.mjs), so the profile is given the grant Chrome itself records when the user
// clicks Allow: the extension is installed by a first launch, then the profile's Preferences get
// the host under the extension's granted, active and runtime-granted permissions, and Chromium
// starts again with that profile, as after a restart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate, createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { launchWithExtension, REPO_ROOT } from "../lib/chromium.mjs";
import { fillPopup, predict, readRows } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";
import { expectedLabel } from "../emulator/labeling-rule.mjs";

const HOST = "bedrock-runtime.us-east-1.amazonaws.com";
const PATTERN = `https://${HOST}/*`;
const LABELS = ["positive", "negative", "neutral"];
const TEXTS = ["a positive stay", "negative: cold shower", "neutral, near the station"];

let work, pkg, emu, loopback, region, browser, page;

/** A TCP relay to the emulator counting connections; with `tlsOptions`, it terminates TLS first. */
async function relay(targetPort, tlsOptions) {
  let connections = 0;
  const onSocket = (socket) => {
    connections++;
    const upstream = net.connect(targetPort, "127.0.0.1");
    socket.pipe(upstream).pipe(socket);
    socket.on("error", () => upstream.destroy());
    upstream.on("error", () => socket.destroy());
  };
  const server = tlsOptions ? tls.createServer(tlsOptions, onSocket) : net.createServer(onSocket);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Every file under `dir`, relative, sorted. */
function walk(dir, root = dir) {
  return readdirSync(dir)
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name), root) : [relative(root, join(dir, name))]))
    .sort();
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "bedrock-labeler-package-"));
  // What `make package` runs.
  const built = execFileSync(process.execPath, [join(REPO_ROOT, "scripts/package.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 15 * 60_000 });
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "manifest.json"), "utf8"));
  pkg = {
    dir: join(REPO_ROOT, "dist/bedrock-labeler"),
    zip: join(REPO_ROOT, `dist/bedrock-labeler-${manifest.version}.zip`),
    log: built,
    unzipped: join(work, "bedrock-labeler"),
  };
  execFileSync("unzip", ["-q", pkg.zip, "-d", pkg.unzipped]);

  emu = await startEmulator();
  loopback = await relay(emu.port);
  const key = join(work, "key.pem");
  const cert = join(work, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", key, "-out", cert, "-subj", `/CN=${HOST}`, "-addext", `subjectAltName=DNS:${HOST}`], { stdio: "ignore" });
  region = await relay(emu.port, { key: readFileSync(key), cert: readFileSync(cert) });
  const spki = createHash("sha256").update(new X509Certificate(readFileSync(cert)).publicKey.export({ type: "spki", format: "der" })).digest("base64");

  // Installed from the zip; then the user's "Allow" for us-east-1, as Chrome records it.
  const extensionPath = realpathSync(pkg.unzipped);
  const profile = join(work, "profile");
  const first = await launchWithExtension({ headless: true, userDataDir: profile, extensionPath });
  await first.close();
  const prefsPath = join(profile, "Default", "Preferences");
  const prefs = JSON.parse(readFileSync(prefsPath, "utf8"));
  const settings = prefs.extensions.settings[first.extensionId];
  assert.ok(settings, "the first launch installed the extension");
  for (const kind of ["granted_permissions", "active_permissions", "runtime_granted_permissions"]) {
    settings[kind] = { api: [], manifest_permissions: [], scriptable_host: [], ...settings[kind], explicit_host: [PATTERN] };
  }
  writeFileSync(prefsPath, JSON.stringify(prefs));

  browser = await launchWithExtension({
    headless: true,
    userDataDir: profile,
    extensionPath,
    extraArgs: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1:${region.port}`, `--ignore-certificate-errors-spki-list=${spki}`],
  });
  page = await browser.context.newPage();
  await page.goto(browser.popupUrl);
  await page.waitForSelector("#version:not(:empty)");
});

after(async () => {
  await browser?.close();
  await Promise.all([loopback?.close(), region?.close(), emu?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

test("make package: a folder and a zip with the same files: the manifest, the pages, their scripts and styles, icons and the wasm; nothing else", () => {
  const files = walk(pkg.dir);
  const zipped = execFileSync("unzip", ["-Z1", pkg.zip], { encoding: "utf8" }).trim().split("\n").sort();
  assert.deepEqual(zipped, files);
  assert.deepEqual(walk(pkg.unzipped), files);
  execFileSync("unzip", ["-tq", pkg.zip]); // every entry's CRC checks out
  for (const f of ["manifest.json", "extension/popup.html", "extension/popup.js", "extension/popup.css", "extension/workspace.html", "extension/workspace/workspace.js", "extension/icons/icon128.png", "extension/pkg/labeler.js", "extension/pkg/labeler_bg.wasm", "extension/pkg/labeler-full.js", "extension/pkg/labeler-full_bg.wasm"]) {
    assert.ok(files.includes(f), `${f} ships`);
  }
  for (const f of files) {
    assert.ok(f === "manifest.json" || f.startsWith("extension/"), `${f} is outside extension/`);
    assert.doesNotMatch(f, /\.d\.ts$|\.map$|(^|\/)(tests|node_modules|target|bench|docs|scripts|crates)\//, f);
  }
  // Every file of the sources' extension/ folder ships but the development build's wasm glue types.
  const sources = walk(join(REPO_ROOT, "extension")).filter((f) => !f.startsWith("pkg/")).map((f) => `extension/${f}`);
  assert.deepEqual(files.filter((f) => f !== "manifest.json" && !f.startsWith("extension/pkg/")), sources);
  assert.match(pkg.log, /bedrock-labeler-\d+\.\d+\.\d+\.zip/);
});

test("the packaged manifest: no loopback host permission, no loopback in the CSP; connect-src exactly the Bedrock hosts", () => {
  const dev = JSON.parse(readFileSync(join(REPO_ROOT, "manifest.json"), "utf8"));
  const m = JSON.parse(readFileSync(join(pkg.dir, "manifest.json"), "utf8"));
  assert.doesNotMatch(JSON.stringify(m), /127\.0\.0\.1|localhost/);
  assert.equal(m.host_permissions, undefined);
  assert.deepEqual(m.optional_host_permissions, dev.optional_host_permissions);
  const connect = /connect-src ([^;]*)/.exec(m.content_security_policy.extension_pages)[1].trim().split(/\s+/);
  assert.deepEqual(connect, ["'self'", ...dev.optional_host_permissions.map((p) => p.replace(/\/\*$/, ""))]);
  // Everything else is the development manifest as it is.
  const strip = (x) => ({ ...x, host_permissions: undefined, content_security_policy: undefined });
  assert.deepEqual(strip(m), strip(dev));
});

test("installed: chrome.permissions has no loopback, and cannot be asked for it", async () => {
  const all = await page.evaluate(() => chrome.permissions.getAll());
  assert.deepEqual(all.permissions, ["storage"]);
  assert.deepEqual(all.origins, [PATTERN], "only the region granted (pre-seeded, see the header)");
  assert.equal(await page.evaluate(() => chrome.permissions.contains({ origins: ["http://127.0.0.1/*"] })), false);
  const asked = await page.evaluate(() => chrome.permissions.request({ origins: ["http://127.0.0.1/*"] }).then(String, (e) => e.message));
  assert.match(asked, /manifest/, "not an optional permission either");
});

test("cannot reach 127.0.0.1: a predict against the emulator's endpoint is refused with a clear error; the emulator receives nothing", async () => {
  const before = emu.stats.requests;
  await fillPopup(page, { credentials: LONG_LIVED, region: "us-east-1", labels: LABELS, texts: TEXTS, endpoint: `http://127.0.0.1:${loopback.port}` });
  await predict(page);
  const error = await page.textContent("#error");
  assert.match(error, /^endpoint: 127\.0\.0\.1 is the local emulator, which only the development build \(the repository folder loaded unpacked\) may call/);
  assert.match(error, /InvalidInput/);
  // Past the wasm too: the page's own fetch is stopped by the CSP.
  const direct = await page.evaluate((port) => fetch(`http://127.0.0.1:${port}/model/x/invoke`, { method: "POST", body: "{}" }).then((r) => `answered ${r.status}`, (e) => `refused: ${e.name}`), loopback.port);
  assert.equal(direct, "refused: TypeError");
  assert.equal(loopback.connections(), 0, "no connection reached the local port");
  assert.equal(emu.stats.requests, before);
});

test("works against a real region's host pattern: us-east-1 with no endpoint override, answered over TLS", async () => {
  const before = emu.stats.invocations.length;
  await fillPopup(page, { credentials: LONG_LIVED, region: "us-east-1", labels: LABELS, texts: TEXTS, endpoint: "" });
  await predict(page);
  assert.equal(await page.isHidden("#error"), true, await page.textContent("#error"));
  const rows = await readRows(page);
  assert.deepEqual(rows.map((r) => r.status), TEXTS.map(() => "ok"));
  assert.deepEqual(rows.map((r) => r.labels), TEXTS.map((t) => [expectedLabel(t, LABELS)]));
  assert.ok(region.connections() > 0, "reached through bedrock-runtime.us-east-1.amazonaws.com");
  const calls = emu.stats.invocations.slice(before);
  assert.ok(calls.length > 0);
  assert.ok(calls.every((c) => c.region === "us-east-1" && c.status === 200), JSON.stringify(calls));
  assert.equal(loopback.connections(), 0);
});
