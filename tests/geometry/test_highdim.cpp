// Geometry above three dimensions: box and ball in 5D and 10D (names,
// measures, boundary sampling by measure, points on their parts, uniform
// interior and sphere points), distance-function Laplacian jets against
// finite differences and against the full jets in 3D, and the 10D
// sequences' uniformity and discrepancy against pseudo-random points.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "Shapes.hpp"

namespace kanpde::test {
namespace {

using HostD = DistanceFunction<Kokkos::HostSpace>;

Box unit_cube(int d) {
  return Box(std::vector<double>(std::size_t(d), 0.0), std::vector<double>(std::size_t(d), 1.0));
}

TEST(GeometryHighDim, BoxFacesAndMeasures) {
  const Box b(std::vector<double>(5, -1.0), {1.0, 2.0, 1.0, 1.0, 3.0});
  ASSERT_EQ(b.num_parts(), 10);
  EXPECT_EQ(b.part_name(0), "x1min");
  EXPECT_EQ(b.part_name(9), "x5max");
  EXPECT_EQ(b.part_index("x2max"), 3);
  EXPECT_THROW(b.part_index("ymin"), InputError);
  EXPECT_DOUBLE_EQ(b.measure(), 2.0 * 3.0 * 2.0 * 2.0 * 4.0);
  EXPECT_DOUBLE_EQ(b.part_measure(9), 2.0 * 3.0 * 2.0 * 2.0);  // x5max: all but axis 5
  EXPECT_EQ(unit_cube(3).part_name(5), "zmax");                // names up to 3D unchanged
  EXPECT_THROW(Box(std::vector<double>(17, 0.0), std::vector<double>(17, 1.0)), InputError);
}

// Points of each face lie on it with its outward normal; the counts follow
// the face areas (largest remainders).
TEST(GeometryHighDim, BoxBoundarySamplingByArea) {
  const Box b(std::vector<double>(5, 0.0), {1.0, 1.0, 2.0, 1.0, 1.0});
  const PointSet ps = sample_boundary(b, 1000);
  ASSERT_EQ(ps.size(), 1000u);
  std::vector<int> count(10, 0);
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const int f = ps.part[i], axis = f / 2;
    ++count[std::size_t(f)];
    const double* x = ps.point(i);
    EXPECT_EQ(x[axis], f % 2 ? b.bounding_box().hi[std::size_t(axis)] : 0.0);
    EXPECT_EQ(ps.normal[i * 5 + std::size_t(axis)], f % 2 ? 1.0 : -1.0);
    for (int a = 0; a < 5; ++a) EXPECT_TRUE(x[a] >= 0.0 && x[a] <= (a == 2 ? 2.0 : 1.0));
  }
  // Areas: faces normal to x3 have area 1, the others 2; total 2*1 + 8*2 = 18.
  EXPECT_EQ(count[4], 56);   // 1000 / 18 = 55.6
  EXPECT_EQ(count[0], 111);  // 2000 / 18 = 111.1
}

double ball_volume(int d, double r) {
  return std::pow(kPi, 0.5 * d) / std::tgamma(0.5 * d + 1.0) * std::pow(r, d);
}

TEST(GeometryHighDim, BallMeasuresAndSpherePoints) {
  EXPECT_NEAR(Ball(std::vector<double>(4, 0.0), 2.0).measure(), 0.5 * kPi * kPi * 16.0, 1e-12);
  for (int d : {5, 10}) {
    std::vector<double> c(std::size_t(d), 0.25);
    const Ball ball(c, 1.5);
    EXPECT_EQ(ball.part_name(0), "sphere");
    EXPECT_NEAR(ball.measure(), ball_volume(d, 1.5), 1e-12 * ball.measure());
    EXPECT_NEAR(ball.part_measure(0), d * ball_volume(d, 1.5) / 1.5, 1e-12 * ball.measure());
    // Sphere points: on the sphere, normal radial, uniform (mean of n_a
    // near 0 and of n_a^2 near 1/d: 4000 points, sd of a mean < 0.016).
    const PointSet ps = sample_boundary(ball, 4000);
    std::vector<double> mean(std::size_t(d), 0.0), mean2(std::size_t(d), 0.0);
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const double* x = ps.point(i);
      const double* n = ps.normal.data() + i * std::size_t(d);
      double r2 = 0.0;
      for (int a = 0; a < d; ++a) {
        r2 += (x[a] - 0.25) * (x[a] - 0.25);
        EXPECT_NEAR(n[a], (x[a] - 0.25) / 1.5, 1e-12);
        mean[std::size_t(a)] += n[a] / 4000.0;
        mean2[std::size_t(a)] += n[a] * n[a] / 4000.0;
      }
      EXPECT_NEAR(std::sqrt(r2), 1.5, 1e-12);
    }
    for (int a = 0; a < d; ++a) {
      EXPECT_NEAR(mean[std::size_t(a)], 0.0, 0.02) << d << "D axis " << a;
      EXPECT_NEAR(mean2[std::size_t(a)], 1.0 / d, 0.02) << d << "D axis " << a;
    }
    // Interior points: inside, E|x - c|^2 = d/(d+2) R^2 for a uniform ball.
    const PointSet in = sample_interior(ball, 4000);
    double r2 = 0.0;
    for (std::size_t i = 0; i < in.size(); ++i) {
      const double* x = in.point(i);
      double s = 0.0;
      for (int a = 0; a < d; ++a) s += (x[a] - 0.25) * (x[a] - 0.25);
      EXPECT_LT(s, 1.5 * 1.5);
      r2 += s / 4000.0;
    }
    EXPECT_NEAR(r2, d / (d + 2.0) * 2.25, 0.01) << d;
  }
}

