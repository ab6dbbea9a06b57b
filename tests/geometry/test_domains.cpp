// Domains: measures against Monte Carlo and exact values, part names and
// measures, the tolerance policy of contains(), normals.
#include <gtest/gtest.h>

#include "Shapes.hpp"

namespace kanpde::test {
namespace {

// Monte Carlo estimate of the measure with N uniform points in the bounding
// box: the count is binomial, so |estimate - exact| <= 5 standard deviations
// (a false failure has probability < 1e-6; the seed is fixed anyway).
TEST(GeometryDomains, MeasureMatchesMonteCarlo) {
  const std::size_t n = 200000;
  for (const Shape& s : all_shapes()) {
    const BoundingBox box = s.domain->bounding_box();
    const std::vector<double> x = box_points(box, n, 12345);
    std::size_t inside = 0;
    for (std::size_t i = 0; i < n; ++i) inside += s.domain->contains(&x[i * box.dim]) ? 1 : 0;
    const double v = box.volume(), p = s.measure / v;
    const double sigma = v * std::sqrt(p * (1 - p) / n);
    EXPECT_NEAR(v * inside / n, s.measure, 5 * sigma + 1e-12) << s.name;
    // measure(): exact for primitives; CSG estimates from 2^16 Sobol points
    // (relative error ~ 1e-3 for these shapes, see Csg.hpp).
    EXPECT_NEAR(s.domain->measure(), s.measure, (is_csg(s) ? 2e-3 : 1e-12) * s.measure) << s.name;
  }
}

double ellipse_perimeter(double a, double b) {
  // The trapezoid rule converges exponentially for smooth periodic integrands.
  const int n = 20000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double t = 2 * kPi * i / n;
    sum += std::sqrt(a * a * std::sin(t) * std::sin(t) + b * b * std::cos(t) * std::cos(t));
  }
  return sum * 2 * kPi / n;
}

TEST(GeometryDomains, BoundaryMeasures) {
  for (const Shape& s : all_shapes()) {
    const double exact = s.boundary_measure > 0 ? s.boundary_measure : ellipse_perimeter(2.0, 0.5);
    // CSG part measures: 2^12 Sobol points per part (relative error ~ 1e-3).
    EXPECT_NEAR(s.domain->boundary_measure(), exact, (is_csg(s) ? 2e-3 : 1e-10) * exact) << s.name;
  }
  Ellipse circle(0, 0, 1.5, 1.5);
  EXPECT_NEAR(circle.boundary_measure(), 3 * kPi, 1e-12);
}

TEST(GeometryDomains, PartNames) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Interval(0, 1).part_names(), (V{"xmin", "xmax"}));
  EXPECT_EQ(Box({0, 0}, {1, 1}).part_names(), (V{"xmin", "xmax", "ymin", "ymax"}));
  EXPECT_EQ(Box({0, 0, 0}, {1, 1, 1}).part_names(),
            (V{"xmin", "xmax", "ymin", "ymax", "zmin", "zmax"}));
  EXPECT_EQ(Ball({0, 0}, 1).part_names(), (V{"circle"}));
  EXPECT_EQ(Ball({0, 0, 0}, 1).part_names(), (V{"sphere"}));
  EXPECT_EQ(l_shape_polygon()->part_names(),
            (V{"edge0", "edge1", "edge2", "edge3", "edge4", "edge5"}));
  // Edges sharing a name form one part.
  Polygon named({{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}},
                {"bottom", "wall", "wall", "wall", "top", "left"});
  EXPECT_EQ(named.part_names(), (V{"bottom", "wall", "top", "left"}));
  EXPECT_NEAR(named.part_measure(named.part_index("wall")), 3.0, 1e-15);
  EXPECT_EQ(named.edge_part(3), 1);
  // CSG: surviving pieces keep their names; names from both operands get the
  // operand's label as a prefix. The notch's xmax and ymax lie outside.
  const DomainPtr l = l_shape_csg();
  EXPECT_EQ(l->part_names(),
            (V{"outer.xmin", "xmax", "outer.ymin", "ymax", "notch.xmin", "notch.ymin"}));
  const double expect[6] = {2, 1, 2, 1, 1, 1};
  for (int p = 0; p < 6; ++p) EXPECT_NEAR(l->part_measure(p), expect[p], 1e-3) << p;
  // Unlabelled operands: lhs / rhs prefixes; the disk's name does not collide.
  EXPECT_EQ(square_with_hole()->part_names(), (V{"xmin", "xmax", "ymin", "ymax", "circle"}));
  EXPECT_EQ(two_disks()->part_names(), (V{"lhs.circle", "rhs.circle"}));
  // A part entirely inside the other operand is dropped.
  auto inner =
      make_union(std::make_shared<Box>(std::vector<double>{0, 0}, std::vector<double>{4, 1}),
                 std::make_shared<Box>(std::vector<double>{1, 0}, std::vector<double>{2, 3}));
  EXPECT_EQ(inner->part_names(),
            (V{"lhs.xmin", "lhs.xmax", "ymin", "lhs.ymax", "rhs.xmin", "rhs.xmax", "rhs.ymax"}));
  // Bottom faces coincide: counted once, from the left operand.
  EXPECT_NEAR(inner->part_measure(inner->part_index("ymin")), 4.0, 1e-3);
  EXPECT_NEAR(inner->boundary_measure(), 4 + 1 + 1 + 3 + 2 + 2 + 1, 1e-2);
}

