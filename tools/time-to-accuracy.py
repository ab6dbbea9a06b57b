#!/usr/bin/python3
"""Error against wall time, KAN and finite differences on one case.

  tools/time-to-accuracy.py CASE [--kan LABEL=KEY=VALUE;KEY=VALUE ...] [--fd 51,101,201]
                            [--out PREFIX] [--kanpde build/bin/kanpde] [--set KEY=VALUE ...]

For each KAN schedule (`--kan`, repeatable; "default" = the case as written) it runs
`kanpde solve CASE --set output.history_every=1` and reads the relative L2 error and the
training seconds of every history row (results.h5 /train/history); for each FD resolution it
runs `kanpde fd CASE --no-write --set reference.resolution=N` and takes its error and its
assembly + solve seconds. `--set` applies to every run. Writes PREFIX.csv (method, label,
seconds, rel_l2) and PREFIX.png (both curves, log-log), and prints the time each needs to
reach 1e-2, 1e-3, ... and their ratio (KAN / FD; FD interpolated log-log between its
resolutions). The case needs pde.exact. Needs python3-h5py and python3-matplotlib.

Times are CPU-equivalent seconds: each run's wall times are scaled by its process's CPU time
over its wall time (getrusage), so that a machine shared with other work gives the times an
idle core would (approximately: the load is taken as even over the run). --wall keeps the
wall times.
"""
import argparse
import csv
import math
import os
import re
import subprocess
import sys
import resource
import tempfile
import time

try:
    import h5py
    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError as e:  # pragma: no cover
    print(f"time-to-accuracy.py: {e}; install python3-h5py and python3-matplotlib",
          file=sys.stderr)
    sys.exit(3)


WALL = False


