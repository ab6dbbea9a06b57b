#pragma once
// What of a run goes into its results files, as the case's output: section
// says (cases/README.md):
//   output.fields            the fields written to /fields and the .xmf
//                            (kan_minus_fd goes with u_fd);
//   output.save_collocation  whether /collocation (and the .xmf point clouds)
//                            is written.
// The run computes everything it reports; the selection drops the rest just
// before writing.

#include "solver/case/CaseSpec.hpp"
#include "solver/io/Results.hpp"

namespace kanpde::solver {

// Removes from r the fields o.fields does not name and, without
// save_collocation, the collocation points.
void select_outputs(const OutputSpec& o, RunResults& r);

}  // namespace kanpde::solver
