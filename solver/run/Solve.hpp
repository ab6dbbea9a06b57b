#pragma once
// `kanpde solve`: a case from start to finish. solve_case (Solve.cpp) is
// the list of numbered steps, each a call into the file of its concept:
//   1. echo the resolved configuration                      Echo.hpp
//   2. claim the output directory before any work           RunOutput.hpp
//   3. unknowns, domain, collocation points, networks       SolveSetup.hpp
//   4. the evaluation grid and the exact solution on it     SolveSetup.hpp
//   5. train                                                Training.hpp
//        the trainer's options                              TrainSettings.hpp
//        resampling, stage point counts, adaptive points    PointRenewal.hpp
//        multi-stage refinement                             Refinement.hpp
//        history rows, accuracy, validation residuals       History.hpp
//        guards (under-determination, over-fitting)         Guards.hpp
//        the progress line                                  Progress.hpp
//        checkpoints, --resume                              RunCheckpoint.hpp
//        SIGINT/SIGTERM                                     Signals.hpp
//   6. the trained KAN on the grid: accuracy, fields        KanFields.hpp
//   7. the finite-difference reference and comparisons      FdComparison.hpp
//   8. results gathered (metrics), tabled, written          ResultsSummary.hpp,
//                                                           Report.hpp, RunOutput.hpp
// What is printed while it runs goes through Console.hpp.

#include <iosfwd>
#include <string>

#include "solver/case/CaseSpec.hpp"
#include "solver/io/Results.hpp"
#include "solver/run/SolveOptions.hpp"

namespace kanpde::solver {

struct SolveSummary {
  RunResults results;
  std::string table;  // the final KAN / FD / exact comparison
};

SolveSummary solve_case(const CaseSpec& spec, const SolveOptions& options, std::ostream& out);

}  // namespace kanpde::solver
