// No HTML built from strings anywhere in the extension: every text reaches the page through
// textContent / DOM nodes, so model output or a pasted value can never become markup.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const dir = new URL("../../extension/", import.meta.url);
const SINKS = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write(ln)?|createContextualFragment|srcdoc|DOMParser)\b|\beval\s*\(|new\s+Function\s*\(/;

test("extension/**/*.js (the workspace's modules too, and the built pkg/ glue) has no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval", () => {
  const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".js") && !f.startsWith("pkg/"));
  assert.ok(files.includes("workspace/review-pane.js") && files.includes("workspace/formats/label-studio.js"), "the workspace's modules are checked");
  if (existsSync(new URL("pkg/", dir))) files.push(...readdirSync(new URL("pkg/", dir)).filter((f) => f.endsWith(".js")).map((f) => `pkg/${f}`));
  assert.ok(files.length >= 5, `found ${files.join(", ")}`);
  for (const file of files) {
    readFileSync(new URL(file, dir), "utf8").split("\n").forEach((line, i) => {
      assert.doesNotMatch(line, SINKS, `${file}:${i + 1}: ${line.trim()}`);
    });
  }
});

test("the check itself catches each sink", () => {
  for (const line of ["el.innerHTML = x", "el.outerHTML=x", "el.insertAdjacentHTML('beforeend', x)", "document.write(x)", "document.writeln(x)", "eval(x)", "new Function('a', x)"]) {
    assert.match(line, SINKS, line);
  }
  assert.doesNotMatch("el.textContent = x; el.replaceChildren(node)", SINKS);
});

test("popup.html and workspace.html have no inline script, style or handler attributes (the CSP would block them anyway)", () => {
  for (const page of ["popup.html", "workspace.html"]) {
    const html = readFileSync(new URL(page, dir), "utf8");
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, page);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, page);
    assert.doesNotMatch(html, /\sstyle\s*=/i, page);
  }
});
