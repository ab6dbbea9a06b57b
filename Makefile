# Thin wrapper over CMake. `make run` and `make test` do the whole set-up on a
# fresh Debian 12 machine: missing packages, configure (Release), build.
BUILD_DIR  ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
RUN_ARGS   ?=

.PHONY: all deps configure build run test test-fast check-clang check-threads format format-check clean

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

# The second compiler: the whole suite with clang-14 (-Wall -Wextra -Werror),
# then its unit tests. Build dir build-clang (preset `clang`).
check-clang:
	@cmake --preset clang -DKANPDE_WARNINGS_AS_ERRORS=ON
	@cmake --build --preset clang -j $(JOBS)
	@cd build-clang && ctest --output-on-failure -j $(JOBS) -L unit

# Thread-count invariance: needs a Kokkos with OpenMP (KOKKOS_ROOT, default
# /opt/kokkos4-omp); runs the `threads` tests (OMP_NUM_THREADS=1, 2, 3 bitwise
# the same) and the unit tests. Build dir build-openmp (preset `openmp`).
KOKKOS_ROOT ?= /opt/kokkos4-omp
check-threads:
	@cmake --preset openmp -DKokkos_ROOT=$(KOKKOS_ROOT) -DKANPDE_WARNINGS_AS_ERRORS=ON
	@cmake --build --preset openmp -j $(JOBS)
	@cd build-openmp && OMP_PROC_BIND=false ctest --output-on-failure -j $(JOBS) -L "threads|unit"

format:
	@tools/format.sh fix

format-check: deps
	@tools/format.sh check

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-asan $(BUILD_DIR)-asan.configure.log
