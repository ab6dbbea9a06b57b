// The residual assembler in 5D (the runtime-width KAN kernel): residuals
// against a plain evaluation (network jets, the trial function u = G + D N
// written out by hand with the 5D box's distance function and data from
// HardBoundary), the loss gradient and the Jacobian rows against central
// finite differences, J^T J of gauss_newton against the dense Jacobian's.
#include <gtest/gtest.h>

#include <cmath>

#include "Helpers.hpp"
#include "geometry/Box.hpp"
#include "solver/pde/Assembler.hpp"
#include "solver/pde/HardBoundary.hpp"

namespace {

using namespace kanpde;
using Asm = solver::Assembler<test::Exec>;
constexpr int kDim = 5, kNc = kDim + 2;

// g = 0.3 + x1 x2 + 0.5 x5^2: gradient (x2, x1, 0, 0, x5), Laplacian 1.
geometry::LaplacianJet g_data(const double* x) {
  geometry::LaplacianJet j;
  j.v = 0.3 + x[0] * x[1] + 0.5 * x[4] * x[4];
  j.g[0] = x[1];
  j.g[1] = x[0];
  j.g[4] = x[4];
  j.lap = 1.0;
  return j;
}

struct Problem5D {
  std::vector<solver::PointTerm> terms;
  solver::HardConstraint hc;
};

Problem5D make_setup() {
  const geometry::Box cube(std::vector<double>(kDim, 0.0), std::vector<double>(kDim, 1.0));
  const solver::HardBoundary hb(cube, {{{"x1min", "x1max"}, nullptr, g_data}});
  Problem5D s;
  const auto xi = test::random_points(40, kDim, 0.05, 0.95, 51);
  std::vector<double> f(40);
  for (std::size_t p = 0; p < 40; ++p) f[p] = std::sin(xi[kDim * p]) + xi[kDim * p + 3];
  // Robin data on the face x5 = 1 (outward normal e5).
  auto xb = test::random_points(12, kDim, 0.05, 0.95, 52);
  std::vector<double> nb(xb.size(), 0.0), gb(12);
  for (std::size_t p = 0; p < 12; ++p) {
    xb[kDim * p + 4] = 1.0;
    nb[kDim * p + 4] = 1.0;
    gb[p] = 0.1 * static_cast<double>(p);
  }
  s.terms.push_back(solver::interior_term("pde", 0.7, kDim, xi, f, -1.5));
  s.terms.push_back(solver::robin_term("robin", 1.3, kDim, xb, nb, 2.0, -0.5, gb));
  for (const auto& t : s.terms) {
    s.hc.djet.emplace_back();
    s.hc.gjet.emplace_back();
    hb.laplacian_jets(t.x, s.hc.djet.back(), s.hc.gjet.back());
  }
  return s;
}

TEST(AssemblerHighDim, ResidualsMatchAPlainEvaluation5D) {
  const auto net = test::random_network({kDim, 3, 1}, 4, 3, 53);
  const Problem5D s = make_setup();
  const Asm as(test::Exec(), s.terms, &s.hc);
  const auto r = as.residuals(net);
  std::size_t p = 0;
  for (std::size_t ti = 0; ti < s.terms.size(); ++ti) {
    const auto& t = s.terms[ti];
    const auto j = test::jets(net, t.x, kan::JetMode::laplacian);
    for (std::size_t q = 0; q < t.size(); ++q, ++p) {
      const double* N = &j[q * kNc];
      const double* D = &s.hc.djet[ti][q * kNc];
      const double* G = &s.hc.gjet[ti][q * kNc];
      double u[kNc];
      u[0] = G[0] + D[0] * N[0];
      double dn = 0.0;
      for (int a = 1; a <= kDim; ++a) {
        u[a] = G[a] + D[a] * N[0] + D[0] * N[a];
        dn += D[a] * N[a];
      }
      u[kDim + 1] = G[kDim + 1] + D[kDim + 1] * N[0] + 2 * dn + D[0] * N[kDim + 1];
      double ref = -t.rhs[q];
      for (int c = 0; c < kNc; ++c) ref += t.coef[q * kNc + c] * u[c];
      EXPECT_NEAR(r[p], ref, 1e-13 * (1 + std::abs(ref))) << t.name << " point " << q;
    }
  }
}

// Central differences with h = 1e-6: truncation ~h^2 times third
// derivatives of the loss (O(1) here) and round-off ~1e-16 |L| / h, both
// below 1e-8; the tolerance 1e-6 relative leaves room for both.
TEST(AssemblerHighDim, GradientAndJacobianRowsMatchFiniteDifferences5D) {
  auto net = test::random_network({kDim, 3, 1}, 4, 3, 54);
  const Problem5D s = make_setup();
  const Asm as(test::Exec(), s.terms, &s.hc);
  const std::size_t P = net.num_params();
  Kokkos::View<double*, test::Mem> g("g", P);
  const double L = as.loss_and_gradient(net, g).total;
  auto hg = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g);
  Eigen::MatrixXd Jd, JtJ;
  Eigen::VectorXd Rd, Jtr;
  EXPECT_NEAR(as.jacobian(net, Jd, Rd).total, L, 1e-14 * L);
  EXPECT_NEAR(as.gauss_newton(net, JtJ, Jtr).total, L, 1e-14 * L);
  const auto p0 = net.params_host();
  std::vector<double> w;
  for (const auto& t : s.terms)
    for (std::size_t q = 0; q < t.size(); ++q) w.push_back(t.weight / double(t.size()));
  const double h = 1e-6;
  double jmax = 0.0, jerr = 0.0;
  for (std::size_t k = 0; k < P; ++k) {
    auto pp = p0, pm = p0;
    pp[k] += h;
    pm[k] -= h;
    net.set_params(pp);
    const double lp = as.loss(net).total;
    const auto rp = as.residuals(net);
    net.set_params(pm);
    const double lm = as.loss(net).total;
    const auto rm = as.residuals(net);
    const double fd = (lp - lm) / (2 * h);
    EXPECT_NEAR(hg(k), fd, 1e-6 * (1 + std::abs(fd))) << "parameter " << k;
    for (std::size_t q = 0; q < w.size(); ++q) {
      const double jfd = std::sqrt(w[q]) * (rp[q] - rm[q]) / (2 * h);
      const double jv = Jd(Eigen::Index(q), Eigen::Index(k));
      jmax = std::max(jmax, std::abs(jfd));
      jerr = std::max(jerr, std::abs(jv - jfd));
    }
  }
  net.set_params(p0);
  EXPECT_LT(jerr, 1e-6 * (1 + jmax));
  const Eigen::MatrixXd gram = Jd.transpose() * Jd;
  EXPECT_LT((gram - JtJ).cwiseAbs().maxCoeff(), 1e-13 * (1 + JtJ.cwiseAbs().maxCoeff()));
  for (std::size_t k = 0; k < P; ++k)
    EXPECT_NEAR(2 * Jtr(Eigen::Index(k)), hg(k), 1e-10 * (1 + std::abs(hg(k))));
}

// u = G + D N takes the data exactly on the hard faces, whatever N.
TEST(AssemblerHighDim, HardFacesCarryTheDataExactly5D) {
  const auto net = test::random_network({kDim, 3, 1}, 4, 3, 55);
  const geometry::Box cube(std::vector<double>(kDim, 0.0), std::vector<double>(kDim, 1.0));
  const solver::HardBoundary hb(cube, {{{"x1min", "x1max"}, nullptr, g_data}});
  auto x = test::random_points(10, kDim, 0.0, 1.0, 56);
  std::vector<double> g(10);
  for (std::size_t p = 0; p < 10; ++p) {
    x[kDim * p] = p % 2 ? 1.0 : 0.0;
    g[p] = g_data(&x[kDim * p]).v;
  }
  solver::HardConstraint hc;
  hc.djet.emplace_back();
  hc.gjet.emplace_back();
  hb.laplacian_jets(x, hc.djet[0], hc.gjet[0]);
  const Asm as(test::Exec(), {solver::dirichlet_term("d", 1.0, kDim, x, g)}, &hc);
  for (double r : as.residuals(net)) EXPECT_NEAR(r, 0.0, 1e-15);
}

}  // namespace
