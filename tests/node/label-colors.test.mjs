// Per-label colours (extension/label-colors.css) stay readable in light and dark mode: every
// palette colour has a class in both, chip text on its chip background has at least 4.5:1
// contrast (WCAG AA for text), and the solid colour (span underline, distribution bar) at least
// 3:1 against the page background (WCAG non-text contrast).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { COLORS } from "../../extension/workspace/labels.js";

const css = readFileSync(new URL("../../extension/label-colors.css", import.meta.url), "utf8");
const theme = readFileSync(new URL("../../extension/theme.css", import.meta.url), "utf8");
const [light, dark] = css.split("@media (prefers-color-scheme: dark)");

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
};
function palette(block) {
  const out = {};
  for (const m of block.matchAll(/\.lc-([a-z]+)\s*\{\s*--lc-bg:\s*(#[0-9a-f]{6});\s*--lc-fg:\s*(#[0-9a-f]{6});\s*--lc-solid:\s*(#[0-9a-f]{6});/g)) out[m[1]] = { bg: m[2], fg: m[3], solid: m[4] };
  return out;
}
const pageBg = (block) => /--bg:\s*(#[0-9a-f]{6})/.exec(block)[1];

test("every palette colour is defined for light and dark mode, and readable in both", () => {
  const modes = [["light", palette(light), pageBg(theme.split("@media")[0])], ["dark", palette(dark), pageBg(theme.split("@media")[1])]];
  for (const [mode, colors, bg] of modes) {
    for (const name of [...COLORS, "none"]) {
      const c = colors[name];
      assert.ok(c, `${name} has a ${mode} definition`);
      assert.ok(contrast(c.fg, c.bg) >= 4.5, `${mode} ${name}: chip text ${contrast(c.fg, c.bg).toFixed(2)}:1`);
      assert.ok(contrast(c.solid, bg) >= 3, `${mode} ${name}: solid against the page ${contrast(c.solid, bg).toFixed(2)}:1`);
    }
  }
});
