#pragma once
// The checkpoint of one `kanpde solve` run (the file format is
// solver/run/Checkpoint.hpp): DIR/checkpoint.h5, written by rank 0 on a
// signal, every --checkpoint-every steps and once training is done; read
// back by --resume after checks that it belongs to this case; and the
// command that continues the run from it.

#include <string>
#include <vector>

#include "solver/case/CaseSpec.hpp"
#include "solver/io/Results.hpp"
#include "solver/run/Checkpoint.hpp"
#include "solver/run/SolveSetup.hpp"

namespace kanpde::solver {

class RunCheckpoint {
 public:
  // dir: the run's output directory; history: the run's (kept by the
  // caller, written with each checkpoint).
  RunCheckpoint(const CaseSpec& spec, const std::string& dir, const SolveModel& model,
                const RunResults& results);
  const std::string& path() const { return path_; }
  // "kanpde solve CASE --out DIR --resume DIR/checkpoint.h5"
  std::string resume_command() const;
  // Rank 0 writes the network, the trainer's state, the point sets of
  // sampling round `round` (after `refine_round` refinements) and the
  // history; other ranks return.
  void write(const TrainerState& st, int round, int refine_round) const;

 private:
  const CaseSpec& spec_;
  std::string dir_, path_;
  const SolveModel& model_;
  const RunResults& results_;
};

// The checkpoint at path, for resuming spec: InputError when the case has
// refine stages (a checkpoint holds one network), when it was written for
// another case, does not fit this one, or its history has other columns.
CheckpointData read_resume(const CaseSpec& spec, const std::string& path,
                           const std::vector<std::string>& history_columns);

}  // namespace kanpde::solver
