// HardBoundary: D vanishes and G equals each entry's own data on its parts
// (to round-off), for every part kind; the jets of D and G against central
// differences; one entry reproduces the plain distance function and g exactly.
#include <gtest/gtest.h>

#include <Kokkos_Core.hpp>

#include <cmath>

#include "geometry/Geometry.hpp"
#include "solver/pde/HardBoundary.hpp"

namespace {

using namespace kanpde;
using geometry::Jet;

// g = a + b x + c y^2 + sin(d z) with its exact jets.
solver::DataJet poly(double a, double b, double c, double d) {
  return [=](const double* x) {
    Jet j;
    j.v = a + b * x[0] + c * x[1] * x[1] + std::sin(d * x[2]);
    j.g[0] = b;
    j.g[1] = 2 * c * x[1];
    j.g[2] = d * std::cos(d * x[2]);
    j.h[1][1] = 2 * c;
    j.h[2][2] = -d * d * std::sin(d * x[2]);
    return j;
  };
}

struct HardSetup {
  std::string name;
  geometry::DomainPtr domain;
  std::vector<solver::HardGroup> groups;
};

std::vector<HardSetup> setups() {
  using geometry::Ball;
  using geometry::Box;
  std::vector<HardSetup> s;
  // Square minus two disks: outside, each hole its own value.
  auto sq = std::make_shared<Box>(std::vector<double>{-1, -1}, std::vector<double>{1, 1});
  auto h1 = std::make_shared<Ball>(std::vector<double>{-0.4, 0.3}, 0.25);
  auto h2 = std::make_shared<Ball>(std::vector<double>{0.45, -0.3}, 0.3);
  h1->set_label("h1");
  h2->set_label("h2");
  const auto holes = geometry::make_difference(geometry::make_difference(sq, h1), h2);
  s.push_back({"square_two_holes",
               holes,
               {{{"xmin", "xmax", "ymin", "ymax"}, poly(1, 0.5, -0.3, 0)},
                {{"lhs.circle"}, poly(-2, 0, 1, 0)},
                {{"h2.circle"}, solver::constant_data(3.0)}}});
  // The holes only: the outer square is left to a soft term.
  s.push_back({"holes_only",
               holes,
               {{{"lhs.circle"}, poly(-2, 0, 1, 0)}, {{"h2.circle"}, poly(0.5, 1, 0, 0)}}});
  // A box: two faces with different data, the others free.
  s.push_back({"box_faces",
               std::make_shared<Box>(std::vector<double>{0, 0}, std::vector<double>{2, 1}),
               {{{"xmin"}, poly(0, 0, 1, 0)}, {{"ymax"}, poly(1, 1, 0, 0)}}});
  // An interval: the two ends.
  s.push_back({"interval",
               std::make_shared<geometry::Interval>(-1.0, 2.0),
               {{{"xmin"}, solver::constant_data(1.0)}, {{"xmax"}, solver::constant_data(-4.0)}}});
  // A 3D ball cut from a box: faces and the sphere.
  s.push_back(
      {"cube_minus_ball",
       geometry::make_difference(
           std::make_shared<Box>(std::vector<double>{0, 0, 0}, std::vector<double>{1, 1, 1}),
           std::make_shared<Ball>(std::vector<double>{0.5, 0.5, 0.5}, 0.25)),
       {{{"zmin", "zmax"}, poly(0, 1, 0, 2)}, {{"sphere"}, poly(1, 0, 1, 1)}}});
  // An L polygon: edges with two data; an ellipse.
  s.push_back(
      {"l_polygon",
       std::make_shared<geometry::Polygon>(
           std::vector<std::array<double, 2>>{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}},
           std::vector<std::string>{"bottom", "wall", "wall", "wall", "top", "left"}),
       {{{"bottom", "left"}, poly(0, 1, 1, 0)}, {{"wall"}, poly(2, 0, 0, 0)}}});
  s.push_back({"ellipse",
               std::make_shared<geometry::Ellipse>(0.0, 0.0, 1.5, 0.7),
               {{{"ellipse"}, poly(0.3, 1, -1, 0)}}});
  return s;
}

