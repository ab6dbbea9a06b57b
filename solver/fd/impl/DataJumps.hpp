#pragma once
// Discontinuous data: second-order stencils assume smooth f and g. Where the
// source jumps, or the Dirichlet data jump (between two parts that meet, or
// along one part), the FD solution is only first-order accurate near the jump
// (and the max error need not converge at all next to a boundary jump). These
// checks find such jumps so that the report can say so.
//
// - Along a grid link (or between two boundary points) a function F is
//   bisected 40 times, keeping the half with the larger change: a Lipschitz F
//   changes by 2^-40 of the first difference at the end, a jump keeps it.
//   Tried on the 16 links of largest change of f between active nodes, of each
//   Dirichlet face of a box, and between Dirichlet cut points of one part on
//   neighbouring nodes of a general domain.
// - Between parts: at box edges and corners the Dirichlet faces' values are
//   compared at the node itself (relative 1e-8); on general domains, at cut
//   points of two Dirichlet parts on one node or on neighbouring nodes, the
//   difference of the two values must stay below what the parts' gradients
//   allow over the distance (2 (|grad gA| + |grad gB|) (|xa - xb| + sqrt(d) h)).
//
// A jump smaller than the data's own change over a grid cell may go unseen
// at coarse resolution; it shows once the grid resolves it.

#include <functional>
#include <string>
#include <vector>

#include "solver/fd/FdAssembly.hpp"
#include "solver/fd/FdProblem.hpp"

namespace kanpde::solver::fd::Impl {

// At most `max_notes` texts, the largest jumps first: what jumps, by how much,
// where.
std::vector<std::string> find_data_jumps(const FdProblem& problem, const FdSystem& system,
                                         std::size_t max_notes = 3);

// Whether F (with nodal values fv, per grid node) jumps along a link between
// neighbouring active nodes (the 16 links of largest change are bisected):
// the jump's size and where, "(x, y)".
bool find_field_jump(const FdSystem& system, const std::vector<double>& fv,
                     const std::function<double(const double*)>& F, double& size, std::string& at);

}  // namespace kanpde::solver::fd::Impl
