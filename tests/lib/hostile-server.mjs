// A hostile stand-in for Bedrock, for attack-surface tests only: it checks no signature and
// answers whatever the test tells it, typically echoing the request's own headers (the session
// token among them) or HTML back, as a misbehaving server, proxy or model might. The real wire
// behaviour is the emulator's job (tests/emulator/).
import http from "node:http";

/**
 * `respond({ method, url, headers, body })` returns `{ status, headers?, body }` (body: string
 * or object, sent as JSON). Resolves `{ url, requests, close }`.
 */
export async function startHostileServer(respond) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const seen = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
    requests.push(seen);
    const out = await respond(seen);
    const body = typeof out.body === "string" ? out.body : JSON.stringify(out.body);
    res.writeHead(out.status ?? 200, { "content-type": "application/json", "x-amzn-requestid": `hostile-${requests.length}`, ...out.headers });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The request's headers as AWS prints them in a canonical request: `name:value` lines. */
export const headerLines = (headers) => Object.entries(headers).map(([k, v]) => `${k}:${v}`).join("\n");
