#include "geometry/Quadrature.hpp"

#include <cmath>

#include "common/Error.hpp"

namespace kanpde::geometry {

GaussRule gauss_legendre(int q) {
  KANPDE_REQUIRE(q >= 1 && q <= 64, "Gauss-Legendre rule: " << q << " points, expected 1 to 64");
  // Newton's method on the Legendre polynomial P_q from Chebyshev-like
  // starting values; the weight on [-1, 1] is 2 / ((1 - t^2) P_q'(t)^2).
  const double pi = 3.14159265358979323846;
  GaussRule r;
  r.node.resize(static_cast<std::size_t>(q));
  r.weight.resize(static_cast<std::size_t>(q));
  // P_q(t) and P_q'(t) by the three-term recurrence.
  auto legendre = [q](double t, double& dp) {
    double p0 = 1.0, p1 = t;  // P_{k-1}, P_k
    for (int k = 2; k <= q; ++k) {
      const double p2 = ((2.0 * k - 1.0) * t * p1 - (k - 1.0) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = q * (t * p1 - p0) / (t * t - 1.0);
    return p1;
  };
  for (int i = 0; i < (q + 1) / 2; ++i) {
    double t = std::cos(pi * (i + 0.75) / (q + 0.5)), dp = 0.0;
    for (int it = 0; it < 100; ++it) {
      const double dt = legendre(t, dp) / dp;
      t -= dt;
      if (std::abs(dt) < 1e-16) break;
    }
    legendre(t, dp);                                   // the derivative at the converged node
    const double w = 1.0 / ((1.0 - t * t) * dp * dp);  // half the [-1, 1] weight
    const auto lo = static_cast<std::size_t>(i), hi = static_cast<std::size_t>(q - 1 - i);
    r.node[lo] = 0.5 * (1.0 - t);
    r.node[hi] = 0.5 * (1.0 + t);
    r.weight[lo] = w;
    r.weight[hi] = w;
  }
  if (q % 2 == 1) r.node[static_cast<std::size_t>(q / 2)] = 0.5;  // the exact centre
  return r;
}

bool supports_gauss(const Domain& domain) {
  return domain.kind() == "box" || domain.kind() == "interval";
}

std::size_t gauss_cells(std::size_t n, int dim, int q) {
  KANPDE_REQUIRE(dim >= 1 && q >= 1, "gauss_cells: dimension " << dim << ", " << q << " points");
  std::size_t m = 1;
  auto count = [&](std::size_t cells) {
    double c = 1.0;
    for (int a = 0; a < dim; ++a) c *= static_cast<double>(cells * static_cast<std::size_t>(q));
    return c;
  };
  while (count(m) < static_cast<double>(n)) ++m;
  return m;
}

PointSet gauss_interior(const Domain& domain, std::size_t n, int q) {
  KANPDE_REQUIRE(supports_gauss(domain),
                 "Gauss quadrature points need a box domain, found a " << domain.kind());
  const int dim = domain.dim();
  const BoundingBox bb = domain.bounding_box();
  const GaussRule rule = gauss_legendre(q);
  const std::size_t m = gauss_cells(n, dim, q), per = m * static_cast<std::size_t>(q);
  // The 1D composite rule on [0, 1]: node and weight per index.
  std::vector<double> node(per), weight(per);
  for (std::size_t c = 0; c < m; ++c)
    for (std::size_t k = 0; k < static_cast<std::size_t>(q); ++k) {
      node[c * static_cast<std::size_t>(q) + k] =
          (static_cast<double>(c) + rule.node[k]) / static_cast<double>(m);
      weight[c * static_cast<std::size_t>(q) + k] = rule.weight[k] / static_cast<double>(m);
    }
  std::size_t total = 1;
  for (int a = 0; a < dim; ++a) total *= per;
  PointSet ps;
  ps.dim = dim;
  ps.part_names = domain.part_names();
  ps.x.resize(total * static_cast<std::size_t>(dim));
  ps.weight.resize(total);
  ps.part.assign(total, -1);
  std::vector<std::size_t> idx(static_cast<std::size_t>(dim), 0);
  for (std::size_t p = 0; p < total; ++p) {
    double w = static_cast<double>(total);
    for (int a = 0; a < dim; ++a) {
      const auto ua = static_cast<std::size_t>(a);
      ps.x[p * static_cast<std::size_t>(dim) + ua] = bb.lo[ua] + bb.extent(a) * node[idx[ua]];
      w *= weight[idx[ua]];
    }
    ps.weight[p] = w;
    for (int a = dim - 1; a >= 0; --a) {  // next index, last axis fastest
      const auto ua = static_cast<std::size_t>(a);
      if (++idx[ua] < per) break;
      idx[ua] = 0;
    }
  }
  return ps;
}

}  // namespace kanpde::geometry
