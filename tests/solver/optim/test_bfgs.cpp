// Dense BFGS and its self-scaled updates (solver/optim/Bfgs.hpp): a convex
// quadratic with a known minimum, Rosenbrock, the secant condition, exact
// symmetry and positive definiteness of H, the y^T s > 0 guard, a bitwise
// resume from the optimizer's state, and the update key's effect.
#include <gtest/gtest.h>

#include <cmath>

#include "common/Error.hpp"
#include "solver/optim/Bfgs.hpp"

namespace {

using namespace kanpde::solver::optim;

// f = 1/2 (x - x*)^T A (x - x*) with A SPD (eigenvalues 1 .. 100), written
// about its minimum so that values near it keep their digits.
struct Quadratic : Objective {
  Matrix A;
  Vector xs;
  explicit Quadratic(int n) {
    Matrix Q = Matrix::Zero(n, n);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) Q(i, j) = std::sin(1.0 + 3 * i + 7 * j * j);
    const Eigen::HouseholderQR<Matrix> qr(Q);
    const Matrix U = qr.householderQ();
    Vector ev(n);
    for (int i = 0; i < n; ++i) ev(i) = std::pow(100.0, double(i) / (n - 1));
    A = U * ev.asDiagonal() * U.transpose();
    A = 0.5 * (A + A.transpose());
    xs = Vector::LinSpaced(n, -1.0, 2.0);
  }
  Vector minimum() const { return xs; }
  std::size_t size() const override { return static_cast<std::size_t>(xs.size()); }
  double value(const Vector& x) override { return 0.5 * (x - xs).dot(A * (x - xs)); }
  double value_and_gradient(const Vector& x, Vector& g) override {
    g = A * (x - xs);
    return value(x);
  }
};

// Extended Rosenbrock, minimum 0 at (1, ..., 1).
struct Rosenbrock : Objective {
  int n;
  explicit Rosenbrock(int n_) : n(n_) {}
  std::size_t size() const override { return static_cast<std::size_t>(n); }
  double value(const Vector& x) override {
    Vector g(n);
    return value_and_gradient(x, g);
  }
  double value_and_gradient(const Vector& x, Vector& g) override {
    g = Vector::Zero(n);
    double f = 0;
    for (int i = 0; i + 1 < n; ++i) {
      const double a = x(i + 1) - x(i) * x(i), c = 1 - x(i);
      f += 100 * a * a + c * c;
      g(i) += -400 * a * x(i) - 2 * c;
      g(i + 1) += 200 * a;
    }
    return f;
  }
};

// f = sum(1 - cos x_i): negative curvature for pi/2 < |x_i| < pi.
struct Cosines : Objective {
  std::size_t size() const override { return 2; }
  double value(const Vector& x) override { return (1 - x.array().cos()).sum(); }
  double value_and_gradient(const Vector& x, Vector& g) override {
    g = x.array().sin();
    return value(x);
  }
};

const BfgsUpdate kUpdates[] = {BfgsUpdate::bfgs, BfgsUpdate::ssbfgs, BfgsUpdate::ssbroyden};

// Steps until |x - x*| <= tol (or max_steps + 1 when not reached).
int steps_to(Bfgs& opt, Objective& f, Vector& x, const Vector& xs, double tol, int max_steps) {
  for (int k = 0; k < max_steps; ++k) {
    if ((x - xs).norm() <= tol * xs.norm()) return k;
    opt.step(f, x);
  }
  return (x - xs).norm() <= tol * xs.norm() ? max_steps : max_steps + 1;
}

TEST(Bfgs, ExactLineSearchMinimisesAQuadraticInAtMostPPlusOneSteps) {
  // With exact line searches the Broyden family ends on a quadratic in at
  // most P steps (Nocedal & Wright, thm 6.4); c2 = 1e-8 makes the strong
  // Wolfe search exact up to round-off (its cubic interpolation is exact on
  // a quadratic). The self-scaled updates change tau each step and keep no
  // such promise: they get the same 1e-10 within 10 P steps.
  const int n = 12;
  Quadratic f(n);
  const Vector xs = f.minimum();
  for (BfgsUpdate u : kUpdates) {
    SCOPED_TRACE(to_string(u));
    BfgsOptions o;
    o.update = u;
    o.line_search.c1 = 1e-10;
    o.line_search.c2 = 1e-8;
    Bfgs opt(o);
    Vector x = Vector::Zero(n);
    const int k = steps_to(opt, f, x, xs, 1e-10, 10 * n);
    if (u == BfgsUpdate::bfgs)
      EXPECT_LE(k, n + 1);
    else
      EXPECT_LE(k, 10 * n);
  }
}

TEST(Bfgs, WolfeLineSearchMinimisesAQuadraticTo1e10) {
  const int n = 12;
  Quadratic f(n);
  const Vector xs = f.minimum();
  for (BfgsUpdate u : kUpdates) {
    SCOPED_TRACE(to_string(u));
    BfgsOptions o;
    o.update = u;
    Bfgs opt(o);
    Vector x = Vector::Zero(n);
    EXPECT_LE(steps_to(opt, f, x, xs, 1e-10, 200), 200);
  }
}

