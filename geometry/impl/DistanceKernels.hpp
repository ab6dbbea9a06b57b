#pragma once
// Device-callable jets of the distance-function nodes of impl/Program.hpp.
// p points at a node's parameters, x at the point (dim coordinates); J is
// the jet kind (geometry/Jet.hpp: Jet up to 3D, LaplacianJet above).
#include "geometry/Jet.hpp"

namespace kanpde::geometry::Impl {

// Parameters: per axis (lo, hi, mode), then scale. mode 0: no factor,
// 1: x - lo, 2: hi - x, 3: (x - lo)(hi - x)/(hi - lo).
template <class J>
KOKKOS_INLINE_FUNCTION J box_product(const double* p, const double* x, int dim) {
  J r = jet_constant<J>(p[3 * dim]);
  for (int a = 0; a < dim; ++a) {
    const double lo = p[3 * a], hi = p[3 * a + 1];
    const int mode = static_cast<int>(p[3 * a + 2]);
    const J xa = jet_coordinate<J>(x, a);
    if (mode == 1) r = r * (xa + (-lo));
    if (mode == 2) r = r * (hi - xa);
    if (mode == 3) r = r * ((1.0 / (hi - lo)) * ((xa + (-lo)) * (hi - xa)));
  }
  return r;
}

template <class J>
KOKKOS_INLINE_FUNCTION J r_and(const J& a, const J& b) {
  return a + b - jet_sqrt(a * a + b * b);
}
template <class J>
KOKKOS_INLINE_FUNCTION J r_or(const J& a, const J& b) {
  return a + b + jet_sqrt(a * a + b * b);
}

// Parameters: per axis (lo, hi).
template <class J>
KOKKOS_INLINE_FUNCTION J box_signed(const double* p, const double* x, int dim) {
  J r;
  for (int a = 0; a < dim; ++a) {
    const double lo = p[2 * a], hi = p[2 * a + 1];
    const J xa = jet_coordinate<J>(x, a);
    const J s = (1.0 / (hi - lo)) * ((xa + (-lo)) * (hi - xa));
    r = a == 0 ? s : r_and(r, s);
  }
  return r;
}

// Parameters: centre (dim), radius.
template <class J>
KOKKOS_INLINE_FUNCTION J ball(const double* p, const double* x, int dim) {
  const double radius = p[dim];
  J r2;
  for (int a = 0; a < dim; ++a) {
    const J d = jet_coordinate<J>(x, a) + (-p[a]);
    r2 = r2 + d * d;
  }
  return (0.5 / radius) * (radius * radius - r2);
}

// Parameters: cx, cy, a, b.
template <class J>
KOKKOS_INLINE_FUNCTION J ellipse(const double* p, const double* x) {
  const double a = p[2], b = p[3];
  const double m = a < b ? a : b;
  const J X = jet_coordinate<J>(x, 0) + (-p[0]);
  const J Y = jet_coordinate<J>(x, 1) + (-p[1]);
  const J q = 1.0 - ((1.0 / (a * a)) * (X * X) + (1.0 / (b * b)) * (Y * Y));
  const J qx = (-2.0 / (a * a)) * X;
  const J qy = (-2.0 / (b * b)) * Y;
  const J den = jet_sqrt(qx * qx + qy * qy + (4.0 / (m * m)) * (q * q));
  return q * jet_recip(den);
}

// psi trimmed to the region t >= 0 (Sukumar & Srivastava 2022, trimming of
// phi = sqrt(psi) by t): psi + w^2, w = (sqrt(t^2 + psi^2) - t)/2, computed
// without cancellation. Where t > 0 the result is psi + O(psi^4 / t^2); where
// t < 0 it stays >= t^2 > 0; it vanishes exactly where psi = 0 and t >= 0.
template <class J>
KOKKOS_INLINE_FUNCTION J trim(const J& psi, const J& t) {
  const J psi2 = psi * psi;
  const J rho = jet_sqrt(t * t + psi2);
  J w;
  if (t.v > 0.0) {
    w = psi2 * jet_recip(2.0 * (rho + t));
  } else {
    w = 0.5 * (rho - t);
  }
  return psi + w * w;
}

// psi = phi^2 of the trimmed segment function of one edge (Sukumar &
// Srivastava 2022): f is the signed distance to the edge's line, t the trim
// (positive inside the circle on the edge as diameter), psi = trim(f^2, t).
template <class J>
KOKKOS_INLINE_FUNCTION J edge_psi(double x1, double y1, double x2, double y2, const double* x) {
  const double dx = x2 - x1, dy = y2 - y1;
  const double len = math::sqrt(dx * dx + dy * dy);
  const J X = jet_coordinate<J>(x, 0), Y = jet_coordinate<J>(x, 1);
  const J f = (1.0 / len) * ((dy * (X + (-x1))) - (dx * (Y + (-y1))));
  const J cx = X + (-0.5 * (x1 + x2)), cy = Y + (-0.5 * (y1 + y2));
  const J t = (1.0 / len) * (0.25 * len * len - (cx * cx + cy * cy));
  return trim(f * f, t);
}

// (sum 1/psi_e)^(-1/2); the zero jet on an edge. Parameters: per edge x1 y1 x2 y2.
template <class J>
KOKKOS_INLINE_FUNCTION J polygon_edges(const double* p, int count, const double* x) {
  J s;
  for (int e = 0; e < count; ++e) {
    const J psi = edge_psi<J>(p[4 * e], p[4 * e + 1], p[4 * e + 2], p[4 * e + 3], x);
    if (!(psi.v > 0.0)) return J();
    s = s + jet_recip(psi);
  }
  return jet_recip(jet_sqrt(s));
}

// The harmonic form of a polygon: D0 = (sum_e 1/phi_e)^(-1), phi_e =
// sqrt(psi_e) the trimmed segment functions (an R-equivalence with m = 1).
// Near an edge D0 = phi_e - phi_e^2 sum_(f != e) 1/phi_f + ..., so
// |grad D0| = 1 on the edges away from the vertices; at a convex corner
// between edges a, b it behaves like phi_a phi_b / (phi_a + phi_b), so a
// solution vanishing like phi_a phi_b there is D0 times a function that is
// linear, not a cone (the m = 2 form's phi_a phi_b / |(phi_a, phi_b)|).
// Then, per re-entrant corner c of interior angle omega (Dirichlet on both
// of its edges), D = D0 F_c with F_c = (1 + R_c^2 / |x - c|^2)^(beta_c / 2),
// beta_c = 1 - pi/omega: F_c ~ (R_c / r)^beta_c near c, so D ~ r^(pi/omega)
// there like the solution's leading term, F_c -> 1 far from c, smooth for
// r > 0. Parameters: per edge x1 y1 x2 y2 (count of them), then the number
// of corners and per corner cx cy R_c beta_c. The zero jet on an edge.
template <class J>
KOKKOS_INLINE_FUNCTION J polygon_harmonic(const double* p, int count, const double* x) {
  J s;
  for (int e = 0; e < count; ++e) {
    const J psi = edge_psi<J>(p[4 * e], p[4 * e + 1], p[4 * e + 2], p[4 * e + 3], x);
    if (!(psi.v > 0.0)) return J();
    s = s + jet_recip(jet_sqrt(psi));
  }
  J d = jet_recip(s);
  const double* c = p + 4 * count;
  const int corners = static_cast<int>(c[0]);
  for (int k = 0; k < corners; ++k) {
    const double* q = c + 1 + 4 * k;
    const J X = jet_coordinate<J>(x, 0) + (-q[0]), Y = jet_coordinate<J>(x, 1) + (-q[1]);
    const J r2 = X * X + Y * Y;
    if (!(r2.v > 0.0)) return J();
    const J u = 1.0 + (q[2] * q[2]) * jet_recip(r2);
    // u^h with h = beta/2 and its first two derivatives.
    const double h = 0.5 * q[3];
    const double f0 = math::exp(h * math::log(u.v));
    d = d * jet_chain(u, f0, h * f0 / u.v, h * (h - 1.0) * f0 / (u.v * u.v));
  }
  return d;
}

// 1 / sum_e 1/psi_e (the square of polygon_edges); 0 on an edge.
template <class J>
KOKKOS_INLINE_FUNCTION J polygon_psi(const double* p, int count, const double* x) {
  J s;
  for (int e = 0; e < count; ++e) {
    const J psi = edge_psi<J>(p[4 * e], p[4 * e + 1], p[4 * e + 2], p[4 * e + 3], x);
    if (!(psi.v > 0.0)) return J();
    s = s + jet_recip(psi);
  }
  return jet_recip(s);
}

// One face of a box, squared and trimmed to the face. Parameters: axis, the
// face's coordinate, then per axis (lo, hi). psi = f^2 with f = x_axis - c,
// trimmed (dim >= 2) by the R-conjunction of the other axes' slab factors
// (x - lo)(hi - x)/(hi - lo), positive exactly on the open face's span.
template <class J>
KOKKOS_INLINE_FUNCTION J face_psi(const double* p, const double* x, int dim) {
  const int axis = static_cast<int>(p[0]);
  const J f = jet_coordinate<J>(x, axis) + (-p[1]);
  J t;
  bool any = false;
  for (int a = 0; a < dim; ++a) {
    if (a == axis) continue;
    const double lo = p[2 + 2 * a], hi = p[3 + 2 * a];
    const J xa = jet_coordinate<J>(x, a);
    const J s = (1.0 / (hi - lo)) * ((xa + (-lo)) * (hi - xa));
    t = any ? r_and(t, s) : s;
    any = true;
  }
  return any ? trim(f * f, t) : f * f;
}

// a b / (a + b): 1/result = 1/a + 1/b; the zero jet where a or b is 0 (the
// value 0 is exact there, the derivatives of its square root are not defined).
template <class J>
KOKKOS_INLINE_FUNCTION J harmonic(const J& a, const J& b) {
  if (!(a.v > 0.0) || !(b.v > 0.0)) return J();
  return (a * b) * jet_recip(a + b);
}

// Parameters: vertices x0 y0 x1 y1 ... (count of them).
template <class J>
KOKKOS_INLINE_FUNCTION J polygon_signed(const double* p, int count, const double* x) {
  J s;
  bool inside = false;
  for (int e = 0; e < count; ++e) {
    const int f = e + 1 == count ? 0 : e + 1;
    const double x1 = p[2 * e], y1 = p[2 * e + 1], x2 = p[2 * f], y2 = p[2 * f + 1];
    const J psi = edge_psi<J>(x1, y1, x2, y2, x);
    if (!(psi.v > 0.0)) return J();
    s = s + jet_recip(psi);
    if ((y1 > x[1]) != (y2 > x[1]) && x[0] < x1 + (x[1] - y1) * (x2 - x1) / (y2 - y1))
      inside = !inside;
  }
  const J d = jet_recip(jet_sqrt(s));
  return inside ? d : -d;
}

}  // namespace kanpde::geometry::Impl
