#pragma once
// The training history of `kanpde solve` (results.h5 /history, the
// checkpoint's history): its columns, and a row per recorded step with the
// loss terms, their weights, the unknowns, the accuracy against the exact
// solution and the guards' validation and training residuals. The
// over-fitting guard (solver/run/Guards.hpp) watches the same rows.
// Rank 0 alone records (only it writes).

#include <optional>
#include <string>
#include <vector>

#include "solver/case/CaseSpec.hpp"
#include "solver/io/Results.hpp"
#include "solver/metrics/Metrics.hpp"
#include "solver/run/Guards.hpp"
#include "solver/run/SolveSetup.hpp"
#include "solver/train/Trainer.hpp"

namespace kanpde::solver {

// step, stage, grid_size, params, loss, loss_<term>..., weight_<term>...,
// unknown_<name>..., <corner>_amplitude..., rel_l2, max_abs, mse,
// h1_semi_rel, val_residual, val_residual_rel, train_residual, seconds.
std::vector<std::string> history_columns(const CaseSpec& spec, const std::vector<PointTerm>& terms);

class HistoryRecorder {
 public:
  // history: the rows so far (a resumed run's), replayed into the guard.
  HistoryRecorder(const CaseSpec& spec, const SolveModel& model, const AccuracyGrid& grid,
                  const std::vector<std::string>& columns,
                  std::vector<std::vector<double>>& history);
  // Whether the step's row is recorded: on rank 0, every output.history_every
  // steps, the first step and each stage's last.
  bool records(const Progress& p) const;
  // Appends the row of step p; its accuracy (with an exact solution).
  std::optional<Accuracy> record(const Progress& p);
  // After training: the over-fitting warning, when the rise lasts to the end.
  std::optional<std::string> finish() const { return overfit_.finish(); }
  const ValidationSet& validation() const { return vset_; }

 private:
  const CaseSpec& spec_;
  const SolveModel& model_;
  const AccuracyGrid& grid_;
  std::vector<std::vector<double>>& history_;
  std::size_t nterms_;
  int every_;
  ValidationSet vset_;  // a fixed draw training never sees
  OverfitGuard overfit_;
};

}  // namespace kanpde::solver
