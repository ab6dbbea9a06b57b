#!/bin/sh
# compare_rel_l2.sh A.json B.json TOL: the KAN relative L2 errors in two
# summary.json files agree to TOL relative.
set -eu
a=$(grep -o '"kan": {"rel_l2": [0-9.e+-]*' "$1" | awk '{print $3}')
b=$(grep -o '"kan": {"rel_l2": [0-9.e+-]*' "$2" | awk '{print $3}')
echo "rel_l2: $a (1 rank) vs $b (2 ranks)"
awk -v a="$a" -v b="$b" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d;
  if (a > 0 && d <= t * a) exit 0; exit 1 }'
