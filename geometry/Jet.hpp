#pragma once
// Jets for distance functions and boundary data, with the arithmetic needed
// to build distance functions. Device-callable (plain structs, no
// allocation). Unused dimensions stay zero.
//
// - Jet: value, gradient and Hessian in up to three dimensions.
// - LaplacianJet: value, gradient and Laplacian in up to max_space_dim
//   dimensions (the form used above three dimensions, where only Laplacian
//   jets are computed). Product rule L(ab) = a Lb + b La + 2 ga.gb, chain
//   rule L f(a) = f' La + f'' |ga|^2.
//
// jet_constant / jet_coordinate build either kind (Jet by default); the
// arithmetic below is overloaded for both, jet_sqrt and jet_recip are
// templates over the kind.
#include <Kokkos_Core.hpp>

#include <type_traits>

#include "common/Coordinates.hpp"
#include "common/Math.hpp"

namespace kanpde::geometry {

struct Jet {
  double v = 0.0;
  double g[3] = {0.0, 0.0, 0.0};
  double h[3][3] = {{0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}};

  KOKKOS_INLINE_FUNCTION double laplacian() const { return h[0][0] + h[1][1] + h[2][2]; }
};

struct LaplacianJet {
  static constexpr int kDim = max_space_dim;
  double v = 0.0;
  double g[kDim] = {};
  double lap = 0.0;

  KOKKOS_INLINE_FUNCTION double laplacian() const { return lap; }
};

template <class J = Jet>
KOKKOS_INLINE_FUNCTION J jet_constant(double c) {
  J r;
  r.v = c;
  return r;
}

// The coordinate x_a as a jet (gradient e_a).
template <class J = Jet>
KOKKOS_INLINE_FUNCTION J jet_coordinate(const double* x, int a) {
  J r;
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

KOKKOS_INLINE_FUNCTION LaplacianJet operator+(const LaplacianJet& a, const LaplacianJet& b) {
  LaplacianJet r;
  r.v = a.v + b.v;
  for (int i = 0; i < LaplacianJet::kDim; ++i) r.g[i] = a.g[i] + b.g[i];
  r.lap = a.lap + b.lap;
  return r;
}

KOKKOS_INLINE_FUNCTION LaplacianJet operator*(double c, const LaplacianJet& a) {
  LaplacianJet r;
  r.v = c * a.v;
  for (int i = 0; i < LaplacianJet::kDim; ++i) r.g[i] = c * a.g[i];
  r.lap = c * a.lap;
  return r;
}

KOKKOS_INLINE_FUNCTION LaplacianJet operator*(const LaplacianJet& a, const LaplacianJet& b) {
  LaplacianJet r;
  r.v = a.v * b.v;
  double gg = 0.0;
  for (int i = 0; i < LaplacianJet::kDim; ++i) {
    r.g[i] = a.v * b.g[i] + b.v * a.g[i];
    gg += a.g[i] * b.g[i];
  }
  r.lap = a.v * b.lap + b.v * a.lap + 2.0 * gg;
  return r;
}

KOKKOS_INLINE_FUNCTION LaplacianJet jet_chain(const LaplacianJet& a, double f0, double f1,
                                              double f2) {
  LaplacianJet r;
  r.v = f0;
  double gg = 0.0;
  for (int i = 0; i < LaplacianJet::kDim; ++i) {
    r.g[i] = f1 * a.g[i];
    gg += a.g[i] * a.g[i];
  }
  r.lap = f1 * a.lap + f2 * gg;
  return r;
}

template <class J>
struct is_jet : std::false_type {};
template <>
struct is_jet<Jet> : std::true_type {};
template <>
struct is_jet<LaplacianJet> : std::true_type {};
template <class J>
using if_jet = std::enable_if_t<is_jet<J>::value, J>;

// The operations built from the ones above, for both kinds.
template <class J>
KOKKOS_INLINE_FUNCTION if_jet<J> operator-(const J& a) {
  return -1.0 * a;
}
template <class J>
KOKKOS_INLINE_FUNCTION if_jet<J> operator-(const J& a, const J& b) {
  return a + (-1.0 * b);
}
template <class J>
KOKKOS_INLINE_FUNCTION if_jet<J> operator+(const J& a, double c) {
  J r = a;
  r.v += c;
  return r;
}
template <class J>
KOKKOS_INLINE_FUNCTION if_jet<J> operator+(double c, const J& a) {
  return a + c;
}
template <class J>
KOKKOS_INLINE_FUNCTION if_jet<J> operator-(double c, const J& a) {
  return (-1.0 * a) + c;
}

// sqrt(a). At a.v <= 0 (a corner or boundary point of a distance function,
// where the square root is not differentiable) the result is the zero jet:
// the value 0 is exact, the derivatives are not defined there.
template <class J>
KOKKOS_INLINE_FUNCTION J jet_sqrt(const J& a) {
  if (!(a.v > 0.0)) return J();
  const double s = math::sqrt(a.v);
  return jet_chain(a, s, 0.5 / s, -0.25 / (s * a.v));
}

// 1/a (a.v != 0).
template <class J>
KOKKOS_INLINE_FUNCTION J jet_recip(const J& a) {
  const double r = 1.0 / a.v;
  return jet_chain(a, r, -r * r, 2.0 * r * r * r);
}

}  // namespace kanpde::geometry
