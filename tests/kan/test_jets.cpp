// Jets (value, gradient, Laplacian, Hessian) from the Taylor-mode kernels,
// against an independent hyper-dual evaluation and against finite differences.
#include <gtest/gtest.h>

#include <cmath>

#include "Helpers.hpp"
#include "Reference.hpp"

namespace {

using namespace kanpde;
using kan::JetMode;

struct Shape {
  std::vector<int> widths;
  int G, k;
};

std::vector<Shape> shapes() {
  // The last two: quartic and quintic splines in the shipped cases' shape
  // ([2, 5, 1], G = 10 and 20), the orders of the accuracy-floor study.
  return {{{1, 3, 1}, 5, 1},    {{1, 4, 2}, 6, 2},  {{2, 5, 1}, 5, 3},
          {{2, 4, 3, 1}, 4, 4}, {{3, 4, 2}, 3, 5},  {{3, 2, 2, 1}, 7, 3},
          {{2, 10, 1}, 5, 3},   {{2, 5, 1}, 10, 4}, {{2, 5, 1}, 20, 5}};
}

template <int D>
void compare_with_reference(const test::Net& net, const std::vector<double>& x) {
  const kan::Layout& lay = net.layout();
  const int nout = lay.output_dim();
  const auto lap = test::jets(net, x, JetMode::laplacian);
  const auto hes = test::jets(net, x, JetMode::hessian);
  const auto val = test::jets(net, x, JetMode::value);
  const int nl = kan::jet_size(JetMode::laplacian, D), nh = kan::jet_size(JetMode::hessian, D);
  const std::size_t n = x.size() / D;
  const std::vector<double> params = net.params_host(), knots = net.knots_host();
  using HD = test::HyperDual<double, D>;
  for (std::size_t p = 0; p < n; ++p) {
    std::vector<HD> xin(D);
    for (int a = 0; a < D; ++a) {
      xin[static_cast<std::size_t>(a)] = HD(x[p * D + a]);
      xin[static_cast<std::size_t>(a)].g[a] = 1.0;
    }
    const auto ref = test::network_reference(lay, params, knots, xin);
    for (int o = 0; o < nout; ++o) {
      const HD& r = ref[static_cast<std::size_t>(o)];
      const double* jl = &lap[(p * nout + o) * nl];
      const double* jh = &hes[(p * nout + o) * nh];
      auto tol = [](double v) { return 1e-12 * (1.0 + std::abs(v)); };
      EXPECT_NEAR(jl[0], r.v, tol(r.v));
      EXPECT_EQ(jl[0], jh[0]);
      EXPECT_EQ(jl[0], val[p * nout + o]);
      double tr = 0.0;
      for (int a = 0; a < D; ++a) {
        EXPECT_NEAR(jl[kan::jet_grad(a)], r.g[a], tol(r.g[a]));
        EXPECT_EQ(jl[kan::jet_grad(a)], jh[kan::jet_grad(a)]);
        tr += r.h[a][a];
        for (int b = a; b < D; ++b)
          EXPECT_NEAR(jh[kan::jet_hess(D, a, b)], r.h[a][b], tol(r.h[a][b]));
      }
      EXPECT_NEAR(jl[kan::jet_lap(D)], tr, tol(tr)) << "point " << p << " output " << o;
    }
  }
}

TEST(Jets, MatchHyperDualReference) {
  std::uint64_t seed = 100;
  for (const Shape& s : shapes()) {
    SCOPED_TRACE("k=" + std::to_string(s.k) + " G=" + std::to_string(s.G));
    const auto net = test::random_network(s.widths, s.G, s.k, ++seed);
    const int d = s.widths[0];
    // Some points lie outside the grid range [-1, 1] of the first layer.
    const auto x = test::random_points(40, d, -1.6, 1.6, ++seed);
    if (d == 1) compare_with_reference<1>(net, x);
    if (d == 2) compare_with_reference<2>(net, x);
    if (d == 3) compare_with_reference<3>(net, x);
  }
}

TEST(Jets, MatchFiniteDifferences) {
  std::uint64_t seed = 200;
  for (const Shape& s : shapes()) {
    if (s.k < 3) continue;  // needs C^2 splines for a second difference
    SCOPED_TRACE("k=" + std::to_string(s.k));
    const auto net = test::random_network(s.widths, s.G, s.k, ++seed);
    const int d = s.widths[0], nout = s.widths.back();
    const int nh = kan::jet_size(JetMode::hessian, d);
    const auto x = test::random_points(20, d, -0.9, 0.9, ++seed);
    const auto j0 = test::jets(net, x, JetMode::hessian);
    const double h = 1e-5;
    for (int a = 0; a < d; ++a) {
      auto xp = x, xm = x;
      for (std::size_t p = 0; p < x.size() / d; ++p) {
        xp[p * d + a] += h;
        xm[p * d + a] -= h;
      }
      const auto jp = test::jets(net, xp, JetMode::hessian),
                 jm = test::jets(net, xm, JetMode::hessian);
      for (std::size_t p = 0; p < x.size() / d; ++p)
        for (int o = 0; o < nout; ++o) {
          const std::size_t b = (p * nout + o) * nh;
          // Central differences: truncation O(h^2 f''') ~ 1e-8, round-off
          // O(eps f / h) ~ 1e-10.
          const double g_fd = (jp[b] - jm[b]) / (2 * h);
          EXPECT_NEAR(j0[b + kan::jet_grad(a)], g_fd, 1e-6 * (1 + std::abs(g_fd)));
          for (int c = 0; c < d; ++c) {
            const double h_fd = (jp[b + kan::jet_grad(c)] - jm[b + kan::jet_grad(c)]) / (2 * h);
            EXPECT_NEAR(j0[b + kan::jet_hess(d, a, c)], h_fd, 1e-5 * (1 + std::abs(h_fd)));
          }
        }
    }
  }
}

TEST(Jets, WrongShapesAreRejected) {
  const auto net = test::random_network({2, 3, 1}, 5, 3, 1);
  const auto x = test::to_view(test::random_points(4, 3, -1, 1, 2), 3);
  Kokkos::View<double***, test::Mem> out("out", 4, 1, 4);
  EXPECT_THROW(kan::evaluate(test::Exec(), net, x, JetMode::laplacian, out), InputError);
  const auto x2 = test::to_view(test::random_points(4, 2, -1, 1, 2), 2);
  EXPECT_THROW(kan::evaluate(test::Exec(), net, x2, JetMode::hessian, out), InputError);
  EXPECT_NO_THROW(kan::evaluate(test::Exec(), net, x2, JetMode::laplacian, out));
  EXPECT_THROW(test::random_network({kan::max_dim + 1, 3, 1}, 5, 3, 1), InputError);
  EXPECT_THROW(test::random_network({2, 3, 1}, 5, 6, 1), InputError);
  EXPECT_THROW(test::random_network({2, 3, 1}, 0, 3, 1), InputError);
  EXPECT_THROW(test::random_network({2}, 5, 3, 1), InputError);
}

}  // namespace
