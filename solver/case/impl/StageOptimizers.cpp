// The table of the optimizers a training stage can name
// (solver/case/StageOptimizers.hpp): one row per optimizer, each built by the
// function in its own impl/<Name>Stage.cpp.
#include "solver/case/StageOptimizers.hpp"

#include "common/Error.hpp"

namespace kanpde::solver {
namespace Impl {
StageOptimizer adam_stage();
StageOptimizer lbfgs_stage();
StageOptimizer lm_stage();
StageOptimizer bfgs_stage();
}  // namespace Impl

const std::vector<StageOptimizer>& stage_optimizers() {
  static const std::vector<StageOptimizer> table = {
      Impl::adam_stage(),
      Impl::lbfgs_stage(),
      Impl::lm_stage(),
      Impl::bfgs_stage(),
  };
  return table;
}

const StageOptimizer& stage_optimizer(const std::string& name) {
  for (const StageOptimizer& r : stage_optimizers())
    if (name == r.name) return r;
  KANPDE_ASSERT(false, "the optimizer \"" << name << "\" has no row in the stage table");
}

std::vector<std::string> stage_optimizer_names() {
  std::vector<std::string> n;
  for (const StageOptimizer& r : stage_optimizers()) n.emplace_back(r.name);
  return n;
}

const std::vector<std::string>& stage_common_keys() {
  static const std::vector<std::string> k = {"optimizer", "steps",    "points",
                                             "refine",    "sparsity", "prune"};
  return k;
}

}  // namespace kanpde::solver
