# brainlab: make serve · make test · make bench · make dist
# Every target sets up what it needs first (toolchain, browsers, data, npm packages),
# skipping whatever is already installed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := serve

SITE   := build/site
PORT   ?= 8080
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)
APT_PACKAGES := chromium chromium-driver firefox-esr

.PHONY: serve test bench dist site wasm wasm-fast www data setup build-tools test-tools browsers npm \
        test-native test-wasm test-e2e golden fuzz fuzz-short fuzz-tool bench-short clean

## Set-up ------------------------------------------------------------------------------

setup: build-tools test-tools npm

# What building the site needs: the wasm target and the wasm tools (pinned).
build-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@wasm-pack --version 2>/dev/null | grep -q '0.15.1' || cargo install wasm-pack --version 0.15.1 --locked
	@wasm-bindgen --version 2>/dev/null | grep -q '0.2.130' || cargo install wasm-bindgen-cli --version 0.2.130

# What the tests add: Debian's browsers and drivers, and geckodriver.
test-tools: browsers
	@geckodriver --version 2>/dev/null | grep -q '0.37.1' || cargo install geckodriver --version 0.37.1 --locked

browsers:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## The site ----------------------------------------------------------------------------

data:
	data/prepare.sh $(SITE)/data

# The site's core, for the tests too: with the fault-injection feature (the core's panicForTests,
# for tests/e2e/faults.test.mjs). `make dist` ships a core built without it.
wasm: build-tools
	wasm-pack build crate --release --target web --no-pack --out-dir ../$(SITE)/pkg -- --features fault-injection

# Fast mode's core (app/fast-mode.js): the same crate with relaxed SIMD, whose kernels fuse the
# multiply-add where the CPU can. Opt-in on the page and not bit-reproducible; its own target
# directory, so the two builds do not undo each other's artefacts.
wasm-fast: build-tools
	CARGO_TARGET_DIR="$(CURDIR)/target/relaxed-simd" RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" \
	  wasm-pack build crate --release --target web --no-pack --out-dir ../$(SITE)/pkg-fast

# The page's files afresh (what an older build left goes; the cores and the data stay).
www: npm
	mkdir -p $(SITE)
	find $(SITE) -mindepth 1 -maxdepth 1 ! -name pkg ! -name pkg-fast ! -name data -exec rm -rf {} +
	mkdir -p $(SITE)/vendor
	cp -r www/. $(SITE)/
	cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css $(SITE)/vendor/
	node tools/build-info.mjs $(SITE)

# data/prepare.sh installs Debian's dataset-fashion-mnist when it is missing. The last step
# stamps the build (tools/build-info.mjs: its id names the service worker's cache).
site: build-tools npm data wasm wasm-fast www
	node tools/build-info.mjs $(SITE)

serve: site
	node tools/serve.mjs --root $(SITE) --host 127.0.0.1 --port $(PORT)

# A self-contained static site: every URL in it is relative, so it works from any sub-path.
# Only the lab: the bench pages live in bench/pages/ and `make bench` assembles them apart, and
# nothing only the tests use (tools/dist.mjs): not the page's debug handle nor the worker's
# fault injection, and a core built without the fault-injection feature (in its own target
# directory, so that it and `make site`'s do not undo each other's artefacts). The last step
# checks what dist/ holds.
dist: site
	rm -rf dist
	node tools/dist.mjs $(SITE) dist
	CARGO_TARGET_DIR="$(CURDIR)/target/dist" wasm-pack build crate --release --target web --no-pack --out-dir ../dist/pkg
	node tools/build-info.mjs dist
	node tools/dist.mjs --check dist
	@echo "dist/: $$(du -sh dist | cut -f1), serve it from any path"

## Tests -------------------------------------------------------------------------------

test: test-tools site test-native test-wasm test-e2e fuzz-short bench-short

test-native:
	cargo test

# The browser and Node tests run the exported JS API; each checks the same golden numbers as
# the native tests, so the three agree step for step.
test-wasm: build-tools test-tools
	wasm-pack test --node crate --test wasm_node
	wasm-pack test --headless --chrome crate --test wasm_browser
	wasm-pack test --headless --firefox crate --test wasm_browser
	wasm-pack test --headless --chrome crate --test wasm_kernels
	wasm-pack test --headless --firefox crate --test wasm_kernels

test-e2e: site
	node --test tests/e2e/ tests/node/

# Rewrites crate/tests/fixtures/golden.json after a deliberate change to the numerics.
golden:
	BRAINLAB_BLESS=1 cargo test --test golden

## Fuzzing ----------------------------------------------------------------------------
# cargo-fuzz builds with flags of the nightly compiler; RUSTC_BOOTSTRAP lets the machine's one
# stable toolchain accept them. Crashing inputs land in fuzz/artifacts/; once fixed, each
# becomes a regression test in crate/tests/.

FUZZ_TARGETS := idx config
FUZZ_SECONDS ?= 60
FUZZ := RUSTC_BOOTSTRAP=1 cargo fuzz

fuzz-tool:
	@cargo fuzz --version 2>/dev/null | grep -q '0.13' || cargo install cargo-fuzz --version 0.13.2 --locked

fuzz: fuzz-tool
	for t in $(FUZZ_TARGETS); do \
	  $(FUZZ) run --fuzz-dir fuzz $$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 2>&1 | grep -E '^(Done|==|SUMMARY)|ERROR'; \
	done

# The short run that `make test` includes, so the targets cannot rot.
fuzz-short:
	$(MAKE) fuzz FUZZ_SECONDS=10

## Speed -------------------------------------------------------------------------------

# bench/run.sh assembles its own folder, build/bench/ (the site, bench/pages/, TensorFlow.js).
bench: site
	bench/run.sh

# The same bench in a short mode (a few steps of everything): checks only that every row
# produces numbers, never the speed. Part of make test, so the bench cannot rot.
bench-short: site
	bench/run.sh --short

clean:
	rm -rf build dist target
