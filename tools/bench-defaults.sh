#!/usr/bin/env bash
# Defaults-only benchmark: solve every case of the set (only domain, pde and
# boundary given) and print the KAN's relative L2 error against the exact
# solution where the case has one, else against a fine finite-difference
# solve (4x the default resolution per axis in 2D, 2x in 3D), the FD
# reference's own error at the default resolution where the exact solution is
# known, the training time and the run's CPU seconds (user + sys, FD included).
#
#   tools/bench-defaults.sh [--kanpde build/bin/kanpde] [--out DIR] [--set k=v]... [CASE.yaml...]
#
# Without CASE files: bench/cases/defaults/*.yaml and the shipped
# defaults-only cases. Extra --set options go to every solve (to compare a
# changed default against the current one on the whole set).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kanpde="$root/build/bin/kanpde"
out="${TMPDIR:-/tmp}/kanpde-bench-defaults"
sets=()
cases=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kanpde) kanpde="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) cases+=("$1"); shift ;;
  esac
done
if [ ${#cases[@]} -eq 0 ]; then
  cases=("$root"/bench/cases/defaults/*.yaml "$root/cases/laplace_rect_holes.yaml"
         "$root/cases/lshape_unit_source.yaml" "$root/cases/screened_annulus.yaml")
fi
mkdir -p "$out"
printf '%-24s %-9s %10s %10s %8s %7s %7s %s\n' case against kan_rel_l2 fd_rel_l2 train_s cpu_s params warnings
for c in "${cases[@]}"; do
  name="$(basename "$c" .yaml)"
  extra=()
  against=exact
  if ! grep -q '^ *exact:' "$c"; then
    # No exact solution: a fine FD field is the reference.
    dim=2
    grep -q 'type: \(ball\|box\)' "$c" && grep -q 'min: \[[^]]*,[^]]*,' "$c" && dim=3
    grep -q 'type: ball' "$c" && dim=3
    if [ "$dim" = 3 ]; then extra=(--set 'reference.resolution=81'); else
      extra=(--set 'reference.resolution=401'); fi
    against=fd-fine
  fi
  timer=()
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%U %S' -o "$out/$name.time")
  rm -f "$out/$name.time"
  if ! "${timer[@]}" "$kanpde" solve "$c" --out "$out/$name" --force --quiet "${extra[@]}" \
      "${sets[@]}" > "$out/$name.log" 2>&1; then
    printf '%-24s failed (see %s)\n' "$name" "$out/$name.log"
    continue
  fi
  python3 - "$out/$name/summary.json" "$name" "$against" "$out/$name.time" <<'PY'
import json, os, sys
s = json.load(open(sys.argv[1]))
name, against = sys.argv[2], sys.argv[3]
cpu = "-"
if os.path.exists(sys.argv[4]):
    cpu = "%.1f" % sum(float(v) for v in open(sys.argv[4]).read().split()[-2:])
kan = s["kan"]["rel_l2"] if against == "exact" else s["kan_vs_fd"]["rel_l2"]
fd = s["fd"]["rel_l2"]
f = lambda v: "-" if v is None else "%.3e" % v
print("%-24s %-9s %10s %10s %8.1f %7s %7d %s" % (name, against, f(kan), f(fd), s["train"]["seconds"],
      cpu, s["kan"]["params"], len(s["warnings"])))
PY
done
