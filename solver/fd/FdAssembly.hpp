#pragma once
// Assembly of the finite-difference system A u = b of a problem (before any
// treatment of a pure-Neumann constant mode: for those, A is singular).
//
// Box domains: 3/5/7-point Laplacian, Dirichlet nodes eliminated, Neumann and
// Robin faces by ghost points with the face rows scaled by 1/2 per face the
// node lies on (trapezoid weights). The matrix is then exactly symmetric, and
// positive definite for c ≥ 0 unless the problem is pure Neumann.
//
// General domains: Shortley–Weller rows next to Dirichlet parts and first-order
// normal-derivative rows next to Neumann/Robin parts; not symmetric in general
// (`symmetric` says whether it happens to be).

#include <Eigen/SparseCore>
#include <array>
#include <cstddef>
#include <vector>

#include "solver/fd/FdGrid.hpp"
#include "solver/fd/FdProblem.hpp"

namespace kanpde::solver::fd {

using RowMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;

// A point where the assembly used Dirichlet data: a cut point (or a boundary
// node) of `node` on part `part`.
struct DirichletSample {
  std::size_t node = 0;
  int part = 0;
  std::array<double, 3> x{0.0, 0.0, 0.0};
};

struct FdSystem {
  FdGrid grid;
  RowMatrix A;
  Eigen::VectorXd b;
  std::vector<long> unknown;          // per node: row of A, or -1 (known or inactive)
  std::vector<double> value;          // per node: known value, NaN when unknown or inactive
  std::vector<unsigned char> active;  // per node: in the closed domain
  std::vector<double> weight;         // per unknown: quadrature weight (trapezoid on a box)
  bool box = false;                   // the domain is the whole box (every node active)
  bool symmetric = false;
  bool pure_neumann = false;  // c == 0, no Dirichlet part, no Robin term: A has constants as kernel
  double rhs_scale = 0.0;     // sum of |terms| of b (compatibility check of pure Neumann)
  int boundary_order = 2;     // 1 when a first-order Neumann/Robin row was used
  std::vector<DirichletSample> dirichlet_samples;  // general domains: every Dirichlet cut
  std::size_t boundary_nodes = 0;  // nodes on a Dirichlet part found without a cut (corners)
};

FdSystem assemble_fd(const FdProblem& problem);

}  // namespace kanpde::solver::fd
