#!/usr/bin/env node
// `make package`: the extension as a user or the Chrome Web Store gets it, built from the
// sources into dist/bedrock-labeler/ and dist/bedrock-labeler-<version>.zip.
//
// The repository root stays the development build (load it unpacked to work with the emulator);
// it is not what ships, because it grants the emulator's loopback hosts at install, lets the CSP
// reach them over cleartext, and holds tests/, node_modules, target/ and bench pages that would
// all run with access to chrome.storage. What ships is exactly:
// - manifest.json without the development-only loopback access (productionManifest);
// - the files the manifest names (popup, icons, a background worker if there is one) and the
//   pages opened by URL (PAGES_OPENED_BY_URL), with every file they load, found by following
//   their <script>/<link>/<img>, CSS @import/url() and JS import / new URL(…, import.meta.url)
//   references (so a new module ships without being listed, and nothing unreferenced does);
// - the wasm packages built for production (scripts/build-wasm.sh --production: without the
//   "emulator" feature, so the wasm itself refuses any local endpoint).
// No .d.ts, no source maps, no tests, no bench.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { deflateRawSync } from "node:zlib";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const DIST = join(ROOT, "dist");
export const NAME = "bedrock-labeler";

/** Pages the extension opens by URL rather than naming them in the manifest. */
export const PAGES_OPENED_BY_URL = ["extension/workspace.html"];

/** Host permissions and CSP sources that exist only for the local emulator. */
const isLoopbackHost = (host) => host === "127.0.0.1" || host === "localhost" || host === "[::1]";
const LOOPBACK_SOURCE = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:[0-9*]+)?\/?$/;
const LOOPBACK_PATTERN = /^[a-z*]+:\/\/(127\.0\.0\.1|localhost|\[::1\])(:[0-9*]+)?\//;

/** The packaged manifest: the development one without any loopback host or CSP source. */
export function productionManifest(dev) {
  const m = structuredClone(dev);
  for (const key of ["host_permissions", "optional_host_permissions"]) {
    if (!m[key]) continue;
    m[key] = m[key].filter((p) => !LOOPBACK_PATTERN.test(p));
    if (m[key].length === 0) delete m[key];
  }
  const csp = m.content_security_policy?.extension_pages;
  if (csp) {
    m.content_security_policy.extension_pages = csp
      .split(";")
      .map((directive) => directive.trim().split(/\s+/).filter((token) => !LOOPBACK_SOURCE.test(token)).join(" "))
      .filter(Boolean)
      .join("; ");
  }
  // Fail closed: whatever form loopback access might take, none may be left.
  const left = JSON.stringify(m).match(/127\.0\.0\.1|localhost|\[::1\]/);
  if (left) throw new Error(`the packaged manifest still mentions ${left[0]}`);
  return m;
}

/** Files the manifest itself names, relative to the extension root. */
export function manifestFiles(m) {
  return [
    m.action?.default_popup,
    ...Object.values(m.action?.default_icon ?? {}),
    ...Object.values(m.icons ?? {}),
    m.background?.service_worker,
    m.options_page,
    m.options_ui?.page,
    m.side_panel?.default_path,
  ].filter(Boolean);
}

