// The polygon's distance-function forms (geometry/Polygon.hpp,
// PolygonDistance): harmonic 1/D = sum_e 1/phi_e and singular (harmonic
// times a factor at each re-entrant vertex). Zero on every edge and positive
// inside, jets against finite differences, values against a plain
// re-implementation, unit slope on the edges, and the behaviour at the
// corners that motivates them.
#include <gtest/gtest.h>

#include <cmath>

#include "Shapes.hpp"

namespace kanpde::test {
namespace {

using HostD = DistanceFunction<Kokkos::HostSpace>;
using V2 = std::vector<std::array<double, 2>>;

std::shared_ptr<Polygon> polygon(const V2& v, PolygonDistance form,
                                 std::vector<std::string> names = {}) {
  auto p = std::make_shared<Polygon>(v, std::move(names));
  p->set_distance(form);
  return p;
}

// The L of the defaults benchmark ((-1,1)^2 minus the fourth quadrant,
// re-entrant vertex (0,0)), a thinner L listed clockwise (re-entrant (1,1)),
// and a convex pentagon.
const V2 kL = {{-1, -1}, {0, -1}, {0, 0}, {1, 0}, {1, 1}, {-1, 1}};
const V2 kLcw = {{0, 0}, {0, 1.5}, {1, 1.5}, {1, 1}, {2, 1}, {2, 0}};
const V2 kPentagon = {{0, 0}, {1.2, 0}, {1.5, 0.8}, {0.6, 1.3}, {-0.2, 0.7}};

// Plain reference of the value: the trimmed segment function of each edge
// written out, the harmonic sum, and the corner factor.
double reference(const V2& v, PolygonDistance form, const double* x) {
  const std::size_t n = v.size();
  double s = 0.0;
  for (std::size_t e = 0; e < n; ++e) {
    const auto& a = v[e];
    const auto& b = v[(e + 1) % n];
    const double len = std::hypot(b[0] - a[0], b[1] - a[1]);
    const double f = ((b[1] - a[1]) * (x[0] - a[0]) - (b[0] - a[0]) * (x[1] - a[1])) / len;
    const double mx = x[0] - 0.5 * (a[0] + b[0]), my = x[1] - 0.5 * (a[1] + b[1]);
    const double t = (0.25 * len * len - mx * mx - my * my) / len;
    const double w = 0.5 * (std::sqrt(t * t + f * f * f * f) - t);
    s += 1.0 / std::sqrt(f * f + w * w);
  }
  double d = 1.0 / s;
  if (form != PolygonDistance::singular) return d;
  double area2 = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    area2 += v[i][0] * v[(i + 1) % n][1] - v[(i + 1) % n][0] * v[i][1];
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = v[(i + n - 1) % n];
    const auto& c = v[i];
    const auto& b = v[(i + 1) % n];
    const double turn = (c[0] - a[0]) * (b[1] - c[1]) - (c[1] - a[1]) * (b[0] - c[0]);
    if (turn * area2 >= 0.0) continue;  // convex
    // Interior angle from the two edge directions (re-entrant: > pi).
    const double ang =
        std::acos(((a[0] - c[0]) * (b[0] - c[0]) + (a[1] - c[1]) * (b[1] - c[1])) /
                  (std::hypot(a[0] - c[0], a[1] - c[1]) * std::hypot(b[0] - c[0], b[1] - c[1])));
    const double omega = 2.0 * kPi - ang;
    const double R =
        0.5 * std::min(std::hypot(a[0] - c[0], a[1] - c[1]), std::hypot(b[0] - c[0], b[1] - c[1]));
    const double r2 = (x[0] - c[0]) * (x[0] - c[0]) + (x[1] - c[1]) * (x[1] - c[1]);
    d *= std::pow(1.0 + R * R / r2, 0.5 * (1.0 - kPi / omega));
  }
  return d;
}

const PolygonDistance kForms[] = {PolygonDistance::harmonic, PolygonDistance::singular};

TEST(PolygonDistance, InteriorAngles) {
  for (const V2& v : {kL, kLcw}) {
    const auto p = polygon(v, PolygonDistance::harmonic);
    int reentrant = 0;
    for (int i = 0; i < p->num_edges(); ++i) {
      const double w = p->interior_angle(i);
      EXPECT_TRUE(std::abs(w - 0.5 * kPi) < 1e-12 || std::abs(w - 1.5 * kPi) < 1e-12) << w;
      reentrant += w > kPi;
    }
    EXPECT_EQ(reentrant, 1);
  }
  const auto p = polygon(kPentagon, PolygonDistance::harmonic);
  double sum = 0.0;
  for (int i = 0; i < 5; ++i) sum += p->interior_angle(i);
  EXPECT_NEAR(sum, 3.0 * kPi, 1e-12);  // (n - 2) pi
}

// Zero (to round-off) on boundary samples of every edge, positive at interior
// samples, and equal to the plain reference (relative 1e-12: the same
// formulas in a different order).
TEST(PolygonDistance, ZeroOnEdgesPositiveInsideMatchesReference) {
  for (const PolygonDistance form : kForms)
    for (const V2& v : {kL, kLcw, kPentagon}) {
      const auto p = polygon(v, form);
      const HostD D(*p);
      const PointSet b = sample_boundary(*p, 1200);
      for (std::size_t i = 0; i < b.size(); ++i) EXPECT_LE(std::abs(D(b.point(i)).v), 1e-12);
      const std::vector<double> x = sample_interior(*p, 2000).x;
      for (std::size_t i = 0; i < 2000; ++i) {
        const double* q = &x[2 * i];
        const double d = D(q).v;
        EXPECT_GT(d, 0.0) << q[0] << "," << q[1];
        EXPECT_NEAR(d, reference(v, form, q), 1e-12 * d) << q[0] << "," << q[1];
      }
    }
}

// Gradient and Hessian against central differences (h = 1e-5, points at
// least 0.05 from the boundary: truncation ~h^2 |D'''| and round-off
// ~1e-16/h below the tolerances).
TEST(PolygonDistance, JetsMatchFiniteDifferences) {
  const double h = 1e-5;
  for (const PolygonDistance form : kForms)
    for (const V2& v : {kL, kLcw, kPentagon}) {
      const auto p = polygon(v, form);
      const HostD D(*p);
      const std::vector<double> x = sample_interior(*p, 300).x;
      int checked = 0;
      for (std::size_t i = 0; i < 300; ++i) {
        const double* q = &x[2 * i];
        if (p->signed_distance(q) > -0.05) continue;
        ++checked;
        const Jet j = D(q);
        for (int a = 0; a < 2; ++a) {
          double xp[2] = {q[0], q[1]}, xm[2] = {q[0], q[1]};
          xp[a] += h;
          xm[a] -= h;
          const Jet jp = D(xp), jm = D(xm);
          EXPECT_NEAR(j.g[a], (jp.v - jm.v) / (2 * h), 1e-7 * (1 + std::abs(j.g[a])));
          for (int c = 0; c < 2; ++c)
            EXPECT_NEAR(j.h[a][c], (jp.g[c] - jm.g[c]) / (2 * h), 1e-6 * (1 + std::abs(j.h[a][c])));
        }
        EXPECT_DOUBLE_EQ(j.laplacian(), j.h[0][0] + j.h[1][1]);
      }
      EXPECT_GT(checked, 50);
    }
}

// Slope 1 along the inward normal at edge points away from the vertices (the
// harmonic form; checked 1e-6 inside, so |grad D| - 1 = O(1e-6 sum 1/phi)),
// and the corner factor's value there for the singular form.
TEST(PolygonDistance, UnitNormalSlopeOnEdges) {
  for (const PolygonDistance form : kForms)
    for (const V2& v : {kL, kPentagon}) {
      const auto p = polygon(v, form);
      const HostD D(*p);
      for (int e = 0; e < p->num_edges(); ++e)
        for (const double u : {0.3, 0.5, 0.7}) {
          double x[2], n[2];
          p->boundary_point(e, &u, x, n);
          const double y[2] = {x[0] - 1e-6 * n[0], x[1] - 1e-6 * n[1]};
          const Jet j = D(y);
          const double slope = -(j.g[0] * n[0] + j.g[1] * n[1]);
          const double expect = reference(v, form, y) / reference(v, PolygonDistance::harmonic, y);
          EXPECT_NEAR(slope, expect, 1e-4) << "edge " << e << " u " << u;
          if (form == PolygonDistance::harmonic) {
            EXPECT_NEAR(slope, 1.0, 1e-4);
          }
        }
    }
}

// Along the bisector into a corner, D(t) ~ t^p: the harmonic form is linear
// at both corners, with D = t / 2 at the convex right angle (phi_a phi_b /
// (phi_a + phi_b), the m = 2 form has t / sqrt 2); the singular form vanishes
// like r^(2/3) at the re-entrant vertex (pi / omega) and is linear at the
// convex one. The exponent is measured between r = 1e-5 and 1e-6, where the
// next terms are O(r) relative.
TEST(PolygonDistance, CornerExponents) {
  auto exponent = [](const HostD& D, double cx, double cy, double dx, double dy) {
    const double a[2] = {cx + 1e-5 * dx, cy + 1e-5 * dy}, b[2] = {cx + 1e-6 * dx, cy + 1e-6 * dy};
    return std::log10(D(a).v / D(b).v);
  };
  const double s = std::sqrt(0.5);
  const HostD H(*polygon(kL, PolygonDistance::harmonic));
  const HostD S(*polygon(kL, PolygonDistance::singular));
  const HostD Q(*polygon(kL, PolygonDistance::quadratic));
  // Convex corner (-1,-1), bisector (1,1)/sqrt 2.
  EXPECT_NEAR(exponent(H, -1, -1, s, s), 1.0, 1e-4);
  EXPECT_NEAR(exponent(S, -1, -1, s, s), 1.0, 1e-4);
  const double c[2] = {-1 + 1e-6, -1 + 1e-6};
  EXPECT_NEAR(H(c).v, 0.5e-6, 1e-10);
  EXPECT_NEAR(Q(c).v, s * 1e-6, 1e-10);
  // Re-entrant corner (0,0), bisector (-1,1)/sqrt 2 into the domain.
  EXPECT_NEAR(exponent(H, 0, 0, -s, s), 1.0, 1e-4);
  EXPECT_NEAR(exponent(S, 0, 0, -s, s), 2.0 / 3.0, 1e-4);
  // Only one of its edges chosen: no corner factor (the singularity of a
  // Dirichlet-Neumann corner is another one), linear there.
  const auto part = polygon(kL, PolygonDistance::singular);
  const HostD P(*part, {"edge2", "edge4", "edge5"});
  EXPECT_NEAR(exponent(P, 0, 0, -s, s), 1.0, 1e-4);
}

}  // namespace
}  // namespace kanpde::test
