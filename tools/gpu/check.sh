#!/usr/bin/env bash
# The GPU check, run from a pack made by tools/gpu/pack.sh, on the GPU machine:
#
#   ./check.sh              # needs a GPU that Kokkos sees; fails loudly otherwise
#   ./check.sh --dry-run    # the same steps on a host pack (pack.sh --host), shorter settings
#
# Writes into $OUT (default ./check-out), at most 9 files:
#   gpu.txt          the machine and the GPU (nvidia-smi), the Kokkos backend
#   kan.log          kanpde kan: the derivative check and a points/s figure
#   tests.log        the packed GoogleTest programs (test_kan, test_solver_pde, test_solver_train)
#   bench_kan.json   Google Benchmark: jets and jets + gradient, [2,10,1] and [2,32,32,1], 1e4..1e6 points
#   bench_gram.json  Google Benchmark: one Gauss-Newton assembly of the default case's size
#                    (P = 750, 10 800 points) on the host path (Jacobian rows copied to the
#                    host, SparseGram) and on the device path (DeviceGram: flat kernel /0,
#                    team per block /1); the medians also in summary.json
#   default.log      kanpde solve of the default case (cases/poisson2d_kan_paper.yaml)
#   box3d.log        kanpde solve of cases/poisson3d_box.yaml
#   summary.json     every figure above in one object
# KANPDE_CHECK_GTEST_FILTER narrows the packed tests (a GoogleTest filter; the
# test suite's own dry run uses it, the full programs run there anyway).
# Exit status: 0 when every step passed, 1 when one failed, 3 when Kokkos does
# not run on a GPU (not in --dry-run).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dry=0
[ "${1:-}" = "--dry-run" ] && dry=1
OUT=${OUT:-$here/check-out}
mkdir -p "$OUT"
work=$(mktemp -d "${TMPDIR:-/tmp}/kanpde-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
run_dir=$work/run
mkdir -p "$run_dir"
step_limit=${KANPDE_CHECK_STEP_SECONDS:-150}

# The packed loader and libraries; the NVIDIA driver's own libraries from the
# machine (wherever its libcuda.so.1 is).
driver_dirs=""
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu /usr/lib64 \
  /usr/local/cuda/lib64 /usr/local/cuda/compat; do
  [ -e "$d/libcuda.so.1" ] && driver_dirs="$driver_dirs:$d"
done
[ -f "$here/payload.tar.gz" ] || { echo "check: $here/payload.tar.gz is missing: re-run pack.sh" >&2; exit 1; }
tar -xzf "$here/payload.tar.gz" -C "$work" || { echo "check: cannot unpack the payload" >&2; exit 1; }
pk=$work
loader=$(ls "$pk"/lib/ld-linux-x86-64.so.* 2>/dev/null | head -1)
[ -n "$loader" ] || { echo "check: the pack has no dynamic loader in lib/: re-run pack.sh" >&2; exit 1; }
libpath="$pk/lib$driver_dirs"
run() { # run PROGRAM ARGS...: a packed program through the packed loader
  local p=$1
  shift
  timeout "$step_limit" "$loader" --library-path "$libpath" "$pk/bin/$p" "$@"
}

failed=()
note() { echo "check: $*" | tee -a "$OUT/gpu.txt"; }

# 0. The pack is complete: every library each program loads resolves inside
# the pack (the NVIDIA driver's excepted), and nothing is missing.
for b in "$pk"/bin/*; do
  while read -r name arrow path _; do
    [ "$arrow" = "=>" ] || continue
    case "$name" in libcuda* | libnvidia*) continue ;; esac
    case "$path" in
      "$pk"/lib/*) ;;
      *)
        echo "check: FAILED: $(basename "$b") loads $name from '$path', not from the pack" >&2
        exit 1
        ;;
    esac
  done < <("$loader" --library-path "$pk/lib" --list "$b" 2>&1)
done

# 1. The machine and the GPU.
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(uname -srm)"
  echo "pack: $(cat "$here/MODE" 2>/dev/null || echo unknown)"
  if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1
  else
    echo "nvidia-smi: not found"
  fi
  echo "libcuda directories:${driver_dirs:- none}"
} >"$OUT/gpu.txt"
gpu_name=$(command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)

# 2. kanpde kan: Kokkos initialises, the backend is the GPU, derivatives check.
(cd "$run_dir" && run kanpde kan --points $([ $dry = 1 ] && echo 20000 || echo 1000000)) >"$OUT/kan.log" 2>&1
kan_rc=$?
backend=$(sed -n 's/.*Kokkos backend \([A-Za-z]*\).*/\1/p' "$OUT/kan.log" | head -1)
kan_pps=$(sed -n 's/.* \([0-9.e+]*\) points\/s.*/\1/p' "$OUT/kan.log" | head -1)
note "Kokkos backend: ${backend:-none} (kanpde kan exit $kan_rc)"
if [ $dry = 0 ] && [ "$backend" != "Cuda" ]; then
  note "FAILED: Kokkos does not run on a GPU here (backend '${backend:-none}'); see kan.log"
  exit 3
fi
[ $kan_rc -eq 0 ] || failed+=(kan)

# 3. The packed tests.
tests_json=""
: >"$OUT/tests.log"
for t in test_kan test_solver_pde test_solver_train; do
  (cd "$run_dir" && run "$t" --gtest_brief=1 --gtest_filter="${KANPDE_CHECK_GTEST_FILTER:-*}" --gtest_output="xml:$work/$t.xml") >>"$OUT/tests.log" 2>&1
  rc=$?
  total=$(sed -n 's/.*<testsuites tests="\([0-9]*\)".*/\1/p' "$work/$t.xml" 2>/dev/null | head -1)
  fails=$(sed -n 's/.*<testsuites tests="[0-9]*" failures="\([0-9]*\)".*/\1/p' "$work/$t.xml" 2>/dev/null | head -1)
  note "$t: exit $rc, ${total:-?} tests, ${fails:-?} failures"
  tests_json="$tests_json${tests_json:+, }\"$t\": {\"exit\": $rc, \"tests\": ${total:-null}, \"failures\": ${fails:-null}}"
  [ $rc -eq 0 ] || failed+=("$t")
done

# 4. Kernel throughput.
filter='BM_(Jets|Gradient)_2_(10|32_32)_1_G(5|10)/'
[ $dry = 1 ] && filter="$filter"'10000$'
(cd "$run_dir" && run bench_kan --benchmark_filter="$filter" --benchmark_out="$OUT/bench_kan.json" \
  --benchmark_out_format=json --benchmark_repetitions=3 --benchmark_report_aggregates_only=true) \
  >"$work/bench.txt" 2>&1
rc=$?
note "bench_kan: exit $rc"
[ $rc -eq 0 ] || failed+=(bench_kan)

# 4b. The Gauss-Newton assembly: host path against the device path.
gram_args=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true)
[ $dry = 1 ] && gram_args=(--benchmark_min_time=0.01)
(cd "$run_dir" && run bench_reduction --benchmark_filter='BM_GaussNewton' \
  --benchmark_out="$OUT/bench_gram.json" --benchmark_out_format=json "${gram_args[@]}") \
  >"$work/gram.txt" 2>&1
