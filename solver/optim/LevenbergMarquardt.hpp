#pragma once
// Levenberg-Marquardt for L = |R(theta)|^2: Gauss-Newton steps
//   (J^T J + lambda (diag(J^T J) + floor)) dtheta = -J^T R
// with the damping adapted from the ratio of actual to predicted decrease
// (Nielsen's rule). The system is solved on the host by one of
//   cholesky: LLT (else LDLT) of the damped normal equations, as assembled;
//   refined:  the same, Jacobi-scaled to unit diagonal, plus two steps of
//             iterative refinement against the unscaled system;
//   qr:       Householder QR of the stacked [J; sqrt(lambda D)] from the dense
//             Jacobian (never squares cond(J); small problems only).
// When a factorisation fails or gives a non-finite step, lambda grows and the
// solve is repeated. A step that does not lower L (or makes it non-finite) is
// rejected and retried with more damping.

#include "solver/optim/Optimizer.hpp"

namespace kanpde::solver::optim {

enum class LmSolve { cholesky, refined, qr };

struct LmOptions {
  double lambda_init = 1e-3;
  double lambda_min = 1e-15;
  double lambda_max = 1e12;
  double increase = 2.0;  // initial growth factor on rejection (doubles on each reject)
  int max_tries = 30;     // rejected solves per step before giving up
  double tolerance_change = 1e-15;
  LmSolve solve = LmSolve::cholesky;
};

class LevenbergMarquardt : public Optimizer {
 public:
  explicit LevenbergMarquardt(const LmOptions& o = {});
  using Options = LmOptions;
  static constexpr const char* kName = "lm";  // in case files
  static constexpr bool kLeastSquares = true;
  const char* name() const override { return kName; }
  StepResult step(Objective& f, Vector& theta) override;
  double damping() const { return lambda_; }
  void reset() override;
  OptimizerState state() const override { return {{lambda_, nu_}, {}}; }
  void set_state(const OptimizerState& s) override;

 private:
  LmOptions o_;
  double lambda_;
  double nu_;
  // Work space kept between steps: P x P matrices allocated per step would be
  // fresh pages (page faults) on every step once the allocator maps them.
  // One damped solve into dx_; false when the factorisation fails.
  bool solve_damped(const Matrix& JtJ, const Vector& Jtr);
  Matrix JtJ_, A_, J_;
  Vector Jtr_, diag_, dx_, R_, scale_;
  Eigen::LLT<Matrix> llt_;
  Eigen::LDLT<Matrix> ldlt_;
};

}  // namespace kanpde::solver::optim
