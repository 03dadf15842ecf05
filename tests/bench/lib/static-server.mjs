// A local http server for the in-browser measurements: serves the built wasm package, the
// esbuild bundles and small generated pages, with the content types a browser needs
// (application/wasm lets Chromium compile the wasm while it streams in, as in the extension).
import http from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/**
 * `mounts`: { "/pkg/": "/abs/dir", ... }; `pages`: { "/x.html": "<html>…" }.
 * Returns { url, close }.
 */
export async function startStaticServer({ mounts = {}, pages = {} } = {}) {
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const send = (status, type, body) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-cache" });
      res.end(body);
    };
    if (pages[path] !== undefined) return send(200, TYPES[".html"], pages[path]);
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!path.startsWith(prefix)) continue;
      const rel = normalize(path.slice(prefix.length));
      if (rel.startsWith("..")) break;
      try {
        return send(200, TYPES[extname(rel)] ?? "application/octet-stream", await readFile(join(dir, rel)));
      } catch {
        break;
      }
    }
    send(404, "text/plain", "not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
