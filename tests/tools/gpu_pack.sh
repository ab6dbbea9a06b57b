#!/usr/bin/env bash
# Readiness of the GPU kit without a GPU: tools/gpu/pack.sh --host packs the
# host build; the pack's check.sh --dry-run must find every library inside
# the pack and pass every step; a pack with a library removed must fail its
# completeness check.
set -euo pipefail
src=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
BUILD=$build PACK=$work/pack "$src/tools/gpu/pack.sh" --host
# The packed test programs run in full elsewhere in the suite: a few here.
export KANPDE_CHECK_GTEST_FILTER='BSpline*:SparseGram*:DeviceGram*:Trainer.SameSeedSameResult'
OUT=$work/out "$work/pack/check.sh" --dry-run
for f in gpu.txt kan.log tests.log bench_kan.json bench_gram.json default.log box3d.log summary.json; do
  [ -s "$work/out/$f" ] || { echo "gpu_pack: $f missing or empty"; exit 1; }
done
grep -q '"failed": \[\]' "$work/out/summary.json"
grep -q '"gauss_newton_ms": {"BM_GaussNewton": [0-9]' "$work/out/summary.json"
grep -q '"BM_GaussNewtonDevice/1": [0-9]' "$work/out/summary.json"
grep -q '"backend": "Serial\|"backend": "OpenMP' "$work/out/summary.json"
# Without --dry-run, a pack whose Kokkos has no GPU must fail (exit 3), not skip.
set +e
OUT=$work/out3 "$work/pack/check.sh" >"$work/nogpu.txt" 2>&1
rc=$?
set -e
[ $rc -eq 3 ] || { echo "gpu_pack: check.sh without a GPU exited $rc, expected 3"; cat "$work/nogpu.txt"; exit 1; }
# Remove one packed library: the completeness check must say so.
mkdir -p "$work/broken/x"
tar -xzf "$work/pack/payload.tar.gz" -C "$work/broken/x"
rm "$work/broken/x/lib/"libyaml-cpp.so*
cp -r "$work/pack/cases" "$work/pack/check.sh" "$work/pack/MODE" "$work/broken/"
tar -czf "$work/broken/payload.tar.gz" -C "$work/broken/x" bin lib
set +e
OUT=$work/out2 "$work/broken/check.sh" --dry-run >"$work/broken.txt" 2>&1
rc=$?
set -e
[ $rc -ne 0 ] && grep -q 'libyaml-cpp.*not from the pack' "$work/broken.txt" ||
  { echo "gpu_pack: a pack without libyaml-cpp passed its completeness check"; cat "$work/broken.txt"; exit 1; }
echo "gpu_pack: host pack complete, dry run passed, incomplete pack refused"
