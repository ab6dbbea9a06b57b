#include "solver/fd/FdSolution.hpp"

#include <cmath>
#include <limits>

#include "common/Error.hpp"

namespace kanpde::solver::fd {

void FdSolution::point(std::size_t node, double* x) const {
  const std::size_t nx = coords[0].size(), ny = coords[1].size();
  const std::size_t idx[3] = {node % nx, (node / nx) % ny, node / (nx * ny)};
  for (int a = 0; a < dim; ++a) x[a] = coords[a][idx[a]];
}

FdErrors fd_errors(const FdSolution& s, const ScalarField& exact) {
  KANPDE_REQUIRE(static_cast<bool>(exact), "fd_errors: no exact solution given");
  std::vector<double> ex(s.nodes(), 0.0);
  double x[3] = {0.0, 0.0, 0.0};
  double shift = 0.0;
  FdErrors e;
  for (std::size_t node = 0; node < s.nodes(); ++node) {
    if (!s.active[node]) continue;
    s.point(node, x);
    ex[node] = exact(x);
    shift += ex[node] - s.u[node];
    ++e.nodes;
  }
  shift = (s.report.pure_neumann && e.nodes > 0) ? shift / static_cast<double>(e.nodes) : 0.0;
  double num = 0.0, den = 0.0;
  for (std::size_t node = 0; node < s.nodes(); ++node) {
    if (!s.active[node]) continue;
    const double d = s.u[node] + shift - ex[node];
    num += d * d;
    den += ex[node] * ex[node];
    e.max_abs = std::max(e.max_abs, std::abs(d));
  }
  e.rel_l2 = den > 0.0 ? std::sqrt(num / den) : std::sqrt(num);
  return e;
}

double observed_order(double h1, double e1, double h2, double e2) {
  if (!(h1 > 0 && h2 > 0 && e1 > 0 && e2 > 0) || h1 == h2)
    return std::numeric_limits<double>::quiet_NaN();
  return std::log(e1 / e2) / std::log(h1 / h2);
}

}  // namespace kanpde::solver::fd
