#!/usr/bin/env python3
"""Writes the interface benchmark cases with exact solutions (sympy).

For a piecewise-constant coefficient a (a_m where phi < 0, a_p where phi > 0)
and a smooth alpha, u = alpha on one side and u = alpha + phi*beta on the
other, with
  beta = (a_m - a_p)/a_p * grad(alpha).grad(phi) / Q   (correction on phi > 0)
  beta = (a_p - a_m)/a_m * grad(alpha).grad(phi) / Q   (correction on phi < 0)
and Q = |grad phi|^2 on phi = 0 (Q may differ off it: + phi^2 keeps it
positive), is continuous across
phi = 0 and so is the flux a du/dn; f = -a lap(u) on each side.

  /usr/bin/python3 bench/cases/interfaces/generate.py   (writes next to itself)
"""
import os
import sympy as sp

x, y, z = sp.symbols("x y z", real=True)
HERE = os.path.dirname(os.path.abspath(__file__))


def text(e):
    s = sp.sstr(e, full_prec=False)
    return s.replace("**", "^")


def grad(e, dim):
    return [sp.diff(e, v) for v in (x, y, z)[:dim]]


def lap(e, dim):
    return sum(sp.diff(e, v, 2) for v in (x, y, z)[:dim])


def dot(a, b):
    return sum(p * q for p, q in zip(a, b))


def corrected(alpha, phi, am, ap, side, dim, Q=None):
    ga, gp = grad(alpha, dim), grad(phi, dim)
    if Q is None:  # + phi^2: equal on phi = 0, no 0/0 where grad phi = 0
        Q = dot(gp, gp) + phi**2
    if side > 0:
        beta = sp.Rational(am - ap) / ap * dot(ga, gp) / Q
    else:
        beta = sp.Rational(ap - am) / am * dot(ga, gp) / Q
    return alpha + phi * beta


def write(name, header, domain, coef, source, exact, boundary, extra=""):
    body = "\n".join("# " + l if l else "#" for l in header.strip().splitlines())
    yaml = f"""{body}
name: {name}
domain: {domain}
pde:
  equation: "-div(a*grad(u)) = f"
  coefficients:
    a: "{coef}"
    f: "{source}"
  exact: "{exact}"
boundary:
  - {{parts: all, type: dirichlet, value: "{boundary}"}}
{extra}"""
    with open(os.path.join(HERE, name + ".yaml"), "w") as fh:
        fh.write(yaml)


def inclusion(name, header, domain, dim, phi, am, ap, alpha, side, Q=None, meets=False):
    """One interface phi = 0: a = am where phi < 0, ap where phi > 0."""
    uc = corrected(alpha, phi, am, ap, side, dim, Q)
    um, up = (alpha, uc) if side > 0 else (uc, alpha)
    fm, fp = -am * lap(um, dim), -ap * lap(up, dim)
    p = text(phi)
    coef = f"{p} < 0 ? {am} : {ap}"
    source = f"{p} < 0 ? {text(fm)} : {text(fp)}"
    exact = f"{p} < 0 ? {text(um)} : {text(up)}"
    boundary = exact if meets else text(up)
    write(name, header, domain, coef, source, exact, boundary)


B2 = "{type: box, min: [0, 0], max: [1, 1]}"
B3 = "{type: box, min: [0, 0, 0], max: [1, 1, 1]}"

# Ellipse inclusion, contrast 10, the coordinator's probe's geometry.
inclusion(
    "ellipse_exact",
    """
ellipse_exact.yaml: an elliptic inclusion x^2/0.16 + y^2/0.09 < 1 on (-1,1)^2,
a = 10 inside, 1 outside; exact u (generate.py: alpha outside plus a
flux-continuity correction phi*beta outside). Defaults only.""",
    "{type: box, min: [-1, -1], max: [1, 1]}", 2,
    x**2 / sp.Rational(16, 100) + y**2 / sp.Rational(9, 100) - 1, 10, 1,
    sp.cos(sp.pi * x / 2) * sp.cos(sp.pi * y / 2) * (1 + x / 2) + y / 3, +1)

# Contrast 1000: a stiff off-centre disk. alpha is harmonic and small, so
# that the source vanishes in the stiff disk (u nearly constant there, as in
# a conductor) and is O(1) outside.
X, Y = x - sp.Rational(45, 100), y - sp.Rational(55, 100)
R = sp.Rational(1, 4)
inclusion(
    "contrast1000",
    """
contrast1000.yaml: a disk r < 0.25 about (0.45, 0.55), a = 1000 inside, 1
outside (contrast 1000); exact u (generate.py: a harmonic alpha / 1000
inside, f = 0 there; alpha + phi*beta outside). Defaults only.""",
    B2, 2, X**2 + Y**2 - R**2, 1000, 1,
    (sp.exp(x) * sp.cos(y) + 3 * x * y) / 1000, +1)

# Star-shaped (non-convex) inclusion written with atan2, as a user would.
X, Y = x - sp.Rational(1, 2), y - sp.Rational(1, 2)
r = sp.sqrt(X**2 + Y**2 + sp.Rational(1, 10**12))  # smooth at the centre
inclusion(
    "star_inclusion",
    """
star_inclusion.yaml: a five-pointed star r < 0.28 + 0.08 cos(5 theta) about
(0.5, 0.5) (non-convex), a = 5 inside, 1 outside, phi written with sqrt and
atan2; exact u (generate.py: alpha inside, alpha + phi*beta outside).
Defaults only.""",
    B2, 2, r - sp.Rational(28, 100) - sp.Rational(8, 100) * sp.cos(5 * sp.atan2(Y, X)), 5, 1,
    sp.exp(x - y) * sp.sin(sp.pi * x) + y**2, +1)

