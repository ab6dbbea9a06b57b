// The runtime-width kernel (inputs wider than 3): jets against an independent
// hyper-dual evaluation and finite differences in 5 and 10 dimensions,
// parameter gradients against finite differences, Jacobian rows against the
// gradient, and the runtime-width path against the compiled one in 2D and 3D.
#include <gtest/gtest.h>

#include <cmath>

#include "Helpers.hpp"
#include "Reference.hpp"
#include "common/Error.hpp"

namespace {

using namespace kanpde;
using kan::DimPath;
using kan::JetMode;

std::vector<double> jets_path(const test::Net& net, const std::vector<double>& x, JetMode mode,
                              DimPath path) {
  const int d = net.layout().input_dim(), nout = net.layout().output_dim();
  auto xv = test::to_view(x, d);
  Kokkos::View<double***, test::Mem> out("test::jets", xv.extent(0), static_cast<std::size_t>(nout),
                                         static_cast<std::size_t>(kan::jet_size(mode, d)));
  kan::evaluate(test::Exec(), net, xv, mode, out, path);
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), out);
  return std::vector<double>(h.data(), h.data() + h.size());
}

std::vector<double> gradient_path(const test::Net& net, const std::vector<double>& x, JetMode mode,
                                  const std::vector<double>& seeds, DimPath path) {
  const int d = net.layout().input_dim(), nout = net.layout().output_dim();
  auto xv = test::to_view(x, d);
  auto sv = test::seeds_view(seeds, xv.extent(0), nout, kan::jet_size(mode, d));
  Kokkos::View<double*, test::Mem> g("test::grad", net.num_params());
  kan::accumulate_gradient(test::Exec(), net, xv, mode, sv, g, path);
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g);
  return std::vector<double>(h.data(), h.data() + h.size());
}

std::vector<double> jacobian_path(const test::Net& net, const std::vector<double>& x, JetMode mode,
                                  const std::vector<double>& seeds, DimPath path) {
  const int d = net.layout().input_dim(), nout = net.layout().output_dim();
  auto xv = test::to_view(x, d);
  auto sv = test::seeds_view(seeds, xv.extent(0), nout, kan::jet_size(mode, d));
  Kokkos::View<double**, test::Mem> J("test::jac", xv.extent(0), net.num_params());
  kan::jacobian_rows(test::Exec(), net, xv, mode, sv, J, path);
  Kokkos::View<double**, Kokkos::LayoutRight, Kokkos::HostSpace> h("test::jac_h", J.extent(0),
                                                                   J.extent(1));
  auto m = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), J);
  Kokkos::deep_copy(h, m);
  return std::vector<double>(h.data(), h.data() + h.size());
}

// Laplacian jets against the hyper-dual reference (to 1e-12: both are exact,
// they differ by summation order only) and against central differences of
// the value (step 1e-4: truncation ~1e-8 for the gradient, ~1e-6 for the
// Laplacian from the 4th derivative, plus round-off 1e-16/h^2 ~ 1e-8).
template <int D>
void check_jets(const std::vector<int>& widths, int G, int k, std::uint64_t seed) {
  const auto net = test::random_network(widths, G, k, seed);
  const int n = 5, nout = widths.back(), nc = kan::jet_size(JetMode::laplacian, D);
  const auto x = test::random_points(n, D, -0.9, 0.9, seed + 1);
  const auto lap = test::jets(net, x, JetMode::laplacian);
  const auto val = test::jets(net, x, JetMode::value);
  const std::vector<double> params = net.params_host(), knots = net.knots_host();
  using HD = test::HyperDual<double, D>;
  const double h = 1e-4;
  for (int p = 0; p < n; ++p) {
    std::vector<HD> xin(D);
    for (int a = 0; a < D; ++a) {
      xin[static_cast<std::size_t>(a)] = HD(x[static_cast<std::size_t>(p * D + a)]);
      xin[static_cast<std::size_t>(a)].g[a] = 1.0;
    }
    const auto ref = test::network_reference(net.layout(), params, knots, xin);
    // Finite differences of the value jets at the shifted points.
    std::vector<double> xs;
    for (int a = 0; a < D; ++a)
      for (double sgn : {1.0, -1.0}) {
        for (int b = 0; b < D; ++b)
          xs.push_back(x[static_cast<std::size_t>(p * D + b)] + (a == b ? sgn * h : 0.0));
      }
    const auto vs = test::jets(net, xs, JetMode::value);
    for (int o = 0; o < nout; ++o) {
      const double* j = &lap[static_cast<std::size_t>((p * nout + o) * nc)];
      const HD& r = ref[static_cast<std::size_t>(o)];
      const double u0 = val[static_cast<std::size_t>(p * nout + o)];
      EXPECT_EQ(j[0], u0);
      EXPECT_NEAR(j[0], r.v, 1e-12 * (1 + std::abs(r.v)));
      double lap_fd = 0.0, lap_ref = 0.0;
      for (int a = 0; a < D; ++a) {
        const double up = vs[static_cast<std::size_t>((2 * a) * nout + o)];
        const double um = vs[static_cast<std::size_t>((2 * a + 1) * nout + o)];
        EXPECT_NEAR(j[kan::jet_grad(a)], r.g[a], 1e-12 * (1 + std::abs(r.g[a])));
        EXPECT_NEAR(j[kan::jet_grad(a)], (up - um) / (2 * h), 1e-6);
        lap_fd += (up - 2 * u0 + um) / (h * h);
        lap_ref += r.h[a][a];
      }
      EXPECT_NEAR(j[kan::jet_lap(D)], lap_ref, 1e-11 * (1 + std::abs(lap_ref)));
      EXPECT_NEAR(j[kan::jet_lap(D)], lap_fd, 1e-4 * (1 + std::abs(lap_ref)));
    }
  }
}

