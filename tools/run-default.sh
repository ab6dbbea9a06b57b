#!/usr/bin/env bash
# The main job of `make run`: solve the default case (the KAN paper's 2D
# Poisson problem) and print the KAN / finite-difference / exact comparison;
# the case's `output.plots: true` draws the pictures when python3-h5py and
# python3-matplotlib are there. Results go to results/poisson2d_kan_paper/ and replace the ones
# of an earlier `make run` (that directory belongs to this command).
# Extra arguments go to `kanpde solve` (for example --set key=value).
set -euo pipefail
build=${1:-build}
shift || true
case_file=cases/poisson2d_kan_paper.yaml
out=results/poisson2d_kan_paper
"$build/bin/kanpde" solve "$case_file" --out "$out" --force "$@"
