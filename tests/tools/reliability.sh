#!/bin/sh
# Reliability checks of `kanpde solve` through the real program (issue 18).
#   reliability.sh KANPDE MODE
# MODE:
#   full_disk   a small tmpfs, sizes swept so the disk fills during every file
#               of the run; skipped (exit 77) where mounting is not permitted
#   file_limit  the same sweep with RLIMIT_FSIZE (ulimit -f): writes past the
#               limit fail with EFBIG; needs no privileges
#   race        two runs into the same --out at once, 8 times
#   out_dir     an unusable --out (a file, /dev/null, a read-only mount) is
#               refused before any work
#   signal      SIGTERM during the FD reference: a message, the checkpoint of
#               the trained model, no results; the run then finishes from it
#   stale       temporaries of a killed run and results without summary.json
#   memory      a case too large for memory refused by `check` at its key; an
#               allocation that fails anyway (ulimit -v) named, exit 1; no
#               lock file left after a normal run
# Every check prints what failed; the exit status is 0 (pass), 1 (fail) or
# 77 (skipped).
set -u
KANPDE=$1
MODE=$2
WORK=$(pwd)/reliability_$MODE
rm -rf "$WORK"
mkdir -p "$WORK"
# A small case: three Adam steps, few points, coarse grids (well under a second).
CASE=$WORK/small.yaml
cat > "$CASE" << 'YAML'
name: reliability
domain: {type: box, min: [-1, -1], max: [1, 1]}
pde:
  form: "laplace(u) = f"
  source: "-2*pi^2*sin(pi*x)*sin(pi*y)"
  exact: "sin(pi*x)*sin(pi*y)"
boundary:
  - {parts: all, type: dirichlet, value: "0", enforce: hard}
model:
  kan: {widths: [2, 5, 1], grid_size: 5, spline_order: 3}
sampling:
  interior: {count: 200, method: halton}
  boundary: {count: 40}
training:
  stages:
    - {optimizer: adam, steps: 3, lr: 0.01}
reference: {resolution: 9}
output: {grid: 9}
YAML
SMALL=--quiet
fail() {
  echo "FAIL: $*"
  exit 1
}

