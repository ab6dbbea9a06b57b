#pragma once
// Step 6 of `kanpde solve`: the trained KAN on the evaluation grid. Its
// accuracy against the exact solution (above 3D at the Halton points), its
// validation residual, its error against the reference data, and the fields
// of results.h5: u_kan, residual, u_exact and err_kan, a recovered field
// (with <name>_exact, err_<name>), on the grid or, above 3D, on the slice
// output.slice_axes / output.slice_at.

#include <optional>

#include "solver/case/CaseSpec.hpp"
#include "solver/case/ReferenceData.hpp"
#include "solver/io/Results.hpp"
#include "solver/metrics/Metrics.hpp"
#include "solver/run/Guards.hpp"
#include "solver/run/SolveSetup.hpp"

namespace kanpde::solver {

struct KanEvaluation {
  Field field;                       // at the accuracy grid's points
  std::optional<Accuracy> accuracy;  // with an exact solution
  ValidationResidual validation;     // at the guards' validation draw
  std::size_t validation_points = 0;
  std::optional<DataErrors> data;  // against reference.data
};

// Writes the fields into results.fields (and the recovered field's network
// and accuracy into results.field_*).
KanEvaluation evaluate_kan(const CaseSpec& spec, const SolveModel& model, const AccuracyGrid& grid,
                           RunResults& results);

}  // namespace kanpde::solver
