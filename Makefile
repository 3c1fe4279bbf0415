# Makefile of fitness. `make run` starts the demo; `make test` runs every test.
# Everything is pure Go (CGO_ENABLED=0), as in production.

GO          ?= go
GOTESTFLAGS ?=
TESTTIMEOUT ?= 30m
FUZZTIME    ?= 60s
DEMO_DB     ?= fitness-demo.db
DEMO_ADDR   ?= 127.0.0.1:8080
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

export CGO_ENABLED = 0

DIST          := internal/web/static/dist
ASSET_SOURCES := $(wildcard internal/web/assets/*) scripts/build-assets.mjs scripts/build-assets.sh

.PHONY: assets build run test test-postgres lint fuzz perf clean

# npm ci runs only when package.json or package-lock.json changed since the
# last install (npm writes node_modules/.package-lock.json).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The assets are rebuilt only when their sources or node_modules changed.
$(DIST)/manifest.json: node_modules/.package-lock.json $(ASSET_SOURCES)
	SKIP_NPM_CI=1 sh scripts/build-assets.sh

## assets: install the pinned npm packages and compile the front-end assets
assets: $(DIST)/manifest.json

## build: build the binary into bin/fitness
build: assets
	$(GO) build -o bin/fitness ./cmd/fitness

## run: start the demo on http://$(DEMO_ADDR) with demo data in $(DEMO_DB)
run: assets
	$(GO) run ./cmd/fitness serve --demo --db $(DEMO_DB) --addr $(DEMO_ADDR)

## test: every test (PostgreSQL too when FITNESS_TEST_POSTGRES is set)
test: assets
	$(GO) test -timeout $(TESTTIMEOUT) $(GOTESTFLAGS) ./...

## test-postgres: every test on SQLite and on the PostgreSQL at $(PG_TEST_URL)
test-postgres: assets
	FITNESS_TEST_POSTGRES=$${FITNESS_TEST_POSTGRES:-$(PG_TEST_URL)} \
		$(GO) test -timeout $(TESTTIMEOUT) $(GOTESTFLAGS) ./...

## lint: gofmt and go vet
lint:
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## fuzz: run each fuzz target for $(FUZZTIME) in turn
fuzz: assets
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

## perf: seed the scale fixtures if missing, run the scale benchmarks and the
## load test on SQLite and PostgreSQL (scripts/perf.sh; docs/performance.md)
perf: build
	sh scripts/perf.sh

## clean: remove the binary, the built assets and the demo database
clean:
	rm -rf bin $(DIST)/*.css $(DIST)/*.js $(DIST)/*.svg $(DIST)/manifest.json
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
