#pragma once
// Manufactured solutions and domain callbacks for the finite-difference tests.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "solver/fd/FdProblem.hpp"
#include "solver/fd/FdRefine.hpp"
#include "solver/fd/FdSolve.hpp"
#include "solver/fd/impl/EquationAssembly.hpp"

namespace kanpde::solver::fd::test {

// u = prod_a sin(k_a x_a + p_a) (+ a linear term, so no face sees a symmetric
// solution): -Δu = |k|² prod(...) and ∂u/∂x_a are exact.
struct Manufactured {
  int dim = 2;
  std::array<double, 3> k{1.3, 1.7, 1.1};
  std::array<double, 3> p{0.4, 0.3, 0.7};
  double u(const double* x) const {
    double v = 1.0;
    for (int a = 0; a < dim; ++a) v *= std::sin(k[a] * x[a] + p[a]);
    return v + 0.5 * x[0];
  }
  double du(const double* x, int axis) const {
    double v = 1.0;
    for (int a = 0; a < dim; ++a)
      v *= a == axis ? k[a] * std::cos(k[a] * x[a] + p[a]) : std::sin(k[a] * x[a] + p[a]);
    return v + (axis == 0 ? 0.5 : 0.0);
  }
  double minus_laplacian(const double* x) const {
    double kk = 0.0, v = 1.0;
    for (int a = 0; a < dim; ++a) {
      kk += k[a] * k[a];
      v *= std::sin(k[a] * x[a] + p[a]);
    }
    return kk * v;
  }
  ScalarField exact() const {
    return [m = *this](const double* x) { return m.u(x); };
  }
  ScalarField source(double c) const {
    return [m = *this, c](const double* x) { return m.minus_laplacian(x) + c * m.u(x); };
  }
};

// Condition on box face f (2a: low, 2a + 1: high) consistent with m. Robin
// uses a = 1, b = 0.5.
inline BoundaryCondition face_condition(const Manufactured& m, int f, BcKind kind) {
  const int axis = f / 2;
  const double sign = f % 2 ? 1.0 : -1.0;
  BoundaryCondition bc;
  bc.kind = kind;
  if (kind == BcKind::dirichlet) {
    bc.g = m.exact();
  } else if (kind == BcKind::neumann) {
    bc.g = [m, axis, sign](const double* x) { return sign * m.du(x, axis); };
  } else {
    bc.a = 1.0;
    bc.b = 0.5;
    bc.g = [m, axis, sign](const double* x) { return m.u(x) + 0.5 * sign * m.du(x, axis); };
  }
  return bc;
}

inline FdProblem box_problem(const Manufactured& m, const std::vector<BcKind>& kinds, double c,
                             int n) {
  FdProblem p;
  p.dim = m.dim;
  p.lo = {0.0, 0.0, 0.0};
  p.hi = {1.0, 1.0, 1.0};
  for (int a = 0; a < m.dim; ++a) p.intervals[a] = n;
  p.c = c;
  p.f = m.source(c);
  for (int f = 0; f < 2 * m.dim; ++f) p.parts.push_back(face_condition(m, f, kinds[f]));
  return p;
}

// Observed order (rel. L2) between the two finest of the grids n, 2n, 4n.
inline double observed_l2_order(const FdProblem& p, const ScalarField& exact) {
  const std::vector<ConvergenceRow> rows = fd_refine(p, exact, 3);
  return rows.back().order_l2;
}

// Distance along +-axis from x to the circle |y - c| = r (from inside or
// outside); +inf when the ray misses it.
inline double ray_circle(const double* x, int axis, int dir, const double* c, double r) {
  const double d0 = x[0] - c[0], d1 = x[1] - c[1];
  const double along = axis == 0 ? d0 : d1, perp = axis == 0 ? d1 : d0;
  const double disc = r * r - perp * perp;
  if (disc < 0.0) return std::numeric_limits<double>::infinity();
  const double s = std::sqrt(disc);
  // Crossings at along + dir t = ±s, i.e. t = dir (±s - along).
  double best = std::numeric_limits<double>::infinity();
  for (double root : {s, -s}) {
    const double t = dir * (root - along);
    if (t >= -1e-14) best = std::min(best, std::max(t, 0.0));
  }
  return best;
}

// Distance along +-axis from x to a polygon's edges (+inf when none is hit).
inline double ray_polygon(const double* x, int axis, int dir,
                          const std::vector<std::array<double, 2>>& v) {
  double best = std::numeric_limits<double>::infinity();
  const int other = 1 - axis;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto& p = v[i];
    const auto& q = v[(i + 1) % v.size()];
    const double lo = std::min(p[other], q[other]), hi = std::max(p[other], q[other]);
    if (p[other] == q[other] || x[other] < lo || x[other] > hi) continue;  // parallel or missed
    const double s = (x[other] - p[other]) / (q[other] - p[other]);
    const double hit = p[axis] + s * (q[axis] - p[axis]);
    const double t = dir * (hit - x[axis]);
    if (t >= -1e-14) best = std::min(best, std::max(t, 0.0));
  }
  return best;
}

inline bool in_polygon(const double* x, const std::vector<std::array<double, 2>>& v) {
  bool in = false;
  for (std::size_t i = 0, j = v.size() - 1; i < v.size(); j = i++) {
    if ((v[i][1] > x[1]) != (v[j][1] > x[1]) &&
        x[0] < (v[j][0] - v[i][0]) * (x[1] - v[i][1]) / (v[j][1] - v[i][1]) + v[i][0])
      in = !in;
  }
  return in;
}

// General equations: dF/dU against central differences of F, column by
// column, at a random U (uniform in [-0.5, 0.5], from `seed`).
inline void check_jacobian(const FdProblem& p, unsigned seed) {
  const Impl::EquationSystem sys(p);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(-0.5, 0.5);
  Eigen::VectorXd U(sys.size()), F, Fp, Fm;
  for (long i = 0; i < sys.size(); ++i) U[i] = dist(rng);
  RowMatrix J;
  sys.evaluate(U, F, &J);
  const Eigen::MatrixXd Jd = Eigen::MatrixXd(J);
  // eps = 1e-6: truncation eps² |F'''| ~ 1e-12, rounding 1e-16 |F| / eps ~ 1e-8
  // against entries of order 1/h² ~ 100.
  const double eps = 1e-6, tol = 1e-6 * Jd.cwiseAbs().maxCoeff();
  double worst = 0.0;
  for (long j = 0; j < sys.size(); ++j) {
    Eigen::VectorXd V = U;
    V[j] += eps;
    sys.evaluate(V, Fp, nullptr);
    V[j] -= 2 * eps;
    sys.evaluate(V, Fm, nullptr);
    worst = std::max(worst, ((Fp - Fm) / (2 * eps) - Jd.col(j)).cwiseAbs().maxCoeff());
  }
  EXPECT_LT(worst, tol);
}

}  // namespace kanpde::solver::fd::test
