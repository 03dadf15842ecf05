# bedrock-labeler. The README's two commands: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help deps build package demo test test-rust test-node test-e2e bench live-check clean

help:
	@echo "make demo   build, start the Bedrock emulator, run the extension in Chromium against it"
	@echo "make test   every test: cargo tests, Node tests of the wasm, Chromium end-to-end tests"
	@echo "make package  the extension to install or publish: dist/bedrock-labeler/ and dist/bedrock-labeler-<version>.zip"
	@echo "make bench  measures size, start-up, signing rate, overhead, quota throughput, the workspace at 100,000 rows; writes BENCHMARKS.md"
	@echo "make live-check  one tiny request per preset model against real Bedrock (AWS_* credentials from the environment)"

# Installs what is missing: wasm32 target, wasm-bindgen-cli (locked version), chromium, npm ci.
deps:
	@scripts/install-deps.sh

# Builds extension/pkg/ (the wasm and its JS glue) and prints its gzipped size.
build: deps
	@scripts/build-wasm.sh

# The extension as a user or the Chrome Web Store gets it (no emulator access, nothing but the
# pages and what they load): dist/bedrock-labeler/ and dist/bedrock-labeler-<version>.zip.
package: deps
	node scripts/package.mjs

demo: build
	node tests/demo/run-demo.mjs

test: build test-rust test-node test-e2e

test-rust:
	cargo test --workspace --quiet --locked

test-node:
	cd tests && node --test --test-concurrency=1 node/

test-e2e:
	cd tests && node --test --test-concurrency=1 e2e/

# Performance is measured here, never asserted in tests. Under 10 minutes on 2 cores.
bench: build
	node tests/bench/run-bench.mjs

# Checks the capability table against the real service; never part of make test.
live-check: build
	node tests/live/live-check.mjs

clean:
	rm -rf target extension/pkg tests/out dist
