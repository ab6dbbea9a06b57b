// Guards (solver/run/Guards.hpp): the under-determination warning, the
// validation draw and its residual norms, the over-fitting watch.
#include <gtest/gtest.h>

#include <cmath>

#include "solver/case/BuildDomain.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/run/Guards.hpp"
#include "solver/run/Problem.hpp"

namespace kanpde::solver {
namespace {

CaseSpec small_case(int interior, int boundary) {
  return load_case_text(
      "domain: {type: box, min: [-1, -1], max: [1, 1]}\n"
      "pde: {source: \"2*pi^2*sin(pi*x)*sin(pi*y)\"}\n"
      "boundary:\n"
      "  - {parts: [xmin, xmax], type: dirichlet, value: \"0\", enforce: soft}\n"
      "  - {parts: [ymin, ymax], type: neumann, value: \"0\"}\n"
      "sampling: {interior: {count: " +
          std::to_string(interior) + "}, boundary: {count: " + std::to_string(boundary) + "}}\n",
      "guards.yaml");
}

TEST(Guards, EquationsCountEveryTerm) {
  const CaseSpec spec = small_case(16, 8);
  const auto domain = build_domain(spec.domain);
  const SampledProblem sp = sample_problem(spec, *domain);
  const EquationCount eq = count_equations(sp.terms);
  EXPECT_EQ(eq.total, 24u);  // 16 PDE + 8 boundary residuals over both conditions
  ASSERT_EQ(eq.per_term.size(), 3u);
  EXPECT_EQ(eq.per_term[0].second, 16u);
  EXPECT_EQ(eq.per_term[1].second + eq.per_term[2].second, 8u);
}

TEST(Guards, UnderdeterminedWarningOnlyWhenParametersOutnumberEquations) {
  EquationCount eq;
  eq.total = 18;
  eq.per_term = {{"pde", 16}, {"bc[0]:xmin+xmax", 2}};
  EXPECT_EQ(underdetermined_warning(18, eq, true, 0, 1), "");
  const std::string w = underdetermined_warning(150, eq, false, 0, 1);
  EXPECT_NE(w.find("150 parameters but only 18 equations (16 pde + 2 bc[0]:xmin+xmax)"),
            std::string::npos)
      << w;
  EXPECT_EQ(w.find("Levenberg"), std::string::npos);
  const std::string lm = underdetermined_warning(150, eq, true, 2, 301);
  EXPECT_NE(lm.find("Levenberg-Marquardt stage 3"), std::string::npos) << lm;
  EXPECT_NE(lm.find("under-determined"), std::string::npos);
  EXPECT_NE(lm.find("step 301"), std::string::npos);
}

TEST(Guards, ValidationDrawIsFixedInsideAndIndependentOfTraining) {
  const CaseSpec spec = small_case(1000, 100);
  const auto domain = build_domain(spec.domain);
  const ValidationSet a = make_validation_set(spec, *domain);
  const ValidationSet b = make_validation_set(spec, *domain);
  EXPECT_EQ(a.x, b.x);  // bitwise: the same draw every time
  EXPECT_EQ(a.f.size(), validation_count(spec));
  EXPECT_EQ(validation_count(spec), 1000u);
  for (std::size_t p = 0; p < a.f.size(); ++p) EXPECT_TRUE(domain->contains(&a.x[2 * p]));
  // No validation point is a training point of the first draws.
  for (int round = 0; round < 3; ++round) {
    const SampledProblem sp = sample_problem(spec, *domain, round);
    std::size_t shared = 0;
    for (std::size_t p = 0; p < a.f.size(); ++p)
      for (std::size_t q = 0; q < sp.interior.size(); ++q)
        shared += a.x[2 * p] == sp.interior.x[2 * q] && a.x[2 * p + 1] == sp.interior.x[2 * q + 1];
    EXPECT_EQ(shared, 0u) << "round " << round;
  }
  // f's RMS: mean of (2 pi^2 sin sin)^2 over the square is pi^4 (Monte Carlo
  // over 1000 points: a few per cent).
  EXPECT_NEAR(a.f_rms, M_PI * M_PI, 0.1 * M_PI * M_PI);
  // Another seed, another draw.
  const CaseSpec other =
      load_case_text(spec.text, "guards.yaml", std::vector<std::string>{"sampling.seed=3"});
  EXPECT_NE(make_validation_set(other, *domain).x, a.x);
}

TEST(Guards, ResidualNorms) {
  const ValidationResidual r = residual_norms({3.0, -4.0}, 2.0);
  EXPECT_DOUBLE_EQ(r.rms, std::sqrt(12.5));
  EXPECT_DOUBLE_EQ(r.rel, std::sqrt(12.5) / 2.0);
  EXPECT_TRUE(std::isnan(residual_norms({1.0}, 0.0).rel));  // f = 0: no relative value
}

TEST(Guards, OverfitWarnsForARiseThatLastsToTheEnd) {
  OverfitGuard g;
  g.observe(10, 1.0, 1.0, 1.0);
  g.observe(20, 0.1, 0.5, 0.4);    // both fall: the best moves to 0.5
  g.observe(30, 0.01, 4.0, 0.01);  // 8x its best: not yet
  EXPECT_FALSE(g.rising());
  g.observe(40, 1e-4, 6.0, 1e-3);  // 12x its best, loss below 0.1
  EXPECT_TRUE(g.rising());
  g.observe(50, 1e-5, 60.0, 1e-3);  // still high at the last row
  const auto w = g.finish();
  ASSERT_TRUE(w);
  EXPECT_NE(w->find("from 5.000e-01 (step 20) to 6.000e+01 (step 50, high since step 40)"),
            std::string::npos)
      << *w;
}

TEST(Guards, OverfitIgnoresATransientSpike) {
  // The default case's LM stage: the validation residual jumps ~14x for a few
  // rows after a step and comes back below the threshold before the end.
  OverfitGuard g;
  g.observe(1000, 1e-6, 1.3e-3, 1e-3);
  g.observe(1010, 5e-7, 1.8e-2, 1e-3);  // 14x its best
  g.observe(1020, 4e-7, 1.5e-2, 1e-3);
  EXPECT_TRUE(g.rising());
  g.observe(1030, 3e-7, 2.3e-3, 1e-3);  // recovered (below 10x)
  EXPECT_FALSE(g.rising());
  g.observe(1200, 1e-7, 2.5e-3, 1e-3);
  EXPECT_FALSE(g.finish());
  g.observe(1210, 1e-8, 3e-2, 1e-3);  // a new rise at the very end warns
  EXPECT_TRUE(g.finish());
}

TEST(Guards, OverfitIgnoresResidualsSmallAgainstTheSource) {
  // The default case's end: 1.3e-3 -> 3.0e-2 (23x) with RMS(f) = 13: 2.3e-3
  // of it, below min_rel = 1e-2; the same rise with RMS(f) = 1 warns.
  for (const double f_rms : {13.0, 1.0}) {
    OverfitGuard g(10.0, f_rms);
    g.observe(1010, 1.3e-8, 1.3e-3, 1e-3);
    g.observe(1052, 1.1e-8, 3.0e-2, 1e-3);
    EXPECT_EQ(g.finish().has_value(), f_rms == 1.0) << f_rms;
  }
}

TEST(Guards, OverfitIgnoresRisingLossAndResidualsThatGrowEverywhere) {
  OverfitGuard loss_rises;
  loss_rises.observe(1, 1.0, 1.0, 1.0);
  loss_rises.observe(2, 2.0, 20.0, 1.0);  // loss rose too: divergence, not this
  EXPECT_FALSE(loss_rises.finish());
  OverfitGuard everywhere;  // f = 0: the residual starts near 0
  everywhere.observe(1, 1.0, 1e-3, 1e-3);
  everywhere.observe(2, 0.5, 1.0, 0.9);  // as large at the training points
  EXPECT_FALSE(everywhere.finish());
  everywhere.observe(3, 0.1, 1.0, 0.01);  // now only between them
  EXPECT_TRUE(everywhere.finish());
}

}  // namespace
}  // namespace kanpde::solver
