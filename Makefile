# Jobbro — a thin wrapper; the work is done by scripts/.
#   make run     build, start PostgreSQL + Kore on 127.0.0.1:$(PORT) (8080)
#   make test    sanitizer build, throwaway cluster, unit + SQL + API tests
#   make deps | build | bench | lint | docker-test | clean
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
NODE_DIR := build/node
NODE_BIN := $(NODE_DIR)/node_modules/.bin
SPEC := api-spec/openapi.yaml
FORMAT_SOURCES = $(wildcard src/*.c src/endpoints/*.c src/webhookd/*.c include/*.h tests/unit/*.c \
    tests/unit/*.h)

.PHONY: all deps build run test docker-test bench lint lint-c lint-modules \
    lint-format lint-spec lint-client lint-docs docs clean

all: build

deps:
	bash scripts/deps.sh

build: deps
	cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release
	cmake --build build/release -j$$(nproc)

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

# Build the Docker image with podman and run its entrypoint against a
# throwaway cluster (skipped without podman or root).
docker-test:
	bash scripts/docker-test.sh

bench:
	@if [ -x bench/run.sh ] || [ -f bench/run.sh ]; then bash bench/run.sh; \
	else echo "bench/run.sh does not exist yet" >&2; exit 1; fi

# Warnings are errors in every build (CMakeLists.txt: -Werror); build both.
lint: lint-c lint-modules lint-format lint-spec lint-client lint-docs

lint-c: deps
	cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release
	cmake --build build/release -j$$(nproc)
	cmake -S . -B build/asan -DJOBBRO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build build/asan -j$$(nproc)

# No call or include cycle among the C modules (scripts/lint-modules.py).
lint-modules: lint-c
	/usr/bin/python3 scripts/lint-modules.py build/release

lint-format:
	@command -v clang-format >/dev/null || { \
	    echo "installing clang-format"; \
	    if [ "$$(id -u)" = 0 ]; then apt-get install -y -q clang-format; \
	    else sudo -n apt-get install -y -q clang-format; fi; }
	clang-format --dry-run --Werror $(FORMAT_SOURCES)

$(NODE_BIN)/redocly $(NODE_BIN)/spectral:
	@command -v npm >/dev/null || { \
	    echo "installing npm"; \
	    if [ "$$(id -u)" = 0 ]; then apt-get install -y -q npm; \
	    else sudo -n apt-get install -y -q npm; fi; }
	mkdir -p $(NODE_DIR)
	@# Redocly CLI 2 needs Node >= 20.19; Debian 12's own nodejs is 18.
	redocly=@redocly/cli@2; \
	if [ "$$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then \
	    redocly=@redocly/cli@1; fi; \
	npm install --silent --no-audit --no-fund --prefix $(NODE_DIR) \
	    "$$redocly" @stoplight/spectral-cli@6

lint-spec: $(NODE_BIN)/redocly $(NODE_BIN)/spectral
	$(NODE_BIN)/redocly lint --format=stylish $(SPEC)
	$(NODE_BIN)/spectral lint --ruleset .spectral.yaml --fail-severity=warn $(SPEC)

# The API reference's page and script (GET /docs) in build/docs.
docs:
	bash scripts/docs-assets.sh

# A typed client made from the spec compiles against a small example.
$(NODE_BIN)/openapi-typescript $(NODE_BIN)/tsc: $(NODE_BIN)/redocly
	npm install --silent --no-audit --no-fund --prefix $(NODE_DIR) \
	    openapi-typescript@7 typescript@5

lint-client: $(NODE_BIN)/openapi-typescript $(NODE_BIN)/tsc
	mkdir -p build/client
	$(NODE_BIN)/openapi-typescript $(SPEC) -o build/client/jobbro.d.ts
	$(NODE_BIN)/tsc -p tests/client/tsconfig.json

# GET /docs renders in headless Chromium (scripts/lint-docs.sh).
lint-docs:
	bash scripts/lint-docs.sh

clean:
	rm -rf build
