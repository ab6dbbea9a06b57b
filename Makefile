# Thin wrapper over CMake. `make run` and `make test` do the whole set-up on a
# fresh Debian 12 machine: missing packages, configure (Release), build.
BUILD_DIR  ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
RUN_ARGS   ?=

.PHONY: all deps configure build run test test-fast format format-check clean

all: build

deps:
	@tools/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@tools/run-default.sh $(BUILD_DIR) $(RUN_ARGS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@tools/sanitize-tests.sh $(BUILD_DIR)-asan

# The suite without the sanitizer pass.
test-fast: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

format:
	@tools/format.sh fix

format-check: deps
	@tools/format.sh check

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-asan $(BUILD_DIR)-asan.configure.log
