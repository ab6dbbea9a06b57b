// Gauss-Legendre quadrature points (geometry/Quadrature.hpp): the 1D rule's
// exactness degree (and that it is not exact one degree above), the tensor
// rule's count, weights and points, the integral of smooth functions over a
// non-square box, and non-box domains refused.
#include <gtest/gtest.h>

#include <cmath>

#include "Shapes.hpp"
#include "common/Error.hpp"
#include "geometry/Quadrature.hpp"

namespace kanpde::test {
namespace {

double rule_sum(const GaussRule& r, int k) {
  double s = 0.0;
  for (std::size_t i = 0; i < r.node.size(); ++i) s += r.weight[i] * std::pow(r.node[i], k);
  return s;
}

// q points integrate x^k exactly for k <= 2q - 1 (to round-off, 1e-14) and
// not x^(2q) (the Gauss error term (q!)^4 / ((2q + 1) ((2q)!)^2) is 9e-8 at q = 6).
TEST(GeometryQuadrature, GaussLegendreIsExactToDegree2qMinus1) {
  for (int q = 1; q <= 12; ++q) {
    const GaussRule r = gauss_legendre(q);
    ASSERT_EQ(r.node.size(), static_cast<std::size_t>(q));
    for (std::size_t i = 0; i < r.node.size(); ++i) {
      EXPECT_GT(r.node[i], 0.0);
      EXPECT_LT(r.node[i], 1.0);
      EXPECT_GT(r.weight[i], 0.0);
      if (i > 0) {
        EXPECT_GT(r.node[i], r.node[i - 1]);
      }
    }
    for (int k = 0; k <= 2 * q - 1; ++k)
      EXPECT_NEAR(rule_sum(r, k), 1.0 / (k + 1), 1e-14) << q << " points, degree " << k;
    if (q <= 6) {
      EXPECT_GT(std::abs(rule_sum(r, 2 * q) - 1.0 / (2 * q + 1)), 1e-8) << q;
    }
  }
  EXPECT_THROW(gauss_legendre(0), InputError);
}

TEST(GeometryQuadrature, TensorRuleOnABox) {
  const Box box({-1.0, 0.5}, {2.0, 1.0});  // 3 x 0.5: not a square
  EXPECT_TRUE(supports_gauss(box));
  EXPECT_EQ(gauss_cells(4000, 2), 16u);  // 64^2 = 4096 >= 4000 > 60^2
  EXPECT_EQ(gauss_cells(10000, 2), 25u);
  EXPECT_EQ(gauss_cells(1, 3), 1u);
  const PointSet ps = gauss_interior(box, 4000);
  ASSERT_EQ(ps.size(), 4096u);
  ASSERT_EQ(ps.weight.size(), 4096u);
  double wsum = 0.0, poly = 0.0, smooth = 0.0;
  for (std::size_t p = 0; p < ps.size(); ++p) {
    const double x = ps.point(p)[0], y = ps.point(p)[1];
    EXPECT_LT(box.signed_distance(ps.point(p)), 0.0);
    EXPECT_EQ(ps.part[p], -1);
    wsum += ps.weight[p];
    poly += ps.weight[p] * std::pow(x, 7) * std::pow(y, 6);
    smooth += ps.weight[p] * std::sin(3 * x) * std::exp(y);
  }
  const double n = static_cast<double>(ps.size()), area = 1.5;
  EXPECT_NEAR(wsum / n, 1.0, 1e-14);
  // (1/N) sum w g = (1/|box|) integral g. Degree 7 x 6: exact (round-off);
  // sin(3x) e^y: the composite 4-point rule's error on 16 cells per axis is
  // ~ (h/2)^8 g^(8) / 3e3 ~ 1e-11 here.
  const double int_poly = (std::pow(2.0, 8) - 1.0) / 8 * (1.0 - std::pow(0.5, 7)) / 7;
  const double int_smooth = (std::cos(-3.0) - std::cos(6.0)) / 3 * (std::exp(1.0) - std::exp(0.5));
  EXPECT_NEAR(poly / n * area, int_poly, 1e-13 * std::abs(int_poly));
  EXPECT_NEAR(smooth / n * area, int_smooth, 1e-10 * std::abs(int_smooth));
  // A second call gives the same points and weights, bit for bit.
  const PointSet again = gauss_interior(box, 4000);
  EXPECT_EQ(again.x, ps.x);
  EXPECT_EQ(again.weight, ps.weight);
}

TEST(GeometryQuadrature, NonBoxDomainsAreRefused) {
  const Ball disk({0.0, 0.0}, 1.0);
  EXPECT_FALSE(supports_gauss(disk));
  EXPECT_THROW(gauss_interior(disk, 100), InputError);
}

}  // namespace
}  // namespace kanpde::test