TEST(HardBoundary, ZeroDistanceAndExactDataOnEveryHardPart) {
  for (const HardSetup& s : setups()) {
    const solver::HardBoundary hb(*s.domain, s.groups);
    geometry::SamplerOptions o;
    o.seed = 99;  // shifted points: no point exactly on a corner between two entries
    const geometry::PointSet b = geometry::sample_boundary(*s.domain, 1500, o);
    int checked = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
      const std::string& part = b.part_names[b.part[i]];
      for (const solver::HardGroup& g : s.groups) {
        if (std::find(g.parts.begin(), g.parts.end(), part) == g.parts.end()) continue;
        double x[3] = {0, 0, 0};
        for (int a = 0; a < s.domain->dim(); ++a) x[a] = b.point(i)[a];
        Jet D, G;
        hb.jets(x, D, G);
        const double want = g.g(x).v;
        // Round-off only: D = 0 to ~1e-16 of the size (the sampled point is
        // on the part up to round-off), G = g_k up to the same.
        EXPECT_LE(std::abs(D.v), 1e-12) << s.name << " " << part;
        EXPECT_NEAR(G.v, want, 1e-12 * (1 + std::abs(want))) << s.name << " " << part;
        // Where D is exactly 0, G is exactly g_k: the weights are P_k / P_k = 1.
        if (D.v == 0.0) {
          EXPECT_EQ(G.v, want) << s.name << " " << part;
        }
        ++checked;
      }
    }
    EXPECT_GT(checked, 50) << s.name;
  }
}

// Central differences, h = 1e-5, points at least 0.05 from the boundary:
// truncation h^2 |f'''| and round-off 1e-16 |f| / h both below the tolerance.
TEST(HardBoundary, JetsMatchFiniteDifferences) {
  const double h = 1e-5;
  for (const HardSetup& s : setups()) {
    const solver::HardBoundary hb(*s.domain, s.groups);
    const int dim = s.domain->dim();
    const geometry::PointSet in = geometry::sample_interior(*s.domain, 200);
    int checked = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
      double x[3] = {0, 0, 0};
      for (int a = 0; a < dim; ++a) x[a] = in.point(i)[a];
      if (s.domain->signed_distance(x) > -0.05) continue;
      ++checked;
      Jet D, G;
      hb.jets(x, D, G);
      for (int a = 0; a < dim; ++a) {
        double xp[3] = {x[0], x[1], x[2]}, xm[3] = {x[0], x[1], x[2]};
        xp[a] += h;
        xm[a] -= h;
        Jet Dp, Gp, Dm, Gm;
        hb.jets(xp, Dp, Gp);
        hb.jets(xm, Dm, Gm);
        EXPECT_NEAR(D.g[a], (Dp.v - Dm.v) / (2 * h), 1e-6 * (1 + std::abs(D.g[a]))) << s.name;
        EXPECT_NEAR(G.g[a], (Gp.v - Gm.v) / (2 * h), 1e-6 * (1 + std::abs(G.g[a]))) << s.name;
        for (int c = 0; c < dim; ++c) {
          EXPECT_NEAR(D.h[a][c], (Dp.g[c] - Dm.g[c]) / (2 * h), 1e-5 * (1 + std::abs(D.h[a][c])))
              << s.name;
          EXPECT_NEAR(G.h[a][c], (Gp.g[c] - Gm.g[c]) / (2 * h), 1e-5 * (1 + std::abs(G.h[a][c])))
              << s.name;
        }
      }
    }
    EXPECT_GT(checked, 10) << s.name;
  }
}

// The Laplacian layout against the full jets, and one entry: D is the
// geometry's distance function for its parts and G the entry's own g, bitwise.
TEST(HardBoundary, LaplacianLayoutAndOneEntry) {
  const auto sq =
      std::make_shared<geometry::Box>(std::vector<double>{-1, -1}, std::vector<double>{1, 1});
  const solver::DataJet g = poly(0.5, 1, 2, 0);
  const solver::HardBoundary hb(*sq, {{{"xmin", "ymax"}, g}});
  const geometry::DistanceFunction<Kokkos::HostSpace> D(*sq, {"xmin", "ymax"});
  const std::vector<double> x = {0.1, 0.2, -0.7, 0.9, 0.3, -0.4};
  std::vector<double> dj, gj;
  hb.laplacian_jets(x, dj, gj);
  ASSERT_EQ(dj.size(), 12u);
  for (std::size_t p = 0; p < 3; ++p) {
    const double y[3] = {x[2 * p], x[2 * p + 1], 0.0};
    const Jet d = D(y), gg = g(y);
    EXPECT_EQ(dj[4 * p], d.v);
    EXPECT_EQ(dj[4 * p + 1], d.g[0]);
    EXPECT_EQ(dj[4 * p + 2], d.g[1]);
    EXPECT_EQ(dj[4 * p + 3], d.laplacian());
    EXPECT_EQ(gj[4 * p], gg.v);
    EXPECT_EQ(gj[4 * p + 3], gg.h[0][0] + gg.h[1][1]);
  }
}

