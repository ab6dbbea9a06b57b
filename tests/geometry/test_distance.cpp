// The distance function D: zero on the (chosen) boundary, positive inside,
// jets against finite differences, unit gradient at the boundary, closed
// forms, and evaluation inside Kokkos kernels.
#include <gtest/gtest.h>

#include <Kokkos_Core.hpp>

#include "Shapes.hpp"

namespace kanpde::test {
namespace {

using Exec = Kokkos::DefaultExecutionSpace;
using Mem = Exec::memory_space;
using HostD = DistanceFunction<Kokkos::HostSpace>;

std::vector<double> interior(const Domain& d, std::size_t n) {
  return sample_interior(d, n).x;
}

TEST(GeometryDistance, ZeroOnBoundaryPositiveInside) {
  for (const Shape& s : all_shapes()) {
    const Domain& d = *s.domain;
    const HostD D(d);
    const PointSet b = sample_boundary(d, 1000);
    for (std::size_t i = 0; i < b.size(); ++i)
      EXPECT_LE(std::abs(D(b.point(i)).v), 1e-12) << s.name << " " << b.part_names[b.part[i]];
    const std::vector<double> x = interior(d, 2000);
    for (std::size_t i = 0; i < 2000; ++i) {
      const double* p = &x[i * d.dim()];
      EXPECT_GT(D(p).v, 0.0) << s.name << " at " << p[0] << "," << p[1];
    }
  }
}

// Gradient against central differences of the value, Hessian against central
// differences of the gradient (h = 1e-5: truncation ~h^2 |D'''| and
// round-off ~1e-16/h are both below 1e-8 for points at least 0.1 from the
// boundary, where D's derivatives are O(1) to O(10)).
TEST(GeometryDistance, JetsMatchFiniteDifferences) {
  const double h = 1e-5;
  for (const Shape& s : all_shapes()) {
    const Domain& d = *s.domain;
    const int dim = d.dim();
    const HostD D(d);
    const std::vector<double> x = interior(d, 300);
    int checked = 0;
    for (std::size_t i = 0; i < 300; ++i) {
      const double* p = &x[i * dim];
      if (d.signed_distance(p) > -0.1) continue;
      ++checked;
      const Jet j = D(p);
      double lap = 0;
      for (int a = 0; a < dim; ++a) {
        double xp[3] = {0, 0, 0}, xm[3] = {0, 0, 0};
        for (int k = 0; k < dim; ++k) xp[k] = xm[k] = p[k];
        xp[a] += h;
        xm[a] -= h;
        const Jet jp = D(xp), jm = D(xm);
        EXPECT_NEAR(j.g[a], (jp.v - jm.v) / (2 * h), 1e-7 * (1 + std::abs(j.g[a]))) << s.name;
        for (int b = 0; b < dim; ++b)
          EXPECT_NEAR(j.h[a][b], (jp.g[b] - jm.g[b]) / (2 * h), 1e-6 * (1 + std::abs(j.h[a][b])))
              << s.name << " H" << a << b;
        lap += j.h[a][a];
      }
      EXPECT_DOUBLE_EQ(j.laplacian(), lap);
    }
    EXPECT_GT(checked, 10) << s.name;
  }
}

TEST(GeometryDistance, ClosedForms) {
  const HostD box(Box({0, 0}, {1, 1}));
  const double p[2] = {0.3, 0.8};
  EXPECT_NEAR(box(p).v, 4 * 0.3 * 0.7 * 0.8 * 0.2, 1e-15);
  const HostD disk(Ball({1, 2}, 2.0));
  const double q[2] = {1.5, 1.0};
  EXPECT_NEAR(disk(q).v, (4 - 1.25) / 4, 1e-15);
  EXPECT_NEAR(disk(q).laplacian(), -2.0 / 2.0, 1e-15);  // -2 dim / (2R)
}

// |grad D| = 1 on the boundary away from corners: D matches the distance to
// first order. Checked 1e-6 inside the boundary (so |grad D| - 1 = O(1e-6)).
TEST(GeometryDistance, UnitGradientAtTheBoundary) {
  auto check = [](const Domain& d, const std::vector<std::array<double, 2>>& pts, int part) {
    const HostD D(d);
    for (const auto& x : pts) {
      double n[2], y[2];
      d.outward_normal(part, x.data(), n);
      for (int a = 0; a < 2; ++a) y[a] = x[a] - 1e-6 * n[a];
      const Jet j = D(y);
      EXPECT_NEAR(std::hypot(j.g[0], j.g[1]), 1.0, 1e-4)
          << d.display_name() << " at " << x[0] << "," << x[1];
      EXPECT_NEAR(j.v, 1e-6, 1e-9);
    }
  };
  check(Ball({0, 0}, 2.0), {{2, 0}, {0, -2}, {std::sqrt(2.0), std::sqrt(2.0)}}, 0);
  check(Ellipse(0, 0, 2, 0.5), {{2, 0}, {0, 0.5}, {std::sqrt(2.0), std::sqrt(0.125)}}, 0);
  const DomainPtr lp = l_shape_polygon();
  check(*lp, {{1, 0}}, 0);
  check(*lp, {{1.5, 1}}, 2);
  check(*lp, {{1, 1.5}}, 3);
  const DomainPtr hole = square_with_hole();
  check(*hole, {{0.6, -0.2}, {0.1, 0.3}, {-0.4, -0.2}}, hole->part_index("circle"));
  check(*hole, {{0, 1}}, hole->part_index("ymax"));
  const DomainPtr l = l_shape_csg();
  check(*l, {{1, 1.5}}, l->part_index("notch.xmin"));
  // A box where its sign outside does not matter (the left operand of a
  // difference) is the product of slab factors: unit slope at face centres.
  check(*l, {{0, 1}}, l->part_index("outer.xmin"));
  // Box: at the face centres of a square (its narrowest direction).
  const HostD box(Box({0, 0}, {1, 1}));
  const double c[2] = {0.0, 0.5};
  const Jet j = box(c);
  EXPECT_NEAR(j.g[0], 1.0, 1e-15);
  EXPECT_NEAR(j.g[1], 0.0, 1e-15);
}

// D vanishing on chosen parts only: zero there, positive on the other parts
// (away from shared corners) and inside.
TEST(GeometryDistance, VanishesOnChosenPartsOnly) {
  struct Case {
    DomainPtr d;
    std::vector<std::string> parts;
  };
  const std::vector<Case> cases = {
      {std::make_shared<Interval>(0.0, 1.0), {"xmax"}},
      {std::make_shared<Box>(std::vector<double>{0, 0}, std::vector<double>{2, 1}),
       {"xmin", "ymax"}},
      {std::make_shared<Box>(std::vector<double>{0, 0, 0}, std::vector<double>{1, 1, 1}),
       {"zmin", "zmax", "xmax"}},
      {std::make_shared<Polygon>(
           std::vector<std::array<double, 2>>{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}},
           std::vector<std::string>{"bottom", "wall", "wall", "wall", "top", "left"}),
       {"wall"}},
      {std::make_shared<Ball>(std::vector<double>{0, 0}, 1.0), {"circle"}},
  };
  for (const Case& c : cases) {
    const HostD D(*c.d, c.parts);
    const PointSet b = sample_boundary(*c.d, 600);
    for (std::size_t i = 0; i < b.size(); ++i) {
      const std::string& name = b.part_names[b.part[i]];
      const bool chosen = std::find(c.parts.begin(), c.parts.end(), name) != c.parts.end();
      const double v = D(b.point(i)).v;
      if (chosen) {
        EXPECT_LE(std::abs(v), 1e-12) << c.d->display_name() << " " << name;
      } else {
        EXPECT_GT(v, 1e-12) << c.d->display_name() << " " << name;
      }
    }
    const std::vector<double> x = interior(*c.d, 500);
    for (std::size_t i = 0; i < 500; ++i)
      EXPECT_GT(D(&x[i * c.d->dim()]).v, 0.0) << c.d->display_name() << " at " << x[i * c.d->dim()];
  }
}

// Device evaluation: evaluate_distance and a user kernel building the trial
// function u = g + D * N, which must equal g on the boundary. (Kernels live in
// free functions: nvcc rejects lambdas in TEST bodies.)
Kokkos::View<double**, Mem> to_device(const PointSet& ps) {
  Kokkos::View<double**, Mem> v("test::points", ps.size(), static_cast<std::size_t>(ps.dim));
  auto h = Kokkos::create_mirror_view(v);
  for (std::size_t i = 0; i < ps.size(); ++i)
    for (int a = 0; a < ps.dim; ++a) h(i, a) = ps.point(i)[a];
  Kokkos::deep_copy(v, h);
  return v;
}

std::vector<double> trial_minus_g(const DistanceFunction<Mem>& D, Kokkos::View<double**, Mem> x) {
  Kokkos::View<double*, Mem> out("test::u_minus_g", x.extent(0));
  Kokkos::parallel_for(
      "test::trial", Kokkos::RangePolicy<Exec>(0, x.extent(0)), KOKKOS_LAMBDA(const int i) {
        const double p[2] = {x(i, 0), x(i, 1)};
        const double g = 1.0 + p[0] * p[1];
        const double N = 3.0 + p[0] - 2.0 * p[1];
        const Jet j = D(p);
        out(i) = (g + j.v * N) - g;
      });
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), out);
  return std::vector<double>(h.data(), h.data() + h.extent(0));
}

