// The Bedrock emulator in its own process, so that its work (parsing, signature checks,
// answering) does not share the client's event loop: on this 2-core machine, client and
// emulator each get a core. Configured over its /__emulator/ control endpoints.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const EMULATOR = fileURLToPath(new URL("../../emulator/emulator.mjs", import.meta.url));

export async function startEmulatorProcess() {
  const child = spawn(process.execPath, [EMULATOR, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => resolve(line.trim()));
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}) before printing its URL`)));
  });
  const control = async (path, body) => {
    const res = await fetch(`${url}/__emulator/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`emulator ${path}: HTTP ${res.status}`);
    return res.json();
  };
  return {
    url,
    /** Resets stats and config, then applies `config`. */
    async configure(config = {}) {
      await control("reset");
      return control("config", config);
    },
    stats: () => control("stats"),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}
