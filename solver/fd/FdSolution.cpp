#include "solver/fd/FdSolution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "common/Error.hpp"

namespace kanpde::solver::fd {

std::string FdReport::accuracy() const {
  if (expected_order() >= 2) return "second order";
  std::string why;
  if (boundary_order < 2) why = "Neumann/Robin rows on a curved boundary";
  if (mixed_order < 2)
    why += (why.empty() ? "" : "; ") + std::string("one-sided mixed derivatives at the boundary");
  for (const std::string& j : data_jumps) why += (why.empty() ? "" : "; ") + j;
  if (advection_order < 2) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "cell Péclet number %.3g > 2", peclet);
    why += (why.empty() ? "" : "; ") + std::string(buf);
  }
  if (boundary_order >= 2 && data_order >= 2 && mixed_order >= 2)
    return "first order (" + why + ")";
  return "first order near the boundary or the jump (" + why + ")";
}

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

double interpolate(const FdSolution& s, const double* x) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::size_t cell[3] = {0, 0, 0};
  double t[3] = {0.0, 0.0, 0.0};
  for (int a = 0; a < s.dim; ++a) {
    const std::vector<double>& c = s.coords[a];
    const std::size_t n = c.size();
    if (n < 2) return nan;
    const double h = (c.back() - c.front()) / static_cast<double>(n - 1);
    const double tol = 1e-9 * (c.back() - c.front());
    if (!(x[a] >= c.front() - tol && x[a] <= c.back() + tol)) return nan;
    const double q = std::min(std::max((x[a] - c.front()) / h, 0.0), static_cast<double>(n - 1));
    cell[a] = std::min(static_cast<std::size_t>(q), n - 2);
    t[a] = q - static_cast<double>(cell[a]);
  }
  double sum = 0.0, wsum = 0.0;
  for (int corner = 0; corner < (1 << s.dim); ++corner) {
    int ijk[3] = {0, 0, 0};
    double w = 1.0;
    for (int a = 0; a < s.dim; ++a) {
      const int up = (corner >> a) & 1;
      ijk[a] = static_cast<int>(cell[a]) + up;
      w *= up ? t[a] : 1.0 - t[a];
    }
    const double u = s.u[s.index(ijk[0], ijk[1], ijk[2])];
    if (std::isnan(u) || w == 0.0) continue;
    sum += w * u;
    wsum += w;
  }
  return wsum > 0.0 ? sum / wsum : nan;
}

double observed_order(double h1, double e1, double h2, double e2) {
  if (!(h1 > 0 && h2 > 0 && e1 > 0 && e2 > 0) || h1 == h2)
    return std::numeric_limits<double>::quiet_NaN();
  return std::log(e1 / e2) / std::log(h1 / h2);
}

}  // namespace kanpde::solver::fd
