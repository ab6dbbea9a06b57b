#pragma once
// Output of the finite-difference reference solver, and its comparison with an
// exact solution.
//
// Nodes are numbered with x fastest: node (i, j, k) is i + nx (j + ny k), where
// nx = coords[0].size() and so on (ny = nz = 1 for missing axes).

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "solver/fd/FdProblem.hpp"

namespace kanpde::solver::fd {

struct FdReport {
  std::size_t unknowns = 0;
  std::size_t nonzeros = 0;
  std::string solver;     // e.g. "cholmod-supernodal-llt", "cg+ic", "sparselu"
  int iterations = 0;     // 0 for direct solves
  double residual = 0.0;  // |A u - b| / |b| of the final solution
  double assembly_seconds = 0.0;
  double solve_seconds = 0.0;
  bool symmetric = false;     // the assembled matrix is exactly symmetric
  bool pure_neumann = false;  // constant mode fixed (pinned node, then shifted to the mean)
  double compatibility = 0.0;  // pure Neumann on a box: |∫f - ∮g| / (∫|f| + ∮|g|) (quadrature)
  int boundary_order = 2;      // 1 when a first-order boundary treatment was used
  // Discontinuous data (impl/DataJumps.hpp): 1 when f or the Dirichlet data
  // jump, and what jumps where (at most 3, the largest first).
  int data_order = 2;
  std::vector<std::string> data_jumps;
  // General equations: 1 when the largest cell Péclet number max |b_a| h_a /
  // (2 |a_aa|) (b = dr/d grad u, a = -dr/d u_aa at the solution) exceeds 2.
  int advection_order = 2;
  double peclet = 0.0;
  // General equations: Newton's iterations and |F| before each and after the
  // last (F: the nodal residuals); empty for -Δu + c u = f.
  int newton_iterations = 0;
  std::vector<double> newton_residuals;
  // General equations on embedded grids: 1 when a mixed derivative u_ab took
  // one-sided differences (impl/MixedDerivatives.hpp: next to a Neumann,
  // Robin or equation part, no diagonal with samples on both sides).
  int mixed_order = 2;
  // The order to expect: min(boundary_order, data_order, advection_order, mixed_order).
  int expected_order() const {
    return std::min({boundary_order, data_order, advection_order, mixed_order});
  }
  // "second order", or "first order: ..." with the reasons.
  std::string accuracy() const;
};

struct FdSolution {
  int dim = 0;
  std::array<std::vector<double>, 3> coords;  // node coordinates per axis
  std::vector<unsigned char> active;          // 1: node in the (closed) domain
  std::vector<double> u;                      // NaN at inactive nodes
  FdReport report;

  std::size_t nodes() const { return u.size(); }
  std::size_t index(int i, int j = 0, int k = 0) const {
    return static_cast<std::size_t>(i) +
           coords[0].size() *
               (static_cast<std::size_t>(j) + coords[1].size() * static_cast<std::size_t>(k));
  }
  // Coordinates of node `node` into x[0..dim).
  void point(std::size_t node, double* x) const;
};

struct FdErrors {
  double rel_l2 = 0.0;   // |u - u*|_2 / |u*|_2 over active nodes
  double max_abs = 0.0;  // max |u - u*| over active nodes
  std::size_t nodes = 0;
};

// Errors against the exact solution. For a pure-Neumann solution (defined up to
// a constant) the exact solution is first shifted to the same mean over the
// active nodes.
FdErrors fd_errors(const FdSolution& solution, const ScalarField& exact);

// The solution at any point x of the grid's box by multilinear interpolation
// in the grid cell holding x (second order where u is smooth). Corners outside
// the domain (NaN) are dropped and the other weights renormalised, so points
// in cut cells near the boundary still get a value (first order there); NaN
// when no corner with a non-zero weight is in the domain, or x lies outside
// the box.
double interpolate(const FdSolution& solution, const double* x);

// Observed order of convergence log(e1/e2) / log(h1/h2); NaN when undefined.
double observed_order(double h1, double e1, double h2, double e2);

}  // namespace kanpde::solver::fd
