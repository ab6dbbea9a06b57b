// Gauss quadrature interior points (sampling.interior.method: gauss): the PDE
// term carries the weights, its loss at u = 0 is the integral of f^2 over the
// box to quadrature accuracy (the unweighted mean over the same points is
// not), each rank part keeps its points' weights, the method changes the
// answer, and a fixed case reproduces the run bitwise.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "solver/case/BuildDomain.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/run/Problem.hpp"
#include "solver/run/Solve.hpp"

namespace kanpde::solver {
namespace {

using Net = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>;

const char* kCase =
    "domain: {type: box, min: [-1, -1], max: [1, 1]}\n"
    "pde: {form: \"laplace(u) = f\", source: \"-2*pi^2*sin(pi*x)*sin(pi*y)\",\n"
    "      exact: \"sin(pi*x)*sin(pi*y)\"}\n"
    "boundary:\n  - {parts: all, type: dirichlet, value: \"0\"}\n"
    "model: {kan: {widths: [2, 4, 1], grid_size: 5}}\n"
    "sampling: {interior: {count: 150, method: gauss}, boundary: {count: 40}}\n"
    "training:\n"
    "  loss_weights: {pde: 0.5}\n"
    "  stages:\n"
    "    - {optimizer: adam, steps: 30, lr: 0.01}\n"
    "    - {optimizer: lm, steps: 15}\n"
    "reference: {enabled: false}\n"
    "output: {grid: [21, 21], history_every: 5}\n";

TEST(GaussPoints, TheLossIsTheQuadratureOfTheResidual) {
  const CaseSpec spec = load_case_text(kCase, "gauss.yaml", {"pde.source=exp(x + 0.5*y)"});
  const geometry::DomainPtr domain = build_domain(spec.domain);
  const SampledProblem sp = sample_problem(spec, *domain);
  // 150 requested: 4 cells of 4 points per axis, 16^2 = 256.
  ASSERT_EQ(sp.interior.size(), 256u);
  ASSERT_EQ(sp.terms[0].quad_weight, sp.interior.weight);
  // A network with every parameter 0: u = D N = 0, r = -f, so the loss is
  // 0.5 * (1/4) * integral of exp(2x + y) over the square. The 4-point rule
  // on cells of width 0.5 integrates it to ~1e-9 relative (its
  // 8th-derivative term, 5.6e-10 h^9 2^8 e^2 per cell).
  kan::NetworkSpec ns;
  ns.widths = {2, 4, 1};
  ns.grid_size = 5;
  ns.input_ranges = {{-1.0, 1.0}, {-1.0, 1.0}};
  Net net(ns);
  net.set_params(std::vector<double>(net.num_params(), 0.0));
  const double e = std::exp(1.0), exact = 0.125 * (e * e - 1 / (e * e)) / 2 * (e - 1 / e);
  const auto as = make_assembler(sp, parallel::Comm::serial());
  EXPECT_NEAR(as->loss(net).total, exact, 1e-8 * exact);
  // The same points without their weights: off by far more.
  SampledProblem plain = sp;
  plain.terms[0].quad_weight.clear();
  const double unweighted = make_assembler(plain, parallel::Comm::serial())->loss(net).total;
  EXPECT_GT(std::abs(unweighted - exact), 1e-3 * exact);
}

TEST(GaussPoints, RankPartsKeepTheirWeights) {
  const CaseSpec spec = load_case_text(kCase, "gauss.yaml");
  const geometry::DomainPtr domain = build_domain(spec.domain);
  const SampledProblem sp = sample_problem(spec, *domain);
  // local_part with one rank is the whole problem, weights included.
  const SampledProblem mine = local_part(sp, parallel::Comm::serial());
  EXPECT_EQ(mine.terms[0].quad_weight, sp.terms[0].quad_weight);
  EXPECT_EQ(mine.terms[0].x, sp.terms[0].x);
}

RunResults run(const std::vector<std::string>& sets) {
  const CaseSpec spec = load_case_text(kCase, "gauss.yaml", sets);
  SolveOptions o;
  o.quiet = true;
  o.write = false;
  o.progress = 0;
  std::ostringstream out;
  return solve_case(spec, o, out).results;
}

TEST(GaussPoints, TheMethodChangesTheAnswerAndRunsReproduce) {
  const RunResults a = run({}), b = run({});
  EXPECT_EQ(a.params, b.params);
  EXPECT_EQ(a.interior, b.interior);
  EXPECT_EQ(a.interior.size(), 256u * 2);
  const RunResults halton = run({"sampling.interior.method=halton"});
  EXPECT_NE(halton.params, a.params);
  EXPECT_LT(a.metrics.at("kan_rel_l2"), 1e-1);  // trained (an untrained net: ~1)
}

}  // namespace
}  // namespace kanpde::solver
