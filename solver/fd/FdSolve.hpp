#pragma once
// The finite-difference reference solve: assemble, fix the constant mode of a
// pure-Neumann problem, solve, report.

#include "solver/fd/FdProblem.hpp"
#include "solver/fd/FdSolution.hpp"

namespace kanpde::solver::fd {

// InputError for an invalid problem or an incompatible pure-Neumann problem
// (∫f + ∮g ≠ 0); RuntimeFailure when the linear solve fails.
FdSolution solve_fd(const FdProblem& problem);

// Whether this build factorizes SPD systems with CHOLMOD (else Eigen's
// SimplicialLLT).
bool fd_have_cholmod();

}  // namespace kanpde::solver::fd
