#pragma once
// The fields a case's output.fields can name: one table (OutputFields.cpp),
// read by the output parser (which fields apply to a case, the default list)
// and by the schema reference's test (cases/README.md). The run computes
// them by name (solver/run/KanFields.cpp, FdComparison.cpp) and the output
// selection keeps those listed (solver/run/OutputSelection.hpp).
//
// Adding a field: its row here, and the run's code that computes it.

#include <string>
#include <vector>

namespace kanpde::solver {

struct OutputField {
  const char* name;
  bool needs_exact;  // pde.exact
  // The finite-difference reference; sampled at its nodes, so only on an
  // evaluation grid that is the reference grid.
  bool needs_fd;
};

// In the order of the default list.
const std::vector<OutputField>& output_fields();
std::vector<std::string> output_field_names();

}  // namespace kanpde::solver
