#include "solver/case/InterfaceDefaults.hpp"

#include <algorithm>
#include <cmath>

#include "solver/case/CaseSpec.hpp"
#include "solver/expr/Field.hpp"

namespace kanpde::solver {

double interface_measure(const std::string& phi, const geometry::Domain& domain) {
  const int d = domain.dim();
  const expr::Field f = expr::Field::compile(phi, d);
  const geometry::BoundingBox bb = domain.bounding_box();
  const std::size_t ud = static_cast<std::size_t>(d);
  if (d == 1) {  // sign changes along the interval
    const int n = 4097;
    double count = 0.0, prev = 0.0;
    bool have = false;
    for (int i = 0; i < n; ++i) {
      double x[1] = {bb.lo[0] + bb.extent(0) * i / (n - 1)};
      if (!domain.contains(x)) continue;
      const double v = f.value(x);
      if (have && (v > 0) != (prev > 0)) count += 1.0;
      prev = v;
      have = true;
    }
    return count;
  }
  const int n = d == 2 ? 257 : 49;
  double h = 0.0;
  for (int a = 0; a < d; ++a) h = std::max(h, bb.extent(a) / (n - 1));
  std::vector<int> cells(ud);
  std::size_t total = 1;
  for (std::size_t a = 0; a < ud; ++a) {
    cells[a] = std::max(2, static_cast<int>(std::ceil(bb.extent(static_cast<int>(a)) / h)) + 1);
    total *= static_cast<std::size_t>(cells[a]);
  }
  // A smoothed delta of the distance estimate t = phi / |grad phi|, a raised
  // cosine of half-width 2 h (wider than the spacing, so that a surface's
  // position against the nodes does not matter), with trapezoid weights at
  // the bounding box's faces.
  const double eps = 2.0 * h, pi = std::acos(-1.0);
  std::vector<double> jet(1 + ud + ud * ud);
  double sum = 0.0;
  for (std::size_t k = 0; k < total; ++k) {
    double x[3] = {0, 0, 0}, w = 1.0;
    std::size_t r = k;
    for (std::size_t a = 0; a < ud; ++a) {
      const auto m = static_cast<std::size_t>(cells[a]);
      const std::size_t i = r % m;
      x[a] = std::min(bb.lo[a] + h * static_cast<double>(i), bb.hi[a]);
      if (i == 0 || i + 1 == m) w *= 0.5;
      r /= m;
    }
    if (!domain.contains(x)) continue;
    f.jet(x, jet.data());
    double g2 = 0.0;
    for (std::size_t a = 0; a < ud; ++a) g2 += jet[1 + a] * jet[1 + a];
    if (!(g2 > 0.0) || !std::isfinite(jet[0])) continue;
    const double t = std::abs(jet[0]) / std::sqrt(g2);
    if (t < eps) sum += w * (1.0 + std::cos(pi * t / eps)) / (2.0 * eps);
  }
  return sum * std::pow(h, d);
}

double interface_size(const std::string& phi, const geometry::Domain& domain) {
  const int d = domain.dim();
  const double v = domain.measure();
  if (!(v > 0.0)) return 0.0;
  return interface_measure(phi, domain) / std::pow(v, static_cast<double>(d - 1) / d);
}

void interface_point_defaults(const std::vector<InterfaceSpec>& interfaces,
                              const geometry::Domain& domain, PointCountDefaults& c) {
  if (interfaces.empty()) return;
  double grow = 1.0;
  for (const InterfaceSpec& i : interfaces) grow += 2.0 * interface_size(i.level_set, domain);
  c.interior = static_cast<int>(std::lround(c.interior * std::min(grow, 3.0)));
}

}  // namespace kanpde::solver
