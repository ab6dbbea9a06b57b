#pragma once
// Checkpoint files of `kanpde solve`: everything needed to continue a run
// exactly where it stopped.
//
//   @format = "kanpde-checkpoint", @format_version = 1
//   /case                 the resolved case (a resumed run must match it)
//   /model                the KAN (kan/ModelIO.hpp layout)
//   /trainer              @step @stage @stage_step @recoveries @final_loss,
//                         good [P], balance [T] (self-balancing factors; may be empty),
//                         optimizer_scalars [n], optimizer_vectors [m][len]
//   /sampler              @round @refine_round, interior [N][d] (the current interior points,
//                         refinement included)
//   /history              rows [r][c], columns (string, comma-separated)

#include <string>
#include <vector>

#include "kan/Layout.hpp"
#include "solver/train/Trainer.hpp"

namespace kanpde::solver {

struct CheckpointData {
  std::string case_yaml;
  kan::Layout layout;
  std::vector<double> params, knots;
  TrainerState trainer;  // trainer.good: the network's P parameters, then `unknowns` more
  int unknowns = 0;      // unknown scalars trained (their variables end trainer.good)
  int field_params = 0;  // an unknown field's parameters (between P and the unknowns)
  int round = 0;         // the sampling round of the current point sets
  int refine_round = 0;  // refinements done (seeds of their candidate pools)
  int dim = 0;
  std::vector<double> interior;
  std::vector<std::string> history_columns;
  std::vector<std::vector<double>> history;
};

// Written atomically; an existing checkpoint at path is replaced.
void write_checkpoint(const std::string& path, const CheckpointData& c);
// InputError for a missing, foreign, damaged or newer-version file: every
// dataset is checked (shapes against the model, finite values, counts in
// range; HDF5 checksums catch damaged blocks) and a damaged one is named.
CheckpointData read_checkpoint(const std::string& path);
// InputError naming the dataset when a checkpoint does not fit the case it is
// resumed with: the dimension of its points, the model's widths and order,
// its stage and step counts. prune_stage >= 0: the first stage that prunes
// the network before its first step; a checkpoint taken after that prune
// holds the smaller network (same layer count, inputs and outputs, hidden
// widths at most the case's).
void check_checkpoint_fits(const CheckpointData& c, const std::string& path, int dim,
                           const std::vector<int>& stage_steps, const std::vector<int>& widths,
                           int order, int prune_stage = -1);

}  // namespace kanpde::solver
