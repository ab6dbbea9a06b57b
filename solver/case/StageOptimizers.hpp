#pragma once
// The optimizers a training stage can name: one table
// (impl/StageOptimizers.cpp), one row per optimizer. The stage parser, the
// resolved-case writer, the console echo, the memory estimate, the
// parameter-count check and the schema reference's test (cases/README.md)
// all read it; nothing else switches on the optimizer.
//
// Adding an optimizer: its class in solver/optim/ (kName, kLeastSquares,
// Options: solver/optim/OptimizerConfig.hpp), its row's functions in
// impl/<Name>Stage.cpp, and its row in the table.

#include <string>
#include <vector>

#include "solver/optim/OptimizerConfig.hpp"

namespace YAML {
class Emitter;
}

namespace kanpde::solver {
namespace Impl {
class MapReader;
}

// What an optimizer keeps beyond the parameters, the gradient and Adam-sized
// moments (the estimate's floor): bytes, and what needs them ("the L-BFGS
// stage training.stages[1] (history 20) needs").
struct OptimizerMemory {
  double bytes = 0.0;
  std::string what;
};

struct StageOptimizer {
  const char* name;    // in case files: the optimizer class's kName
  const char* title;   // in messages: "Levenberg-Marquardt"
  bool least_squares;  // the class's kLeastSquares
  // Its own stage keys (the keys every stage has: stage_common_keys()).
  std::vector<std::string> keys;
  // Its options from the stage's map, whose keys are the common ones and its
  // own; steps: the stage's (a default of some options). Errors as every
  // reader error: file:line:col, key path, what was expected.
  optim::OptimizerConfig (*parse)(const Impl::MapReader& stage, int steps);
  // Every one of its options, as keys of the stage's map (the resolved case).
  void (*write)(YAML::Emitter& out, const optim::OptimizerConfig& c);
  // Its settings in a few words for the console ("lr 0.01, constant").
  std::string (*describe)(const optim::OptimizerConfig& c);
  // Its state for P parameters and `rows` residual rows; path: the stage's.
  OptimizerMemory (*memory)(const optim::OptimizerConfig& c, const std::string& path, double P,
                            double rows);
  // Empty when P parameters are fine, else why not (a load-time error at the
  // stage's optimizer key); grid_note is " (at grid size G)" or "".
  std::string (*refuse_params)(double P, const std::string& grid_note);
};

// The table, in the order of the schema reference.
const std::vector<StageOptimizer>& stage_optimizers();
// The row of a name; an internal error when there is none.
const StageOptimizer& stage_optimizer(const std::string& name);
std::vector<std::string> stage_optimizer_names();
// The keys of every stage: optimizer, steps, points, refine, sparsity, prune.
const std::vector<std::string>& stage_common_keys();

}  // namespace kanpde::solver
