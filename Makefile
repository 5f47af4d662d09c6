# sessionsigner: the habits are targets.
#   make test   install what the tests need, then run every test (Go, Node, headless Chromium)
#   make demo   build everything and serve the demo on http://$(HOST):$(PORT) (Go, Node and npm only)
#   make bench  the benchmark page in headless Chromium, printed as a Markdown table
#   make size   raw, gzip and brotli bytes of the module (fails above 1.25 MB brotli)
#   make pack   the npm tarball, ./sessionsigner-<version>.tgz (install it with npm i ./sessionsigner-<version>.tgz)
#   make fuzz   each fuzz target for $(FUZZTIME)
#   make worker        build the server host (cloudflare/, a Cloudflare Worker)
#   make worker-dev    serve it on http://127.0.0.1 with wrangler's local runtime
#   make bench-worker  its cold start, sign latency and bundle size

GO        ?= go
PORT      ?= 8080
HOST      ?= 127.0.0.1
FUZZTIME  ?= 15s
WASM      := js/dist/sessionsigner.wasm
WORKER_WASM := cloudflare/build/app.wasm
GOFILES   := $(shell find . -name '*.go' -not -path './node_modules/*' -not -path './build/*') go.mod go.sum
# The module's build flags: the `tinygo` tag and a build-only go.mod whose
# decred copy leaves out its shipped base-point table and its crypto/ecdsa
# adapters (scripts/wasmbuild/prepare.sh says why).
WASMFLAGS  = $(shell scripts/wasmbuild/prepare.sh)
WASMBUILD := scripts/wasmbuild/prepare.sh scripts/wasmbuild/sessionsigner_curve.go.in
# Packages the module compiles without inlining, for size: fmt (error
# messages); the abstract and smartsessions policy code, whose signing
# benchmarks showed no difference beyond the noise (BenchmarkSignScheme,
# natively); and time, reflect, encoding/json and keystore, which a warm
# signature barely touches (records and configs are parsed once per stored
# bytes, and requests by strictjson; alternated bench sign rows showed no
# difference beyond the noise). The first set measured -64 KB brotli (1.502
# -> 1.438 MB, when the list also held packages the build no longer links);
# the second -26 KB (1.221 -> 1.194 MB). The local scheme, the vault, the
# crypto, math/big and strconv keep their inlining.
NOINLINE   = $(foreach p,fmt time reflect encoding/json github.com/sessionsigner/sessionsigner/keystore \
	github.com/sessionsigner/sessionsigner/accounts/abstract github.com/sessionsigner/sessionsigner/accounts/smartsessions,-gcflags=$(p)=-l)

.PHONY: all deps test test-go test-node test-browser test-example test-worker wasm js pack size demo bench bench-worker worker worker-dev fuzz vet clean

all: js

# --- installation -----------------------------------------------------------

node_modules/.installed: package.json package-lock.json js/package.json web-example/package.json
	npm ci --no-audit --no-fund
	@touch $@

deps: node_modules/.installed
	@scripts/ensure-chromium.sh

# --- build ------------------------------------------------------------------

$(WASM): $(GOFILES) $(WASMBUILD) Makefile
	@mkdir -p js/dist
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) $(NOINLINE) -trimpath -ldflags='-s -w' -o $@ ./wasm

wasm: $(WASM)

js: node_modules/.installed $(WASM)
	node js/build.mjs

# The server host: syumai/workers' entry files (workers-assets-gen, run from
# this module so its version is go.mod's), then the Go module beside them.
$(WORKER_WASM): $(GOFILES) $(WASMBUILD)
	cd cloudflare && $(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -trimpath -ldflags='-s -w' -o $@ ./cloudflare

worker: node_modules/.installed $(WORKER_WASM)

worker-dev: worker
	node scripts/worker-dev.mjs

# npm pack of js/ after building, into the repository root. The LICENSE is
# copied in for the tarball only (npm takes it from the package's folder).
pack: js
	cp LICENSE js/LICENSE
	rm -f sessionsigner-*.tgz
	cd js && npm pack --pack-destination .. --silent
	rm -f js/LICENSE

size: js
	node scripts/size.mjs $(WASM)

# --- tests ------------------------------------------------------------------

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet $(WASMFLAGS) ./wasm/...
	GOOS=js GOARCH=wasm $(GO) vet $(WASMFLAGS) ./cloudflare/...

test-go: node_modules/.installed
	SESSIONSIGNER_REQUIRE_NODE=1 $(GO) test -count=1 ./...
	$(GO) test -count=1 -tags=tinygo ./internal/ethcrypto/ ./ethsign/
	$(GO) test -count=1 $(WASMFLAGS) ./internal/ethcrypto/curvecopy/
	GOOS=js GOARCH=wasm $(GO) test $(WASMFLAGS) -count=1 -exec="$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/

test-node: js
	node --test --test-concurrency=1 js/test/node/

test-browser: deps js
	node --test --test-concurrency=1 js/test/browser/ web-example/test/

# The starter app (examples/vite-viem) installs the packed tarball into its
# own node_modules, builds with Vite and runs in Chromium.
test-example: deps pack
	node examples/vite-viem/test/run.mjs

test: deps vet test-go test-node test-browser test-example test-worker size

test-worker: worker js
	node --test --test-concurrency=1 js/test/worker/

# --- the demo and the benchmark ---------------------------------------------

# Needs only Go, Node and npm (no Chromium): HOST and PORT choose where it listens.
demo: node_modules/.installed js
	cd web-example && npx vite build
	HOST=$(HOST) PORT=$(PORT) node web-example/serve.mjs

bench: deps js
	node web-example/bench/run.mjs

bench-worker: worker js
	node scripts/bench-worker.mjs

fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

clean:
	rm -rf js/dist web-example/dist build examples/vite-viem/dist examples/vite-viem/node_modules sessionsigner-*.tgz cloudflare/build
