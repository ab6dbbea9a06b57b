#include "solver/optim/LevenbergMarquardt.hpp"

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"

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

StepResult LevenbergMarquardt::step(Objective& f, Vector& theta) {
  KANPDE_ASSERT(f.has_gauss_newton(), "Levenberg-Marquardt needs a least-squares objective");
  StepResult r;
  Matrix& JtJ = JtJ_;
  Vector& Jtr = Jtr_;
  const double L = f.gauss_newton(theta, JtJ, Jtr);
  ++r.evaluations;
  KANPDE_VERIFY(std::isfinite(L) && JtJ.allFinite() && Jtr.allFinite(),
                "Levenberg-Marquardt: the loss or Jacobian is not finite at the start of the "
                "step");
  r.loss = L;
  r.grad_norm = 2 * Jtr.cwiseAbs().maxCoeff();
  if (r.grad_norm == 0.0) {
    r.converged = true;
    return r;
  }
  Vector& diag = diag_;
  diag = JtJ.diagonal();
  const double floor = 1e-12 * std::max(diag.maxCoeff(), 1e-300);
  diag = diag.cwiseMax(floor);
  for (int attempt = 0; attempt < o_.max_tries; ++attempt) {
    A_ = JtJ;
    A_.diagonal() += lambda_ * diag;
    // Cholesky (blocked, fast) first: with lambda > 0 the matrix is SPD in
    // exact arithmetic; LDLT as the fallback when round-off says otherwise.
    Vector& dx = dx_;
    llt_.compute(A_);
    bool ok = llt_.info() == Eigen::Success;
    if (ok) {
      dx = llt_.solve(-Jtr);
    } else {
      ldlt_.compute(A_);
      ok = ldlt_.info() == Eigen::Success && ldlt_.isPositive();
      if (ok) dx = ldlt_.solve(-Jtr);
    }
    ok = ok && dx.allFinite();
    if (!ok) {
      r.recovered = true;
      lambda_ = std::min(lambda_ * nu_, o_.lambda_max);
      nu_ *= 2;
      continue;
    }
    // Model: L(dx) = L + 2 dx.Jtr + dx.JtJ.dx.
    const double predicted = -(2 * dx.dot(Jtr) + dx.dot(JtJ * dx));
    const Vector trial = theta + dx;
    const double Ln = f.value(trial);
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