rc=$?
# "name": real_time (ms) of each row (the medians with repetitions).
gram_json=$(awk -F'"' '/"name":/ { n = $4 } /"real_time":/ { v = $3; gsub(/[:, ]/, "", v);
  if (n !~ /_(mean|stddev|cv)$/) { printf "%s\"%s\": %s", sep, n, v; sep = ", " } }' \
  "$OUT/bench_gram.json" 2>/dev/null)
note "bench_reduction (Gauss-Newton, ms): exit $rc, {${gram_json}}"
[ $rc -eq 0 ] || failed+=(bench_reduction)

# 5. The default case and a 3D case, as shipped (shortened in --dry-run).
solve_case() { # solve_case NAME CASE LOG
  local quick=()
  [ $dry = 1 ] && quick=(--set "training.stages=[{optimizer: adam, steps: 5}, {optimizer: lm, steps: 3}]"
    --set "training.grid_schedule=[]" --set sampling.interior.count=300 --set sampling.boundary.count=80
    --set reference.resolution=11 --set output.grid=11)
  local t0 t1
  t0=$(date +%s.%N)
  (cd "$run_dir" && run kanpde solve "$here/cases/$2" --out "$run_dir/$1" --force "${quick[@]}") >"$OUT/$3" 2>&1
  local rc=$?
  t1=$(date +%s.%N)
  local secs rel
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  rel=$(sed -n 's/.*"kan": {"rel_l2": \([0-9.eE+-]*\).*/\1/p' "$run_dir/$1/summary.json" 2>/dev/null | head -1)
  note "$2: exit $rc, ${secs} s wall, KAN rel. L2 ${rel:-?}"
  eval "${1}_json='{\"exit\": $rc, \"seconds\": $secs, \"rel_l2\": ${rel:-null}}'"
  [ $rc -eq 0 ] || failed+=("$2")
}
solve_case default poisson2d_kan_paper.yaml default.log
solve_case box3d poisson3d_box.yaml box3d.log

# 6. The summary.
{
  printf '{\n  "dry_run": %s,\n  "gpu": "%s",\n  "backend": "%s",\n' \
    "$([ $dry = 1 ] && echo true || echo false)" "${gpu_name:-none}" "${backend:-none}"
  printf '  "kan_check": {"exit": %s, "points_per_second": %s},\n' "$kan_rc" "${kan_pps:-null}"
  printf '  "tests": {%s},\n' "$tests_json"
  printf '  "gauss_newton_ms": {%s},\n' "$gram_json"
  printf '  "default_case": %s,\n  "box3d_case": %s,\n' "$default_json" "$box3d_json"
  list=""
  for f in "${failed[@]}"; do list="$list${list:+, }\"$f\""; done
  printf '  "failed": [%s]\n}\n' "$list"
} >"$OUT/summary.json"
if [ ${#failed[@]} -gt 0 ]; then
  note "FAILED: ${failed[*]}"
  exit 1
fi
note "all steps passed; figures in $OUT/summary.json"
