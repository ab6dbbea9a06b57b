#pragma once
// A small dense Levenberg-Marquardt on the host for the symbolic fits (a few
// to a few hundred parameters): minimises |r(theta)|^2 given a callback that
// fills r (m) and, when asked, J = dr/dtheta (m x n). Marquardt scaling
// (damping on diag(J^T J)), Nielsen's update; a step that does not lower the
// cost, or makes it non-finite (a formula leaving its domain), is rejected
// and retried with more damping.

#include <Eigen/Dense>

#include <functional>

namespace kanpde::solver::symbolic::Impl {

struct DenseLmOptions {
  int max_iterations = 100;
  double lambda_init = 1e-3;
  double tolerance = 1e-30;        // stop when the cost is below this
  double relative_change = 1e-15;  // or when a step changes it by less than this (relative)
};

struct DenseLmResult {
  double initial_cost = 0.0;  // |r|^2 at the start
  double cost = 0.0;          // |r|^2 at the end
  int iterations = 0;
};

// Returns false when r (or J) is not finite at theta.
using ResidualFunction =
    std::function<bool(const Eigen::VectorXd& theta, Eigen::VectorXd& r, Eigen::MatrixXd* J)>;

DenseLmResult dense_lm(const ResidualFunction& f, Eigen::VectorXd& theta,
                       const DenseLmOptions& options = {});

}  // namespace kanpde::solver::symbolic::Impl