// The blend's weights have exponent 1 on the group distances: a distance h
// inside a part of group k, G = g_k + h sum_(j != k) (g_j - g_k) / D_j + O(h^2)
// (|grad D_k| = 1 on a circle). With exponent 2 (the former blend) the first-
// order term is zero and this fails by the whole term.
TEST(HardBoundary, BlendChangesAtFirstOrderAwayFromAPart) {
  auto sq = std::make_shared<geometry::Box>(std::vector<double>{-1, -1}, std::vector<double>{1, 1});
  auto hole = std::make_shared<geometry::Ball>(std::vector<double>{0.1, -0.2}, 0.3);
  const auto d = geometry::make_difference(sq, hole);
  const solver::HardBoundary hb(*d, {{{"xmin", "xmax", "ymin", "ymax"}, solver::constant_data(0.0)},
                                     {{"circle"}, solver::constant_data(1.0)}});
  const geometry::DistanceFunction<Kokkos::HostSpace> Dout(*d, {"xmin", "xmax", "ymin", "ymax"});
  int checked = 0;
  for (double t : {0.3, 1.7, 2.9, 4.4}) {
    // A point h outside the hole (inside the domain) along its normal.
    const double h = 1e-5;
    const double x[3] = {0.1 + (0.3 + h) * std::cos(t), -0.2 + (0.3 + h) * std::sin(t), 0};
    Jet D, G;
    hb.jets(x, D, G);
    const double want = 1.0 + h * (0.0 - 1.0) / Dout(x).v;
    // The O(h^2) remainder: h^2 times the blend's second derivative, O(1 / D_j^2) <= 10.
    EXPECT_NEAR(G.v, want, 1e-8) << "t " << t;
    // The first-order term itself (h / D_out ~ 2e-5, the remainder ~ 1e-9).
    EXPECT_NEAR((1.0 - G.v) / (h / Dout(x).v), 1.0, 1e-3) << "t " << t;
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

// The distance function of all four faces of a box minus a hole is the box's
// own product form (smooth at the corners, like the full set's), bitwise; of
// the hole alone, the trimmed circle (unit slope).
TEST(HardBoundary, BoxFacesOfADifferenceKeepTheProductForm) {
  auto sq = std::make_shared<geometry::Box>(std::vector<double>{0, 0}, std::vector<double>{2, 1});
  auto hole = std::make_shared<geometry::Ball>(std::vector<double>{0.5, 0.5}, 0.2);
  const auto d = geometry::make_difference(sq, hole);
  using HostD = geometry::DistanceFunction<Kokkos::HostSpace>;
  const HostD faces(*d, {"xmin", "xmax", "ymin", "ymax"}), box(*sq);
  for (const auto& p : std::vector<std::array<double, 2>>{
           {1e-3, 1e-3}, {0.01, 0.3}, {1.5, 0.5}, {1.99, 0.999}, {0.5, 0.1}}) {
    const Jet a = faces(p.data()), b = box(p.data());
    EXPECT_EQ(a.v, b.v);
    EXPECT_EQ(a.g[0], b.g[0]);
    EXPECT_EQ(a.h[0][1], b.h[0][1]);
  }
  // Near the corner (0, 0): D = x (2 - x) y (1 - y), so D / (x y) -> 2 along
  // every direction (a composition of the faces one by one gives x y / r).
  for (double ang : {0.2, 0.785, 1.3}) {
    const double r = 1e-4, x[2] = {r * std::cos(ang), r * std::sin(ang)};
    EXPECT_NEAR(faces(x).v / (x[0] * x[1]), 2.0, 1e-3);
  }
}

TEST(HardBoundary, UnknownPartIsAnInputError) {
  const geometry::Box sq({-1, -1}, {1, 1});
  EXPECT_THROW(solver::HardBoundary(sq, {{{"xmn"}, solver::constant_data(0)}}), InputError);
}

}  // namespace
