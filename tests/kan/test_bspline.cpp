// B-spline basis: partition of unity, polynomial reproduction, derivatives
// against finite differences and against a plain recursive reference, support,
// span lookup.
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <cmath>
#include <string>
#include <vector>

#include "Reference.hpp"
#include "common/Random.hpp"
#include "kan/BSpline.hpp"
#include "kan/BaseFunction.hpp"

namespace {

using namespace kanpde;

// Uniform (jitter = 0) or perturbed knots over [-1, 2] with G intervals.
std::vector<double> make_knots(int G, int k, double jitter, std::uint64_t seed) {
  SplitMix64 rng(seed);
  const double lo = -1.0, h = 3.0 / G;
  std::vector<double> t(static_cast<std::size_t>(G + 2 * k + 1));
  for (std::size_t s = 0; s < t.size(); ++s)
    t[s] = lo + (static_cast<double>(s) - k) * h + jitter * h * rng.uniform(-0.4, 0.4);
  return t;
}

// Full basis vector (G+k values) and its derivatives of order 0..3 at x.
template <int K>
std::vector<std::vector<double>> full_basis(const std::vector<double>& t, double inv_h, double x) {
  const int n = static_cast<int>(t.size()) - 1, nb = n - K;
  double B[4][K + 1];
  const int span = kan::bspline_eval<K, 3>(t.data(), n, inv_h, x, B);
  std::vector<std::vector<double>> out(4, std::vector<double>(static_cast<std::size_t>(nb), 0.0));
  if (span < 0) return out;
  for (int r = 0; r < 4; ++r)
    for (int a = 0; a <= K; ++a) {
      const int m = span - K + a;
      if (m >= 0 && m < nb) out[static_cast<std::size_t>(r)][static_cast<std::size_t>(m)] = B[r][a];
    }
  return out;
}

template <class T>
class BSplineTest : public ::testing::Test {};
using Orders = ::testing::Types<std::integral_constant<int, 1>, std::integral_constant<int, 2>,
                                std::integral_constant<int, 3>, std::integral_constant<int, 4>,
                                std::integral_constant<int, 5>>;
// Named after the order (k1 ... k5); an explicit generator also keeps clang's
// -Wgnu-zero-variadic-macro-arguments quiet.
struct OrderName {
  template <class T>
  static std::string GetName(int) {
    return "k" + std::to_string(T::value);
  }
};
TYPED_TEST_SUITE(BSplineTest, Orders, OrderName);

TYPED_TEST(BSplineTest, PartitionOfUnityOnTheGridRange) {
  constexpr int K = TypeParam::value;
  for (double jitter : {0.0, 1.0}) {
    const int G = 7;
    const auto t = make_knots(G, K, jitter, 11);
    for (int q = 0; q <= 500; ++q) {
      const double x = t[K] + (t[G + K] - t[K]) * q / 500.0 * 0.999999;
      const auto b = full_basis<K>(t, 0.0, x);
      double sum = 0.0, dsum = 0.0;
      for (std::size_t m = 0; m < b[0].size(); ++m) {
        sum += b[0][m];
        dsum += b[1][m];
        EXPECT_GE(b[0][m], -1e-15);
      }
      EXPECT_NEAR(sum, 1.0, 1e-14) << "x=" << x;
      EXPECT_NEAR(dsum, 0.0, 1e-11) << "x=" << x;  // derivative of a constant
    }
  }
}

TYPED_TEST(BSplineTest, ReproducesPolynomialsUpToItsDegree) {
  constexpr int K = TypeParam::value;
  const int G = 6;
  const auto t = make_knots(G, K, 1.0, 5);
  const int nb = G + K;
  // Greville abscissae reproduce x exactly (Marsden's identity).
  for (int q = 0; q <= 200; ++q) {
    const double x = t[K] + (t[G + K] - t[K]) * q / 200.0 * 0.999999;
    const auto b = full_basis<K>(t, 0.0, x);
    double s = 0.0;
    for (int m = 0; m < nb; ++m) {
      double xi = 0.0;
      for (int r = 1; r <= K; ++r) xi += t[static_cast<std::size_t>(m + r)];
      s += xi / K * b[0][static_cast<std::size_t>(m)];
    }
    EXPECT_NEAR(s, x, 1e-13);
  }
  // Every polynomial of degree <= K lies in the spline space: a least-squares
  // fit leaves only round-off (relative to the polynomial's size, about 10).
  const int np = 300;
  Eigen::MatrixXd A(np, nb);
  Eigen::VectorXd y(np);
  for (int q = 0; q < np; ++q) {
    const double x = t[K] + (t[G + K] - t[K]) * (q + 0.5) / np;
    const auto b = full_basis<K>(t, 0.0, x);
    for (int m = 0; m < nb; ++m) A(q, m) = b[0][static_cast<std::size_t>(m)];
    y(q) = std::pow(x - 0.3, K) - 2.0 * x + 1.0;
  }
  const Eigen::VectorXd c = A.colPivHouseholderQr().solve(y);
  EXPECT_LT((A * c - y).cwiseAbs().maxCoeff(), 1e-11);
}

TYPED_TEST(BSplineTest, DerivativesMatchReferenceAndFiniteDifferences) {
  constexpr int K = TypeParam::value;
  const int G = 5;
  const auto t = make_knots(G, K, 1.0, 3);
  SplitMix64 rng(7);
  using HD = test::HyperDual<double, 1>;
  for (int s = 0; s < static_cast<int>(t.size()) - 1; ++s) {
    // points well inside span s (the pieces are polynomials there)
    const double x = t[s] + (t[s + 1] - t[s]) * rng.uniform(0.2, 0.8);
    const auto b = full_basis<K>(t, 0.0, x);
    const double h = 1e-5 * (t[s + 1] - t[s]);
    const auto bp = full_basis<K>(t, 0.0, x + h), bm = full_basis<K>(t, 0.0, x - h);
    HD xd(x);
    xd.g[0] = 1.0;
    for (std::size_t m = 0; m < b[0].size(); ++m) {
      const HD ref = test::bspline_reference(t, static_cast<int>(m), K, xd);
      const double scale = 1.0 / std::pow(t[1] - t[0], 2);
      EXPECT_NEAR(b[0][m], ref.v, 1e-14);
      EXPECT_NEAR(b[1][m], ref.g[0], 1e-12 * scale);
      EXPECT_NEAR(b[2][m], K >= 2 ? ref.h[0][0] : 0.0, 1e-11 * scale);
      // Central differences of order r-1 give order r with O(h^2) error.
      for (int r = 1; r <= 3; ++r) {
        const double fd =
            (bp[static_cast<std::size_t>(r - 1)][m] - bm[static_cast<std::size_t>(r - 1)][m]) /
            (2 * h);
        const double tol = 1e-6 * std::pow(1.0 / (t[1] - t[0]), r) * (1 + std::abs(b[r][m]));
        EXPECT_NEAR(b[static_cast<std::size_t>(r)][m], fd, tol) << "r=" << r << " m=" << m;
      }
    }
  }
}

TYPED_TEST(BSplineTest, SupportAndOutsideTheKnots) {
  constexpr int K = TypeParam::value;
  const int G = 4;
  const auto t = make_knots(G, K, 0.0, 1);
  const int n = static_cast<int>(t.size()) - 1;
  for (int q = 0; q <= 400; ++q) {
    const double x = t.front() - 0.5 + (t.back() - t.front() + 1.0) * q / 400.0;
    const auto b = full_basis<K>(t, 0.0, x);
    for (std::size_t m = 0; m < b[0].size(); ++m)
      if (x < t[m] || x >= t[m + K + 1]) {
        EXPECT_EQ(b[0][m], 0.0) << "m=" << m << " x=" << x;
      }
  }
  double B[2][K + 1];
  EXPECT_EQ((kan::bspline_eval<K, 1>(t.data(), n, 0.0, t.back(), B)), -1);
  EXPECT_EQ((kan::bspline_eval<K, 1>(t.data(), n, 0.0, t.front() - 1e-9, B)), -1);
  EXPECT_EQ((kan::bspline_eval<K, 1>(t.data(), n, 0.0, std::nan(""), B)), -1);
  for (int a = 0; a <= K; ++a) EXPECT_EQ(B[0][a], 0.0);
}

TYPED_TEST(BSplineTest, UniformLookupEqualsBinarySearch) {
  constexpr int K = TypeParam::value;
  const int G = 9;
  const auto t = make_knots(G, K, 0.0, 1);
  const double inv_h = 1.0 / (t[1] - t[0]);
  const int n = static_cast<int>(t.size()) - 1;
  SplitMix64 rng(3);
  for (int q = 0; q < 2000; ++q) {
    // include the knots themselves, where round-off decides the span
    const double x =
        q % 2 ? rng.uniform(t.front(), t.back()) : t[static_cast<std::size_t>(q / 2 % n)];
    double Bu[1][K + 1], Bb[1][K + 1];
    const int su = kan::bspline_eval<K, 0>(t.data(), n, inv_h, x, Bu);
    const int sb = kan::bspline_eval<K, 0>(t.data(), n, 0.0, x, Bb);
    ASSERT_EQ(su, sb) << "x=" << x;
    for (int a = 0; a <= K; ++a) EXPECT_NEAR(Bu[0][a], Bb[0][a], 1e-14);  // h vs knot differences
  }
}

TEST(BaseFunction, SiluDerivativesMatchReferenceAndFiniteDifferences) {
  using HD = test::HyperDual<double, 1>;
  for (double x = -30.0; x <= 30.0; x += 0.37) {
    double f[4];
    kan::base_eval<3>(kan::BaseFunction::silu, x, f);
    HD xd(x);
    xd.g[0] = 1.0;
    const HD ref = test::base_reference(kan::BaseFunction::silu, xd);
    EXPECT_NEAR(f[0], ref.v, 1e-14 * (1 + std::abs(x)));
    EXPECT_NEAR(f[1], ref.g[0], 1e-14);
    EXPECT_NEAR(f[2], ref.h[0][0], 1e-14);
    const double h = 1e-5;
    double fp[4], fm[4];
    kan::base_eval<3>(kan::BaseFunction::silu, x + h, fp);
    kan::base_eval<3>(kan::BaseFunction::silu, x - h, fm);
    for (int r = 1; r <= 3; ++r) EXPECT_NEAR(f[r], (fp[r - 1] - fm[r - 1]) / (2 * h), 1e-8);
  }
  for (double x : {-1e300, -800.0, 800.0, 1e300}) {
    double f[4];
    kan::base_eval<3>(kan::BaseFunction::silu, x, f);
    for (double v : f) EXPECT_TRUE(std::isfinite(v)) << x;
  }
}

}  // namespace
