#pragma once
// Grid-refinement study: solves a problem on N, 2N, 4N, ... intervals per axis
// and tabulates the errors against an exact solution and the observed orders
// (`kanpde fd --refine N`).

#include <cstddef>
#include <string>
#include <vector>

#include "solver/fd/FdProblem.hpp"

namespace kanpde::solver::fd {

struct ConvergenceRow {
  int intervals = 0;  // on the first axis
  double h = 0.0;     // largest spacing over the axes
  std::size_t unknowns = 0;
  double rel_l2 = 0.0;
  double max_abs = 0.0;
  double order_l2 = 0.0;   // against the previous row; NaN on the first
  double order_max = 0.0;  // same, for max_abs
  double seconds = 0.0;    // assembly + solve
  std::string solver;
  int iterations = 0;
};

// `levels` ≥ 1 grids; the first is the problem's own grid.
std::vector<ConvergenceRow> fd_refine(const FdProblem& problem, const ScalarField& exact,
                                      int levels);

// A fixed-width text table of the rows, one line per grid, with a header.
std::string format_convergence_table(const std::vector<ConvergenceRow>& rows);

// The same study without an exact solution: each grid against the finest one
// (at the coarse grid's nodes, which are nodes of every finer grid), and the
// observed order by Richardson from three successive grids l, l+1, l+2:
//   p_l = log2(|u_l - u_{l+1}| / |u_{l+1} - u_{l+2}|)   (norms at grid l's nodes),
// NaN on the last two rows. `finest_estimate_*`: Richardson's estimate of the
// finest grid's own error, |u_{L-1} - u_L| / (2^p - 1) with p from the last
// order available (NaN with fewer than three grids).
struct SelfConvergence {
  std::vector<ConvergenceRow> rows;  // rel_l2 / max_abs: differences to the finest grid
  double finest_estimate_l2 = 0.0;   // relative
  double finest_estimate_max = 0.0;
};
SelfConvergence fd_refine_self(const FdProblem& problem, int levels);
std::string format_self_convergence_table(const SelfConvergence& study);

}  // namespace kanpde::solver::fd
