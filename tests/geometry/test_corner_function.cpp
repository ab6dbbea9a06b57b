// The re-entrant corner's singular function S = chi(r) r^alpha sin(alpha
// theta) (geometry/CornerFunction.hpp): which vertices get one, its value
// against an independent complex-power formula, its gradient and Laplacian
// against central differences of that formula, zero on both corner edges,
// harmonic inside the core, zero beyond the support, finite at the vertex.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>

#include "geometry/CornerFunction.hpp"

namespace kanpde::test {
namespace {

using geometry::CornerSite;
using V2 = std::vector<std::array<double, 2>>;

// The L (-1,1)^2 minus the fourth quadrant (counter-clockwise, re-entrant
// (0,0)) and a thinner L listed clockwise (re-entrant (1,1)).
const V2 kL = {{-1, -1}, {0, -1}, {0, 0}, {1, 0}, {1, 1}, {-1, 1}};
const V2 kLcw = {{0, 0}, {0, 1.5}, {1, 1.5}, {1, 1}, {2, 1}, {2, 0}};

// Independent reference: rotate so that the interior's bisector is the
// positive real axis; then H = Re(z^alpha) on the principal branch (the
// interior angles lie within (-omega/2, omega/2)), times the cutoff written
// as a plain polynomial of t.
double reference(const CornerSite& s, double x, double y) {
  const std::complex<double> z =
      std::complex<double>(x - s.at[0], y - s.at[1]) * std::polar(1.0, -(s.theta0 + s.omega / 2));
  const double r = std::abs(z);
  if (r >= s.radius) return 0.0;
  double chi = 1.0;
  if (r > s.core) {
    const double t = (r - s.core) / (s.radius - s.core);
    chi = 1.0 - (10 * std::pow(t, 3) - 15 * std::pow(t, 4) + 6 * std::pow(t, 5));
  }
  return chi * std::real(std::pow(z, s.exponent()));
}

TEST(CornerFunction, FindsTheReentrantVertexWithItsAngleAndSupport) {
  const auto c = geometry::reentrant_corners(kL);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].vertex, 2);
  EXPECT_NEAR(c[0].omega, 1.5 * M_PI, 1e-14);
  EXPECT_NEAR(c[0].exponent(), 2.0 / 3.0, 1e-14);
  EXPECT_DOUBLE_EQ(c[0].radius, 1.0);  // edges of length 1, other edges at distance 1
  EXPECT_EQ(c[0].edges[0], 1);
  EXPECT_EQ(c[0].edges[1], 2);
  const auto d = geometry::reentrant_corners(kLcw);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].vertex, 3);
  EXPECT_DOUBLE_EQ(d[0].radius, 0.5);  // the short edge (1,1)-(1,1.5)
  EXPECT_TRUE(geometry::reentrant_corners({{0, 0}, {1, 0}, {1, 1}, {0, 1}}).empty());
}

TEST(CornerFunction, WideSupportEndsWhereTheCutMeetsTheDomain) {
  // The L: the cut (exterior bisector) leaves through the removed quadrant.
  const CornerSite l = geometry::widen(geometry::reentrant_corners(kL).front(), kL);
  EXPECT_TRUE(std::isinf(l.radius));
  const double far[2] = {-0.9, 0.9};  // beyond the compact radius 1: S = H there
  const geometry::LaplacianJet j = geometry::corner_function(l, far);
  EXPECT_NEAR(j.v, std::pow(1.62, 1.0 / 3.0) * std::sin(2.0 / 3.0 * 0.75 * M_PI), 1e-14);
  EXPECT_EQ(j.lap, 0.0);
  // A U (notch 1 <= x <= 2 above y = 1): from (2, 1) the cut runs up-left
  // into the notch and meets the edge x = 1 at (1, 2), sqrt(2) away.
  const V2 u = {{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}};
  const auto c = geometry::reentrant_corners(u);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].vertex, 4);
  EXPECT_NEAR(geometry::widen(c[0], u).radius, std::sqrt(2.0), 1e-14);
  EXPECT_NEAR(geometry::widen(c[1], u).radius, std::sqrt(2.0), 1e-14);
}

