// Samplers: exact counts, interior points strictly inside, boundary points on the
// boundary (1e-12) with unit outward normals and consistent part tags, the
// split by measure, per-part counts, grids, seed determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "Shapes.hpp"

namespace kanpde::test {
namespace {

const Sequence kAll[] = {Sequence::Random, Sequence::LatinHypercube, Sequence::Sobol,
                         Sequence::Halton, Sequence::Hammersley,     Sequence::Grid};

SamplerOptions with(Sequence s, std::uint64_t seed = 3) {
  SamplerOptions o;
  o.sequence = s;
  o.seed = seed;
  return o;
}

TEST(GeometrySamplers, InteriorPointsInsideWithExactCounts) {
  for (const Shape& s : all_shapes())
    for (Sequence seq : kAll)
      for (std::size_t n : {1u, 7u, 500u}) {
        const PointSet ps = sample_interior(*s.domain, n, with(seq));
        ASSERT_EQ(ps.size(), n) << s.name << " " << to_string(seq);
        ASSERT_EQ(ps.x.size(), n * s.domain->dim());
        for (std::size_t i = 0; i < n; ++i) {
          EXPECT_LT(s.domain->signed_distance(ps.point(i)), 0.0) << s.name << " " << to_string(seq);
          EXPECT_EQ(ps.part[i], -1);
        }
      }
}

// Boundary points lie on the boundary to 1e-12 (|signed distance|; the
// ellipse's is exact on its boundary), normals have unit length, point out
// (a step of 1e-7 along n leaves the domain, one against n stays in the
// closed domain), and agree with outward_normal for the tagged part.
TEST(GeometrySamplers, BoundaryPointsOnBoundaryWithOutwardNormals) {
  for (const Shape& s : all_shapes())
    for (Sequence seq : kAll) {
      const std::size_t n = 400;
      const Domain& d = *s.domain;
      const PointSet ps = sample_boundary(d, n, with(seq));
      ASSERT_EQ(ps.size(), n) << s.name;
      ASSERT_EQ(ps.normal.size(), n * d.dim());
      EXPECT_EQ(ps.part_names, d.part_names());
      for (std::size_t i = 0; i < n; ++i) {
        const double* x = ps.point(i);
        const double* nr = &ps.normal[i * d.dim()];
        ASSERT_GE(ps.part[i], 0);
        ASSERT_LT(ps.part[i], d.num_parts());
        EXPECT_LE(std::abs(d.signed_distance(x)), 1e-12) << s.name << " " << to_string(seq);
        double len = 0, out[3], in[3], ref[3];
        for (int a = 0; a < d.dim(); ++a) {
          len += nr[a] * nr[a];
          out[a] = x[a] + 1e-7 * nr[a];
          in[a] = x[a] - 1e-7 * nr[a];
        }
        EXPECT_NEAR(len, 1.0, 1e-14);
        EXPECT_GT(d.signed_distance(out), 0.0) << s.name << " " << to_string(seq);
        EXPECT_TRUE(d.contains(in)) << s.name << " " << to_string(seq);
        d.outward_normal(ps.part[i], x, ref);
        for (int a = 0; a < d.dim(); ++a) EXPECT_NEAR(ref[a], nr[a], 1e-12) << s.name;
      }
    }
}

TEST(GeometrySamplers, SplitByMeasureAndPerPartCounts) {
  Box box({0, 0}, {2, 1});
  EXPECT_EQ(split_by_measure(box, 600), (std::vector<std::size_t>{100, 100, 200, 200}));
  // Largest remainders: 7/6 * (1,1,2,2) = (1.17, 1.17, 2.33, 2.33): floors 1,1,2,2,
  // the last point to the first of the largest remainders.
  const std::vector<std::size_t> c = split_by_measure(box, 7);
  EXPECT_EQ(c, (std::vector<std::size_t>{1, 1, 3, 2}));
  const DomainPtr hole = square_with_hole();
  const PointSet ps = sample_boundary(*hole, {{"circle", 10}, {"xmin", 3}});
  ASSERT_EQ(ps.size(), 13u);
  for (std::size_t i = 0; i < 13; ++i)
    EXPECT_EQ(ps.part_names[ps.part[i]], i < 10 ? "circle" : "xmin");
  // Parts by measure on a CSG shape: counts follow the estimated measures.
  const DomainPtr l = l_shape_csg();
  const PointSet lp = sample_boundary(*l, 800);
  std::vector<int> per(6, 0);
  for (int p : lp.part) ++per[static_cast<std::size_t>(p)];
  EXPECT_EQ(per, (std::vector<int>{200, 100, 200, 100, 100, 100}));
  // A 1D boundary: the two end points.
  Interval iv(-1, 2);
  const PointSet ip = sample_boundary(iv, 5);
  EXPECT_EQ(ip.part, (std::vector<int>{0, 0, 0, 1, 1}));
  EXPECT_EQ(ip.x[4], 2.0);
  EXPECT_EQ(ip.normal[0], -1.0);
}

TEST(GeometrySamplers, RegularGrid) {
  Box box({0, 0}, {2, 1});
  const PointSet ps = sample_interior(box, 200, with(Sequence::Grid));
  std::set<std::pair<long, long>> cells;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const double* x = ps.point(i);
    // Cell centres of the 20 x 10 grid of spacing 0.1.
    EXPECT_NEAR(std::fmod(x[0], 0.1), 0.05, 1e-12);
    EXPECT_NEAR(std::fmod(x[1], 0.1), 0.05, 1e-12);
    cells.insert({std::lround(x[0] * 100), std::lround(x[1] * 100)});
  }
  EXPECT_EQ(cells.size(), 200u);
  // Not a full grid: still exactly n distinct points, spread over the domain.
  const PointSet l = sample_interior(*l_shape_polygon(), 1000, with(Sequence::Grid));
  EXPECT_EQ(l.size(), 1000u);
  double mean[2] = {0, 0};
  for (std::size_t i = 0; i < l.size(); ++i)
    for (int a = 0; a < 2; ++a) mean[a] += l.point(i)[a] / 1000;
  // The L-shape's centroid is (5/6, 5/6).
  EXPECT_NEAR(mean[0], 5.0 / 6, 0.02);
  EXPECT_NEAR(mean[1], 5.0 / 6, 0.02);
}

// Boundary points of an ellipse are uniform by arc length: the share of
// Sobol boundary points with x > a/2 matches the share of the perimeter
// there (angles in (-pi/3, pi/3)); a (0,1)-sequence of 4096 points is within
// 2/4096 of any interval's length.
TEST(GeometrySamplers, EllipseBoundaryUniformByLength) {
  const double a = 2, b = 0.5;
  Ellipse e(0, 0, a, b);
  const std::size_t n = 4095;  // indices 1..4095 plus the origin's slot
  const PointSet ps = sample_boundary(e, n, with(Sequence::Sobol, 0));
  std::size_t right = 0;
  for (std::size_t i = 0; i < n; ++i) right += ps.point(i)[0] > a / 2 ? 1 : 0;
  const int m = 20000;
  double part = 0, total = 0;
  for (int i = 0; i < m; ++i) {
    const double t = 2 * kPi * (i + 0.5) / m;
    const double sp =
        std::sqrt(a * a * std::sin(t) * std::sin(t) + b * b * std::cos(t) * std::cos(t));
    total += sp;
    if (std::cos(t) > 0.5) part += sp;
  }
  EXPECT_NEAR(double(right) / n, part / total, 3.0 / 4096);
}

// Same seed, same points (bit for bit); another seed, other points.
// Sampling runs serially on the host from counter-based generators, so the
// result cannot depend on the number of threads.
TEST(GeometrySamplers, SeedDeterminism) {
  const DomainPtr hole = square_with_hole();
  for (Sequence seq : kAll) {
    const PointSet a = sample_interior(*hole, 300, with(seq, 5));
    const PointSet b = sample_interior(*hole, 300, with(seq, 5));
    EXPECT_EQ(a.x, b.x) << to_string(seq);
    const PointSet c = sample_boundary(*hole, 300, with(seq, 5));
    const PointSet d = sample_boundary(*hole, 300, with(seq, 5));
    EXPECT_EQ(c.x, d.x) << to_string(seq);
    EXPECT_EQ(c.normal, d.normal);
    if (seq != Sequence::Grid) {
      const PointSet e = sample_interior(*hole, 300, with(seq, 6));
      EXPECT_NE(a.x, e.x) << to_string(seq);
    }
  }
}

// Rejection from the bounding box (forced on a box) gives the same kind of
// uniform coverage as the map: the mean of 4000 Sobol points is the centre.
TEST(GeometrySamplers, MapAndRejectionAgreeInDistribution) {
  Ball disk({1, 2}, 0.5);
  for (InteriorMethod m : {InteriorMethod::Map, InteriorMethod::Reject}) {
    SamplerOptions o = with(Sequence::Sobol, 0);
    o.interior = m;
    const PointSet ps = sample_interior(disk, 4000, o);
    double mean[2] = {0, 0}, r2 = 0;
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const double* x = ps.point(i);
      mean[0] += x[0] / 4000;
      mean[1] += x[1] / 4000;
      r2 += ((x[0] - 1) * (x[0] - 1) + (x[1] - 2) * (x[1] - 2)) / 4000;
    }
    EXPECT_NEAR(mean[0], 1.0, 5e-3);
    EXPECT_NEAR(mean[1], 2.0, 5e-3);
    EXPECT_NEAR(r2, 0.125, 2e-3);  // E|x-c|^2 = R^2/2
  }
}

}  // namespace
}  // namespace kanpde::test
