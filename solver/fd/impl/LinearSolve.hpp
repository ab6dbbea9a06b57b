#pragma once
// Sparse linear solves of the finite-difference systems, chosen by size,
// symmetry and the user's choice (see SolverChoice).

#include <string>

#include "solver/fd/FdAssembly.hpp"

namespace kanpde::solver::fd::Impl {

struct LinearSolve {
  Eigen::VectorXd x;
  std::string solver;
  int iterations = 0;
};

// The grid behind a box system, for the multigrid preconditioner.
struct GridUnknowns {
  const FdGrid* grid = nullptr;
  const std::vector<long>* unknown = nullptr;  // per node: row of A or -1
};

// Solves A x = b. `symmetric`: A is exactly symmetric; `spd`: it is expected to
// be positive definite (a failed Cholesky or CG then falls back to LDLᵀ/LU or
// BiCGSTAB). With `structured` (box systems), SPD systems are iterated with
// multigrid-preconditioned CG. RuntimeFailure when no solver succeeds.
LinearSolve solve_linear(const RowMatrix& A, const Eigen::VectorXd& b, bool symmetric, bool spd,
                         int dim, const SolverOptions& options, GridUnknowns structured = {});

// Whether CHOLMOD was found at build time.
bool have_cholmod();

}  // namespace kanpde::solver::fd::Impl
