#pragma once
// An independent, deliberately plain evaluation of a KAN for the tests:
// generic forward-mode number types (a dual number over one parameter
// direction, a hyper-dual number carrying gradient and Hessian in space) pushed
// through a naive recursive Cox-de Boor definition of the B-splines and a
// direct x / (1 + exp(-x)) silu. Nothing here is shared with kan/.

#include <cmath>
#include <vector>

#include "kan/Layout.hpp"

namespace kanpde::test {

// a + b eps, eps^2 = 0.
struct Dual {
  double v = 0, d = 0;
  Dual() = default;
  Dual(double v_, double d_ = 0) : v(v_), d(d_) {}
};
inline Dual operator+(Dual a, Dual b) {
  return {a.v + b.v, a.d + b.d};
}
inline Dual operator-(Dual a, Dual b) {
  return {a.v - b.v, a.d - b.d};
}
inline Dual operator*(Dual a, Dual b) {
  return {a.v * b.v, a.v * b.d + a.d * b.v};
}
inline Dual operator/(Dual a, Dual b) {
  return {a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v)};
}
inline Dual exp(Dual a) {
  const double e = std::exp(a.v);
  return {e, e * a.d};
}
inline double exp(double x) {
  return std::exp(x);
}
inline double value_of(double x) {
  return x;
}
inline double value_of(Dual x) {
  return x.v;
}

// Value, gradient and Hessian in D variables, over a scalar type T.
template <class T, int D>
struct HyperDual {
  T v{};
  T g[D]{};
  T h[D][D]{};
  HyperDual() = default;
  HyperDual(T c) : v(c) {}  // NOLINT: a constant
};
template <class T, int D>
HyperDual<T, D> operator+(const HyperDual<T, D>& a, const HyperDual<T, D>& b) {
  HyperDual<T, D> r;
  r.v = a.v + b.v;
  for (int i = 0; i < D; ++i) {
    r.g[i] = a.g[i] + b.g[i];
    for (int j = 0; j < D; ++j) r.h[i][j] = a.h[i][j] + b.h[i][j];
  }
  return r;
}
template <class T, int D>
HyperDual<T, D> operator-(const HyperDual<T, D>& a, const HyperDual<T, D>& b) {
  return a + b * HyperDual<T, D>(T(-1.0));
}
template <class T, int D>
HyperDual<T, D> operator*(const HyperDual<T, D>& a, const HyperDual<T, D>& b) {
  HyperDual<T, D> r;
  r.v = a.v * b.v;
  for (int i = 0; i < D; ++i) {
    r.g[i] = a.v * b.g[i] + a.g[i] * b.v;
    for (int j = 0; j < D; ++j)
      r.h[i][j] = a.v * b.h[i][j] + a.h[i][j] * b.v + a.g[i] * b.g[j] + a.g[j] * b.g[i];
  }
  return r;
}
// f applied with f(v), f'(v), f''(v) given.
template <class T, int D>
HyperDual<T, D> chain(const HyperDual<T, D>& a, T f0, T f1, T f2) {
  HyperDual<T, D> r;
  r.v = f0;
  for (int i = 0; i < D; ++i) {
    r.g[i] = f1 * a.g[i];
    for (int j = 0; j < D; ++j) r.h[i][j] = f1 * a.h[i][j] + f2 * a.g[i] * a.g[j];
  }
  return r;
}
template <class T, int D>
HyperDual<T, D> operator/(const HyperDual<T, D>& a, const HyperDual<T, D>& b) {
  const T one(1.0), two(2.0);
  const T iv = one / b.v;
  return a * chain(b, iv, T(0.0) - iv * iv, two * iv * iv * iv);
}
template <class T, int D>
HyperDual<T, D> exp(const HyperDual<T, D>& a) {
  const T e = exp(a.v);
  return chain(a, e, e, e);
}
template <class T, int D>
double value_of(const HyperDual<T, D>& x) {
  return value_of(x.v);
}

// B_{m,p}(x) on the full knot vector t (right-continuous indicator at p = 0).
template <class S>
S bspline_reference(const std::vector<double>& t, int m, int p, const S& x) {
  const double xv = value_of(x);
  if (p == 0) return S((t[m] <= xv && xv < t[m + 1]) ? 1.0 : 0.0);
  const S l = (x - S(t[m])) / S(t[m + p] - t[m]);
  const S r = (S(t[m + p + 1]) - x) / S(t[m + p + 1] - t[m + 1]);
  return l * bspline_reference(t, m, p - 1, x) + r * bspline_reference(t, m + 1, p - 1, x);
}

template <class S>
S base_reference(kan::BaseFunction b, const S& x) {
  if (b == kan::BaseFunction::silu) return x / (S(1.0) + exp(S(0.0) - x));
  if (b == kan::BaseFunction::identity) return x;
  return S(0.0);
}

// The network's outputs at one point: x are the inputs as S values, params
// as P values (P = double or Dual), knots plain.
template <class S, class P>
std::vector<S> network_reference(const kan::Layout& lay, const std::vector<P>& params,
                                 const std::vector<double>& knots, std::vector<S> x) {
  for (int l = 0; l < lay.num_layers(); ++l) {
    std::vector<S> y(static_cast<std::size_t>(lay.width(l + 1)), S(0.0));
    for (int i = 0; i < lay.width(l); ++i) {
      const std::vector<double> t(
          knots.begin() + static_cast<long>(lay.knot_index(l, i, 0)),
          knots.begin() + static_cast<long>(lay.knot_index(l, i, 0)) + lay.knots_per_input());
      std::vector<S> B;
      for (int m = 0; m < lay.basis_per_edge(); ++m)
        B.push_back(bspline_reference(t, m, lay.order(), x[static_cast<std::size_t>(i)]));
      const S b = base_reference(lay.base(), x[static_cast<std::size_t>(i)]);
      for (int o = 0; o < lay.width(l + 1); ++o) {
        S spline(0.0);
        for (int m = 0; m < lay.basis_per_edge(); ++m)
          spline = spline + S(params[lay.coef_index(l, i, o, m)]) * B[static_cast<std::size_t>(m)];
        y[static_cast<std::size_t>(o)] = y[static_cast<std::size_t>(o)] +
                                         S(params[lay.w_base_index(l, i, o)]) * b +
                                         S(params[lay.w_spline_index(l, i, o)]) * spline;
      }
    }
    x = y;
  }
  return x;
}

}  // namespace kanpde::test
