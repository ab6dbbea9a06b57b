#!/usr/bin/python3
"""Pictures of a kanpde result: tools/plot.py RESULTS.h5 [--out DIR]

Writes PNG files next to the results (or into --out):
  fields.png       the KAN, exact and finite-difference solutions and their errors
                   (and an unknown field a, its exact values and error: inverse problems)
                   (2D results; 1D results as curves; 3D results as the middle z slice)
  history.png      the loss terms and the error against the exact solution, log axes
  unknowns.png     (inverse problems) each unknown scalar's value per logged step, with its
                   exact value dashed where the case gives it
  activations.png  the learned function phi(x) = w_b b(x) + w_s sum c_m B_m(x) of every
                   KAN edge, one panel per edge, layer by layer
  symbolic.png     (after `kanpde symbolic`) every edge of the KAN the formula came from,
                   with the fitted function and the refit one overlaid, 1 - R^2 in the title
Needs python3-h5py and python3-matplotlib (Debian packages).
"""
import argparse
import math
import os
import sys

try:
    import h5py
    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError as e:  # pragma: no cover
    # KANPDE_PLOT_PROBE: kanpde is trying this python before another one.
    if not os.environ.get("KANPDE_PLOT_PROBE"):
        print(f"plot.py: {e}; install python3-h5py and python3-matplotlib", file=sys.stderr)
    sys.exit(3)


def bspline_basis(t, k, x):
    """All G+k B-splines of order k on knots t at points x (Cox-de Boor)."""
    n = len(t) - 1
    B = np.zeros((len(x), n))
    for m in range(n):
        B[:, m] = (t[m] <= x) & (x < t[m + 1])
    for p in range(1, k + 1):
        Bn = np.zeros((len(x), n - p))
        for m in range(n - p):
            left = (x - t[m]) / (t[m + p] - t[m]) * B[:, m]
            right = (t[m + p + 1] - x) / (t[m + p + 1] - t[m + 1]) * B[:, m + 1]
            Bn[:, m] = left + right
        B = Bn
    return B


def base_function(name, x):
    if name == "silu":
        return x / (1.0 + np.exp(-x))
    if name == "identity":
        return x
    return np.zeros_like(x)


