#pragma once
// Finite differences of a general equation (FdProblem::equation): at every
// unknown node the equation's residual r(jet, aux) is evaluated with u's jet
// components from central differences on the grid,
//
//   u_a  ≈ (hl² (uR − u0) + hr² (u0 − uL)) / (hl hr (hl + hr))
//   u_aa ≈ 2 ((uR − u0)/hr − (u0 − uL)/hl) / (hl + hr)
//   u_ab ≈ (u₊₊ − u₊₋ − u₋₊ + u₋₋) / (4 ha hb)          (a ≠ b, Hessian jets)
//   lap u = Σ_a u_aa                                      (Laplacian jets)
//
// with hl = hr = h in the interior and the Shortley–Weller distance θh to a
// Dirichlet cut on an embedded grid (the boundary value at the cut in place of
// the missing neighbour). Every formula is second order where the spacing is
// uniform; at nodes next to a cut, u_aa is first order (the global error stays
// second order, as for the Laplacian's Shortley–Weller rows). A mixed
// derivative needs the four diagonal neighbours in the domain.
//
// Flux form (expr::FluxTerm): a term w·div(k grad u) with k a field of x is
// replaced by
//   w Σ_a 2/(hl + hr) (k_R (uR − u0)/hr − k_L (u0 − uL)/hl)
// with k at the half links the harmonic mean 2 k0 kn/(k0 + kn) of k at the
// node and at the neighbour (or cut point): conservative, so a jump of k
// between nodes keeps the flux continuous (and the error first order, as
// the report says), where the nodal expansion k lap u + grad k · grad u
// would lose the jump entirely. Coefficients that depend on u keep the nodal
// form (second order where smooth).
//
// The nodal residuals F(U) and their Jacobian dF/dU come from the same
// program: dF_i/dU_j = Σ_c (dr/djet_c)(node i) · w_c(i, j), the equation's
// partials (its linearisation, as in training) chained with the stencil
// weights w. Coefficient fields are tabulated once at the nodes.
//
// Boundary conditions: Dirichlet parts only (box faces: the node takes the
// value of the first Dirichlet face in the order xmin xmax ymin ymax zmin
// zmax; embedded grids: as impl/EmbeddedAssembly.cpp).

#include <Eigen/Core>
#include <string>
#include <vector>

#include "solver/fd/FdAssembly.hpp"
#include "solver/fd/FdProblem.hpp"
#include "solver/fd/FdSolution.hpp"

namespace kanpde::solver::fd::Impl {

class EquationSystem {
 public:
  // InputError for a problem this discretisation does not handle.
  explicit EquationSystem(const FdProblem& problem);

  // grid, active, unknown, value (Dirichlet nodes), box, dirichlet_samples;
  // A and b are empty.
  const FdSystem& layout() const { return s_; }
  long size() const { return unknowns_; }

  // F(U) and, when J is given, dF/dU (row-major, duplicates summed).
  void evaluate(const Eigen::VectorXd& U, Eigen::VectorXd& F, RowMatrix* J) const;
  // The largest cell Péclet number max |dr/du_a| h_a / (2 |dr/du_aa|) over the
  // nodes at U (0 when the equation has no first-derivative term).
  double peclet(const Eigen::VectorXd& U) const;
  // Where the equation's data (its residual and partials at u = 0 as
  // functions of x) jump between neighbouring nodes: at most max_notes texts.
  std::vector<std::string> data_jumps(std::size_t max_notes = 3) const;

 private:
  const expr::Equation& eq_;
  FdSystem s_;
  long unknowns_ = 0;
  int nc_ = 0;  // jet components
  int na_ = 0;  // aux inputs
  // Per unknown i: stencil points start_[i] .. start_[i+1]-1; each point has a
  // column (≥ 0) or a known value, and nc_ weights (one per jet component).
  std::vector<long> start_;
  std::vector<long> col_;
  std::vector<double> known_;
  std::vector<double> w_;
  std::vector<double> cw_;   // per stencil point: the flux-form correction (or empty)
  std::vector<double> aux_;  // per unknown: na_ values
  std::vector<double> xu_;   // per unknown: its coordinates (3)

  void jet_at(long i, const Eigen::VectorXd& U, double* jet) const;
  // Per unknown, axis and side: the stencil point of the neighbour, its
  // distance and coordinates (for the flux form).
  struct Neighbour {
    long pt;
    double h;
    double x[3];
  };
  void flux_form(const std::vector<Neighbour>& neighbours);
};

// The solve of a general equation: Newton's method from U = 0 with a
// backtracking line search on |F| (halving the step until |F| decreases by
// the factor 1 − 10⁻⁴ t), each step's linear system by solve_linear; a
// linear equation takes one step. RuntimeFailure when the line search or
// the iteration limit fails.
FdSolution solve_equation_fd(const FdProblem& problem);

}  // namespace kanpde::solver::fd::Impl