/** Relative references in one file, by its type. Absolute URLs and fragments are not files. */
export function referencesIn(path, text) {
  const found = [];
  const add = (re) => {
    for (const m of text.matchAll(re)) found.push(m[1]);
  };
  if (path.endsWith(".html")) {
    add(/<(?:script|link|img|iframe|source)\b[^>]*?\s(?:src|href)\s*=\s*"([^"]+)"/gi);
  } else if (path.endsWith(".css")) {
    add(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/g);
    add(/url\(\s*["']?([^"')]+)["']?\s*\)/g);
  } else if (path.endsWith(".js") || path.endsWith(".mjs")) {
    // Comments are not stripped (the minified glue is one line; a "//" in it is not a comment):
    // a reference in a comment to a file that does not exist fails the build, loudly.
    add(/\b(?:import|export)\b[^"'`;]*?\bfrom\s*["']([^"']+)["']/g);
    add(/\bimport\s*["']([^"']+)["']/g);
    add(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g);
    add(/new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g);
  }
  return found.filter((r) => !/^[a-z][a-z0-9+.-]*:|^#|^\//i.test(r));
}

/**
 * Every file the entries load, transitively: relative paths from the extension root. `read(rel)`
 * returns a file's bytes (or throws when it does not exist: a broken reference fails the build).
 */
export function collectFiles(entries, read) {
  const files = new Set();
  const queue = [...entries];
  while (queue.length) {
    const rel = posix.normalize(queue.shift());
    if (files.has(rel)) continue;
    if (rel.startsWith("..") || rel.startsWith("/")) throw new Error(`${rel} is outside the extension`);
    const bytes = read(rel);
    files.add(rel);
    if (/\.(html|css|js|mjs)$/.test(rel)) {
      for (const ref of referencesIn(rel, bytes.toString("utf8"))) {
        queue.push(posix.join(posix.dirname(rel), ref.split(/[?#]/)[0]));
      }
    }
  }
  return [...files].sort();
}

// ---------------------------------------------------------------- a deterministic zip

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip of `entries` ([name, bytes], stored in the given order): deflated, UTF-8 names, every
 * date 1980-01-01 and mode 0644, so the same files always give the same zip.
 */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const packed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: deflate
    local.writeUInt16LE(0x0800, 6); // UTF-8 name
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // 00:00
    local.writeUInt16LE((0 << 9) | (1 << 5) | 1, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, so the mode below counts
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE((0 << 9) | (1 << 5) | 1, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(((0o100644 << 16) >>> 0), 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// ---------------------------------------------------------------- the package

/** Builds dist/bedrock-labeler/ and its zip; returns { dir, zip, files }. */
export function buildPackage({ log = console.log } = {}) {
  const dev = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8"));
  const manifest = productionManifest(dev);
  const dir = join(DIST, NAME);
  const zipPath = join(DIST, `${NAME}-${manifest.version}.zip`);
  // The wasm, built for production next to (never into) the development extension/pkg/.
  const pkg = join(ROOT, "target", "package", "pkg");
  const pkgArg = relative(ROOT, pkg); // build-wasm.sh runs from the root: short paths in its size lines
  log("==> wasm, production build (no emulator feature)");
  execFileSync(join(ROOT, "scripts", "build-wasm.sh"), ["--production", pkgArg], { stdio: ["ignore", "inherit", "inherit"] });

  const read = (rel) => {
    const path = rel.startsWith("extension/pkg/") ? join(pkg, rel.slice("extension/pkg/".length)) : join(ROOT, rel);
    if (!existsSync(path)) throw new Error(`${rel} is referenced but does not exist`);
    return readFileSync(path);
  };
  const files = collectFiles([...manifestFiles(manifest), ...PAGES_OPENED_BY_URL], read);
  for (const f of files) {
    if (!f.startsWith("extension/") || /\.d\.ts$|\.map$|(^|\/)(tests|node_modules|bench)\//.test(f)) {
      throw new Error(`${f} must not ship`);
    }
  }

  rmSync(dir, { recursive: true, force: true });
  rmSync(zipPath, { force: true });
  mkdirSync(dir, { recursive: true });
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + "\n");
  writeFileSync(join(dir, "manifest.json"), manifestBytes);
  const entries = [["manifest.json", manifestBytes]];
  for (const rel of files) {
    const bytes = read(rel);
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), bytes);
    entries.push([rel, bytes]);
  }
  writeFileSync(zipPath, zip(entries));
  const total = entries.reduce((n, [, b]) => n + b.length, 0);
  log(`==> ${relative(ROOT, dir)}/: ${entries.length} files, ${total} bytes`);
  for (const [rel] of entries) log(`    ${rel}`);
  log(`==> ${relative(ROOT, zipPath)}: ${readFileSync(zipPath).length} bytes (load the folder unpacked, or upload the zip to the Chrome Web Store)`);
  return { dir, zip: zipPath, files: entries.map(([rel]) => rel) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    buildPackage();
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
