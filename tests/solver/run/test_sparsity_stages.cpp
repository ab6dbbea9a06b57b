// The stage keys `sparsity` and `prune` through a whole solve: each key
// changes the run, a prune stage ends with a smaller network in the
// results, the resolved case keeps the keys, and the checkpoint written after
// training (the pruned network) resumes.
#include <gtest/gtest.h>

#include <unistd.h>
#include <sstream>
#include <string>

#include "solver/case/LoadCase.hpp"
#include "solver/run/Solve.hpp"

namespace kanpde::solver {
namespace {

const char* kCase =
    "domain: {type: box, min: [-1, -1], max: [1, 1]}\n"
    "pde: {form: \"laplace(u) = f\", source: \"-2*pi^2*sin(pi*x)*sin(pi*y)\",\n"
    "      exact: \"sin(pi*x)*sin(pi*y)\"}\n"
    "boundary:\n  - {parts: all, type: dirichlet, value: \"0\"}\n"
    "model: {kan: {widths: [2, 5, 1], grid_size: 4}}\n"
    "sampling: {interior: {count: 120, method: halton}, boundary: {count: 40}}\n"
    "training:\n"
    "  stages:\n"
    "    - {optimizer: adam, steps: 30, lr: 0.02, sparsity: {weight: 0.001}}\n"
    "    - {optimizer: lbfgs, steps: 10, sparsity: {weight: 0.001, l1: 1, entropy: 2}}\n"
    "    - {optimizer: lm, steps: 10, prune: {threshold: 0.3}}\n"
    "reference: {enabled: false}\n"
    "output: {grid: [11, 11], history_every: 5}\n";

std::string tmp(const std::string& name) {
  return "/tmp/kanpde_sparsity_" + std::to_string(::getpid()) + "_" + name;
}

RunResults run(const std::vector<std::string>& sets, const std::string& dir = "",
               const std::string& resume = "") {
  const CaseSpec spec = load_case_text(kCase, "sparsity.yaml", sets);
  SolveOptions o;
  o.quiet = true;
  o.write = !dir.empty();
  o.out_dir = dir;
  o.force = true;
  o.checkpoint_every = dir.empty() ? 0 : 25;
  o.resume = resume;
  o.progress = 0;
  std::ostringstream out;
  return solve_case(spec, o, out).results;
}

TEST(SparsityStages, EveryKeyChangesTheRun) {
  const RunResults base = run({});
  // The threshold removes hidden nodes: the results hold the smaller KAN.
  ASSERT_EQ(base.layout.widths().size(), 3u);
  EXPECT_LT(base.layout.width(1), 5);
  const RunResults no_prune = run({"training.stages[2].prune.threshold=1e-9"});
  EXPECT_EQ(no_prune.layout.width(1), 5);
  for (const char* set :
       {"training.stages[0].sparsity.weight=0.01", "training.stages[1].sparsity.l1=0.5",
        "training.stages[1].sparsity.entropy=0.5"}) {
    SCOPED_TRACE(set);
    const RunResults r = run({set, "training.stages[2].prune.threshold=1e-9"});
    EXPECT_NE(r.params, no_prune.params);
  }
  // Fixed seeds: bitwise the same run again.
  EXPECT_EQ(run({}).params, base.params);
}

TEST(SparsityStages, TheResolvedCaseKeepsTheKeys) {
  const CaseSpec spec = load_case_text(kCase, "sparsity.yaml");
  const std::string yaml = spec.to_yaml();
  EXPECT_NE(yaml.find("sparsity: {weight: 0.001, l1: 1, entropy: 2}"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("prune: {threshold: 0.3}"), std::string::npos) << yaml;
  EXPECT_EQ(load_case_text(yaml, "resolved.yaml").to_yaml(), yaml);
}

TEST(SparsityStages, TheCheckpointAfterThePruneResumes) {
  const std::string dir = tmp("a");
  const RunResults a = run({}, dir);
  ASSERT_LT(a.layout.width(1), 5);
  // The checkpoint after training holds the pruned network: it fits the case.
  const RunResults b = run({}, tmp("b"), dir + "/checkpoint.h5");
  EXPECT_EQ(b.layout, a.layout);
  EXPECT_EQ(b.params, a.params);
}

}  // namespace
}  // namespace kanpde::solver