// Laplacian jets of the distance functions against central differences
// (h = 1e-4: truncation ~h^2 |D''''| and round-off ~1e-16/h^2 stay below
// 1e-6 for these polynomial-like D at points 0.05 inside), and D = 0 on the
// chosen parts (up to the round-off of R^2 - |x - c|^2 on the sphere).
TEST(GeometryHighDim, DistanceLaplacianJetsMatchFiniteDifferences) {
  const double h = 1e-4;
  std::vector<std::pair<std::string, std::shared_ptr<Domain>>> shapes;
  shapes.emplace_back("cube5", std::make_shared<Box>(unit_cube(5)));
  shapes.emplace_back("cube10", std::make_shared<Box>(unit_cube(10)));
  shapes.emplace_back("ball5", std::make_shared<Ball>(std::vector<double>(5, 0.5), 0.5));
  for (const auto& [name, dom] : shapes) {
    const int d = dom->dim();
    for (const std::vector<std::string>& parts :
         {std::vector<std::string>{}, std::vector<std::string>{dom->part_name(0)}}) {
      const HostD D(*dom, parts);
      const PointSet in = sample_interior(*dom, 50);
      int checked = 0;
      for (std::size_t i = 0; i < in.size(); ++i) {
        const double* p = in.point(i);
        if (dom->signed_distance(p) > -0.05) continue;
        ++checked;
        const LaplacianJet j = D.laplacian_jet(p);
        double lap = 0.0;
        for (int a = 0; a < d; ++a) {
          std::vector<double> xp(p, p + d), xm(p, p + d);
          xp[std::size_t(a)] += h;
          xm[std::size_t(a)] -= h;
          const double vp = D.laplacian_jet(xp.data()).v, vm = D.laplacian_jet(xm.data()).v;
          EXPECT_NEAR(j.g[a], (vp - vm) / (2 * h), 1e-7 * (1 + std::abs(j.g[a]))) << name;
          lap += (vp - 2 * j.v + vm) / (h * h);
        }
        EXPECT_NEAR(j.lap, lap, 1e-5 * (1 + std::abs(j.lap))) << name << " parts " << parts.size();
      }
      EXPECT_GT(checked, 5) << name;
      const PointSet bd = sample_boundary(*dom, 40);
      for (std::size_t i = 0; i < bd.size(); ++i)
        if (parts.empty() || bd.part[i] == 0) {
          EXPECT_NEAR(D.laplacian_jet(bd.point(i)).v, 0.0, 1e-15) << name;  // (R^2 - r^2)/2R
        }
    }
  }
}

// In 3D the Laplacian jet equals the full jet's value, gradient and trace
// (the same program, two jet kinds).
TEST(GeometryHighDim, LaplacianJetEqualsFullJetIn3D) {
  const Ball ball({0.1, 0.2, 0.3}, 1.0);
  const Box box = unit_cube(3);
  for (const Domain* dom : {static_cast<const Domain*>(&ball), static_cast<const Domain*>(&box)}) {
    const HostD D(*dom, {dom->part_name(0)});
    const PointSet in = sample_interior(*dom, 20);
    for (std::size_t i = 0; i < in.size(); ++i) {
      const Jet full = D(in.point(i));
      const LaplacianJet lj = D.laplacian_jet(in.point(i));
      EXPECT_NEAR(lj.v, full.v, 1e-15);
      for (int a = 0; a < 3; ++a)
        EXPECT_NEAR(lj.g[a], full.g[a], 1e-13 * (1 + std::abs(full.g[a])));
      EXPECT_NEAR(lj.lap, full.laplacian(), 1e-12 * (1 + std::abs(full.laplacian())));
    }
  }
}

