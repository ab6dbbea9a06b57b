#pragma once
// Jet: a value with its gradient and Hessian in up to three dimensions, with
// the arithmetic needed to build distance functions. Device-callable (plain
// struct, no allocation). Unused dimensions stay zero.
#include <Kokkos_Core.hpp>

#include "common/Math.hpp"

namespace kanpde::geometry {

struct Jet {
  double v = 0.0;
  double g[3] = {0.0, 0.0, 0.0};
  double h[3][3] = {{0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}};

  KOKKOS_INLINE_FUNCTION double laplacian() const { return h[0][0] + h[1][1] + h[2][2]; }
};

KOKKOS_INLINE_FUNCTION Jet jet_constant(double c) {
  Jet r;
  r.v = c;
  return r;
}

// The coordinate x_a as a jet (gradient e_a).
KOKKOS_INLINE_FUNCTION Jet jet_coordinate(const double* x, int a) {
  Jet r;
  r.v = x[a];
  r.g[a] = 1.0;
  return r;
}

KOKKOS_INLINE_FUNCTION Jet operator+(const Jet& a, const Jet& b) {
  Jet r;
  r.v = a.v + b.v;
  for (int i = 0; i < 3; ++i) {
    r.g[i] = a.g[i] + b.g[i];
    for (int j = 0; j < 3; ++j) r.h[i][j] = a.h[i][j] + b.h[i][j];
  }
  return r;
}

KOKKOS_INLINE_FUNCTION Jet operator*(double c, const Jet& a) {
  Jet r;
  r.v = c * a.v;
  for (int i = 0; i < 3; ++i) {
    r.g[i] = c * a.g[i];
    for (int j = 0; j < 3; ++j) r.h[i][j] = c * a.h[i][j];
  }
  return r;
}

KOKKOS_INLINE_FUNCTION Jet operator-(const Jet& a) {
  return -1.0 * a;
}
KOKKOS_INLINE_FUNCTION Jet operator-(const Jet& a, const Jet& b) {
  return a + (-1.0 * b);
}
KOKKOS_INLINE_FUNCTION Jet operator+(const Jet& a, double c) {
  Jet r = a;
  r.v += c;
  return r;
}
KOKKOS_INLINE_FUNCTION Jet operator+(double c, const Jet& a) {
  return a + c;
}
KOKKOS_INLINE_FUNCTION Jet operator-(double c, const Jet& a) {
  return (-1.0 * a) + c;
}

KOKKOS_INLINE_FUNCTION Jet operator*(const Jet& a, const Jet& b) {
  Jet r;
  r.v = a.v * b.v;
  for (int i = 0; i < 3; ++i) {
    r.g[i] = a.v * b.g[i] + b.v * a.g[i];
    for (int j = 0; j < 3; ++j)
      r.h[i][j] = a.v * b.h[i][j] + b.v * a.h[i][j] + a.g[i] * b.g[j] + b.g[i] * a.g[j];
  }
  return r;
}

// f(a) given f, f', f'' at a.v (chain rule: H = f' H_a + f'' g g^T).
KOKKOS_INLINE_FUNCTION Jet jet_chain(const Jet& a, double f0, double f1, double f2) {
  Jet r;
  r.v = f0;
  for (int i = 0; i < 3; ++i) {
    r.g[i] = f1 * a.g[i];
    for (int j = 0; j < 3; ++j) r.h[i][j] = f1 * a.h[i][j] + f2 * a.g[i] * a.g[j];
  }
  return r;
}

// sqrt(a). At a.v <= 0 (a corner or boundary point of a distance function,
// where the square root is not differentiable) the result is the zero jet:
// the value 0 is exact, the derivatives are not defined there.
KOKKOS_INLINE_FUNCTION Jet jet_sqrt(const Jet& a) {
  if (!(a.v > 0.0)) return Jet();
  const double s = math::sqrt(a.v);
  return jet_chain(a, s, 0.5 / s, -0.25 / (s * a.v));
}

// 1/a (a.v != 0).
KOKKOS_INLINE_FUNCTION Jet jet_recip(const Jet& a) {
  const double r = 1.0 / a.v;
  return jet_chain(a, r, -r * r, 2.0 * r * r * r);
}

}  // namespace kanpde::geometry
