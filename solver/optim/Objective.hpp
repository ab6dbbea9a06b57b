#pragma once
// What the optimizers minimise: a smooth function of a parameter vector,
// with its gradient, and optionally the Gauss-Newton pieces of a
// least-squares loss  L = |R(theta)|^2  (J^T J and J^T R, J = dR/dtheta).
// Optimizers work on host vectors: KANs have a few hundred to a few tens of
// thousands of parameters, so the vector arithmetic is cheap next to the
// kernels behind value() and gradient().

#include <Eigen/Dense>

#include <cstddef>
#include <vector>

namespace kanpde::solver::optim {

using Vector = Eigen::VectorXd;
using Matrix = Eigen::MatrixXd;

class Objective {
 public:
  virtual ~Objective() = default;
  virtual std::size_t size() const = 0;
  virtual double value(const Vector& theta) = 0;
  virtual double value_and_gradient(const Vector& theta, Vector& grad) = 0;
  virtual bool has_gauss_newton() const { return false; }
  // Returns L; fills JtJ = J^T J and Jtr = J^T R.
  virtual double gauss_newton(const Vector& theta, Matrix& JtJ, Vector& Jtr);
  // The dense J and R themselves (small problems only): returns L = |R|^2.
  virtual bool has_jacobian() const { return false; }
  virtual double jacobian(const Vector& theta, Matrix& J, Vector& R);
};

// The internal state of an optimizer, flattened for checkpoints: a few
// numbers and a few vectors (moments, L-BFGS history). Restoring it makes the
// next steps exactly those the optimizer would have taken.
struct OptimizerState {
  std::vector<double> scalars;
  std::vector<Vector> vectors;
};

// What one optimizer step did.
struct StepResult {
  double loss = 0.0;       // at the new parameters
  double grad_norm = 0.0;  // max-norm of the gradient where known (0 otherwise)
  bool converged = false;  // a stopping tolerance was met; further steps do nothing
  bool recovered = false;  // a non-finite value was met and handled (step damped/rejected)
  int evaluations = 0;     // objective evaluations this step
};

}  // namespace kanpde::solver::optim
