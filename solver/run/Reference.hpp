#pragma once
// The finite-difference reference of a case: the FD problem on the domain's
// bounding box grid (the box itself for interval and box domains; an embedded
// grid with the geometry's inside test and grid-line distances otherwise),
// with the case's equation and boundary conditions.

#include "geometry/Domain.hpp"
#include "solver/case/CaseSpec.hpp"
#include "solver/fd/FdProblem.hpp"
#include "solver/fd/FdSolution.hpp"

namespace kanpde::solver {

// Grid points per axis of the reference (the case's reference.resolution,
// or its defaults).
std::vector<int> reference_resolution(const CaseSpec& spec);

// refine: the resolution is multiplied by 2^refine (intervals doubled).
fd::FdProblem make_fd_problem(const CaseSpec& spec, const geometry::DomainPtr& domain,
                              int refine = 0);

// The FD solution at points (N x dim) by fd::interpolate (multilinear; NaN
// where the grid has no value).
std::vector<double> fd_at_points(const fd::FdSolution& solution, const std::vector<double>& x);

}  // namespace kanpde::solver
