#pragma once
// Step 5 of `kanpde solve`: training the model's network (and unknowns)
// through the case's stages, with point renewal (solver/run/PointRenewal.hpp),
// multi-stage refinement (solver/run/Refinement.hpp), the history and the
// guards (solver/run/History.hpp), the progress line
// (solver/run/Progress.hpp), resuming from a checkpoint and checkpoints on a
// signal (solver/run/RunCheckpoint.hpp, solver/run/Signals.hpp). Once
// training is done the trained model is checkpointed (unless nothing is
// written).

#include <chrono>

#include "solver/case/CaseSpec.hpp"
#include "solver/io/Results.hpp"
#include "solver/run/Console.hpp"
#include "solver/run/RunCheckpoint.hpp"
#include "solver/run/SolveOptions.hpp"
#include "solver/run/SolveSetup.hpp"

namespace kanpde::solver {

struct TrainingOutcome {
  int steps = 0;            // global steps done (a resumed run's included)
  double final_loss = 0.0;  // the trainer's
  double seconds = 0.0;     // from `start` to the end of the last step
};

// Fills results.history_columns, results.history and results.warnings; the
// model ends trained (its net, points, trial data and unknowns).
TrainingOutcome train_model(const CaseSpec& spec, const SolveOptions& opt, SolveModel& model,
                            const AccuracyGrid& grid, const RunCheckpoint& checkpoint,
                            const Console& console, RunResults& results,
                            std::chrono::steady_clock::time_point start);

}  // namespace kanpde::solver
