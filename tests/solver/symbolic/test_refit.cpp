// The refit: jointly on the PDE loss it drives a perturbed exact formula back
// to the solution (the loss falls by many orders); on values it matches a
// target; the residual Jacobian agrees with finite differences, also under a
// hard Dirichlet constraint u = G + D S.
#include <gtest/gtest.h>

#include <cmath>

#include "Helpers.hpp"
#include "solver/symbolic/Library.hpp"
#include "solver/symbolic/Refit.hpp"

namespace sym = kanpde::solver::symbolic;
using kanpde::solver::PointTerm;

namespace {

sym::EdgeFormula edge(const char* name, double a, double b, double c, double d) {
  return {sym::library_index(name), a, b, c, d};
}

// sin(pi x) sin(pi y) as a [2, 2, 1] model, parameters perturbed by eps.
sym::SymbolicModel sinsin(double eps) {
  sym::SymbolicModel m({2, 2, 1});
  m.edge(0, 0, 0) = edge("x", 1, 0, M_PI + eps, 0.1 * eps);
  m.edge(0, 1, 0) = edge("x", 1, 0, -M_PI - 0.5 * eps, 0.0);
  m.edge(0, 0, 1) = edge("x", 1, 0, M_PI - 0.7 * eps, 0.0);
  m.edge(0, 1, 1) = edge("x", 1, 0, M_PI + 0.3 * eps, -0.2 * eps);
  m.edge(1, 0, 0) = edge("cos", 1, 0.2 * eps, 0.5 + eps, 0.0);
  m.edge(1, 1, 0) = edge("cos", 1 + 0.4 * eps, 0, -0.5, eps);
  return m;
}

// -lap u = 2 pi^2 sin(pi x) sin(pi y) on [-1, 1]^2, u = 0 on the boundary.
std::vector<PointTerm> sinsin_terms() {
  const std::vector<double> xi = kanpde::test::random_points(300, 2, -1.0, 1.0, 7);
  std::vector<double> f;
  for (std::size_t p = 0; p < xi.size() / 2; ++p)
    f.push_back(2 * M_PI * M_PI * std::sin(M_PI * xi[2 * p]) * std::sin(M_PI * xi[2 * p + 1]));
  std::vector<double> xb;
  for (int k = 0; k < 40; ++k) {
    const double s = -1.0 + 2.0 * (k + 0.5) / 40;
    xb.insert(xb.end(), {s, -1.0, s, 1.0, -1.0, s, 1.0, s});
  }
  std::vector<PointTerm> t;
  t.push_back(kanpde::solver::interior_term("pde", 1.0, 2, xi, f));
  t.push_back(kanpde::solver::dirichlet_term("bc", 10.0, 2, xb, std::vector<double>(160, 0.0)));
  return t;
}

double rel_l2_sinsin(const sym::SymbolicModel& m) {
  const std::vector<double> x = kanpde::test::random_points(500, 2, -1.0, 1.0, 99);
  const std::vector<double> u = m.values(x);
  double e = 0, n = 0;
  for (std::size_t p = 0; p < u.size(); ++p) {
    const double ex = std::sin(M_PI * x[2 * p]) * std::sin(M_PI * x[2 * p + 1]);
    e += (u[p] - ex) * (u[p] - ex);
    n += ex * ex;
  }
  return std::sqrt(e / n);
}

}  // namespace

TEST(SymbolicRefit, PdeRefitRecoversTheExactFormula) {
  sym::SymbolicModel m = sinsin(1e-2);
  const auto terms = sinsin_terms();
  EXPECT_GT(rel_l2_sinsin(m), 1e-3);
  const sym::RefitReport r = sym::refit_pde(m, terms);
  EXPECT_LT(r.final_loss, 1e-20 * r.initial_loss + 1e-24);
  // The formula is exact for some parameters: LM converges to them (round-off).
  EXPECT_LT(rel_l2_sinsin(m), 1e-10);
  EXPECT_NEAR(sym::pde_loss(m, terms), r.final_loss, 1e-12 * r.initial_loss);
}

TEST(SymbolicRefit, ValueRefitMatchesTarget) {
  sym::SymbolicModel m = sinsin(3e-2);
  const std::vector<double> x = kanpde::test::random_points(200, 2, -1.0, 1.0, 3);
  std::vector<double> target;
  for (std::size_t p = 0; p < 200; ++p)
    target.push_back(std::sin(M_PI * x[2 * p]) * std::sin(M_PI * x[2 * p + 1]));
  const sym::RefitReport r = sym::refit_values(m, x, target);
  EXPECT_LT(r.final_loss, 1e-24);
  EXPECT_LT(rel_l2_sinsin(m), 1e-10);
}

