#!/usr/bin/env bash
# The tests that are about memory (HDF5 handles and files, the per-point
# kernels' stack buffers, the assembler's chunked Jacobians) once more in a
# Debug build with AddressSanitizer (leak checks included) and UBSan.
# Part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-asan}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
targets=(test_kan test_solver_io test_solver_pde)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DKANPDE_ENABLE_SANITIZERS=ON \
  -DKANPDE_ENABLE_BENCHMARKS=OFF > "$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j "$jobs" --target "${targets[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$build/sanitize-run"
cd "$build/sanitize-run"
status=0
for t in "${targets[@]}"; do
  echo "sanitizers: $t"
  "../bin/$t" --gtest_brief=1 || status=1
done
if [ $status -ne 0 ]; then echo "sanitizers: FAILED"; exit 1; fi
echo "sanitizers: all passed"
