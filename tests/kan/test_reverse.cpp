// Reverse pass: parameter gradients and Jacobian rows against a dual-number
// reference, against finite differences, and against each other.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "Helpers.hpp"
#include "Reference.hpp"

namespace {

using namespace kanpde;
using kan::JetMode;

struct Case {
  std::vector<int> widths;
  int G, k;
  JetMode mode;
};

std::vector<Case> cases() {
  return {{{1, 4, 1}, 5, 2, JetMode::laplacian},    {{2, 3, 2}, 3, 3, JetMode::laplacian},
          {{2, 3, 2}, 3, 3, JetMode::hessian},      {{3, 2, 2, 1}, 4, 4, JetMode::hessian},
          {{2, 3, 1}, 4, 5, JetMode::laplacian},    {{2, 3, 2}, 5, 3, JetMode::value},
          {{3, 2, 3, 1}, 3, 1, JetMode::laplacian}, {{2, 3, 1}, 10, 4, JetMode::laplacian},
          {{2, 3, 1}, 10, 5, JetMode::hessian}};
}

// sum_c seeds[c] * d jet_c / d theta_j at one point, from the reference with a
// dual number on parameter j.
template <int D>
std::vector<double> reference_row(const kan::Layout& lay, const std::vector<double>& params,
                                  const std::vector<double>& knots, const double* x, JetMode mode,
                                  const double* seeds) {
  using HD = test::HyperDual<test::Dual, D>;
  const int nout = lay.output_dim(), nc = kan::jet_size(mode, D);
  std::vector<double> row(params.size());
  for (std::size_t j = 0; j < params.size(); ++j) {
    std::vector<test::Dual> pd(params.begin(), params.end());
    pd[j].d = 1.0;
    std::vector<HD> xin(D);
    for (int a = 0; a < D; ++a) {
      xin[static_cast<std::size_t>(a)] = HD(test::Dual(x[a]));
      xin[static_cast<std::size_t>(a)].g[a] = test::Dual(1.0);
    }
    const auto out = test::network_reference(lay, pd, knots, xin);
    double s = 0.0;
    for (int o = 0; o < nout; ++o) {
      const HD& r = out[static_cast<std::size_t>(o)];
      const double* w = seeds + o * nc;
      s += w[0] * r.v.d;
      if (mode == JetMode::value) continue;
      for (int a = 0; a < D; ++a) s += w[kan::jet_grad(a)] * r.g[a].d;
      if (mode == JetMode::laplacian) {
        for (int a = 0; a < D; ++a) s += w[kan::jet_lap(D)] * r.h[a][a].d;
      } else {
        for (int a = 0; a < D; ++a)
          for (int b = a; b < D; ++b) s += w[kan::jet_hess(D, a, b)] * r.h[a][b].d;
      }
    }
    row[j] = s;
  }
  return row;
}

TEST(Reverse, JacobianRowsMatchDualReference) {
  std::uint64_t seed = 300;
  for (const Case& c : cases()) {
    SCOPED_TRACE(std::string("mode ") + kan::to_string(c.mode) + " k=" + std::to_string(c.k));
    const auto net = test::random_network(c.widths, c.G, c.k, ++seed);
    const int d = c.widths[0], nout = c.widths.back(), nc = kan::jet_size(c.mode, d);
    const int n = 6;
    const auto x = test::random_points(n, d, -1.3, 1.3, ++seed);
    const auto seeds = test::random_points(n * nout * nc, 1, -1, 1, ++seed);
    const auto J = test::jacobian(net, x, c.mode, seeds);
    const std::size_t P = net.num_params();
    const auto params = net.params_host(), knots = net.knots_host();
    for (int p = 0; p < n; ++p) {
      std::vector<double> ref;
      const double* sp = &seeds[static_cast<std::size_t>(p * nout * nc)];
      if (d == 1) ref = reference_row<1>(net.layout(), params, knots, &x[p * d], c.mode, sp);
      if (d == 2) ref = reference_row<2>(net.layout(), params, knots, &x[p * d], c.mode, sp);
      if (d == 3) ref = reference_row<3>(net.layout(), params, knots, &x[p * d], c.mode, sp);
      for (std::size_t j = 0; j < P; ++j)
        ASSERT_NEAR(J[p * P + j], ref[j], 1e-12 * (1 + std::abs(ref[j])))
            << "point " << p << " parameter " << j;
    }
  }
}

TEST(Reverse, GradientMatchesFiniteDifferencesAndSumOfRows) {
  std::uint64_t seed = 400;
  for (const Case& c : cases()) {
    SCOPED_TRACE(std::string("mode ") + kan::to_string(c.mode) + " k=" + std::to_string(c.k));
    auto net = test::random_network(c.widths, c.G, c.k, ++seed);
    const int d = c.widths[0], nout = c.widths.back(), nc = kan::jet_size(c.mode, d);
    const int n = 25;
    const auto x = test::random_points(n, d, -1.2, 1.2, ++seed);
    const auto seeds = test::random_points(n * nout * nc, 1, -1, 1, ++seed);
    const auto g = test::gradient(net, x, c.mode, seeds);
    const auto J = test::jacobian(net, x, c.mode, seeds);
    const std::size_t P = net.num_params();
    // The accumulated gradient is the sum of the Jacobian rows.
    for (std::size_t j = 0; j < P; ++j) {
      double s = 0.0;
      for (int p = 0; p < n; ++p) s += J[p * P + j];
      EXPECT_NEAR(g[j], s, 1e-12 * (1 + std::abs(s)));
    }
    // Central differences of L = sum seeds . jets in every parameter.
    auto loss = [&](const std::vector<double>& params) {
      net.set_params(params);
      const auto jt = test::jets(net, x, c.mode);
      double L = 0.0;
      for (std::size_t q = 0; q < jt.size(); ++q) L += seeds[q] * jt[q];
      return L;
    };
    const auto p0 = net.params_host();
    const double h = 1e-6;
    for (std::size_t j = 0; j < P; ++j) {
      auto pp = p0, pm = p0;
      pp[j] += h;
      pm[j] -= h;
      const double fd = (loss(pp) - loss(pm)) / (2 * h);
      // Truncation O(h^2) and round-off O(eps |L| / h) ~ 1e-9.
      EXPECT_NEAR(g[j], fd, 1e-6 * (1 + std::abs(fd))) << "parameter " << j;
    }
    net.set_params(p0);
  }
}

// accumulate_gradient sums fixed blocks of gradient_block_points points and
// adds the blocks' sums in block order: it equals, bit for bit, the gradients
// of each block alone (one block: grad = 0 + its row) added on the host in
// block order to the initial grad. That order depends on no thread count and
// on no schedule, so the gradient is bitwise the same on any backend and any
// number of threads (a per-thread scatter sum, as before, adds in the order the
// threads finish and fails this test even on one thread: it adds point by point).
TEST(Reverse, GradientIsTheBlocksSumsInBlockOrder) {
  const int B = kan::gradient_block_points;
  const Case cs[] = {{{2, 3, 2}, 3, 3, JetMode::laplacian}, {{3, 2, 2, 1}, 4, 4, JetMode::hessian}};
  std::uint64_t seed = 900;
  for (const Case& c : cs) {
    SCOPED_TRACE(std::string("mode ") + kan::to_string(c.mode));
    const auto net = test::random_network(c.widths, c.G, c.k, ++seed);
    const int d = c.widths[0], nout = c.widths.back(), nc = kan::jet_size(c.mode, d);
    const int n = 3 * B + 37;  // three whole blocks and a short one
    const auto x = test::random_points(n, d, -1.2, 1.2, ++seed);
    const auto seeds = test::random_points(n * nout * nc, 1, -1, 1, ++seed);
    const std::size_t P = net.num_params();
    const auto init = test::random_points(static_cast<int>(P), 1, -1, 1, ++seed);
    const auto g = test::gradient(net, x, c.mode, seeds, init);
    std::vector<double> expect = init;
    for (int p0 = 0; p0 < n; p0 += B) {
      const int p1 = std::min(n, p0 + B);
      const std::vector<double> xb(x.begin() + p0 * d, x.begin() + p1 * d);
      const std::vector<double> sb(seeds.begin() + p0 * nout * nc, seeds.begin() + p1 * nout * nc);
      const auto gb = test::gradient(net, xb, c.mode, sb);
      for (std::size_t j = 0; j < P; ++j) expect[j] += gb[j];
    }
    int differ = 0;
    for (std::size_t j = 0; j < P; ++j) differ += g[j] != expect[j];
    EXPECT_EQ(differ, 0) << "of " << P << " entries differ in some bit";
    // And it is the gradient (the sum of the Jacobian rows, up to round-off).
    const auto J = test::jacobian(net, x, c.mode, seeds);
    for (std::size_t j = 0; j < P; ++j) {
      double s = init[j];
      for (int p = 0; p < n; ++p) s += J[p * P + j];
      // 800 terms of O(1): round-off of the two summation orders ~ 1e-13.
      EXPECT_NEAR(g[j], s, 1e-11 * (1 + std::abs(s)));
    }
  }
}

}  // namespace
