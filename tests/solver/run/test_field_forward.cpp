// The finite-difference re-solve of an inverse problem with an unknown field
// (issue 16): the recovered field as a coefficient of the forward problem
// (solver/case/ForwardCase.hpp, solver/run/RecoveredField.hpp). The field
// function's jets against finite differences of its values; the forward case
// with the exact field given as a function solves to the same FD solution as
// the case with the field written as an expression, and reproduces
// noise-free data to FD accuracy; a run on noisy data re-solves with the
// recovered field to a data misfit near the noise level.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "common/Error.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/ForwardCase.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/fd/FdSolve.hpp"
#include "solver/run/RecoveredField.hpp"
#include "solver/run/Reference.hpp"
#include "solver/run/Solve.hpp"

namespace kanpde::solver {
namespace {

using Net = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>;

std::string tmp(const std::string& name) {
  return "/tmp/kanpde_field_forward_" + std::to_string(getpid()) + "_" + name;
}

// n points of u = sin(pi x) sin(pi y) on the unit square (seeded), plus
// Gaussian noise of standard deviation `noise`.
std::string write_data_2d(int n, double noise, const std::string& name) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> U(0.02, 0.98);
  std::normal_distribution<double> N(0.0, 1.0);
  std::ostringstream s;
  s.precision(17);
  s << "x,y,u\n";
  for (int i = 0; i < n; ++i) {
    const double x = U(rng), y = U(rng);
    s << x << "," << y << "," << std::sin(M_PI * x) * std::sin(M_PI * y) + noise * N(rng) << "\n";
  }
  const std::string p = tmp(name);
  std::ofstream(p) << s.str();
  return p;
}

const char* const kF =
    "2*pi^2*sin(pi*x)*sin(pi*y)/(1 + x^2 + y^2) + 2*pi*(x*cos(pi*x)*sin(pi*y) + "
    "y*sin(pi*x)*cos(pi*y))/(1 + x^2 + y^2)^2";

// -div(a grad u) = f, a = 1/(1 + x^2 + y^2) unknown (`unknown` true) or a
// coefficient.
std::string case_2d(const std::string& data, bool unknown) {
  std::string t;
  if (unknown)
    t += "unknowns:\n  a: {field: true, positive: true, model: {widths: [2, 3, 1], grid_size: 3}, "
         "exact: \"1/(1 + x^2 + y^2)\"}\n";
  t += "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
       "pde:\n"
       "  equation: \"-div(a*grad(u)) = f\"\n"
       "  coefficients:\n";
  if (!unknown) t += "    a: \"1/(1 + x^2 + y^2)\"\n";
  t += std::string("    f: \"") + kF +
       "\"\n"
       "  exact: \"sin(pi*x)*sin(pi*y)\"\n"
       "boundary:\n"
       "  - {parts: all, type: dirichlet, value: \"0\"}\n"
       "data:\n"
       "  - {file: " +
       data +
       ", columns: [x, y, u]}\n"
       "reference: {enabled: false, resolution: 41}\n";
  return t;
}

fd::FdSolution fd_solve(const CaseSpec& cs) {
  return fd::solve_fd(make_fd_problem(cs, build_domain(cs.domain)));
}

double misfit(const fd::FdSolution& sol, const DataTermSpec& d) {
  const std::vector<double> u = fd_at_points(sol, d.points->x);
  double s = 0.0;
  for (std::size_t i = 0; i < u.size(); ++i) s += (u[i] - d.points->u[i]) * (u[i] - d.points->u[i]);
  return std::sqrt(s / static_cast<double>(u.size()));
}

TEST(FieldForward, RecoveredFieldJetsAgainstFiniteDifferences) {
  for (bool positive : {false, true}) {
    kan::NetworkSpec ns;
    ns.widths = {2, 3, 1};
    ns.grid_size = 4;
    ns.seed = 5;
    ns.coef_noise = 0.5;  // a field that bends in both directions
    const Net net(ns);
    FieldUnknownSpec spec;
    spec.name = "a";
    spec.positive = positive;
    const expr::Field a = recovered_field_function(net, spec, 2);
    EXPECT_FALSE(a.is_constant());
    // Values: the same map as the recovered field on the output grid.
    const std::vector<double> x = {0.3, -0.4, -0.7, 0.2, 0.05, 0.9};
    const RecoveredField rf = recovered_field(net, spec, x, 2);
    const std::vector<double> j = a.jets(x);  // 3 x 7
    for (std::size_t p = 0; p < 3; ++p) {
      EXPECT_EQ(j[p * 7], rf.a[p]) << p;
      // One point alone gives the same jets as the batch, bit for bit.
      double one[7];
      a.jet(x.data() + 2 * p, one);
      for (int c = 0; c < 7; ++c) EXPECT_EQ(one[c], j[p * 7 + std::size_t(c)]);
      // Gradient and Hessian against central differences of the value and
      // of the gradient (h = 1e-5: truncation ~1e-10, round-off ~1e-11).
      const double h = 1e-5;
      double max_g = 0.0, max_h = 0.0;
      for (int b = 0; b < 2; ++b) {
        double xp[2] = {x[2 * p], x[2 * p + 1]}, xm[2] = {x[2 * p], x[2 * p + 1]};
        xp[b] += h;
        xm[b] -= h;
        double jp[7], jm[7];
        a.jet(xp, jp);
        a.jet(xm, jm);
        max_g =
            std::max(max_g, std::abs((jp[0] - jm[0]) / (2 * h) - j[p * 7 + 1 + std::size_t(b)]));
        for (int c = 0; c < 2; ++c)
          max_h = std::max(max_h, std::abs((jp[1 + c] - jm[1 + c]) / (2 * h) -
                                           j[p * 7 + 3 + std::size_t(c * 2 + b)]));
      }
      EXPECT_LT(max_g, 1e-8) << p;
      EXPECT_LT(max_h, 1e-7) << p;
      EXPECT_EQ(j[p * 7 + 4], j[p * 7 + 5]);  // symmetric
      if (positive) {
        EXPECT_GT(j[p * 7], 0.0);
      }
    }
  }
}

TEST(FieldForward, ExactFieldAsAFunctionReproducesNoiseFreeData) {
  const std::string data = write_data_2d(300, 0.0, "exact.csv");
  const CaseSpec inverse = load_case_text(case_2d(data, true), "inv.yaml");
  const CaseSpec direct = load_case_text(case_2d(data, false), "dir.yaml");
  // The exact field as a function (through an expression's exact jets).
  const expr::Field ex = expr::Field::compile("1/(1 + x^2 + y^2)", 2);
  const expr::Field fn =
      expr::Field::from_function("exact a", 2, [ex](const double* x, std::size_t n, double* out) {
        for (std::size_t p = 0; p < n; ++p) ex.jet(x + 2 * p, out + 7 * p);
      });
  const CaseSpec fwd = forward_case(inverse, {}, &fn);
  EXPECT_TRUE(fwd.field_unknowns.empty());
  EXPECT_TRUE(fwd.reference.enabled);
  ASSERT_TRUE(fwd.pde.general());
  EXPECT_EQ(fwd.pde.compiled->num_fields(), 0);
  // div(a grad u) with a a coefficient field: the FD flux form.
  EXPECT_EQ(fwd.pde.compiled->flux_terms().size(), 1u);
  const fd::FdSolution a = fd_solve(fwd), b = fd_solve(direct);
  ASSERT_EQ(a.u.size(), b.u.size());
  double diff = 0.0;
  for (std::size_t i = 0; i < a.u.size(); ++i)
    if (std::isfinite(b.u[i])) diff = std::max(diff, std::abs(a.u[i] - b.u[i]));
  // The same coefficient values, the same system: round-off of one solve.
  EXPECT_LT(diff, 1e-12);
  // Noise-free data to FD accuracy on 41^2: the scheme's O(h^2) error plus
  // the bilinear interpolation's h^2/8 max|u''| = 7.7e-4 at worst.
  const double rms = misfit(a, fwd.data[0]);
  EXPECT_LT(rms, 1e-3);
  EXPECT_GT(rms, 1e-7);  // the FD error is there (the data are exact u)
  // A wrong field misses the data by far more.
  const expr::Field one = expr::Field::compile("1 + 0*x", 2);
  const expr::Field wrong =
      expr::Field::from_function("a = 1", 2, [one](const double* x, std::size_t n, double* out) {
        for (std::size_t p = 0; p < n; ++p) one.jet(x + 2 * p, out + 7 * p);
      });
  EXPECT_GT(misfit(fd_solve(forward_case(inverse, {}, &wrong)), fwd.data[0]), 30 * rms);
}

// -(a u')' = f on (0, 1), u = x (1 - x), a = 1 + x (unique: see
// test_field_unknowns.cpp), 200 samples of u with noise 0.002.
TEST(FieldForward, ReSolveWithTheRecoveredFieldMissesTheDataByTheNoise) {
  const double noise = 0.002;
  std::mt19937_64 rng(11);
  std::normal_distribution<double> N(0.0, 1.0);
  std::ostringstream s;
  s.precision(17);
  s << "x,u\n";
  for (int i = 1; i <= 200; ++i) {
    const double x = i / 201.0;
    s << x << "," << x * (1 - x) + noise * N(rng) << "\n";
  }
  const std::string data = tmp("noisy1d.csv");
  std::ofstream(data) << s.str();
  const CaseSpec spec = load_case_text(
      "unknowns:\n  a: {field: true, model: {widths: [1, 2, 1], grid_size: 3}, exact: \"1 + x\"}\n"
      "domain: {type: interval, min: 0, max: 1}\n"
      "pde:\n"
      "  equation: \"-div(a*grad(u)) = 1 + 4*x\"\n"
      "  exact: \"x*(1 - x)\"\n"
      "boundary:\n"
      "  - {parts: all, type: dirichlet, value: 0}\n"
      "data:\n"
      "  - {file: " +
          data +
          ", columns: [x, u], noise: 0.002}\n"
          "model: {kan: {widths: [1, 2, 1], grid_size: 4}}\n"
          "sampling: {interior: {count: 40, method: grid}, boundary: {count: 2}}\n"
          "training:\n"
          "  balance: {method: none}\n"
          "  stages:\n"
          "    - {optimizer: adam, steps: 50, lr: 0.01}\n"
          "    - {optimizer: lm, steps: 60}\n"
          "reference: {enabled: false}\n"
          "output: {grid: 21, plots: false}\n",
      "c.yaml");
  SolveOptions o;
  o.quiet = true;
  o.write = false;
  std::ostringstream out;
  const RunResults r = solve_case(spec, o, out).results;
  EXPECT_EQ(r.metric_text.at("fd_forward"), "solved");
  EXPECT_EQ(r.metrics.at("fd_forward_data_points"), 200.0);
  const double rms = r.metrics.at("fd_forward_data_rms");
  // The noise's RMS over 200 samples is 0.002 within ~5% (1/sqrt(400));
  // the recovered field adds its own misfit in quadrature.
  EXPECT_GT(rms, 0.85 * noise);
  EXPECT_LT(rms, 1.3 * noise);
  EXPECT_NE(out.str().find("FD re-solve with the recovered unknowns: data misfit RMS"),
            std::string::npos);
}

}  // namespace
}  // namespace kanpde::solver