// The L2-star discrepancy (Warnock's formula) of n points of [0,1)^d in the
// coordinates `axes`.
double l2_star_discrepancy(const std::vector<double>& u, int d, const std::vector<int>& axes) {
  const std::size_t n = u.size() / std::size_t(d);
  double s1 = 0.0, s2 = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double p = 1.0;
    for (int a : axes) p *= 0.5 * (1.0 - u[i * d + a] * u[i * d + a]);
    s1 += p;
    for (std::size_t j = 0; j < n; ++j) {
      double q = 1.0;
      for (int a : axes) q *= 1.0 - std::max(u[i * d + a], u[j * d + a]);
      s2 += q;
    }
  }
  const double nn = static_cast<double>(n);
  return std::sqrt(std::pow(3.0, -double(axes.size())) - 2.0 * s1 / nn + s2 / (nn * nn));
}

// The full d-dimensional discrepancy and the mean over all 2D projections
// (the projections are what a smooth integrand mostly sees).
std::pair<double, double> discrepancies(const std::vector<double>& u, int d) {
  std::vector<int> all;
  for (int a = 0; a < d; ++a) all.push_back(a);
  double pairs = 0.0;
  int count = 0;
  for (int a = 0; a < d; ++a)
    for (int b = a + 1; b < d; ++b, ++count) pairs += l2_star_discrepancy(u, d, {a, b});
  return {l2_star_discrepancy(u, d, all), pairs / count};
}

// 10D: each sequence's coordinates have mean 1/2 and fill 16 bins per axis
// evenly; the low-discrepancy sequences beat pseudo-random points (the
// median of 5 seeds) in L2-star discrepancy, Sobol by a wide margin.
TEST(GeometryHighDim, TenDimensionalUniformityAndDiscrepancy) {
  const int d = 10;
  const std::size_t n = 1024;
  auto draw = [&](Sequence s, std::uint64_t seed) {
    if (is_streaming(s)) {
      std::vector<double> u(n * d);
      stream_points(s, d, seed, 0, 1, n, u.data());
      return u;
    }
    return design_points(s, d, seed, 0, n);
  };
  for (Sequence s :
       {Sequence::Sobol, Sequence::Halton, Sequence::LatinHypercube, Sequence::Random}) {
    const auto u = draw(s, 0);
    for (int a = 0; a < d; ++a) {
      double mean = 0.0;
      std::vector<int> bins(16, 0);
      for (std::size_t i = 0; i < n; ++i) {
        const double v = u[i * d + a];
        ASSERT_TRUE(v > 0.0 && v < 1.0) << to_string(s);
        mean += v / n;
        ++bins[std::size_t(v * 16)];
      }
      // Random: sd of the mean 0.009, of a bin count 7.7 (64 expected);
      // LHS is stratified in 16 bins exactly (1024 = 64 * 16), Sobol points
      // 1..1024 up to the one point swapped for the origin,
      // Halton's prime bases up to 29 nearly.
      const bool random = s == Sequence::Random;
      const int slack = random ? 32 : s == Sequence::Halton ? 8 : s == Sequence::Sobol ? 1 : 0;
      EXPECT_NEAR(mean, 0.5, random ? 0.04 : 0.01) << to_string(s) << " axis " << a;
      for (int b : bins) EXPECT_NEAR(b, 64, slack) << to_string(s) << " axis " << a;
    }
  }
  std::vector<double> full, pairs;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto dr = discrepancies(draw(Sequence::Random, seed), d);
    full.push_back(dr.first);
    pairs.push_back(dr.second);
  }
  std::sort(full.begin(), full.end());
  std::sort(pairs.begin(), pairs.end());
  for (Sequence s : {Sequence::Sobol, Sequence::Halton}) {
    const auto q = discrepancies(draw(s, 0), d);
    std::printf(
        "10D L2-star discrepancy, %s: full %.3e (random %.3e), 2D projections %.3e "
        "(random %.3e)\n",
        to_string(s).c_str(), q.first, full[2], q.second, pairs[2]);
    EXPECT_LT(q.second, 0.5 * pairs[2]) << to_string(s);
    if (s == Sequence::Sobol) {
      EXPECT_LT(q.first, full[2]);
    }
  }
  // The 16D Sobol sequence exists and is stratified per axis (see
  // GeometrySequences.SobolNetProperties for all kMaxDim axes).
  EXPECT_EQ(Sobol::kMaxDim, 16);
  EXPECT_EQ(Halton::kMaxDim, 16);
}

}  // namespace
}  // namespace kanpde::test
