// Total-variation regularisation of an unknown field (issue 16,
// `regularize: {tv, tv_epsilon}`): the keys (parsed, located errors, the
// resolved case round trip), the term's rows sqrt(w/n) (|grad a|^2 +
// eps^2)^(1/4) against a slow reference and its Jacobian columns against
// central differences, with and without positivity; and a piecewise-constant
// field where TV recovers the field better than the gradient term.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "common/Error.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/pde/Assembler.hpp"
#include "solver/run/RecoveredField.hpp"
#include "solver/run/Solve.hpp"
#include "tests/solver/case/Helpers.hpp"

namespace kanpde::solver {
namespace {

using Exec = Kokkos::DefaultExecutionSpace;
using Net = kan::Network<Exec::memory_space>;

std::string data_file() {
  const std::string p = "/tmp/kanpde_field_regularize_" + std::to_string(getpid()) + ".csv";
  std::ofstream(p) << "x,y,u\n0.5,0.5,1\n0.25,0.5,0.7\n";
  return p;
}

std::string case_text(const std::string& regularize) {
  return "unknowns:\n  a: {field: true, positive: true, model: {widths: [2, 3, 1], grid_size: 3}, "
         "regularize: " +
         regularize +
         "}\n"
         "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
         "pde: {equation: \"-div(a*grad(u)) = 1\"}\n"
         "boundary:\n  - {parts: all, type: dirichlet, value: \"0\"}\n"
         "data:\n  - {file: " +
         data_file() + ", columns: [x, y, u]}\n";
}

std::string load_error(const std::string& text) {
  return test::load_error(text, "c.yaml");
}

TEST(FieldRegularize, TvKeysParseLocateAndRoundTrip) {
  const CaseSpec cs = load_case_text(case_text("{tv: 0.02, tv_epsilon: 0.05}"), "c.yaml");
  const FieldUnknownSpec& f = cs.field_unknowns.at(0);
  EXPECT_EQ(f.reg_tv, 0.02);
  EXPECT_EQ(f.reg_tv_epsilon, 0.05);
  ASSERT_EQ(f.reg_terms.size(), 1u);  // TV only: no gradient or value terms
  EXPECT_EQ(f.reg_terms[0].name, "reg_a_tv");
  EXPECT_EQ(f.reg_terms[0].weight, 0.02);
  EXPECT_FALSE(f.reg_terms[0].equation->uses_u());
  const CaseSpec again = load_case_text(cs.to_yaml(), "r.yaml");
  EXPECT_EQ(again.field_unknowns.at(0).reg_tv, 0.02);
  EXPECT_EQ(again.field_unknowns.at(0).reg_tv_epsilon, 0.05);
  EXPECT_EQ(again.field_unknowns.at(0).reg_terms.size(), 1u);
  // The default epsilon, and TV beside the gradient term.
  const CaseSpec both = load_case_text(case_text("{gradient: 0.1, tv: 0.3}"), "c.yaml");
  EXPECT_EQ(both.field_unknowns.at(0).reg_tv_epsilon, 1e-2);
  ASSERT_EQ(both.field_unknowns.at(0).reg_terms.size(), 3u);
  EXPECT_EQ(both.field_unknowns.at(0).reg_terms[2].name, "reg_a_tv");
  auto has = [](const std::string& err, const std::string& what) {
    EXPECT_NE(err.find(what), std::string::npos) << err;
  };
  has(load_error(case_text("{tv_epsilon: 0.1}")),
      "unknowns.a.regularize.tv_epsilon: tv_epsilon is the eps");
  has(load_error(case_text("{tv: 1, tv_epsilon: 0}")), "unknowns.a.regularize.tv_epsilon");
  has(load_error(case_text("{tv: -1}")), "unknowns.a.regularize.tv");
  has(load_error(case_text("{tvv: 1}")), "unknowns.a.regularize");
}

// sqrt(w/n) (|grad a|^2 + eps^2)^(1/4) at the points, a's gradient from the
// recovered field's jets (tested against finite differences in
// test_field_forward.cpp).
std::vector<double> reference(const Net& field, bool positive, const std::vector<double>& x,
                              double w, double eps) {
  FieldUnknownSpec spec;
  spec.name = "a";
  spec.positive = positive;
  const std::vector<double> j = recovered_field_function(field, spec, 2).jets(x);
  const std::size_t n = x.size() / 2;
  std::vector<double> r(n);
  for (std::size_t p = 0; p < n; ++p) {
    const double g2 = j[p * 7 + 1] * j[p * 7 + 1] + j[p * 7 + 2] * j[p * 7 + 2];
    r[p] = std::sqrt(w / static_cast<double>(n)) * std::pow(g2 + eps * eps, 0.25);
  }
  return r;
}

void check_rows(bool positive) {
  const double w = 0.3, eps = 0.05;
  const CaseSpec cs = load_case_text(case_text("{tv: 0.3, tv_epsilon: 0.05}"), "c.yaml");
  std::vector<double> x;
  for (int i = 0; i < 25; ++i) {
    x.push_back(0.04 * i + 0.02);
    x.push_back(std::fmod(0.37 * i + 0.1, 1.0));
  }
  const std::vector<PointTerm> terms = {
      equation_term("reg_a_tv", w, 2, x, cs.field_unknowns[0].reg_terms[0].equation)};
  Assembler<Exec> as(Exec(), terms);
  kan::NetworkSpec us;
  us.widths = {2, 3, 1};
  us.grid_size = 3;
  const Net u(us);
  kan::NetworkSpec fs = us;
  fs.seed = 9;
  fs.coef_noise = 0.5;
  fs.input_ranges = {{0.0, 1.0}, {0.0, 1.0}};
  Net field(fs);
  as.set_field(&field, positive);
  Eigen::MatrixXd J;
  Eigen::VectorXd R;
  as.jacobian(u, J, R);
  const std::vector<double> ref = reference(field, positive, x, w, eps);
  ASSERT_EQ(R.size(), 25);
  for (Eigen::Index i = 0; i < R.size(); ++i) EXPECT_NEAR(R(i), ref[std::size_t(i)], 1e-13) << i;
  const auto P = static_cast<Eigen::Index>(u.num_params());
  const auto Pa = static_cast<Eigen::Index>(field.num_params());
  ASSERT_EQ(J.cols(), P + Pa);
  EXPECT_EQ(J.leftCols(P).norm(), 0.0);  // the term reads no u
  // The field's columns against central differences of the reference
  // (h = 1e-5: truncation ~1e-10 relative, round-off ~1e-11).
  const std::vector<double> theta = field.params_host();
  double max_col = 0.0, max_err = 0.0;
  for (Eigen::Index j = 0; j < Pa; ++j) {
    const double h = 1e-5;
    std::vector<double> tp = theta, tm = theta;
    tp[std::size_t(j)] += h;
    tm[std::size_t(j)] -= h;
    field.set_params(tp);
    const auto rp = reference(field, positive, x, w, eps);
    field.set_params(tm);
    const auto rm = reference(field, positive, x, w, eps);
    for (Eigen::Index i = 0; i < R.size(); ++i) {
      const double fd = (rp[std::size_t(i)] - rm[std::size_t(i)]) / (2 * h);
      max_err = std::max(max_err, std::abs(J(i, P + j) - fd));
      max_col = std::max(max_col, std::abs(J(i, P + j)));
    }
  }
  field.set_params(theta);
  EXPECT_GT(max_col, 1e-3);  // the field matters
  EXPECT_LT(max_err, 1e-7 * (1 + max_col));
}

TEST(FieldRegularize, TvRowsAndJacobianAgainstFiniteDifferences) {
  check_rows(false);
}
TEST(FieldRegularize, TvRowsAndJacobianAgainstFiniteDifferencesPositive) {
  check_rows(true);
}

// -(a u')' = 1 on (0, 1), u(0) = u(1) = 0, a = 1 for x < 1/2 and 4 beyond:
// the flux a u' = C - x is continuous, C = 0.35; u is piecewise quadratic
// with a kink at 1/2. 200 samples of u with noise 5e-4 (max u = 0.06).
double step_field_error(const std::string& regularize) {
  const std::string data = "/tmp/kanpde_field_regularize_step_" + std::to_string(getpid()) + ".csv";
  {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> U(0.0, 1.0);
    std::normal_distribution<double> N(0.0, 1.0);
    std::ostringstream s;
    s.precision(17);
    s << "x,u\n";
    const double C = 0.35;
    for (int i = 0; i < 200; ++i) {
      const double x = U(rng);
      const double u =
          x < 0.5 ? C * x - x * x / 2 : (C / 2 - 0.125) + (C * (x - 0.5) - (x * x - 0.25) / 2) / 4;
      s << x << "," << u + 5e-4 * N(rng) << "\n";
    }
    std::ofstream(data) << s.str();
  }
  const CaseSpec spec = load_case_text(
      "unknowns:\n  a: {field: true, positive: true, model: {widths: [1, 4, 1], grid_size: 8}, "
      "exact: \"x < 0.5 ? 1 : 4\", regularize: " +
          regularize +
          "}\n"
          "domain: {type: interval, min: 0, max: 1}\n"
          "pde: {equation: \"-div(a*grad(u)) = 1\"}\n"
          "boundary:\n  - {parts: all, type: dirichlet, value: 0}\n"
          "data:\n  - {file: " +
          data +
          ", columns: [x, u], noise: 0.0005}\n"
          "model: {kan: {widths: [1, 6, 1], grid_size: 8}}\n"
          "sampling: {interior: {count: 200, method: sobol}, boundary: {count: 2}}\n"
          "training:\n"
          "  balance: {method: none}\n"
          "  stages:\n"
          "    - {optimizer: adam, steps: 200, lr: 0.01}\n"
          "    - {optimizer: lm, steps: 200}\n"
          "reference: {enabled: false}\n"
          "output: {grid: 201, plots: false}\n",
      "step.yaml");
  SolveOptions o;
  o.quiet = true;
  o.write = false;
  std::ostringstream out;
  return solve_case(spec, o, out).results.field_rel_l2;
}

TEST(FieldRegularize, TvRecoversAPiecewiseConstantFieldBetterThanTheGradientTerm) {
  // The smooth field network cannot jump: every error is dominated by the
  // smeared step. The gradient term charges a step height^2 / width and
  // widens it; TV charges the height only. Measured on this draw (rel. L2;
  // BENCHMARKS.md, issue 16, session 7): none 0.115; gradient 0.132, 0.167,
  // > 0.17, 0.587 at 1e-5, 1e-4, 1e-3, 1e-2; TV 0.134, 0.120, 0.113, 0.120,
  // 0.167 at 3e-4, 1e-3, 3e-3, 1e-2, 3e-2.
  const double none = step_field_error("{gradient: 0}");
  const double grad = step_field_error("{gradient: 0.001}");
  const double tv = step_field_error("{tv: 0.001}");
  const double tv_best = step_field_error("{tv: 0.003}");
  EXPECT_LT(tv, 0.75 * grad);  // the same weight: TV keeps the step
  // At its best weight TV costs no accuracy against no regularisation (the
  // gradient term's best, 1e-5, costs 15%).
  EXPECT_LT(tv_best, 1.05 * none);
}

}  // namespace
}  // namespace kanpde::solver