TEST(Bfgs, MinimisesRosenbrock) {
  const int n = 10;
  Rosenbrock f(n);
  for (BfgsUpdate u : kUpdates) {
    SCOPED_TRACE(to_string(u));
    BfgsOptions o;
    o.update = u;
    Bfgs opt(o);
    Vector x = Vector::Constant(n, -1.2);
    for (int k = 0; k < 2000; ++k)
      if (opt.step(f, x).converged) break;
    // 1e-8: the loss sits at round-off (~1e-30) once x is within ~1e-8.
    EXPECT_LT((x - Vector::Ones(n)).cwiseAbs().maxCoeff(), 1e-8);
  }
}

TEST(Bfgs, InverseHessianMeetsTheSecantConditionAndStaysSymmetricPositiveDefinite) {
  const int n = 8;
  Rosenbrock f(n);
  for (BfgsUpdate u : kUpdates) {
    SCOPED_TRACE(to_string(u));
    BfgsOptions o;
    o.update = u;
    Bfgs opt(o);
    Vector x = Vector::Constant(n, -1.2), g0(n), g1(n);
    for (int k = 0; k < 30; ++k) {
      const Vector x0 = x;
      f.value_and_gradient(x0, g0);
      const int before = opt.updates();
      opt.step(f, x);
      f.value_and_gradient(x, g1);
      const Matrix& H = opt.inverse_hessian();
      ASSERT_TRUE(H.isApprox(H.transpose(), 0.0)) << "H not exactly symmetric at step " << k;
      Eigen::SelfAdjointEigenSolver<Matrix> es(H);
      EXPECT_GT(es.eigenvalues().minCoeff(), 0.0) << "step " << k;
      if (opt.updates() == before + 1) {
        // H+ y = s, to round-off of the rank-two update (|H||y| ~ |s|).
        const Vector s = x - x0, y = g1 - g0;
        EXPECT_LE((H * y - s).norm(), 1e-8 * s.norm()) << "step " << k;
      }
    }
  }
}

TEST(Bfgs, APairWithoutPositiveCurvatureIsSkipped) {
  // Backtracking checks sufficient decrease only: from x = 2.5, where
  // 1 - cos has negative curvature, the accepted step has y^T s < 0.
  Cosines f;
  BfgsOptions o;
  o.line_search.kind = LineSearchKind::backtracking;
  Bfgs opt(o);
  Vector x = Vector::Constant(2, 2.5), g0(2), g1(2);
  const Vector x0 = x;
  f.value_and_gradient(x0, g0);
  opt.step(f, x);
  f.value_and_gradient(x, g1);
  ASSERT_LT((x - x0).dot(g1 - g0), 0.0) << "the test needs a pair with y^T s < 0";
  EXPECT_EQ(opt.updates(), 0);
  EXPECT_EQ(opt.inverse_hessian(), Matrix::Identity(2, 2));
}

TEST(Bfgs, ResumeFromItsStateIsBitwiseIdentical) {
  const int n = 6;
  for (BfgsUpdate u : kUpdates) {
    SCOPED_TRACE(to_string(u));
    Rosenbrock f(n);
    BfgsOptions o;
    o.update = u;
    Bfgs a(o);
    Vector x = Vector::Constant(n, -1.2);
    for (int k = 0; k < 7; ++k) a.step(f, x);
    const OptimizerState st = a.state();
    for (const Vector& v : st.vectors) ASSERT_EQ(v.size(), n);  // checkpoint rows
    Vector y = x;
    for (int k = 0; k < 9; ++k) a.step(f, x);
    Bfgs b(o);
    b.set_state(st);
    for (int k = 0; k < 9; ++k) b.step(f, y);
    EXPECT_EQ(x, y);
  }
}

TEST(Bfgs, TheUpdateChoiceChangesTheIterates) {
  // The key's effect: after the first (common) scaled update the three
  // updates differ.
  const int n = 6;
  Rosenbrock f(n);
  std::vector<Vector> ends;
  for (BfgsUpdate u : kUpdates) {
    BfgsOptions o;
    o.update = u;
    Bfgs opt(o);
    Vector x = Vector::Constant(n, -1.2);
    for (int k = 0; k < 6; ++k) opt.step(f, x);
    ends.push_back(x);
  }
  EXPECT_NE(ends[0], ends[1]);
  EXPECT_NE(ends[0], ends[2]);
  EXPECT_NE(ends[1], ends[2]);
}

TEST(Bfgs, BadOptionsAndStatesAreInputErrors) {
  BfgsOptions o;
  o.line_search.c2 = o.line_search.c1 / 2;
  EXPECT_THROW(Bfgs{o}, kanpde::InputError);
  Bfgs b;
  EXPECT_THROW(b.set_state({{1.0, 1.0, 0.0, 0.0}, {Vector::Zero(3), Vector::Zero(3)}}),
               kanpde::InputError);
}

}  // namespace
