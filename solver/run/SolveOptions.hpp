#pragma once
// The command-line options of `kanpde solve` that reach the run (the case
// file's settings are in the CaseSpec).

#include <string>

namespace kanpde::solver {

struct SolveOptions {
  std::string out_dir;       // "" : the case's output.directory
  bool force = false;        // replace existing results
  bool quiet = false;        // only errors and the final table
  int progress = -1;         // -1: live line when stdout is a terminal; 0: periodic lines; 1: live
  bool write = true;         // write the results files
  int checkpoint_every = 0;  // write DIR/checkpoint.h5 every N steps (0: only on a signal)
  std::string resume;        // continue from this checkpoint
};

}  // namespace kanpde::solver