TEST(CornerFunction, ValueGradientAndLaplacianAgainstTheReference) {
  for (const V2* poly : {&kL, &kLcw}) {
    const CornerSite s = geometry::reentrant_corners(*poly).front();
    // Points in the core, in the band and near both edges, inside the domain.
    std::vector<std::array<double, 2>> pts;
    for (double rf : {0.05, 0.3, 0.55, 0.7, 0.9})
      for (double tf : {0.02, 0.3, 0.5, 0.8, 0.98}) {
        const double r = rf * s.radius, th = s.theta0 + tf * s.omega;
        pts.push_back({s.at[0] + r * std::cos(th), s.at[1] + r * std::sin(th)});
      }
    for (const auto& p : pts) {
      const geometry::LaplacianJet j = geometry::corner_function(s, p.data());
      const double f = reference(s, p[0], p[1]);
      // Round-off of the two formulas (values O(1)).
      EXPECT_NEAR(j.v, f, 1e-13);
      // Central differences, h = 1e-5 at r >= 0.05: truncation ~ h^2 S''' with
      // S''' ~ r^(alpha-3) <= 1e3 near the vertex: 1e-7; round-off 1e-16/h.
      const double h = 1e-5;
      const double gx = (reference(s, p[0] + h, p[1]) - reference(s, p[0] - h, p[1])) / (2 * h);
      const double gy = (reference(s, p[0], p[1] + h) - reference(s, p[0], p[1] - h)) / (2 * h);
      EXPECT_NEAR(j.g[0], gx, 1e-6 * (1 + std::abs(gx)));
      EXPECT_NEAR(j.g[1], gy, 1e-6 * (1 + std::abs(gy)));
      // 5-point Laplacian, h = 1e-3: truncation h^2/12 times the fourth
      // derivatives, ~ r^(alpha-4) near the vertex (<= 1e5 at r = 0.025) and
      // ~ 360 H / w^4 in the cutoff band of width w (the quintic's fourth
      // derivative); round-off 1e-16/h^2 = 1e-10.
      const double hl = 1e-3;
      const double lap = (reference(s, p[0] + hl, p[1]) + reference(s, p[0] - hl, p[1]) +
                          reference(s, p[0], p[1] + hl) + reference(s, p[0], p[1] - hl) - 4 * f) /
                         (hl * hl);
      const double r = std::hypot(p[0] - s.at[0], p[1] - s.at[1]);
      const double w = s.radius - s.core;
      const double tol = hl * hl * (0.5 * std::pow(r, s.exponent() - 4.0) + 1e3 / std::pow(w, 4));
      EXPECT_NEAR(j.lap, lap, tol) << "at (" << p[0] << ", " << p[1] << ")";
      if (r < s.core) {
        EXPECT_EQ(j.lap, 0.0);  // harmonic where chi = 1
      }
    }
  }
}

TEST(CornerFunction, VanishesOnBothEdgesBeyondTheSupportAndIsFiniteAtTheVertex) {
  const CornerSite s = geometry::reentrant_corners(kL).front();
  for (double t : {0.01, 0.2, 0.6, 0.99}) {
    const double on_first[2] = {t, 0.0};    // edge (0,0)-(1,0)
    const double on_second[2] = {0.0, -t};  // edge (0,-1)-(0,0)
    // sin(alpha theta) at theta = 0 and omega, evaluated in floating point.
    EXPECT_NEAR(geometry::corner_function(s, on_first).v, 0.0, 1e-15);
    EXPECT_NEAR(geometry::corner_function(s, on_second).v, 0.0, 1e-15);
  }
  const double far[2] = {-0.8, 0.8};  // r = 1.13 > radius 1
  const geometry::LaplacianJet z = geometry::corner_function(s, far);
  EXPECT_EQ(z.v, 0.0);
  EXPECT_EQ(z.g[0], 0.0);
  EXPECT_EQ(z.lap, 0.0);
  const double at[2] = {0.0, 0.0};
  const geometry::LaplacianJet v = geometry::corner_function(s, at);
  EXPECT_EQ(v.v, 0.0);
  EXPECT_TRUE(std::isfinite(v.g[0]) && std::isfinite(v.g[1]) && std::isfinite(v.lap));
  // Close to the vertex the value is r^(2/3) sin(2 theta/3): finite, large gradient.
  const double near[2] = {-1e-9, 1e-9};
  const geometry::LaplacianJet n = geometry::corner_function(s, near);
  EXPECT_NEAR(n.v, std::pow(std::sqrt(2e-18), 2.0 / 3.0) * std::sin(2.0 / 3.0 * 0.75 * M_PI),
              1e-18);
  EXPECT_TRUE(std::isfinite(n.g[0]) && std::abs(n.g[0]) > 1e2);
}

// The mixed and Neumann kinds against an independent formula: with phi the
// angle from the interior's bisector (principal branch, |phi| < omega/2) and
// Z = z^alpha = r^alpha e^(i alpha phi):
//   mixed, theta from the edge at theta = 0: sin(alpha theta) = Im(e^(i pi/4) Z)
//   mixed, from the other edge (flip):     sin(alpha (omega - theta)) = Im(e^(i pi/4) conj(Z))
//   Neumann: cos(alpha theta) = cos(alpha phi + pi/2) = -Im(Z)
// (alpha omega = pi/2 for mixed, pi for Neumann). No cutoff (wide support).
double kind_reference(const CornerSite& s, double x, double y) {
  const std::complex<double> z =
      std::complex<double>(x - s.at[0], y - s.at[1]) * std::polar(1.0, -(s.theta0 + s.omega / 2));
  const std::complex<double> Z = std::pow(z, s.exponent());
  if (s.kind == geometry::CornerKind::neumann) return -std::imag(Z);
  const std::complex<double> q = std::polar(1.0, M_PI / 4);
  return std::imag(q * (s.flip ? std::conj(Z) : Z));
}

