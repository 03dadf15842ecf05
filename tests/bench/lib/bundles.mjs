// Browser bundles of the JavaScript baselines, built with esbuild the way a web or extension
// project would ship them: bundled, minified, ESM, browser platform.
import * as esbuild from "esbuild";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const BUNDLE_DIR = fileURLToPath(new URL("../../out/bench/bundles/", import.meta.url));
const entry = (name) => fileURLToPath(new URL(`../entries/${name}.mjs`, import.meta.url));

/** name → what it holds */
export const BUNDLES = {
  "aws4fetch-invoke": "aws4fetch 1.x signing and sending InvokeModel",
  "sdk-invoke": "@aws-sdk/client-bedrock-runtime with InvokeModelCommand",
  "js-signers": "AwsV4Signer (aws4fetch) and SignatureV4 (@smithy/signature-v4) for the signing race",
};

/** Builds every bundle into BUNDLE_DIR; returns { name: absolute path }. */
export async function buildBundles() {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const out = {};
  for (const name of Object.keys(BUNDLES)) {
    const outfile = `${BUNDLE_DIR}${name}.js`;
    await esbuild.build({
      entryPoints: [entry(name)],
      outfile,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      legalComments: "none",
      logLevel: "error",
    });
    out[name] = outfile;
  }
  return out;
}
