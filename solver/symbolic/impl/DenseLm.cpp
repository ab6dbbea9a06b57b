#include "solver/symbolic/impl/DenseLm.hpp"

#include <cmath>
#include <limits>

namespace kanpde::solver::symbolic::Impl {

DenseLmResult dense_lm(const ResidualFunction& f, Eigen::VectorXd& theta, const DenseLmOptions& o) {
  DenseLmResult res;
  Eigen::VectorXd r, r_new;
  Eigen::MatrixXd J;
  if (!f(theta, r, &J) || !J.allFinite()) {
    res.initial_cost = res.cost = std::numeric_limits<double>::infinity();
    return res;
  }
  double cost = r.squaredNorm();
  res.initial_cost = cost;
  const Eigen::Index n = theta.size();
  double lambda = o.lambda_init, nu = 2.0;
  for (int it = 0; it < o.max_iterations && cost > o.tolerance; ++it) {
    res.iterations = it + 1;
    const Eigen::MatrixXd JtJ = J.transpose() * J;
    const Eigen::VectorXd g = J.transpose() * r;
    Eigen::VectorXd diag = JtJ.diagonal();
    const double dmax = diag.size() ? diag.maxCoeff() : 0.0;
    for (Eigen::Index i = 0; i < n; ++i) diag(i) = std::max(diag(i), 1e-12 * dmax + 1e-300);
    bool accepted = false;
    for (int tries = 0; tries < 40 && !accepted; ++tries) {
      Eigen::MatrixXd A = JtJ;
      A.diagonal() += lambda * diag;
      const Eigen::VectorXd step = A.ldlt().solve(-g);
      if (!step.allFinite()) {
        lambda *= nu;
        nu *= 2.0;
        continue;
      }
      const Eigen::VectorXd trial = theta + step;
      const double predicted = -(step.dot(g) * 2.0 + step.dot(JtJ * step));
      if (f(trial, r_new, nullptr)) {
        const double c_new = r_new.squaredNorm();
        if (std::isfinite(c_new) && c_new < cost) {
          const double rho = predicted > 0.0 ? (cost - c_new) / predicted : 0.0;
          lambda *= std::max(1.0 / 3.0, 1.0 - std::pow(2.0 * rho - 1.0, 3));
          lambda = std::max(lambda, 1e-15);
          nu = 2.0;
          const double change = (cost - c_new) / cost;
          theta = trial;
          cost = c_new;
          accepted = true;
          if (!f(theta, r, &J) || !J.allFinite()) {
            res.cost = cost;
            return res;
          }
          if (change < o.relative_change) {
            res.cost = cost;
            return res;
          }
          break;
        }
      }
      lambda *= nu;
      nu *= 2.0;
      if (lambda > 1e16) break;
    }
    if (!accepted) break;
  }
  res.cost = cost;
  return res;
}

}  // namespace kanpde::solver::symbolic::Impl
