#pragma once
// Step 8 of `kanpde solve`, second half: the final table printed at the
// end: the KAN, FD and their comparison against the exact solution and each
// other, the reference data, corner amplitudes, unknowns, a recovered field,
// the forward re-solve, what "PDE resid." means, and the warnings.

#include <string>

#include "solver/case/CaseSpec.hpp"
#include "solver/io/Results.hpp"
#include "solver/run/FdComparison.hpp"
#include "solver/run/KanFields.hpp"
#include "solver/run/SolveSetup.hpp"

namespace kanpde::solver {

// results: as summarize_run (solver/run/ResultsSummary.hpp) left it.
std::string report_table(const CaseSpec& spec, const AccuracyGrid& grid, const KanEvaluation& kan,
                         const FdComparison& fd, const RunResults& results);

}  // namespace kanpde::solver