TEST(HighDim, JetsMatchReferenceAndDifferences5D) {
  check_jets<5>({5, 4, 1}, 5, 3, 1700);
  check_jets<5>({5, 3, 2, 2}, 4, 2, 1710);
}

TEST(HighDim, JetsMatchReferenceAndDifferences10D) {
  check_jets<10>({10, 3, 1}, 4, 3, 1720);
}

// Parameter gradient of sum_p seeds . jet_p against central differences in
// the parameters (step 1e-6 on O(1) quantities: error ~1e-9 relative), and
// the Jacobian rows summed over points against the gradient (same sums in a
// different order: 1e-12).
void check_gradient(const std::vector<int>& widths, int G, int k, std::uint64_t seed) {
  auto net = test::random_network(widths, G, k, seed);
  const int d = widths[0], nout = widths.back(), nc = kan::jet_size(JetMode::laplacian, d);
  const int n = 4;
  const auto x = test::random_points(n, d, -0.9, 0.9, seed + 1);
  const auto seeds = test::random_points(n * nout * nc, 1, -1, 1, seed + 2);
  const auto g = test::gradient(net, x, JetMode::laplacian, seeds);
  const auto J = test::jacobian(net, x, JetMode::laplacian, seeds);
  const std::size_t P = net.num_params();
  ASSERT_EQ(g.size(), P);
  auto objective = [&](const test::Net& m) {
    const auto j = test::jets(m, x, JetMode::laplacian);
    double s = 0.0;
    for (std::size_t i = 0; i < j.size(); ++i) s += seeds[i] * j[i];
    return s;
  };
  std::vector<double> params = net.params_host();
  const double h = 1e-6;
  double scale = 0.0;
  for (double v : g) scale = std::max(scale, std::abs(v));
  for (std::size_t q = 0; q < P; q += 7) {  // every 7th parameter keeps the test fast
    std::vector<double> pp = params;
    pp[q] += h;
    net.set_params(pp);
    const double fp = objective(net);
    pp[q] = params[q] - h;
    net.set_params(pp);
    const double fm = objective(net);
    EXPECT_NEAR(g[q], (fp - fm) / (2 * h), 1e-6 * (1 + scale)) << "parameter " << q;
  }
  for (std::size_t q = 0; q < P; ++q) {
    double s = 0.0;
    for (int p = 0; p < n; ++p) s += J[static_cast<std::size_t>(p) * P + q];
    EXPECT_NEAR(s, g[q], 1e-12 * (1 + scale)) << "parameter " << q;
  }
}

TEST(HighDim, GradientMatchesDifferences5D) {
  check_gradient({5, 4, 1}, 5, 3, 1730);
}

TEST(HighDim, GradientMatchesDifferences10D) {
  check_gradient({10, 3, 2, 1}, 4, 3, 1740);
}

// The runtime-width kernel runs the compiled kernel's arithmetic in the same
// order: equal bitwise in 1, 2 and 3 dimensions.
TEST(HighDim, DynamicPathEqualsCompiledPathBitwise) {
  std::uint64_t seed = 1750;
  const std::vector<std::vector<int>> shapes{{1, 3, 1}, {2, 5, 1}, {2, 3, 3, 2}, {3, 4, 1}};
  for (const auto& w : shapes)
    for (int k : {1, 3, 5}) {
      SCOPED_TRACE("d=" + std::to_string(w[0]) + " k=" + std::to_string(k));
      const auto net = test::random_network(w, 4, k, ++seed);
      const int d = w[0], nout = w.back(), n = 7;
      const auto x = test::random_points(n, d, -1.2, 1.2, ++seed);
      for (JetMode mode : {JetMode::value, JetMode::laplacian}) {
        const int nc = kan::jet_size(mode, d);
        EXPECT_EQ(jets_path(net, x, mode, DimPath::automatic),
                  jets_path(net, x, mode, DimPath::dynamic));
        const auto seeds = test::random_points(n * nout * nc, 1, -1, 1, ++seed);
        EXPECT_EQ(gradient_path(net, x, mode, seeds, DimPath::automatic),
                  gradient_path(net, x, mode, seeds, DimPath::dynamic));
        EXPECT_EQ(jacobian_path(net, x, mode, seeds, DimPath::automatic),
                  jacobian_path(net, x, mode, seeds, DimPath::dynamic));
      }
    }
}

TEST(HighDim, HessianJetsAreRefusedAbove3D) {
  const auto net = test::random_network({5, 3, 1}, 4, 3, 1760);
  const auto x = test::to_view(test::random_points(2, 5, -1, 1, 1761), 5);
  Kokkos::View<double***, test::Mem> out("out", 2, 1, kan::jet_size(JetMode::hessian, 5));
  EXPECT_THROW(kan::evaluate(test::Exec(), net, x, JetMode::hessian, out), InputError);
  const auto net3 = test::random_network({3, 3, 1}, 4, 3, 1762);
  const auto x3 = test::to_view(test::random_points(2, 3, -1, 1, 1763), 3);
  Kokkos::View<double***, test::Mem> out3("out", 2, 1, kan::jet_size(JetMode::hessian, 3));
  EXPECT_THROW(kan::evaluate(test::Exec(), net3, x3, JetMode::hessian, out3, DimPath::dynamic),
               InputError);
  EXPECT_NO_THROW(kan::evaluate(test::Exec(), net3, x3, JetMode::hessian, out3));
}

}  // namespace
