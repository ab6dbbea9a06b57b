#pragma once
// Step 8 of `kanpde solve`, first half: the run gathered into RunResults as
// results.h5 and summary.json hold it: the case, the network (with the
// refinement networks and their scales), the collocation points, the
// metrics (kan_*, fd_*, data, unknowns, corner amplitudes, recovered field)
// and their texts.

#include "solver/case/CaseSpec.hpp"
#include "solver/io/Results.hpp"
#include "solver/run/FdComparison.hpp"
#include "solver/run/KanFields.hpp"
#include "solver/run/SolveSetup.hpp"
#include "solver/run/Training.hpp"

namespace kanpde::solver {

// Fills everything of results but the history, the fields and the
// warnings (steps 5 to 7 made those).
void summarize_run(const CaseSpec& spec, const SolveModel& model, const AccuracyGrid& grid,
                   const TrainingOutcome& training, const KanEvaluation& kan,
                   const FdComparison& fd, RunResults& results);

}  // namespace kanpde::solver
