#!/usr/bin/env bash
# Packs what a GPU check needs into one folder that runs on a bare machine
# with an NVIDIA driver and nothing else of ours (no Debian libraries there):
#
#   tools/gpu/pack.sh            # CUDA: build Kokkos (if needed) and kanpde for sm_90, then pack
#   tools/gpu/pack.sh --host     # pack the host build in build/ (no CUDA): the readiness check
#
# Steps (CUDA mode):
#   1. Kokkos with CUDA (Hopper 90) installed at $KOKKOS_ROOT (default
#      /opt/kokkos4-cuda); built from the Kokkos source tree $KOKKOS_SRC when it
#      is not installed yet. Under CUDA >= 13, Kokkos releases up to 4.6 need
#      three runtime calls adapted to the new signatures (cudaGraphAddDependencies
#      takes edge data, cudaMemAdvise / cudaMemPrefetchAsync take a
#      cudaMemLocation); the script adapts a private copy of the source tree,
#      never the tree it was given.
#   2. kanpde's GPU-relevant programs (kanpde, bench_kan, bench_reduction,
#      test_kan, test_solver_pde, test_solver_train) with the Kokkos nvcc_wrapper,
#      MPI off, in $BUILD (default build-cuda).
#   3. The pack, $PACK (default build-gpu-pack, ignored by git): payload.tar.gz
#      holding bin/ (the programs, stripped) and lib/ (every shared library they
#      load, the dynamic loader and the C library included, found by ldd; the
#      NVIDIA driver's libraries excepted, they come from the machine), cases/,
#      check.sh, MANIFEST (size and name of every file in the payload), MODE
#      (cuda or host). At most 60 MiB.
# Idempotent: an installed Kokkos and an up-to-date build are reused; the pack
# is rebuilt each time (written beside and renamed into place).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

mode=cuda
[ "${1:-}" = "--host" ] && mode=host
KOKKOS_ROOT=${KOKKOS_ROOT:-/opt/kokkos4-cuda}
KOKKOS_SRC=${KOKKOS_SRC:-}
ARCH=${KANPDE_GPU_ARCH:-HOPPER90}
SM=${KANPDE_GPU_SM:-sm_90}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
MAX_MIB=${KANPDE_PACK_MAX_MIB:-60}
programs=(kanpde bench_kan bench_reduction test_kan test_solver_pde test_solver_train)

die() {
  echo "pack: $*" >&2
  exit 1
}
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"; }

need ldd "the C library's ldd lists the shared libraries to pack (package libc-bin)"
need strip "binutils strips the packed programs (apt-get install binutils)"

if [ "$mode" = host ]; then
  BUILD=${BUILD:-build}
  PACK=${PACK:-build-gpu-pack-host}
  for p in "${programs[@]}"; do
    [ -x "$BUILD/bin/$p" ] || die "$BUILD/bin/$p is missing: build the host programs first (make build)"
  done
