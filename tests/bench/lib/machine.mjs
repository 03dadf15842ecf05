// What the benchmark ran on: cores, CPU model, memory, Node and Chromium versions.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";

export function machineInfo({ chromiumVersion } = {}) {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1].trim();
  } catch {}
  let nproc = os.availableParallelism?.() ?? os.cpus().length;
  try {
    nproc = Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {}
  return {
    nproc,
    cpu,
    memoryGiB: (os.totalmem() / 2 ** 30).toFixed(0),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    chromium: chromiumVersion ?? "unknown",
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(" "),
  };
}
