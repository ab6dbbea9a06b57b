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
  KANPDE_VERIFY(f.has_gauss_newton(), "Levenberg-Marquardt needs a least-squares objective");
  StepResult r;
  Matrix JtJ;
  Vector Jtr;
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
  Vector diag = JtJ.diagonal();
  const double floor = 1e-12 * std::max(diag.maxCoeff(), 1e-300);
  diag = diag.cwiseMax(floor);
  for (int attempt = 0; attempt < o_.max_tries; ++attempt) {
    Matrix A = JtJ;
    A.diagonal() += lambda_ * diag;
    // Cholesky (blocked, fast) first: with lambda > 0 the matrix is SPD in
    // exact arithmetic; LDLT as the fallback when round-off says otherwise.
    Vector dx;
    Eigen::LLT<Matrix> llt(A);
    bool ok = llt.info() == Eigen::Success;
    if (ok) {
      dx = llt.solve(-Jtr);
    } else {
      Eigen::LDLT<Matrix> ldlt(A);
      ok = ldlt.info() == Eigen::Success && ldlt.isPositive();
      if (ok) dx = ldlt.solve(-Jtr);
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
