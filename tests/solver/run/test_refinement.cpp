// Multi-stage refinement (solver/run/Refinement.hpp): the trial function with
// frozen networks is the sum of its parts, value and jets; its jets match
// finite differences; the training residual and gradient of the refined loss
// are those of the sum; a solve with a refine stage is reproducible, its saved
// model evaluates the same sum, and the refinement lowers the error.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>

#include "common/H5.hpp"
#include "kan/ModelIO.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/run/Evaluation.hpp"
#include "solver/run/Refinement.hpp"
#include "solver/run/Solve.hpp"

namespace kanpde::solver {
namespace {

using Net = FrozenSum::Net;

// -lap u = f on the unit square, u = x*y + 1 on xmin/ymin exactly, the other
// sides soft: G is not zero and D not one, so every product-rule term counts.
const char* kCase =
    "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
    "pde: {source: \"2*pi^2*sin(pi*x)*sin(pi*y)\", exact: \"sin(pi*x)*sin(pi*y) + x*y + 1\"}\n"
    "boundary:\n"
    "  - {parts: [xmin, ymin], type: dirichlet, value: \"x*y + 1\", enforce: hard}\n"
    "  - {parts: [xmax, ymax], type: dirichlet, value: \"x*y + 1\", enforce: soft}\n";

Net network(std::uint64_t seed) {
  kan::NetworkSpec s;
  s.widths = {2, 3, 1};
  s.grid_size = 5;
  s.seed = seed;
  s.coef_noise = 0.5;
  s.input_ranges = {{0.0, 1.0}, {0.0, 1.0}};
  return Net(s);
}

std::vector<double> points() {
  std::vector<double> x;
  for (int i = 0; i < 7; ++i)
    for (int j = 0; j < 6; ++j) x.insert(x.end(), {0.05 + 0.13 * i, 0.11 + 0.15 * j});
  return x;
}

TEST(Refinement, TheTrialFunctionIsTheSumOfItsParts) {
  const CaseSpec spec = load_case_text(kCase, "refine.yaml");
  const geometry::DomainPtr domain = build_domain(spec.domain);
  const HardDirichlet plain = hard_dirichlet(spec);
  ASSERT_TRUE(plain.active());
  const Net n0 = network(3), n1 = network(4);
  const double s = 0.37;
  HardDirichlet refined = plain;
  auto f = std::make_shared<FrozenSum>();
  f->nets = {n0};
  f->scales = {1.0};
  f->scale = s;
  refined.frozen = f;
  const std::vector<double> x = points();
  const int d = 2;
  // Independent parts: u0 = G + D N0, v1 = G + D N1, so D N1 = v1 - G.
  const Field sum = evaluate_solution(n1, x, d, *domain, refined);
  const Field u0 = evaluate_solution(n0, x, d, *domain, plain);
  const Field v1 = evaluate_solution(n1, x, d, *domain, plain);
  const TrialJets gd = trial_jets(*domain, plain, x);
  const std::size_t n = x.size() / 2, nc = 4;
  double scale = 0.0;
  for (std::size_t p = 0; p < n; ++p) scale = std::max(scale, std::abs(u0.u[p]));
  ASSERT_GT(scale, 0.1);
  for (std::size_t p = 0; p < n; ++p) {
    // Round-off of a few products of O(1) numbers.
    const double tol = 1e-13 * (1.0 + std::abs(u0.lap[p]) + std::abs(v1.lap[p]));
    EXPECT_NEAR(sum.u[p], u0.u[p] + s * (v1.u[p] - gd.g[p * nc]), tol) << p;
    for (int a = 0; a < d; ++a)
      EXPECT_NEAR(sum.grad[p * 2 + a],
                  u0.grad[p * 2 + a] + s * (v1.grad[p * 2 + a] - gd.g[p * nc + 1 + a]), tol);
    EXPECT_NEAR(sum.lap[p], u0.lap[p] + s * (v1.lap[p] - gd.g[p * nc + 3]), tol);
  }
  // Without a hard constraint u = N0 + s N1, exactly the networks' sum.
  HardDirichlet soft;
  soft.frozen = f;
  const Field ssum = evaluate_solution(n1, x, d, *domain, soft);
  const Field a0 = evaluate_solution(n0, x, d, *domain, HardDirichlet{});
  const Field a1 = evaluate_solution(n1, x, d, *domain, HardDirichlet{});
  for (std::size_t p = 0; p < n; ++p) {
    EXPECT_NEAR(ssum.u[p], a0.u[p] + s * a1.u[p], 1e-14);
    EXPECT_NEAR(ssum.lap[p], a0.lap[p] + s * a1.lap[p], 1e-12 * (1 + std::abs(a0.lap[p])));
  }
  // Jets of the sum against central differences of its value: the gradient
  // with h = 1e-5 (truncation h^2/6 times third derivatives of ~100 on this
  // G = 5 grid: ~2e-9; round-off ~1e-11), the Laplacian with h = 1e-4
  // (truncation ~1e-6 times the fourth derivatives, round-off ~1e-8).
  auto u_at = [&](std::size_t p, int a, double h) {
    std::vector<double> y(x.begin() + long(p * 2), x.begin() + long(p * 2 + 2));
    y[std::size_t(a)] += h;
    return evaluate_solution(n1, y, d, *domain, refined).u[0];
  };
  for (std::size_t p = 0; p < n; p += 5) {
    double lap = 0.0;
    for (int a = 0; a < d; ++a) {
      const double g = (u_at(p, a, 1e-5) - u_at(p, a, -1e-5)) / 2e-5;
      EXPECT_NEAR(sum.grad[p * 2 + std::size_t(a)], g, 5e-8);
      const double h = 1e-4;
      lap += (u_at(p, a, h) - 2 * sum.u[p] + u_at(p, a, -h)) / (h * h);
    }
    EXPECT_NEAR(sum.lap[p], lap, 1e-4 * (1 + std::abs(sum.lap[p])));
  }
}

TEST(Refinement, TheRefinedLossIsTheResidualOfTheSumWithItsGradient) {
  const CaseSpec spec = load_case_text(kCase, "refine.yaml");
  const geometry::DomainPtr domain = build_domain(spec.domain);
  HardDirichlet hd = hard_dirichlet(spec);
  auto f = std::make_shared<FrozenSum>();
  f->nets = {network(3)};
  f->scales = {1.0};
  f->scale = 0.2;
  hd.frozen = f;
  SampledProblem sp = sample_problem(spec, *domain, 0, 60, &hd);
  ASSERT_EQ(sp.terms.size(), 2u);  // the PDE and the soft sides
  Net n1 = network(5);
  const auto as = make_assembler(sp, parallel::Comm::serial());
  const std::vector<double> r = as->residuals(n1);
  // The PDE residual -lap u - f of the evaluated sum at the interior points.
  const std::vector<double>& xi = sp.terms[0].x;
  const Field u = evaluate_solution(n1, xi, 2, *domain, hd);
  const std::vector<double> fx = spec.pde.f.eval_many(xi, 2);
  for (std::size_t p = 0; p < fx.size(); ++p)
    EXPECT_NEAR(r[p], -u.lap[p] - fx[p], 1e-11 * (1 + std::abs(fx[p])));
  // The soft sides: u - g of the sum.
  const std::vector<double>& xb = sp.terms[1].x;
  const Field ub = evaluate_solution(n1, xb, 2, *domain, hd);
  for (std::size_t p = 0; p < xb.size() / 2; ++p)
    EXPECT_NEAR(r[fx.size() + p], ub.u[p] - (xb[2 * p] * xb[2 * p + 1] + 1), 1e-13);
  // d loss / d theta of the network in training against central differences.
  Kokkos::View<double*, Kokkos::DefaultExecutionSpace::memory_space> g("g", n1.num_params());
  as->loss_and_gradient(n1, g);
  auto hg = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g);
  std::vector<double> theta = n1.params_host();
  const double eps = 1e-6;
  for (std::size_t i = 0; i < theta.size(); i += 7) {
    std::vector<double> tp = theta, tm = theta;
    tp[i] += eps;
    tm[i] -= eps;
    n1.set_params(tp);
    const double lp = as->loss(n1).total;
    n1.set_params(tm);
    const double lm = as->loss(n1).total;
    // Central differences of a smooth loss: truncation and round-off ~1e-9.
    EXPECT_NEAR(hg(i), (lp - lm) / (2 * eps), 1e-6 * (1 + std::abs(hg(i)))) << i;
  }
  n1.set_params(theta);
}

// A whole run: Adam and LM on the first network, then a refine stage.
const char* kRun =
    "domain: {type: box, min: [-1, -1], max: [1, 1]}\n"
    "pde: {form: \"laplace(u) = f\", source: \"-2*pi^2*sin(pi*x)*sin(pi*y)\",\n"
    "      exact: \"sin(pi*x)*sin(pi*y)\"}\n"
    "boundary:\n  - {parts: all, type: dirichlet, value: \"0\"}\n"
    "model: {kan: {widths: [2, 4, 1], grid_size: 5}}\n"
    "sampling: {interior: {count: 400, method: halton}, boundary: {count: 40}}\n"
    "training:\n"
    "  stages:\n"
    "    - {optimizer: adam, steps: 40, lr: 0.01}\n"
    "    - {optimizer: lm, steps: 40}\n"
    "reference: {enabled: false}\n"
    "output: {grid: [21, 21], history_every: 10}\n";

SolveSummary solve(const std::vector<std::string>& sets, const std::string& dir = "") {
  const CaseSpec spec = load_case_text(kRun, "run.yaml", sets);
  SolveOptions o;
  o.quiet = true;
  o.write = !dir.empty();
  o.out_dir = dir;
  o.force = true;
  o.progress = 0;
  std::ostringstream out;
  return solve_case(spec, o, out);
}

TEST(Refinement, ARefineStageLowersTheErrorReproduciblyAndIsSaved) {
  const std::string refine =
      "training.stages=[{optimizer: adam, steps: 40, lr: 0.01}, {optimizer: lm, steps: 40}, "
      "{optimizer: lm, steps: 30, points: 2000, refine: {widths: [2, 3, 1], grid_size: 5}}]";
  char tmpl[] = "/tmp/kanpde-refine-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  const RunResults plain = solve({}).results;
  const RunResults a = solve({refine}, dir).results;
  const RunResults b = solve({refine}).results;
  ASSERT_EQ(a.refinements.size(), 1u);
  EXPECT_TRUE(plain.refinements.empty());
  // The first network is the one the plain run trained, bit for bit.
  EXPECT_EQ(a.params, plain.params);
  EXPECT_GT(a.refinements[0].scale, 0.0);
  EXPECT_LT(a.refinements[0].scale, 1e-1);
  // Fixed seeds: the same sum again.
  EXPECT_EQ(a.refinements[0].params, b.refinements[0].params);
  EXPECT_EQ(a.refinements[0].scale, b.refinements[0].scale);
  // The refinement corrects the frozen solution: measured 7.77e-4 -> 5.43e-4
  // (0.70) with 30 LM steps on 2000 points; a wide margin against platform
  // round-off.
  EXPECT_LT(a.metrics.at("kan_rel_l2"), 0.85 * plain.metrics.at("kan_rel_l2"));
  EXPECT_EQ(a.metrics.at("kan_params"),
            static_cast<double>(a.params.size() + a.refinements[0].params.size()));
  // The saved model evaluates the same sum as the run did on its grid.
  {
    const h5::File f = h5::File::open_read(dir + "/results.h5");
    const auto refs = read_refinements(f.root());
    ASSERT_EQ(refs.size(), 1u);
    EXPECT_EQ(refs[0].params, a.refinements[0].params);
    EXPECT_EQ(refs[0].scale, a.refinements[0].scale);
    const Net model = kan::read_model(f.root().open_group("model")).clone<Net::memory_space>();
    const SavedSolution saved = saved_solution(model, refs);
    const CaseSpec spec = load_case_text(kRun, "run.yaml", {refine});
    const geometry::DomainPtr domain = build_domain(spec.domain);
    HardDirichlet hd = hard_dirichlet(spec);
    hd.frozen = saved.frozen;
    std::vector<double> x;
    for (double yv : a.fields.axes[1])
      for (double xv : a.fields.axes[0]) x.insert(x.end(), {xv, yv});
    const Field u = evaluate_solution(saved.last, x, 2, *domain, hd);
    const std::vector<double>& ukan = a.fields.fields.at("u_kan");
    ASSERT_EQ(u.u.size(), ukan.size());
    for (std::size_t p = 0; p < ukan.size(); ++p) EXPECT_EQ(u.u[p], ukan[p]) << p;
  }
  for (const char* name : {"results.h5", "results.xmf", "summary.json"})
    std::remove((dir + "/" + name).c_str());
  rmdir(dir.c_str());
}

}  // namespace
}  // namespace kanpde::solver
