#!/bin/sh
# compare_summaries.sh A.json B.json...: the KAN errors, the final loss and
# the step count (printed to 17 digits), and where the case has them the
# unknown scalars' values, the unknown fields' errors and the corner
# amplitudes, are the same text in every summary.json: the runs
# are bitwise the same for any rank or thread count.
set -eu
key() {
  grep -o '"kan": {[^}]*}' "$1"
  grep -o '"steps": [^,}]*, "seconds": [^,]*, "final_loss": [^,}]*' "$1" | sed 's/"seconds": [^,]*, //'
  grep -o '"\(value\|field_[A-Za-z0-9_]*_\(rel_l2\|max_abs\)\|corner[0-9]*_amplitude\)": [^,}]*' "$1" || true
}
ref=$(key "$1")
echo "$1: $ref"
test -n "$ref"
shift
for f in "$@"; do
  got=$(key "$f")
  echo "$f: $got"
  test "$got" = "$ref"
done
