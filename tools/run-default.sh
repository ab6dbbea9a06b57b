#!/usr/bin/env bash
# The main job of `make run`. The PINN solver (case files, training, the
# finite-difference comparison) is not built yet; until it is, this runs what
# exists: the KAN core on the default network of the KAN paper's Poisson
# experiment ([2,10,1], G=5, k=3), with its derivative check, throughput and
# grid extension, saving the model under results/.
set -euo pipefail
build=${1:-build}
shift || true
mkdir -p results
exec "$build/bin/kanpde" kan --widths 2,10,1 --grid 5 --order 3 --save results/kan_default.h5 --force "$@"