else
  BUILD=${BUILD:-build-cuda}
  PACK=${PACK:-build-gpu-pack}
  need cmake "install cmake"
  need nvcc "the CUDA toolkit's nvcc must be on PATH (e.g. /usr/local/cuda/bin)"
  cuda_major=$(nvcc --version | sed -n 's/.*release \([0-9]*\)\..*/\1/p')
  [ -n "$cuda_major" ] || die "cannot read the CUDA version from nvcc --version"

  # 1. Kokkos.
  if [ ! -f "$KOKKOS_ROOT/lib/cmake/Kokkos/KokkosConfig.cmake" ] &&
    [ ! -f "$KOKKOS_ROOT/lib64/cmake/Kokkos/KokkosConfig.cmake" ]; then
    [ -n "$KOKKOS_SRC" ] || die "no Kokkos with CUDA at KOKKOS_ROOT=$KOKKOS_ROOT; set KOKKOS_SRC to a Kokkos 4 source tree (for example a checkout of tag 4.6.01) to build one there"
    [ -f "$KOKKOS_SRC/CMakeLists.txt" ] || die "KOKKOS_SRC=$KOKKOS_SRC is not a Kokkos source tree"
    work=${KOKKOS_WORK:-/tmp/kanpde-kokkos-cuda}
    rm -rf "$work/src" && mkdir -p "$work" && cp -a "$KOKKOS_SRC" "$work/src"
    if [ "$cuda_major" -ge 13 ]; then
      inst="$work/src/core/src/Cuda/Kokkos_Cuda_Instance.hpp"
      if grep -q 'cudaGraphAddDependencies(graph, from, to, numDependencies)' "$inst"; then
        sed -i \
          -e 's/cudaGraphAddDependencies(graph, from, to, numDependencies)/cudaGraphAddDependencies(graph, from, to, nullptr, numDependencies)/' \
          -e 's/return cudaMemAdvise(devPtr, count, advice, device);/return cudaMemAdvise(devPtr, count, advice, cudaMemLocation{cudaMemLocationTypeDevice, device});/' \
          -e 's/return cudaMemPrefetchAsync(devPtr, count, dstDevice,/return cudaMemPrefetchAsync(devPtr, count, cudaMemLocation{cudaMemLocationTypeDevice, dstDevice}, 0,/' \
          "$inst"
        grep -q 'cudaMemLocation{cudaMemLocationTypeDevice, dstDevice}' "$inst" ||
          die "could not adapt $inst to CUDA $cuda_major: use a Kokkos release that supports it"
        echo "pack: adapted three CUDA runtime calls of the Kokkos copy to CUDA $cuda_major"
      fi
    fi
    cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX="$KOKKOS_ROOT" -DCMAKE_CXX_STANDARD=17 \
      -DCMAKE_CXX_COMPILER="$work/src/bin/nvcc_wrapper" -DCMAKE_CXX_FLAGS="-arch=$SM" \
      -DKokkos_ENABLE_SERIAL=ON -DKokkos_ENABLE_CUDA=ON -DKokkos_ENABLE_CUDA_LAMBDA=ON \
      -DKokkos_ARCH_"$ARCH"=ON -DKokkos_ENABLE_TESTS=OFF >"$work/configure.log" 2>&1 ||
      { tail -30 "$work/configure.log"; die "configuring Kokkos failed (log: $work/configure.log)"; }
    cmake --build "$work/build" -j "$JOBS" >"$work/build.log" 2>&1 ||
      { tail -30 "$work/build.log"; die "building Kokkos failed (log: $work/build.log)"; }
    cmake --install "$work/build" >/dev/null
  fi

  # 2. kanpde for the GPU.
  [ -f "$BUILD/CMakeCache.txt" ] ||
    KOKKOS_ROOT="$KOKKOS_ROOT" cmake --preset cuda -B "$BUILD" -DCMAKE_CXX_FLAGS="-arch=$SM" \
      -DKANPDE_ENABLE_MPI=OFF -DKANPDE_ENABLE_BENCHMARKS=ON >"$BUILD.configure.log" 2>&1 ||
    { tail -30 "$BUILD.configure.log"; die "configuring kanpde for CUDA failed (log: $BUILD.configure.log)"; }
  cmake --build "$BUILD" -j "$JOBS" --target "${programs[@]}" >"$BUILD.build.log" 2>&1 ||
    { grep -E 'error' "$BUILD.build.log" | head -20; die "building kanpde for CUDA failed (log: $BUILD.build.log)"; }
fi

# 3. The pack: programs, their libraries, cases, the check script.
tmp="$PACK.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp/bin" "$tmp/lib"
trap 'rm -rf "$tmp"' EXIT
for p in "${programs[@]}"; do
  cp "$BUILD/bin/$p" "$tmp/bin/$p"
  strip --strip-unneeded "$tmp/bin/$p"
done
# The NVIDIA driver's libraries belong to the machine (they must match its
# kernel module); everything else is packed, the loader and libc included, so
# the programs run on any x86-64 Linux whatever its own C library.
driver_lib='^(libcuda|libnvidia|libnvcuvid|libnvoptix)'
for p in "${programs[@]}"; do
  ldd "$BUILD/bin/$p" | while read -r name arrow path _; do
    if [ "$arrow" != "=>" ]; then
      # the loader line: /lib64/ld-linux-x86-64.so.2 (0x...)
      case "$name" in /*) cp -L "$name" "$tmp/lib/" ;; esac
      continue
    fi
    [[ "$name" =~ $driver_lib ]] && continue
    [ "$path" = "not" ] && die "$p needs $name, which ldd cannot find here"
    [ -f "$tmp/lib/$name" ] || cp -L "$path" "$tmp/lib/$name"
  done
done
cp -r cases "$tmp/cases"
cp tools/gpu/check.sh "$tmp/check.sh"
chmod +x "$tmp/check.sh"
echo "$mode" >"$tmp/MODE"
# The list of what the payload holds, then the payload itself: programs and
# libraries compressed (device code compresses well; check.sh unpacks them).
(cd "$tmp" && find bin lib -type f -printf '%s %p\n' | sort -k2 >MANIFEST)
tar -czf "$tmp/payload.tar.gz" -C "$tmp" bin lib
rm -rf "$tmp/bin" "$tmp/lib"
size_mib=$(du -sm "$tmp" | cut -f1)
[ "$size_mib" -le "$MAX_MIB" ] || die "the pack is ${size_mib} MiB, over the ${MAX_MIB} MiB limit"
rm -rf "$PACK"
mv "$tmp" "$PACK"
trap - EXIT
echo "pack: $PACK ($mode, ${size_mib} MiB, $(wc -l <"$PACK/MANIFEST") files); run $PACK/check.sh on the GPU machine"
