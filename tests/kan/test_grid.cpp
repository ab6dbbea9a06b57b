// Grid update and grid extension: the function is kept where it should be,
// and degenerate samples never produce NaN or collapsed knots.
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

#include "Helpers.hpp"
#include "kan/BSpline.hpp"
#include "kan/Grid.hpp"

namespace {

using namespace kanpde;
using kan::JetMode;

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

void expect_valid(const test::Net& net) {
  for (double v : net.params_host()) ASSERT_TRUE(std::isfinite(v));
  const auto t = net.knots_host();
  const int kpi = net.layout().knots_per_input();
  for (std::size_t q = 0; q < t.size(); ++q) {
    ASSERT_TRUE(std::isfinite(t[q]));
    if (q % static_cast<std::size_t>(kpi) != 0) {
      ASSERT_GT(t[q], t[q - 1]);
    }
  }
}

// Replaces every layer-0 spline by the cubic 0.3 x^3 - x + 0.2 (fitted on the
// current knots, where it is represented exactly).
void make_layer0_cubic(test::Net& net) {
  const kan::Layout& lay = net.layout();
  auto params = net.params_host();
  const auto knots = net.knots_host();
  for (int i = 0; i < lay.width(0); ++i) {
    const double* t = knots.data() + lay.knot_index(0, i, 0);
    const int nb = lay.basis_per_edge(), np = 200;
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(np, nb);
    Eigen::VectorXd y(np);
    for (int q = 0; q < np; ++q) {
      const double x = t[3] + (t[nb] - t[3]) * (q + 0.5) / np;
      double B[1][4];
      const int span = kan::bspline_eval<3, 0>(t, lay.knots_per_input() - 1, 0.0, x, B);
      for (int a = 0; a <= 3; ++a) A(q, span - 3 + a) = B[0][a];
      y(q) = 0.3 * x * x * x - x + 0.2;
    }
    const Eigen::VectorXd c = A.colPivHouseholderQr().solve(y);
    for (int o = 0; o < lay.width(1); ++o)
      for (int m = 0; m < nb; ++m) params[lay.coef_index(0, i, o, m)] = c(m) * (1 + 0.1 * o);
  }
  net.set_params(params);
}

TEST(GridUpdate, KeepsASplineTheNewKnotsCanRepresent) {
  auto net = test::random_network({2, 3}, 5, 3, 1);
  make_layer0_cubic(net);
  // Samples clustered towards one corner: the quantile knots move.
  auto x = test::random_points(500, 2, 0.0, 1.0, 2);
  for (double& v : x) v = -0.8 + 1.5 * v * v;
  const auto before = test::jets(net, x, JetMode::value);
  const auto knots_before = net.knots_host();
  kan::update_grid(net, x, {0.02, 0.0});
  expect_valid(net);
  EXPECT_GT(max_abs_diff(knots_before, net.knots_host()), 0.05);
  // Cubics lie in every cubic spline space: kept to round-off (ridge ~1e-16).
  EXPECT_LT(max_abs_diff(before, test::jets(net, x, JetMode::value)), 1e-9);
}

TEST(GridUpdate, SameKnotsWhenSamplesFillTheGridUniformly) {
  auto net = test::random_network({2, 4, 1}, 6, 3, 3);
  // Samples on a regular lattice covering exactly [-1, 1]^2, grid_eps = 1:
  // layer 0 gets back its own knots and the refit is exact.
  std::vector<double> x;
  for (int a = 0; a <= 60; ++a)
    for (int b = 0; b <= 60; ++b) {
      x.push_back(-1.0 + a / 30.0);
      x.push_back(-1.0 + b / 30.0);
    }
  const auto t0 = net.knots_host();
  const auto v0 = test::jets(net, x, JetMode::value);
  kan::update_grid(net, x, {1.0, 0.0});
  const auto t1 = net.knots_host();
  for (int s = 0; s < 2 * net.layout().knots_per_input(); ++s)
    EXPECT_NEAR(t0[static_cast<std::size_t>(s)], t1[static_cast<std::size_t>(s)], 1e-14);
  // Layer 1 knots adapt to its inputs; its splines are refit, so the output
  // moves a little: the stated tolerance for a generic spline is 5 % of the
  // output's range.
  const auto v1 = test::jets(net, x, JetMode::value);
  const auto [mn, mx] = std::minmax_element(v0.begin(), v0.end());
  EXPECT_LT(max_abs_diff(v0, v1), 0.05 * (*mx - *mn));
}

TEST(GridUpdate, DegenerateSamplesNeverProduceNaN) {
  // All samples equal; all in one grid interval; heavy duplicates.
  std::vector<std::vector<double>> sets;
  sets.push_back(std::vector<double>(200, 0.25));
  sets.push_back(test::random_points(100, 2, 0.1, 0.12, 5));
  std::vector<double> dup;
  for (int q = 0; q < 300; ++q) {
    dup.push_back(q % 3 == 0 ? 0.5 : -0.5);
    dup.push_back(q % 5 == 0 ? 0.7 : 0.7);
  }
  sets.push_back(dup);
  for (const auto& x : sets) {
    auto net = test::random_network({2, 3, 1}, 5, 3, 7);
    make_layer0_cubic(net);
    const auto before = test::jets(net, x, JetMode::value);
    kan::update_grid(net, x, {0.0, 0.0});  // pure quantiles: the hardest case
    expect_valid(net);
    const auto after = test::jets(net, x, JetMode::value);
    for (double v : after) ASSERT_TRUE(std::isfinite(v));
    // On the samples themselves the function is kept: at most a few distinct
    // values per input, far fewer than the basis size, so the fit is exact up
    // to the ridge.
    EXPECT_LT(max_abs_diff(before, after), 1e-6);
  }
  // Non-finite samples are refused with a message.
  auto net = test::random_network({2, 3, 1}, 5, 3, 7);
  std::vector<double> bad = {0.1, 0.2, std::nan(""), 0.3};
  EXPECT_THROW(kan::update_grid(net, bad), RuntimeFailure);
}

TEST(GridUpdate, KnotsFromSamplesAreStrictlyIncreasing) {
  for (int G : {1, 3, 10, 40}) {
    for (double eps : {0.0, 0.02, 1.0}) {
      std::vector<double> s(97, 1.0);
      s[0] = 0.0;
      const auto t = kan::Impl::knots_from_samples(s, G, 3, {eps, 0.0});
      ASSERT_EQ(t.size(), static_cast<std::size_t>(G + 7));
      for (std::size_t q = 1; q < t.size(); ++q) ASSERT_GT(t[q], t[q - 1]) << G << " " << eps;
      EXPECT_DOUBLE_EQ(t[3], 0.0);
      EXPECT_DOUBLE_EQ(t[static_cast<std::size_t>(G + 3)], 1.0);
    }
  }
}

TEST(GridExtension, NestedUniformRefinementIsExact) {
  auto net = test::random_network({2, 3, 2}, 5, 3, 11);
  // Adapt the hidden layer's grid to where its inputs fall, so that every
  // evaluation point below stays inside every layer's grid range.
  const auto x = test::random_points(400, 2, -1.0, 1.0, 12);
  kan::update_grid(net, x, {1.0, 0.0});
  const auto v0 = test::jets(net, x, JetMode::laplacian);
  const auto net10 = kan::extend_grid(net, 10);
  const auto net20 = kan::extend_grid(net10, 20);
  EXPECT_EQ(net20.layout().grid_size(), 20);
  expect_valid(net20);
  // Knot insertion: the old spline is in the new space; the transfer is exact
  // up to round-off, derivatives included.
  EXPECT_LT(max_abs_diff(v0, test::jets(net10, x, JetMode::laplacian)), 1e-9);
  EXPECT_LT(max_abs_diff(v0, test::jets(net20, x, JetMode::laplacian)), 1e-9);
}

TEST(GridExtension, NonNestedRefinementIsClose) {
  auto net = test::random_network({2, 3, 1}, 5, 3, 13);
  const auto x = test::random_points(400, 2, -1.0, 1.0, 14);
  kan::update_grid(net, x, {1.0, 0.0});
  const auto v0 = test::jets(net, x, JetMode::value);
  const auto net7 = kan::extend_grid(net, 7);
  // 5 -> 7 intervals is not a refinement; a least-squares transfer of a
  // spline with O(1) coefficients keeps it to 2 % of its range.
  const auto v1 = test::jets(net7, x, JetMode::value);
  const auto [mn, mx] = std::minmax_element(v0.begin(), v0.end());
  EXPECT_LT(max_abs_diff(v0, v1), 0.02 * (*mx - *mn));
  EXPECT_THROW(kan::extend_grid(net, 0), InputError);
}

}  // namespace