TEST(GeometryDistance, EvaluatesInsideKokkosKernels) {
  for (const Shape& s : all_shapes()) {
    if (s.domain->dim() != 2) continue;
    const DistanceFunction<Mem> D(*s.domain);
    const HostD Dh(*s.domain);
    const PointSet ps = sample_interior(*s.domain, 1000);
    auto x = to_device(ps);
    Kokkos::View<double*, Mem> val("test::D", ps.size()), lap("test::lapD", ps.size());
    Kokkos::View<double**, Mem> grad("test::gradD", ps.size(), 2);
    evaluate_distance(Exec(), D, x, val, grad, lap);
    auto hv = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), val);
    auto hg = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), grad);
    auto hl = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), lap);
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const Jet j = Dh(ps.point(i));
      EXPECT_NEAR(hv(i), j.v, 1e-14 * (1 + std::abs(j.v))) << s.name;
      EXPECT_NEAR(hg(i, 0), j.g[0], 1e-12 * (1 + std::abs(j.g[0])));
      EXPECT_NEAR(hg(i, 1), j.g[1], 1e-12 * (1 + std::abs(j.g[1])));
      EXPECT_NEAR(hl(i), j.laplacian(), 1e-12 * (1 + std::abs(j.laplacian())));
    }
    // Empty outputs are skipped.
    evaluate_distance(Exec(), D, x, val, Kokkos::View<double**, Mem>(),
                      Kokkos::View<double*, Mem>());
    const PointSet b = sample_boundary(*s.domain, 500);
    for (double r : trial_minus_g(D, to_device(b))) EXPECT_LE(std::abs(r), 1e-11) << s.name;
  }
}

}  // namespace
}  // namespace kanpde::test
