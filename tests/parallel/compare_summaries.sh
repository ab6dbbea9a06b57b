#!/bin/sh
# compare_summaries.sh A.json B.json...: the KAN errors, the final loss and
# the step count (printed to 17 digits) are the same text in every
# summary.json: the runs are bitwise the same for any rank count.
set -eu
key() {
  grep -o '"kan": {[^}]*}' "$1"
  grep -o '"steps": [^,}]*, "seconds": [^,]*, "final_loss": [^,}]*' "$1" | sed 's/"seconds": [^,]*, //'
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