// CSG in 1D: the boundary parts are points (measure 1 each).
TEST(GeometryDomains, CsgOfIntervals) {
  using V = std::vector<std::string>;
  const DomainPtr two =
      make_union(std::make_shared<Interval>(0.0, 1.0), std::make_shared<Interval>(2.0, 3.0));
  // Sobol estimate from 2^16 points: in 1D within 2 * 2^-16 of the box length.
  EXPECT_NEAR(two->measure(), 2.0, 1e-4);
  EXPECT_EQ(two->part_names(), (V{"lhs.xmin", "lhs.xmax", "rhs.xmin", "rhs.xmax"}));
  EXPECT_DOUBLE_EQ(two->boundary_measure(), 4.0);
  const DomainPtr gap =
      make_difference(std::make_shared<Interval>(0.0, 3.0), std::make_shared<Interval>(1.0, 2.0));
  EXPECT_NEAR(gap->measure(), 2.0, 1e-4);
  const double x = 0.5;
  const GridLineHit h = gap->grid_line_distance(&x, 0, 1, 10.0);
  EXPECT_DOUBLE_EQ(h.distance, 0.5);
  EXPECT_EQ(gap->part_name(h.part), "rhs.xmin");
  double n;
  gap->outward_normal(h.part, &x, &n);
  EXPECT_EQ(n, 1.0);  // the hole's left end faces +x
  const PointSet b = sample_boundary(*gap, 4);
  EXPECT_EQ(b.x, (std::vector<double>{0.0, 3.0, 1.0, 2.0}));
}

TEST(GeometryDomains, ContainsTolerancePolicy) {
  Box box({0, 0}, {1, 1});
  const double on[2] = {1.0, 0.5}, near[2] = {1.0 + 1e-13, 0.5}, off[2] = {1.0 + 1e-9, 0.5};
  EXPECT_TRUE(box.contains(on));
  EXPECT_TRUE(box.contains(near));  // within 1e-12 * size: on the boundary
  EXPECT_FALSE(box.contains(off));
  EXPECT_TRUE(box.contains(off, 1e-8));
  const double in[2] = {0.9995, 0.5};
  EXPECT_FALSE(box.contains(in, -1e-3));  // negative tolerance shrinks
  Ball disk({0, 0}, 1e6);                 // tolerance scales with the size
  const double far[2] = {1e6 + 1e-7, 0};
  EXPECT_TRUE(disk.contains(far));
}

TEST(GeometryDomains, NormalsPointOutOfEveryShape) {
  // Clockwise and counter-clockwise vertex orders give the same normals.
  Polygon ccw({{0, 0}, {1, 0}, {1, 1}, {0, 1}});
  Polygon cw({{0, 0}, {0, 1}, {1, 1}, {1, 0}});
  const double x[2] = {0.5, 0.0};
  double n1[2], n2[2];
  ccw.outward_normal(0, x, n1);
  cw.outward_normal(cw.num_parts() - 1, x, n2);
  EXPECT_DOUBLE_EQ(n1[0], 0.0);
  EXPECT_DOUBLE_EQ(n1[1], -1.0);
  EXPECT_DOUBLE_EQ(n2[0], 0.0);
  EXPECT_DOUBLE_EQ(n2[1], -1.0);
  EXPECT_DOUBLE_EQ(cw.measure(), 1.0);
  // The hole's normal points into the hole (out of the domain).
  const DomainPtr hole = square_with_hole();
  const double p[2] = {0.6, -0.2};
  double n[2];
  hole->outward_normal(hole->part_index("circle"), p, n);
  EXPECT_NEAR(n[0], -1.0, 1e-15);
  EXPECT_NEAR(n[1], 0.0, 1e-15);
}

}  // namespace
}  // namespace kanpde::test