TEST(SymbolicRefit, ResidualJacobianMatchesFiniteDifferences) {
  sym::SymbolicModel m = sinsin(0.1);
  auto terms = sinsin_terms();
  // A hard constraint u = G + D S with D = (1 - x^2)(1 - y^2), G = 0.3 + x y
  // on both terms.
  sym::TrialConstraint hard;
  for (const PointTerm& t : terms) {
    std::vector<double> dj, gj;
    for (std::size_t p = 0; p < t.size(); ++p) {
      const double x = t.x[2 * p], y = t.x[2 * p + 1];
      dj.insert(dj.end(), {(1 - x * x) * (1 - y * y), -2 * x * (1 - y * y), -2 * y * (1 - x * x),
                           -2 * (1 - y * y) - 2 * (1 - x * x)});
      gj.insert(gj.end(), {0.3 + x * y, y, x, 0.0});
    }
    hard.djet.push_back(dj);
    hard.gjet.push_back(gj);
  }
  for (const sym::TrialConstraint& c : {sym::TrialConstraint{}, hard}) {
    std::vector<double> r, J;
    sym::pde_residuals(m, terms, c, r, &J);
    const std::size_t P = m.num_params();
    const std::vector<double> p0 = m.params();
    for (std::size_t q = 0; q < P; ++q) {
      const double h = 1e-6;
      std::vector<double> pp = p0, pm = p0, rp, rm;
      pp[q] += h;
      pm[q] -= h;
      m.set_params(pp);
      sym::pde_residuals(m, terms, c, rp, nullptr);
      m.set_params(pm);
      sym::pde_residuals(m, terms, c, rm, nullptr);
      m.set_params(p0);
      for (std::size_t row = 0; row < r.size(); row += 37) {
        const double fd = (rp[row] - rm[row]) / (2 * h);
        // Central differences: ~1e-10 truncation and rounding at these scales.
        EXPECT_NEAR(J[row * P + q], fd, 1e-6 * std::max(1.0, std::abs(fd)));
      }
    }
  }
}

TEST(SymbolicRefit, SelectionByThePdeFindsTheExactLayer) {
  // sin(pi x) sin(pi y) = 1/4 (s1 + s2)^2 - 1/4 (s1 - s2)^2 with s = sin(pi .):
  // inner sin edges, outer edges near-parabolas written as c cos(eps t) + d
  // (what the edge fits rank first on a trained KAN). Only x^2 on BOTH outer
  // edges is exact: the layer swap must find it.
  const double eps = 0.05;
  sym::SymbolicModel m({2, 2, 1});
  m.edge(0, 0, 0) = edge("sin", M_PI, 0, 1.0, 0.0);
  m.edge(0, 1, 0) = edge("sin", M_PI, 0, 1.0, 0.0);
  m.edge(0, 0, 1) = edge("sin", M_PI, 0, 1.0, 0.0);
  m.edge(0, 1, 1) = edge("sin", M_PI, 0, -1.0, 0.0);
  // 1/4 t^2 ~ -c cos(eps t) + c with c = 1 / (2 eps^2).
  const double c = 1.0 / (2 * eps * eps);
  m.edge(1, 0, 0) = edge("cos", eps, 0, -c, c);
  m.edge(1, 1, 0) = edge("cos", eps, 0, c, -c);
  const auto terms = sinsin_terms();
  std::vector<std::vector<sym::EdgeFormula>> cand(6);
  for (std::size_t e = 0; e < 6; ++e) cand[e] = {m.edges()[e]};
  for (std::size_t e = 4; e < 6; ++e) {
    sym::EdgeFormula alt = edge("x^2", 1, 0, 0.25, 0.0);
    alt.r2 = 1.0 - 1e-6;
    cand[e].front().r2 = 1.0 - 1e-6;
    cand[e].push_back(alt);
  }
  sym::refit_pde(m, terms);
  double loss = sym::pde_loss(m, terms);
  const double before = loss;
  EXPECT_GT(rel_l2_sinsin(m), 1e-8);  // c cos(eps t) is not exact
  const std::vector<double> pts = kanpde::test::random_points(300, 2, -1.0, 1.0, 4);
  const auto swaps = sym::select_by_pde(m, cand, std::vector<bool>(6, false), pts, terms, {}, loss);
  ASSERT_EQ(swaps.size(), 2u);
  EXPECT_EQ(sym::library()[static_cast<std::size_t>(m.edges()[4].function)].name, "x^2");
  EXPECT_EQ(sym::library()[static_cast<std::size_t>(m.edges()[5].function)].name, "x^2");
  EXPECT_LT(loss, 1e-20 * before);
  EXPECT_LT(rel_l2_sinsin(m), 1e-10);
  // Pinned edges are never swapped.
  sym::SymbolicModel p = sinsin(0.0);
  double lp = sym::pde_loss(p, terms);
  EXPECT_TRUE(sym::select_by_pde(p, cand, std::vector<bool>(6, true), pts, terms, {}, lp).empty());
}
