#!/usr/bin/env bash
# Installs the Debian 12 packages kanpde needs, only those that are missing.
# Idempotent: a second run installs nothing. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake make pkg-config
  libtrilinos-kokkos-dev
  libeigen3-dev
  libsuitesparse-dev
  libhdf5-dev
  libyaml-cpp-dev
  libgtest-dev googletest
  libopenmpi-dev openmpi-bin
  libcli11-dev
  libbenchmark-dev
  clang-format
  python3-h5py python3-matplotlib
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages present"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: not root and no sudo; install these packages: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
