#include "solver/metrics/Metrics.hpp"

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"

namespace kanpde::solver {

Accuracy accuracy(const std::vector<double>& u, const std::vector<double>& exact,
                  const std::vector<double>& grad, const std::vector<double>& exact_grad) {
  KANPDE_ASSERT(u.size() == exact.size(), "accuracy: value arrays differ in length");
  KANPDE_ASSERT(grad.size() == exact_grad.size(), "accuracy: gradient arrays differ in length");
  Accuracy a;
  a.points = u.size();
  if (u.empty()) return a;
  double e2 = 0, n2 = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double d = u[i] - exact[i];
    e2 += d * d;
    n2 += exact[i] * exact[i];
    a.max_abs = std::max(a.max_abs, std::abs(d));
  }
  a.mse = e2 / static_cast<double>(u.size());
  a.rel_l2 = n2 > 0 ? std::sqrt(e2 / n2) : std::sqrt(e2);
  if (!grad.empty()) {
    double g2 = 0, m2 = 0;
    for (std::size_t i = 0; i < grad.size(); ++i) {
      const double d = grad[i] - exact_grad[i];
      g2 += d * d;
      m2 += exact_grad[i] * exact_grad[i];
    }
    a.h1_semi_rel = m2 > 0 ? std::sqrt(g2 / m2) : std::sqrt(g2);
  }
  return a;
}

double observed_order(double h1, double e1, double h2, double e2) {
  if (!(h1 > 0 && h2 > 0 && e1 > 0 && e2 > 0) || h1 == h2) return std::nan("");
  return std::log(e1 / e2) / std::log(h1 / h2);
}

}  // namespace kanpde::solver