def run(cmd):
    """(output, CPU seconds / wall seconds of the process; 1 with --wall)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        print(f"time-to-accuracy.py: {' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}",
              file=sys.stderr)
        sys.exit(p.returncode if p.returncode in (1, 2) else 1)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return p.stdout, (1.0 if WALL or wall <= 0 else min(1.0, cpu / wall))


def kan_curve(kanpde, case, sets, work, every):
    out = os.path.join(work, "kan")
    cmd = [kanpde, "solve", case, "--out", out, "--force", "--quiet",
           "--set", f"output.history_every={every}", "--set", "output.plots=false",
           "--set", "reference.enabled=false",
           # the FD fields of a case's output list need the reference it skips
           "--set", "output.fields=[u_kan, u_exact, err_kan]"]
    for s in sets:
        cmd += ["--set", s]
    _, share = run(cmd)
    with h5py.File(os.path.join(out, "results.h5"), "r") as f:
        cols = f["train/history_columns"][()]
        cols = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
        h = f["train/history"][()].reshape(-1, len(cols))
    t, e = h[:, cols.index("seconds")] * share, h[:, cols.index("rel_l2")]
    ok = np.isfinite(e) & (t > 0)
    return t[ok], e[ok]


def fd_point(kanpde, case, n, sets):
    cmd = [kanpde, "fd", case, "--no-write", "--set", f"reference.resolution={n}",
           "--set", "output.fields=[u_kan, u_exact, err_kan]"]
    for s in sets:
        cmd += ["--set", s]
    text, share = run(cmd)
    a = re.search(r"assembly ([0-9.eE+-]+) s, solve ([0-9.eE+-]+) s", text)
    e = re.search(r"against the exact solution: rel\. L2 ([0-9.eE+-]+)", text)
    if not a or not e:
        print(f"time-to-accuracy.py: cannot read the FD output:\n{text}", file=sys.stderr)
        sys.exit(1)
    return (float(a.group(1)) + float(a.group(2))) * share, float(e.group(1))


def time_to(t, e, level):
    """First time the best error so far is <= level (NaN if never)."""
    best = np.minimum.accumulate(e)
    hit = np.nonzero(best <= level)[0]
    return float(t[hit[0]]) if hit.size else math.nan


def fd_time_to(points, level):
    """FD time for error `level`, log-log between resolutions (NaN outside)."""
    pts = sorted(points, key=lambda p: p[0])
    if any(e <= level for _, e in pts[:1]):
        return pts[0][0]
    for (t0, e0), (t1, e1) in zip(pts, pts[1:]):
        if e1 <= level < e0:
            w = (math.log(level) - math.log(e0)) / (math.log(e1) - math.log(e0))
            return math.exp(math.log(t0) + w * (math.log(t1) - math.log(t0)))
    return math.nan


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("case")
    ap.add_argument("--kan", action="append", default=[],
                    help="LABEL=KEY=VALUE;KEY=VALUE (repeatable); 'default' alone: the case")
    ap.add_argument("--fd", default="26,51,101,201,401", help="FD resolutions per axis")
    ap.add_argument("--set", action="append", default=[], help="override for every run")
    ap.add_argument("--out", default="time-to-accuracy")
    ap.add_argument("--kanpde", default="build/bin/kanpde")
    ap.add_argument("--history-every", type=int, default=5,
                    help="history rows every this many steps (each row evaluates the error)")
    ap.add_argument("--wall", action="store_true", help="wall times as measured")
    a = ap.parse_args()
    global WALL
    WALL = a.wall
    schedules = []
    for k in (a.kan or ["default"]):
        label, _, rest = k.partition("=")
        schedules.append((label, [s for s in rest.split(";") if s]))
    rows = []
    curves = []
    with tempfile.TemporaryDirectory(prefix="kanpde-tta-") as work:
        for label, sets in schedules:
            t, e = kan_curve(a.kanpde, a.case, a.set + sets, work, a.history_every)
            curves.append((label, t, e))
            rows += [("kan", label, float(x), float(y)) for x, y in zip(t, e)]
            print(f"KAN {label}: {e[-1]:.3e} after {t[-1]:.2f} s")
    fd = []
    for n in [int(x) for x in a.fd.split(",") if x]:
        t, e = fd_point(a.kanpde, a.case, n, a.set)
        fd.append((t, e))
        rows.append(("fd", str(n), t, e))
        print(f"FD {n}: {e:.3e} in {t:.3f} s")
    with open(a.out + ".csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["method", "label", "seconds", "rel_l2"])
        w.writerows(rows)
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for label, t, e in curves:
        ax.loglog(t, np.minimum.accumulate(e), lw=1.5, label=f"KAN {label}")
    ft = [p[0] for p in fd]
    fe = [p[1] for p in fd]
    ax.loglog(ft, fe, "o-", color="k", label="FD (resolution per axis)")
    for (t, e), n in zip(fd, a.fd.split(",")):
        ax.annotate(n, (t, e), textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set_xlabel(("wall" if WALL else "CPU-equivalent") +
                  " time [s] (KAN: training; FD: assembly + solve)")
    ax.set_ylabel("relative L2 error")
    ax.set_title(os.path.basename(a.case))
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out + ".png", dpi=120)
    plt.close(fig)
    print(f"\ntime to reach an error (s); ratio KAN / FD")
    print(f"{'error':>8} {'FD':>9} " + " ".join(f"{l:>18}" for l, _, _ in curves))
    for p in range(2, 9):
        lv = 10.0 ** -p
        tf = fd_time_to(fd, lv)
        cells = []
        for _, t, e in curves:
            tk = time_to(t, e, lv)
            r = tk / tf if math.isfinite(tk) and math.isfinite(tf) and tf > 0 else math.nan
            cells.append(f"{tk:8.2f} ({r:7.1f}x)" if math.isfinite(tk) else f"{'-':>18}")
        print(f"{lv:8.0e} {tf:9.3f} " + " ".join(cells))
    print(f"\nwrote {a.out}.csv and {a.out}.png")


if __name__ == "__main__":
    main()
