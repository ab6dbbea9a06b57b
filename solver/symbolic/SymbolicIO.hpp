#pragma once
// A symbolic model in HDF5 (the /symbolic group of a results file):
//   @format = "kanpde-symbolic", @format_version = 1
//   widths      int64 [L+1]
//   functions   string: the library names of the edges, comma-separated, in
//               edge order (layer after layer, i * n_{l+1} + o)
//   params      double [E][4]: a, b, c, d per edge
//   r2          double [E]: each edge's R^2 against the KAN edge it replaced
// plus what the writer adds (formula text, metrics as attributes, edge
// samples for plots). Reading validates the shapes and the names
// (InputError for a foreign or damaged group).

#include "common/H5.hpp"
#include "solver/symbolic/SymbolicModel.hpp"

namespace kanpde::solver::symbolic {

inline constexpr const char* symbolic_format = "kanpde-symbolic";

void write_symbolic_model(h5::Group& group, const SymbolicModel& m);
SymbolicModel read_symbolic_model(const h5::Group& group);

// The /symbolic group of a results file.
SymbolicModel load_symbolic_model(const std::string& path);

}  // namespace kanpde::solver::symbolic
