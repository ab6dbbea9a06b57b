#pragma once
// A case's measurement data (solver/case/DataSpec.hpp) as loss terms: u at
// the data points is a Dirichlet-like term (r_p = u(x_p) - d_p), du/dx_a a
// Neumann-like one with the fixed direction e_a (r_p = grad u . e_a - d_p).
// Both go through the trial function u = G + D N under hard conditions, like
// every other term (solver/pde/Assembler.hpp).

#include <string>

#include "solver/case/DataSpec.hpp"
#include "solver/pde/PointTerm.hpp"

namespace kanpde::solver {

// The term "data[i]" of entry ds (weight ds.loss_weight()).
PointTerm data_term(const DataTermSpec& ds, int dim);

}  // namespace kanpde::solver
