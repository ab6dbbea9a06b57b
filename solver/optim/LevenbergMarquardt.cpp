#include "solver/optim/LevenbergMarquardt.hpp"

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"
#include "common/Profiling.hpp"

namespace kanpde::solver::optim {

LevenbergMarquardt::LevenbergMarquardt(const LmOptions& o)
    : o_(o), lambda_(o.lambda_init), nu_(o.increase) {
  KANPDE_REQUIRE(o.lambda_init > 0 && o.lambda_min > 0 && o.lambda_min <= o.lambda_max,
                 "lm damping bounds must satisfy 0 < lambda_min <= lambda_max");
  KANPDE_REQUIRE(o.increase > 1, "lm increase factor must be > 1, found " << o.increase);
  KANPDE_REQUIRE(o.max_tries >= 1, "lm max_tries must be >= 1");
}

void LevenbergMarquardt::reset() {
  lambda_ = o_.lambda_init;
  nu_ = o_.increase;
}

void LevenbergMarquardt::set_state(const OptimizerState& s) {
  KANPDE_REQUIRE(s.scalars.size() == 2, "not a Levenberg-Marquardt state");
  lambda_ = s.scalars[0];
  nu_ = s.scalars[1];
}

bool LevenbergMarquardt::solve_damped(const Matrix& JtJ, const Vector& Jtr) {
  const Region region("kanpde::factorisation");
  Vector& dx = dx_;
  if (o_.solve == LmSolve::qr) {
    const Eigen::Index N = J_.rows(), P = J_.cols();
    A_.resize(N + P, P);
    A_.topRows(N) = J_;
    A_.bottomRows(P).setZero();
    A_.bottomRows(P).diagonal() = (lambda_ * diag_).cwiseSqrt();
    Vector rhs = Vector::Zero(N + P);
    rhs.head(N) = -R_;
    dx = Eigen::HouseholderQR<Matrix>(A_).solve(rhs);
    return true;
  }
  A_ = JtJ;
  A_.diagonal() += lambda_ * diag_;
  if (o_.solve == LmSolve::refined) {
    // Jacobi scaling S A S with S = diag(A)^{-1/2}, then refinement against A.
    scale_ = A_.diagonal().cwiseSqrt().cwiseInverse();
    const Matrix As = scale_.asDiagonal() * A_ * scale_.asDiagonal();
    llt_.compute(As);
    if (llt_.info() != Eigen::Success) return false;
    dx = scale_.cwiseProduct(llt_.solve(-scale_.cwiseProduct(Jtr)));
    for (int it = 0; it < 2; ++it) {
      const Vector res = -Jtr - A_ * dx;
      dx += scale_.cwiseProduct(llt_.solve(scale_.cwiseProduct(res)));
    }
    return true;
  }
  // Cholesky (blocked, fast) first: with lambda > 0 the matrix is SPD in
  // exact arithmetic; LDLT as the fallback when round-off says otherwise.
  llt_.compute(A_);
  if (llt_.info() == Eigen::Success) {
    dx = llt_.solve(-Jtr);
    return true;
  }
  ldlt_.compute(A_);
  if (ldlt_.info() != Eigen::Success || !ldlt_.isPositive()) return false;
  dx = ldlt_.solve(-Jtr);
  return true;
}

StepResult LevenbergMarquardt::step(Objective& f, Vector& theta) {
  KANPDE_ASSERT(f.has_gauss_newton(), "Levenberg-Marquardt needs a least-squares objective");
  KANPDE_REQUIRE(o_.solve != LmSolve::qr || f.has_jacobian(),
                 "Levenberg-Marquardt with the QR solve needs the dense Jacobian (serial runs)");
  StepResult r;
  Matrix& JtJ = JtJ_;
  Vector& Jtr = Jtr_;
  double L = 0;
  if (o_.solve == LmSolve::qr) {
    const Region region("kanpde::assemble");
    L = f.jacobian(theta, J_, R_);
    Jtr = J_.transpose() * R_;
    JtJ.resize(0, 0);
  } else {
    L = f.gauss_newton(theta, JtJ, Jtr);
  }
  ++r.evaluations;
  KANPDE_VERIFY(std::isfinite(L) && JtJ.allFinite() && J_.allFinite() && Jtr.allFinite(),
                "Levenberg-Marquardt: the loss or Jacobian is not finite at the start of the "
                "step");
  r.loss = L;
  r.grad_norm = 2 * Jtr.cwiseAbs().maxCoeff();
  if (r.grad_norm == 0.0) {
    r.converged = true;
    return r;
  }
  Vector& diag = diag_;
  diag = o_.solve == LmSolve::qr ? Vector(J_.colwise().squaredNorm().transpose())
                                 : Vector(JtJ.diagonal());
  const double floor = 1e-12 * std::max(diag.maxCoeff(), 1e-300);
  diag = diag.cwiseMax(floor);
  for (int attempt = 0; attempt < o_.max_tries; ++attempt) {
    const Vector& dx = dx_;
    bool ok = solve_damped(JtJ, Jtr);
    ok = ok && dx.allFinite();
    if (!ok) {
      r.recovered = true;
      lambda_ = std::min(lambda_ * nu_, o_.lambda_max);
      nu_ *= 2;
      continue;
    }
    // Model: L(dx) = L + 2 dx.Jtr + dx.JtJ.dx.
    const double curvature = o_.solve == LmSolve::qr ? (J_ * dx).squaredNorm() : dx.dot(JtJ * dx);
    const double predicted = -(2 * dx.dot(Jtr) + curvature);
    const Vector trial = theta + dx;
    double Ln = 0;
    {
      const Region region("kanpde::line_search");  // LM's acceptance test
      Ln = f.value(trial);
    }
    ++r.evaluations;
    if (std::isfinite(Ln) && Ln < L && predicted > 0) {
      const double rho = (L - Ln) / predicted;
      lambda_ = std::clamp(lambda_ * std::max(1.0 / 3.0, 1 - std::pow(2 * rho - 1, 3)),
                           o_.lambda_min, o_.lambda_max);
      nu_ = o_.increase;
      theta = trial;
      r.loss = Ln;
      r.converged = (L - Ln) <= o_.tolerance_change * L;
      return r;
    }
    if (!std::isfinite(Ln)) r.recovered = true;
    if (lambda_ >= o_.lambda_max) break;
    lambda_ = std::min(lambda_ * nu_, o_.lambda_max);
    nu_ *= 2;
  }
  r.converged = true;  // no decrease possible at this damping: a (numerical) minimum
  return r;
}

}  // namespace kanpde::solver::optim