# An interface that meets the boundary: a quarter disk at the corner (0, 0).
inclusion(
    "corner_quarter",
    """
corner_quarter.yaml: the quarter disk x^2 + y^2 < 0.36 at the corner (0,0) of
(0,1)^2: the interface meets the boundary at (0.6, 0) and (0, 0.6); a = 3
inside, 1 outside; exact u (generate.py: alpha inside, alpha + phi*beta
outside); piecewise Dirichlet data. Defaults only.""",
    B2, 2, x**2 + y**2 - sp.Rational(36, 100), 3, 1,
    sp.cos(2 * x - y) + x * y**2, +1, meets=True)

# A sphere in the unit cube.
X, Y, Z = x - sp.Rational(55, 100), y - sp.Rational(45, 100), z - sp.Rational(1, 2)
R = sp.Rational(3, 10)
inclusion(
    "sphere3d",
    """
sphere3d.yaml: a ball r < 0.3 about (0.55, 0.45, 0.5) in (0,1)^3, a = 10
inside, 1 outside; exact u (generate.py: alpha outside, alpha + phi*beta
inside with Q = 4 R^2). Defaults only.""",
    B3, 3, X**2 + Y**2 + Z**2 - R**2, 10, 1,
    sp.sin(x + 2 * y) * sp.cos(z) + z * x, -1, Q=4 * R**2)

# Two disjoint disks with their own contrasts.
c = [((sp.Rational(3, 10), sp.Rational(3, 10)), sp.Rational(18, 100), 10),
     ((sp.Rational(7, 10), sp.Rational(68, 100)), sp.Rational(15, 100), 4)]
alpha = sp.cos(sp.pi * x * y) + x - y**2 / 2
phis = [(x - cx)**2 + (y - cy)**2 - rr**2 for (cx, cy), rr, _ in c]
uin = [corrected(alpha, ph, ai, 1, -1, 2, Q=4 * rr**2) for ph, ((_, _), rr, ai) in zip(phis, c)]
p1, p2 = text(phis[0]), text(phis[1])
write(
    "two_disks",
    """
two_disks.yaml: two disjoint disks in (0,1)^2, a = 10 in r < 0.18 about
(0.3, 0.3), a = 4 in r < 0.15 about (0.7, 0.68), 1 outside (two interfaces);
exact u (generate.py: alpha outside, alpha + phi_i*beta_i inside disk i).
Defaults only.""",
    B2, f"{p1} < 0 ? 10 : {p2} < 0 ? 4 : 1",
    f"{p1} < 0 ? {text((-10 * lap(uin[0], 2)))} : {p2} < 0 ? "
    f"{text((-4 * lap(uin[1], 2)))} : {text((-lap(alpha, 2)))}",
    f"{p1} < 0 ? {text(uin[0])} : {p2} < 0 ? {text(uin[1])} : {text(alpha)}", text(alpha))

# A jump in a reaction term k(z)^2 u across z = 0.5 (no flux jump: u is C^1).
# u = sin(pi x) sin(pi y) w(z), w = z (1 - z) + c (z - 1/2)^2 [z > 1/2]; c
# makes f continuous too: -w'' jumps by -2c, k^2 w by (16 - 1) w(1/2).
k2m, k2p = 1, 16
cc = sp.Rational(k2p - k2m, 2) * sp.Rational(1, 4)
wm = z * (1 - z)
wp = wm + cc * (z - sp.Rational(1, 2))**2
s = sp.sin(sp.pi * x) * sp.sin(sp.pi * y)
um, up = s * wm, s * wp
fm = (-lap(um, 3) + k2m * um)
fp = (-lap(up, 3) + k2p * up)
with open(os.path.join(HERE, "reaction_jump3d.yaml"), "w") as fh:
    fh.write(f"""# reaction_jump3d.yaml: -lap(u) + k(z)^2 u = f in (0,1)^3 with k = 1 below
# z = 0.5 and 4 above (a jump outside the flux: no interface is found and
# none is needed, u is C^1 with a jump in u_zz); exact u (generate.py).
# Defaults only.
name: reaction_jump3d
domain: {B3}
pde:
  equation: "-lap(u) + k^2*u = f"
  coefficients:
    k: "z < 0.5 ? 1 : 4"
    f: "z < 0.5 ? {text(fm)} : {text(fp)}"
  exact: "z < 0.5 ? {text(um)} : {text(up)}"
boundary:
  - {{parts: all, type: dirichlet, value: "z < 0.5 ? {text(um)} : {text(up)}"}}
""")

# The coordinator's ellipse probe (no exact solution: FD 401^2).
with open(os.path.join(HERE, "ellipse_probe.yaml"), "w") as fh:
    fh.write("""# ellipse_probe.yaml: -div(a grad u) = 1 on (-1,1)^2, a = 10 in the ellipse
# x^2/0.16 + y^2/0.09 < 1, 1 outside, u = 0 on the boundary; no exact
# solution (reference: FD 401^2, first order at the jump). Defaults only.
name: ellipse_probe
domain: {type: box, min: [-1, -1], max: [1, 1]}
pde:
  equation: "-div(a*grad(u)) = f"
  coefficients: {a: "x^2/0.16 + y^2/0.09 < 1 ? 10 : 1", f: "1"}
boundary: [{parts: all, type: dirichlet, value: "0"}]
reference: {resolution: 401}
""")
