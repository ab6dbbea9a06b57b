#!/usr/bin/env bash
# clang-format over every C++ source of kanpde. `check` fails on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-check}
mapfile -t files < <(git ls-files -- '*.hpp' '*.cpp' '*.h' '*.cc')
[ ${#files[@]} -eq 0 ] && exit 0
if [ "$mode" = fix ]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run --Werror "${files[@]}"
  echo "format-check: ${#files[@]} files clean"
fi