def plot_activations(model, path):
    k = int(model.attrs["spline_order"])
    G = int(model.attrs["grid_size"])
    base = model.attrs["base_function"]
    base = base.decode() if isinstance(base, bytes) else str(base)
    widths = list(model["widths"][()])
    edges = [(l, i, o) for l in range(len(widths) - 1) for i in range(widths[l]) for o in range(widths[l + 1])]
    cols = max(widths[l] * widths[l + 1] for l in range(len(widths) - 1))
    cols = min(cols, 10)
    rows_per_layer = [math.ceil(widths[l] * widths[l + 1] / cols) for l in range(len(widths) - 1)]
    nrows = sum(rows_per_layer)
    fig, axes = plt.subplots(nrows, cols, figsize=(1.8 * cols, 1.5 * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    row0 = 0
    for l in range(len(widths) - 1):
        g = model[f"layer_{l}"]
        knots, coef = g["knots"][()], g["coef"][()]
        wb, ws = g["w_base"][()], g["w_spline"][()]
        n_out = widths[l + 1]
        for i in range(widths[l]):
            t = knots[i]
            x = np.linspace(t[k], t[G + k], 200, endpoint=False)
            B = bspline_basis(t, k, x)
            for o in range(n_out):
                e = i * n_out + o
                ax = axes[row0 + e // cols][e % cols]
                ax.axis("on")
                phi = wb[i, o] * base_function(base, x) + ws[i, o] * (B @ coef[i, o])
                ax.plot(x, phi, lw=1.2)
                ax.set_title(f"L{l} {i}->{o}", fontsize=7)
                ax.tick_params(labelsize=5)
        row0 += rows_per_layer[l]
    fig.suptitle(f"learned edge functions, KAN {widths}, G={G}, k={k}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_history(train, path):
    cols = train["history_columns"][()]
    cols = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
    h = train["history"][()]
    if h.size == 0:
        return False
    h = h.reshape(-1, len(cols))
    step = h[:, cols.index("step")]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    for j, c in enumerate(cols):
        if c == "loss" or c.startswith("loss_"):
            y = h[:, j]
            ok = np.isfinite(y) & (y > 0)
            if ok.any():
                a1.semilogy(step[ok], y[ok], label=c, lw=1.5 if c == "loss" else 1)
    a1.set_xlabel("step"); a1.set_title("loss"); a1.legend(fontsize=7)
    for c in ("rel_l2", "max_abs", "h1_semi_rel"):
        if c in cols:
            y = h[:, cols.index(c)]
            ok = np.isfinite(y) & (y > 0)
            if ok.any():
                a2.semilogy(step[ok], y[ok], label=c)
    a2.set_xlabel("step"); a2.set_title("error against the exact solution"); a2.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def plot_fields(fields, path, extra=()):
    names = [n for n in ("u_kan", "u_exact", "u_fd", "err_kan", "err_fd", "residual") if n in fields]
    names += [n for n in extra if n in fields]  # an unknown field: a, a_exact, err_a
    if not names:
        return False
    axes_names = [a for a in ("x", "y", "z") if a in fields]
    if not axes_names:  # a 2D slice through a wider domain: its axes are named x1 .. xd
        axes_names = sorted((a for a in fields if a[0] == "x" and a[1:].isdigit()),
                            key=lambda a: int(a[1:]))
    coords = [fields[a][()] for a in axes_names]
    dim = len(coords)
    fig, axs = plt.subplots(1, len(names), figsize=(3.6 * len(names), 3.2), squeeze=False)
    for ax, n in zip(axs[0], names):
        v = fields[n][()]
        if dim == 1:
            ax.plot(coords[0], v)
        else:
            if dim == 3:
                v = v[v.shape[0] // 2]
            im = ax.pcolormesh(coords[0], coords[1], v, shading="auto",
                               cmap="RdBu_r" if n.startswith("err") or n == "residual" else "viridis")
            ax.set_aspect("equal")
            fig.colorbar(im, ax=ax, shrink=0.8)
        if axes_names[0] != "x":
            ax.set_xlabel(axes_names[0]); ax.set_ylabel(axes_names[1])
        ax.set_title(n + (" (mid z slice)" if dim == 3 else "")
                     + (" (slice)" if axes_names[0] != "x" else ""), fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return names


def plot_symbolic(sym, path):
    edges = sym["edges"]
    names = sorted(edges.keys(), key=lambda n: tuple(int(v) for v in n.split("_")[1:]))
    cols = min(max(len(names), 1), 6)
    nrows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(2.2 * cols, 1.8 * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for k, n in enumerate(names):
        g = edges[n]
        ax = axes[k // cols][k % cols]
        ax.axis("on")
        x = g["x"][()]
        ax.plot(x, g["kan"][()], lw=2.2, color="0.7", label="KAN edge")
        ax.plot(x, g["fit"][()], lw=1.0, color="C0", label="edge fit")
        ax.plot(x, g["refit"][()], lw=1.0, ls="--", color="C3", label="refit")
        fn = g.attrs["function"]
        fn = fn.decode() if isinstance(fn, bytes) else str(fn)
        l, i, o = n.split("_")[1:]
        r2 = float(g.attrs["r2"])
        ax.set_title(f"L{l} {i}->{o}: {fn}, 1-R2={1 - r2:.1e}", fontsize=6)
        ax.tick_params(labelsize=5)
    if names:
        axes[0][0].legend(fontsize=5)
    v = sym.attrs.get("verdict", b"")
    v = v.decode() if isinstance(v, bytes) else str(v)
    fig.suptitle("symbolic fit: " + (v[:110] + "..." if len(v) > 110 else v), fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_unknowns(f, path):
    train = f["train"]
    cols = train["history_columns"][()]
    cols = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
    names = [c[len("unknown_"):] for c in cols if c.startswith("unknown_")]
    h = train["history"][()]
    if not names or h.size == 0:
        return False
    h = h.reshape(-1, len(cols))
    step = h[:, cols.index("step")]
    exact = {}
    if "unknowns" in f:
        u = f["unknowns"]
        listed = u["names"][()]
        listed = (listed.decode() if isinstance(listed, bytes) else str(listed)).split(",")
        exact = dict(zip(listed, u["exact"][()]))
    fig, axes = plt.subplots(1, len(names), figsize=(4 * len(names), 3.5), squeeze=False)
    for a, n in zip(axes[0], names):
        a.plot(step, h[:, cols.index("unknown_" + n)], label=n)
        if n in exact and np.isfinite(exact[n]):
            a.axhline(exact[n], ls="--", color="k", lw=1, label="exact")
        a.set_xlabel("step"); a.set_title("unknown " + n); a.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", help="results.h5 written by kanpde solve")
    ap.add_argument("--out", help="directory for the PNG files (default: next to the results)")
    a = ap.parse_args()
    if not os.path.isfile(a.results):
        print(f"plot.py: {a.results}: no such file", file=sys.stderr)
        return 2
    out = a.out or os.path.dirname(os.path.abspath(a.results))
    os.makedirs(out, exist_ok=True)
    try:
        f = h5py.File(a.results, "r")
    except OSError as e:
        print(f"plot.py: {a.results}: not a readable HDF5 file ({e})", file=sys.stderr)
        return 2
    with f:
        fmt = f.attrs.get("format", b"")
        fmt = fmt.decode() if isinstance(fmt, bytes) else str(fmt)
        written = []
        if fmt == "kanpde-kan":
            plot_activations(f, os.path.join(out, "activations.png")); written.append("activations.png")
        elif fmt == "kanpde-results":
            extra = ()
            if "unknown_field" in f:  # an unknown coefficient field (inverse problems)
                name = f["unknown_field"].attrs.get("name", b"")
                name = name.decode() if isinstance(name, bytes) else str(name)
                extra = (name, name + "_exact", "err_" + name)
            panels = plot_fields(f["fields"], os.path.join(out, "fields.png"), extra)
            if panels:
                written.append("fields.png (" + " ".join(panels) + ")")
            if plot_history(f["train"], os.path.join(out, "history.png")):
                written.append("history.png")
            if plot_unknowns(f, os.path.join(out, "unknowns.png")):
                written.append("unknowns.png")
            plot_activations(f["model"], os.path.join(out, "activations.png")); written.append("activations.png")
            if "symbolic" in f and "edges" in f["symbolic"]:
                plot_symbolic(f["symbolic"], os.path.join(out, "symbolic.png")); written.append("symbolic.png")
        else:
            print(f"plot.py: {a.results}: not a kanpde results or model file", file=sys.stderr)
            return 2
    print("plot.py: wrote " + ", ".join(os.path.join(out, w) for w in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
