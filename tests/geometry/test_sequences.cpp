// Point sequences: published Sobol and Halton values, net and stratification
// properties, lower discrepancy than pseudo-random points, fixed outputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "Shapes.hpp"

namespace kanpde::test {
namespace {

// The first 8 points of the unscrambled 3D Sobol sequence with the Joe-Kuo
// direction numbers, as published (e.g. scipy.stats.qmc.Sobol(3,
// scramble=False)); all are dyadic, so the comparison is exact.
TEST(GeometrySequences, SobolMatchesPublishedValues) {
  const double expect[8][3] = {{0, 0, 0},
                               {0.5, 0.5, 0.5},
                               {0.75, 0.25, 0.25},
                               {0.25, 0.75, 0.75},
                               {0.375, 0.375, 0.625},
                               {0.875, 0.875, 0.125},
                               {0.625, 0.125, 0.875},
                               {0.125, 0.625, 0.375}};
  const Sobol sobol(3);
  for (int i = 0; i < 8; ++i) {
    double u[3];
    sobol.point(static_cast<std::uint64_t>(i), u);
    for (int j = 0; j < 3; ++j) EXPECT_EQ(u[j], expect[i][j]) << i << "," << j;
  }
}

// Every 1D projection of the first 2^m Sobol points puts exactly one point
// in each interval [k/2^m, (k+1)/2^m); dimensions 1 and 2 form a (0,m,2)-net:
// one point in every elementary box of area 2^-m.
TEST(GeometrySequences, SobolNetProperties) {
  const int m = 10, n = 1 << m;
  const Sobol sobol(Sobol::kMaxDim);
  std::vector<double> u(static_cast<std::size_t>(n) * Sobol::kMaxDim);
  for (int i = 0; i < n; ++i) sobol.point(static_cast<std::uint64_t>(i), &u[i * Sobol::kMaxDim]);
  for (int j = 0; j < Sobol::kMaxDim; ++j) {
    std::set<int> cells;
    for (int i = 0; i < n; ++i) cells.insert(static_cast<int>(u[i * Sobol::kMaxDim + j] * n));
    EXPECT_EQ(static_cast<int>(cells.size()), n) << "dimension " << j;
  }
  for (int a = 0; a <= m; ++a) {
    std::set<std::pair<int, int>> boxes;
    for (int i = 0; i < n; ++i)
      boxes.insert({static_cast<int>(u[i * Sobol::kMaxDim] * (1 << a)),
                    static_cast<int>(u[i * Sobol::kMaxDim + 1] * (1 << (m - a)))});
    EXPECT_EQ(static_cast<int>(boxes.size()), n) << "elementary boxes 2^" << a << " x 2^" << m - a;
  }
}

// Sequential Gray-code generation equals random access, with and without a
// digital shift, from any starting index.
TEST(GeometrySequences, SobolSequentialEqualsRandomAccess) {
  for (std::uint64_t shift : {0ull, 99ull}) {
    const Sobol sobol(5, shift);
    const std::uint64_t first = 1000003;
    std::vector<double> seq(300 * 5);
    sobol.points(first, 300, seq.data());
    for (std::uint64_t i = 0; i < 300; ++i) {
      double u[5];
      sobol.point(first + i, u);
      for (int j = 0; j < 5; ++j) ASSERT_EQ(seq[i * 5 + j], u[j]) << i << "," << j;
    }
  }
}

TEST(GeometrySequences, HaltonAndHammersleyValues) {
  const Halton h(3);
  double u[3];
  h.point(1, u);
  EXPECT_EQ(u[0], 0.5);
  EXPECT_DOUBLE_EQ(u[1], 1.0 / 3);
  EXPECT_DOUBLE_EQ(u[2], 0.2);
  h.point(5, u);  // 5 = 101b = 12 (base 3) = 10 (base 5)
  EXPECT_EQ(u[0], 0.625);
  EXPECT_DOUBLE_EQ(u[1], 2.0 / 3 + 1.0 / 9);
  EXPECT_DOUBLE_EQ(u[2], 1.0 / 25);
  const Hammersley hm(2, 8);
  hm.point(3, u);
  EXPECT_EQ(u[0], 3.5 / 8);
  EXPECT_EQ(u[1], 0.125);  // phi_2(4)
  EXPECT_DOUBLE_EQ(radical_inverse(7, 2), 0.875);
}

// Warnock's formula for the L2 star discrepancy.
double l2_star_discrepancy(const std::vector<double>& x, int d) {
  const std::size_t n = x.size() / static_cast<std::size_t>(d);
  double s1 = 0, s2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double p = 1;
    for (int k = 0; k < d; ++k) p *= 1 - x[i * d + k] * x[i * d + k];
    s1 += p;
    for (std::size_t j = 0; j < n; ++j) {
      double q = 1;
      for (int k = 0; k < d; ++k) q *= 1 - std::max(x[i * d + k], x[j * d + k]);
      s2 += q;
    }
  }
  return std::sqrt(std::pow(3.0, -d) - std::pow(2.0, 1 - d) / n * s1 + s2 / (double(n) * n));
}

std::vector<double> unit_points(Sequence s, int d, std::size_t n, std::uint64_t seed) {
  if (is_streaming(s)) {
    std::vector<double> x(n * d);
    stream_points(s, d, seed, 0, 1, n, x.data());
    return x;
  }
  return design_points(s, d, seed, 0, n);
}

// At N = 1024 the expected L2 star discrepancy of random points is about
// 0.3/sqrt(N) ~ 1e-2 in 2D; low-discrepancy sets reach ~1e-3. We require a
// factor 2 margin for Sobol, Halton and Hammersley, and LHS below random, in
// 2 and 3 dimensions, with every sequence's seed-dependent variant.
TEST(GeometrySequences, LowerDiscrepancyThanPseudoRandom) {
  const std::size_t n = 1024;
  for (int d : {2, 3}) {
    for (std::uint64_t seed : {0ull, 7ull}) {
      const double random = l2_star_discrepancy(unit_points(Sequence::Random, d, n, seed + 1), d);
      for (Sequence s : {Sequence::Sobol, Sequence::Halton, Sequence::Hammersley}) {
        const double q = l2_star_discrepancy(unit_points(s, d, n, seed), d);
        EXPECT_LT(q, 0.5 * random) << to_string(s) << " d=" << d << " seed " << seed;
      }
      EXPECT_LT(l2_star_discrepancy(unit_points(Sequence::LatinHypercube, d, n, seed + 1), d),
                random)
          << "lhs d=" << d;
    }
  }
}

// Latin hypercube: one point per stratum in every coordinate.
TEST(GeometrySequences, LatinHypercubeStratifies) {
  const std::size_t n = 500;
  const std::vector<double> x = design_points(Sequence::LatinHypercube, 3, 11, 0, n);
  for (int j = 0; j < 3; ++j) {
    std::set<int> cells;
    for (std::size_t i = 0; i < n; ++i) cells.insert(static_cast<int>(x[i * 3 + j] * n));
    EXPECT_EQ(cells.size(), n);
  }
}

// The pseudo-random stream is integer arithmetic only: these values are the
// same on every platform and standard library (a change here changes every
// seeded run).
TEST(GeometrySequences, RandomStreamIsFixed) {
  double u[4];
  stream_points(Sequence::Random, 2, 42, 0, 1, 2, u);
  const double expect[4] = {0.47865209053681651, 0.59816258798332766, 0.24249874461999293,
                            0.84105275724224438};
  for (int i = 0; i < 4; ++i) EXPECT_EQ(u[i], expect[i]) << i;
  double v[4];
  stream_points(Sequence::Random, 2, 42, 0, 2, 1, v);  // random access by index
  EXPECT_EQ(v[0], u[2]);
  EXPECT_EQ(v[1], u[3]);
  stream_points(Sequence::Random, 2, 43, 0, 1, 2, v);
  EXPECT_NE(v[0], u[0]);
}

TEST(GeometrySequences, ParseNames) {
  for (Sequence s : {Sequence::Random, Sequence::LatinHypercube, Sequence::Sobol, Sequence::Halton,
                     Sequence::Hammersley, Sequence::Grid})
    EXPECT_EQ(parse_sequence(to_string(s)), s);
  EXPECT_EQ(parse_sequence("latin_hypercube"), Sequence::LatinHypercube);
}

}  // namespace
}  // namespace kanpde::test