# After a run into $1 that exited $2: either every results file is there and
# complete (status 0) or none is (status 1 with a message; 2 when the disk
# was full already at the start, where the output directory is tested);
# never a temporary file, never a crash.
check_outcome() {
  d=$1
  rc=$2
  err=$3
  ls "$d"/*.tmp.* > /dev/null 2>&1 && fail "temporary files left in $d: $(ls "$d")"
  case $rc in
    0)
      for f in results.h5 results.xmf summary.json; do
        test -s "$d/$f" || fail "exit 0 but $d/$f is missing or empty"
      done
      grep -q '"kan"' "$d/summary.json" || fail "$d/summary.json is incomplete"
      ;;
    1 | 2)
      grep -q 'kanpde: error: ' "$err" || fail "exit $rc without a message"
      [ $rc -eq 1 ] || grep -q 'cannot use this output directory' "$err" ||
        fail "exit 2 for a full disk: $(cat "$err")"
      for f in results.h5 results.xmf summary.json; do
        test -e "$d/$f" && fail "exit 1 but $d/$f is published"
      done
      ;;
    *) fail "exit status $rc (expected 0 or 1): $(cat "$err")" ;;
  esac
  return 0
}

case $MODE in
  full_disk)
    MNT=$WORK/mnt
    mkdir -p "$MNT"
    if ! mount -t tmpfs -o size=64k tmpfs "$MNT" 2> /dev/null; then
      echo "SKIP: mounting a tmpfs is not permitted here (the file_limit test covers the same writes)"
      exit 77
    fi
    trap 'umount "$MNT" 2> /dev/null' EXIT INT TERM
    umount "$MNT"
    failures=0
    successes=0
    kb=8
    while [ $kb -le 200 ]; do
      mount -t tmpfs -o size=${kb}k tmpfs "$MNT" || fail "mount failed"
      # shellcheck disable=SC2086
      "$KANPDE" solve "$CASE" --out "$MNT/run" $SMALL > "$WORK/out.txt" 2> "$WORK/err.txt"
      rc=$?
      check_outcome "$MNT/run" $rc "$WORK/err.txt"
      if [ $rc -eq 0 ]; then successes=$((successes + 1)); else failures=$((failures + 1)); fi
      umount "$MNT" || fail "umount failed"
      kb=$((kb + 8))
    done
    echo "full_disk: $failures runs hit the full disk, $successes fitted"
    test $failures -gt 3 || fail "the sweep never filled the disk"
    test $successes -gt 0 || fail "no size was large enough"
    ;;
  file_limit)
    failures=0
    successes=0
    # ulimit -f counts blocks of 512 bytes in dash, 1024 in bash: 0 to 400
    # blocks reach the size of every file in either.
    kb=0
    while [ $kb -le 400 ]; do
      # shellcheck disable=SC2086
      # The messages go through a pipe: the limit applies to files only.
      (
        trap '' XFSZ
        ulimit -f $kb
        # MPI's start-up writes shared-memory files; keep them off the limit.
        export PMIX_MCA_gds=hash OMPI_MCA_btl=self
        "$KANPDE" solve "$CASE" --out "$WORK/run$kb" $SMALL 2>&1 > /dev/null
        echo "status $?"
      ) | cat > "$WORK/err.txt"
      rc=$(sed -n 's/^status //p' "$WORK/err.txt")
      check_outcome "$WORK/run$kb" $rc "$WORK/err.txt"
      if [ $rc -eq 0 ]; then successes=$((successes + 1)); else failures=$((failures + 1)); fi
      kb=$((kb + 16))
    done
    echo "file_limit: $failures runs hit the limit, $successes fitted"
    test $failures -gt 3 || fail "the sweep never hit the limit"
    test $successes -gt 0 || fail "no limit was large enough"
    ;;
  race)
    i=0
    while [ $i -lt 8 ]; do
      d=$WORK/race$i
      # shellcheck disable=SC2086
      "$KANPDE" solve "$CASE" --out "$d" $SMALL > /dev/null 2> "$WORK/a.err" &
      a=$!
      # shellcheck disable=SC2086
      "$KANPDE" solve "$CASE" --out "$d" $SMALL > /dev/null 2> "$WORK/b.err" &
      b=$!
      wait $a
      ra=$?
      wait $b
      rb=$?
      [ $ra -eq 0 ] && [ $rb -eq 0 ] && fail "trial $i: both runs exited 0 into one --out"
      [ $ra -eq 0 ] || [ $rb -eq 0 ] || fail "trial $i: neither run finished ($ra, $rb)"
      loser=$WORK/a.err
      [ $ra -eq 0 ] && loser=$WORK/b.err
      grep -Eq 'another kanpde run|results exist already' "$loser" ||
        fail "trial $i: the refused run says: $(cat "$loser")"
      check_outcome "$d" 0 /dev/null
      i=$((i + 1))
    done
    echo "race: 8 of 8 trials published one run and refused the other"
    ;;
  out_dir)
    LONG="--quiet --set training.stages[0].steps=100000"
    : > "$WORK/afile"
    for out in "$WORK/afile" "$WORK/afile/sub" /dev/null; do
      start=$(date +%s)
      # shellcheck disable=SC2086
      "$KANPDE" solve "$CASE" --out "$out" $LONG > /dev/null 2> "$WORK/err.txt"
      rc=$?
      end=$(date +%s)
      [ $rc -eq 2 ] || fail "--out $out: exit $rc, expected 2"
      grep -q "cannot use this output directory" "$WORK/err.txt" ||
        fail "--out $out: $(cat "$WORK/err.txt")"
      [ $((end - start)) -le 10 ] || fail "--out $out: refused only after $((end - start)) s"
    done
    MNT=$WORK/ro
    mkdir -p "$MNT"
    if mount -t tmpfs -o ro,size=64k tmpfs "$MNT" 2> /dev/null; then
      trap 'umount "$MNT" 2> /dev/null' EXIT INT TERM
      # shellcheck disable=SC2086
      "$KANPDE" solve "$CASE" --out "$MNT/run" $LONG > /dev/null 2> "$WORK/err.txt"
      rc=$?
      umount "$MNT"
      [ $rc -eq 2 ] || fail "read-only --out: exit $rc, expected 2"
      grep -q "Read-only file system" "$WORK/err.txt" || fail "read-only --out: $(cat "$WORK/err.txt")"
      echo "out_dir: a file, a path below a file, /dev/null and a read-only mount refused at once"
    else
      echo "out_dir: a file, a path below a file and /dev/null refused at once (read-only mount skipped: mounting not permitted)"
    fi
    ;;
  signal)
    d=$WORK/run
    # A reference large enough to take a few seconds.
    SLOW="--set training.stages[0].steps=20 --set reference.resolution=1201"
    # shellcheck disable=SC2086
    "$KANPDE" solve "$CASE" --out "$d" $SLOW > "$WORK/out.txt" 2> "$WORK/err.txt" &
    pid=$!
    n=0
    while ! grep -q "finite-difference reference" "$WORK/out.txt" && [ $n -lt 600 ]; do
      sleep 0.05
      n=$((n + 1))
    done
    kill -TERM $pid
    wait $pid
    rc=$?
    [ $rc -eq 143 ] || fail "exit $rc after SIGTERM during the reference, expected 143"
    grep -q "the trained model is in $d/checkpoint.h5" "$WORK/err.txt" ||
      fail "no message: $(cat "$WORK/err.txt")"
    test -f "$d/checkpoint.h5" || fail "no checkpoint"
    test -e "$d/summary.json" && fail "results published after the signal"
    # shellcheck disable=SC2086
    "$KANPDE" solve "$CASE" --out "$d" $SLOW --quiet --resume "$d/checkpoint.h5" \
      > "$WORK/out2.txt" 2> "$WORK/err2.txt" ||
      fail "resume failed: $(cat "$WORK/err2.txt")"
    check_outcome "$d" 0 /dev/null
    test -e "$d/checkpoint.h5" && fail "the checkpoint nobody asked for was kept"
    echo "signal: exit 143 with a message and the trained model's checkpoint; finished from it"
    ;;
  stale)
    d=$WORK/run
    mkdir -p "$d"
    sh -c 'exit 0' &
    dead=$!
    wait $dead
    : > "$d/results.h5.tmp.$dead"
    : > "$d/summary.json.tmp.$dead"
    # shellcheck disable=SC2086
    "$KANPDE" solve "$CASE" --out "$d" $SMALL > /dev/null 2> "$WORK/err.txt" || fail "first run"
    rm "$d/summary.json"  # as if killed between the renames
    "$KANPDE" info "$d/results.h5" > "$WORK/info.txt" || fail "info"
    grep -q "did not finish" "$WORK/info.txt" || fail "info does not warn: $(cat "$WORK/info.txt")"
    # shellcheck disable=SC2086
    "$KANPDE" solve "$CASE" --out "$d" ${SMALL#--quiet} > "$WORK/out.txt" 2> "$WORK/err.txt" ||
      fail "an incomplete run was not replaced: $(cat "$WORK/err.txt")"
    grep -q "did not finish" "$WORK/out.txt" || fail "no note about the incomplete run"
    check_outcome "$d" 0 /dev/null
    echo "stale: temporaries of a dead run removed, an incomplete run announced and replaced"
    ;;
  memory)
    unset KANPDE_MEMORY_LIMIT_GIB
    start=$(date +%s)
    "$KANPDE" check "$CASE" --set output.grid=100000 > /dev/null 2> "$WORK/err.txt"
    rc=$?
    [ $rc -eq 2 ] || fail "check of a 1e10-node grid: exit $rc, expected 2"
    grep -q '<--set 1>:1:13: output.grid: the evaluation grid of 1e+10 nodes needs' "$WORK/err.txt" ||
      fail "check of a 1e10-node grid says: $(cat "$WORK/err.txt")"
    [ $(($(date +%s) - start)) -le 10 ] || fail "the estimate took more than 10 s"
    # A grid the estimate accepts, in a process limited to 1.5 GB of address
    # space: the allocation fails in the run and is named.
    (
      ulimit -v 1500000
      "$KANPDE" solve "$CASE" --no-write --quiet --set output.grid=3000 --set reference.enabled=false
    ) > /dev/null 2> "$WORK/oom.txt"
    rc=$?
    if grep -q 'Sanitizer' "$WORK/oom.txt"; then
      echo "memory: (the ulimit -v part skipped under a sanitizer)"
    else
      [ $rc -eq 1 ] || fail "out of memory: exit $rc, expected 1: $(cat "$WORK/oom.txt")"
      grep -q 'kanpde: error: out of memory in kanpde::.* (allocating "' "$WORK/oom.txt" ||
        fail "out of memory says: $(cat "$WORK/oom.txt")"
    fi
    d=$WORK/run
    # shellcheck disable=SC2086
    "$KANPDE" solve "$CASE" --out "$d" $SMALL > /dev/null 2> "$WORK/err.txt" || fail "a normal run"
    check_outcome "$d" 0 /dev/null
    test -e "$d/.kanpde.lock" && fail "the lock file was left in $d"
    echo "memory: refused by check at output.grid, an allocation failure named, no lock file left"
    ;;
  *)
    fail "unknown mode $MODE"
    ;;
esac
exit 0
