#pragma once
// Step 7 of `kanpde solve`: the finite-difference reference (rank 0) and
// the comparisons it gives: FD against the exact solution, the KAN against
// FD at the FD nodes, FD against the reference data, and the FD fields of
// results.h5 (u_fd, kan_minus_fd, err_fd) when the FD grid is the
// evaluation grid. Inverse problems: the reference re-solves the forward
// problem with the recovered unknowns (solver/case/ForwardCase.hpp) where
// the FD module solves that case, and reports its misfit to the data.

#include <cmath>
#include <optional>
#include <string>

#include "solver/case/CaseSpec.hpp"
#include "solver/case/ReferenceData.hpp"
#include "solver/io/Results.hpp"
#include "solver/run/Console.hpp"
#include "solver/run/SolveSetup.hpp"

namespace kanpde::solver {

struct FdComparison {
  bool ran = false;         // an FD solve was run
  bool inverse = false;     // the case has unknowns (scalars or a field)
  bool forward = false;     // the FD solve was the forward re-solve of an inverse case
  std::string forward_why;  // why there is no forward re-solve ("" : there is one)
  double seconds = std::nan(""), rel_l2 = std::nan(""), max_abs = std::nan("");
  double kan_rel_l2 = std::nan(""), kan_max_abs = std::nan("");  // KAN vs FD at the FD nodes
  std::size_t unknowns = 0;
  std::string solver = "none", grid_text, accuracy;
  int order = 0;                      // expected order (0: not run)
  std::optional<DataErrors> data;     // FD against reference.data
  double forward_rms = std::nan("");  // the forward re-solve's data misfit
  std::size_t forward_points = 0;
};

// kan: the trained KAN at the accuracy grid's points. FD fields go into
// results.fields.
FdComparison compare_with_fd(const CaseSpec& spec, const SolveModel& model,
                             const AccuracyGrid& grid, const Field& kan, const Console& console,
                             RunResults& results);

}  // namespace kanpde::solver