std::vector<CornerSite> kinds_of(const V2& poly) {
  const CornerSite c = geometry::widen(geometry::reentrant_corners(poly).front(), poly);
  return {geometry::with_kind(c, geometry::CornerKind::mixed, c.edges[0]),
          geometry::with_kind(c, geometry::CornerKind::mixed, c.edges[1]),
          geometry::with_kind(c, geometry::CornerKind::neumann)};
}

TEST(CornerFunction, MixedAndNeumannKindsAgainstTheReference) {
  for (const V2* poly : {&kL, &kLcw})
    for (const CornerSite& s : kinds_of(*poly)) {
      EXPECT_NEAR(s.exponent(),
                  (s.kind == geometry::CornerKind::mixed ? 0.5 : 1.0) * M_PI / s.omega, 1e-15);
      for (double rf : {0.05, 0.3, 0.7})
        for (double tf : {0.02, 0.3, 0.5, 0.8, 0.98}) {
          const double r = rf * s.reach, th = s.theta0 + tf * s.omega;
          const double p[2] = {s.at[0] + r * std::cos(th), s.at[1] + r * std::sin(th)};
          const geometry::LaplacianJet j = geometry::corner_function(s, p);
          EXPECT_NEAR(j.v, kind_reference(s, p[0], p[1]), 1e-13);
          // Central differences, h = 1e-6 at r >= 0.025: truncation h^2 r^(alpha-3)
          // <= 1e-12 * 7e4; round-off 1e-16/h.
          const double h = 1e-6;
          const double gx =
              (kind_reference(s, p[0] + h, p[1]) - kind_reference(s, p[0] - h, p[1])) / (2 * h);
          const double gy =
              (kind_reference(s, p[0], p[1] + h) - kind_reference(s, p[0], p[1] - h)) / (2 * h);
          EXPECT_NEAR(j.g[0], gx, 1e-7 * (1 + std::abs(gx)));
          EXPECT_NEAR(j.g[1], gy, 1e-7 * (1 + std::abs(gy)));
          EXPECT_EQ(j.lap, 0.0);  // no cutoff: harmonic
        }
    }
}

// Exactness of the edge conditions: S = 0 on the Dirichlet edge, dS/dn = 0
// on a Neumann edge (n the edge's normal), to round-off, in the core and in
// the cutoff band of the compact support (the radial cutoff keeps both).
TEST(CornerFunction, EdgeConditionsOfEveryKindHoldExactly) {
  for (const V2* poly : {&kL, &kLcw}) {
    const CornerSite base = geometry::reentrant_corners(*poly).front();
    for (int e : base.edges) {
      const int other = e == base.edges[0] ? base.edges[1] : base.edges[0];
      for (int compact = 0; compact < 2; ++compact) {
        const CornerSite c = compact ? base : geometry::widen(base, *poly);
        const CornerSite mixed = geometry::with_kind(c, geometry::CornerKind::mixed, e);
        const CornerSite nn = geometry::with_kind(c, geometry::CornerKind::neumann);
        // The point at t * reach from the vertex along an edge (within the
        // support: reach is at most either edge's length and the radius).
        auto point_on = [&](int edge, double t) {
          const auto& a = (*poly)[std::size_t(edge)];
          const auto& b = (*poly)[std::size_t((edge + 1) % int(poly->size()))];
          const auto& far = a == c.at ? b : a;
          const double len = std::hypot(far[0] - c.at[0], far[1] - c.at[1]);
          const double d = t * c.reach / len;
          return std::array<double, 2>{c.at[0] + d * (far[0] - c.at[0]),
                                       c.at[1] + d * (far[1] - c.at[1])};
        };
        auto normal_of = [&](int edge) {
          const auto& a = (*poly)[std::size_t(edge)];
          const auto& b = (*poly)[std::size_t((edge + 1) % int(poly->size()))];
          const double len = std::hypot(b[0] - a[0], b[1] - a[1]);
          return std::array<double, 2>{(b[1] - a[1]) / len, -(b[0] - a[0]) / len};
        };
        for (double t : {0.01, 0.2, 0.45, 0.7, 0.95}) {
          const auto pd = point_on(e, t), pn = point_on(other, t);
          const auto n = normal_of(other);
          const geometry::LaplacianJet sd = geometry::corner_function(mixed, pd.data());
          const geometry::LaplacianJet sn = geometry::corner_function(mixed, pn.data());
          EXPECT_NEAR(sd.v, 0.0, 1e-15) << "Dirichlet edge " << e << " t " << t;
          EXPECT_NEAR(sn.g[0] * n[0] + sn.g[1] * n[1], 0.0, 1e-14 * (1 + std::abs(sn.g[0])))
              << "Neumann edge " << other << " t " << t;
          for (int f : {e, other}) {
            const auto p = point_on(f, t);
            const auto m = normal_of(f);
            const geometry::LaplacianJet s = geometry::corner_function(nn, p.data());
            EXPECT_NEAR(s.g[0] * m[0] + s.g[1] * m[1], 0.0, 1e-14 * (1 + std::abs(s.g[0])))
                << "Neumann-Neumann, edge " << f << " t " << t;
          }
          EXPECT_GT(std::abs(sn.v), 1e-3);  // not trivially zero
        }
      }
    }
  }
}

}  // namespace
}  // namespace kanpde::test
