#pragma once
// `kanpde solve`: a case from start to finish, as numbered steps:
//   1. echo the resolved configuration
//   2. refuse to overwrite existing results (before any work)
//   3. build the domain and sample the collocation points
//   4. build the network and the loss
//   5. train (progress line on a terminal, periodic lines otherwise)
//   6. evaluate the trained KAN on the evaluation grid
//   7. solve the finite-difference reference and compare
//   8. write results.h5 / results.xmf / summary.json and print the table

#include <iosfwd>
#include <string>

#include "solver/case/CaseSpec.hpp"
#include "solver/io/Results.hpp"

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

struct SolveSummary {
  RunResults results;
  std::string table;  // the final KAN / FD / exact comparison
};

SolveSummary solve_case(const CaseSpec& spec, const SolveOptions& options, std::ostream& out);

}  // namespace kanpde::solver
