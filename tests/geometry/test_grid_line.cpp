// Grid-line distances for the finite-difference boundary treatment: exact
// values for primitives, and against a brute-force march + bisection for
// every shape.
#include <gtest/gtest.h>

#include "Shapes.hpp"

namespace kanpde::test {
namespace {

TEST(GeometryGridLine, ExactForPrimitives) {
  Box box({0, 0}, {1, 2});
  const double p[2] = {0.3, 0.5};
  GridLineHit h = box.grid_line_distance(p, 0, 1, 10.0);
  EXPECT_DOUBLE_EQ(h.distance, 0.7);
  EXPECT_EQ(box.part_name(h.part), "xmax");
  h = box.grid_line_distance(p, 1, -1, 10.0);
  EXPECT_DOUBLE_EQ(h.distance, 0.5);
  EXPECT_EQ(box.part_name(h.part), "ymin");
  // Beyond t_max: no hit; outside: distance 0.
  h = box.grid_line_distance(p, 0, 1, 0.1);
  EXPECT_FALSE(h.hit());
  EXPECT_DOUBLE_EQ(h.distance, 0.1);
  const double out[2] = {1.5, 0.5};
  h = box.grid_line_distance(out, 0, -1, 10.0);
  EXPECT_FALSE(h.hit());
  EXPECT_DOUBLE_EQ(h.distance, 0.0);

  Ball disk({0, 0}, 1.0);
  const double q[2] = {0.2, 0.6};
  EXPECT_NEAR(disk.grid_line_distance(q, 0, 1, 10.0).distance, 0.6, 1e-15);
  EXPECT_NEAR(disk.grid_line_distance(q, 0, -1, 10.0).distance, 1.0, 1e-15);
  EXPECT_NEAR(disk.grid_line_distance(q, 1, 1, 10.0).distance, std::sqrt(0.96) - 0.6, 1e-15);

  Ellipse ell(0, 0, 2, 1);
  const double e[2] = {0.0, 0.5};
  EXPECT_NEAR(ell.grid_line_distance(e, 0, 1, 10.0).distance, 2 * std::sqrt(0.75), 1e-15);

  Interval iv(-1, 2);
  const double z = 0.5;
  EXPECT_DOUBLE_EQ(iv.grid_line_distance(&z, 0, -1, 10.0).distance, 1.5);
}

TEST(GeometryGridLine, ExactThroughCsg) {
  const DomainPtr hole = square_with_hole();  // disk at (0.1, -0.2), radius 0.5
  const double p[2] = {-0.8, -0.2};
  GridLineHit h = hole->grid_line_distance(p, 0, 1, 10.0);
  EXPECT_NEAR(h.distance, 0.4, 1e-15);
  EXPECT_EQ(hole->part_name(h.part), "circle");
  h = hole->grid_line_distance(p, 0, -1, 10.0);
  EXPECT_NEAR(h.distance, 0.2, 1e-15);
  EXPECT_EQ(hole->part_name(h.part), "xmin");
  // L-shape as a difference: from (0.5, 1.5) to the right the notch's face x = 1.
  const DomainPtr l = l_shape_csg();
  const double q[2] = {0.5, 1.5};
  h = l->grid_line_distance(q, 0, 1, 10.0);
  EXPECT_NEAR(h.distance, 0.5, 1e-15);
  EXPECT_EQ(l->part_name(h.part), "notch.xmin");
  // Two overlapping disks: the first crossing of the inner arcs is skipped.
  const DomainPtr two = two_disks();
  const double r[2] = {-0.5, 0.0};
  h = two->grid_line_distance(r, 0, 1, 10.0);
  EXPECT_NEAR(h.distance, 2.5, 1e-15);
  EXPECT_EQ(two->part_name(h.part), "rhs.circle");
}

// Brute force: march with a small step until the point leaves the domain,
// then bisect the bracket to 1e-15.
double brute_force(const Domain& d, const double* x, int axis, int dir, double t_max) {
  const double step = 1e-3;
  double y[3] = {x[0], d.dim() > 1 ? x[1] : 0.0, d.dim() > 2 ? x[2] : 0.0};
  double lo = 0.0, hi = -1.0;
  for (double t = step; t < t_max + step; t += step) {
    y[axis] = x[axis] + dir * t;
    if (!d.contains(y, 0.0)) {
      hi = t;
      break;
    }
    lo = t;
  }
  if (hi < 0) return t_max;
  while (hi - lo > 1e-15) {
    const double m = 0.5 * (lo + hi);
    y[axis] = x[axis] + dir * m;
    (d.contains(y, 0.0) ? lo : hi) = m;
  }
  return lo;
}

TEST(GeometryGridLine, AgreesWithBruteForceOnEveryShape) {
  for (const Shape& s : all_shapes()) {
    const Domain& d = *s.domain;
    const BoundingBox box = d.bounding_box();
    const std::vector<double> x = box_points(box, 400, 99);
    int checked = 0;
    for (std::size_t i = 0; i < 400 && checked < 30; ++i) {
      const double* p = &x[i * box.dim];
      if (!(d.signed_distance(p) < -1e-6)) continue;
      ++checked;
      for (int axis = 0; axis < d.dim(); ++axis)
        for (int dir = -1; dir <= 1; dir += 2) {
          const GridLineHit h = d.grid_line_distance(p, axis, dir, 10.0);
          // The bisection (on the closed domain, tolerance 0) brackets the
          // crossing to 1e-15; the signed distances round to ~1e-16 * size.
          EXPECT_NEAR(h.distance, brute_force(d, p, axis, dir, 10.0), 1e-13) << s.name;
          ASSERT_TRUE(h.hit()) << s.name;
          // The hit lies on the reported part and the ray leaves through it.
          double y[3] = {p[0], d.dim() > 1 ? p[1] : 0.0, d.dim() > 2 ? p[2] : 0.0}, n[3];
          y[axis] += dir * h.distance;
          EXPECT_LT(std::abs(d.signed_distance(y)), 1e-12) << s.name;
          d.outward_normal(h.part, y, n);
          EXPECT_GT(dir * n[axis], 0.0) << s.name << " part " << d.part_name(h.part);
        }
    }
    EXPECT_EQ(checked, 30) << s.name;
  }
}

TEST(GeometryGridLine, RejectsBadArguments) {
  Box box({0, 0}, {1, 1});
  const double p[2] = {0.5, 0.5};
  expect_input_error([&] { box.grid_line_distance(p, 2, 1, 1.0); }, "axis");
  expect_input_error([&] { box.grid_line_distance(p, 0, 0, 1.0); }, "direction");
  expect_input_error([&] { box.grid_line_distance(p, 0, 1, -1.0); }, "maximum");
}

}  // namespace
}  // namespace kanpde::test
