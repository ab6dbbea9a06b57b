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
// second order, as for the Laplacian's Shortley–Weller rows). On an embedded
// grid a mixed derivative whose diagonal neighbours leave the domain takes the
// Shortley–Weller formula along the diagonals with the boundary values there
// (impl/MixedDerivatives.hpp).
//
// Flux form (expr::FluxTerm): a term w·div(k grad u) with k a field of x is
// replaced by
//   w Σ_a 2/(hl + hr) (k_R (uR − u0)/hr − k_L (u0 − uL)/hl)
// with k at the half links the harmonic mean 2 k0 kn/(k0 + kn) of k at the
// node and at the neighbour (or cut point): conservative, so a jump of k
// between nodes keeps the flux continuous (and the error first order, as
// the report says), where the nodal expansion k lap u + grad k · grad u
// would lose the jump entirely. A k that reads u (k(u, x), e.g. 1 + u²) keeps
// the nodal form (second order where smooth) unless
// FdProblem::u_flux_at_half_links: then it is evaluated at the half link's
// average ū = (u0 + un)/2, the harmonic mean of k(ū, x0) and k(ū, xn)
// (impl/EquationFlux.cpp); a k reading grad u always keeps the nodal form.
//
// The nodal residuals F(U) and their Jacobian dF/dU come from the same
// program: dF_i/dU_j = Σ_c (dr/djet_c)(node i) · w_c(i, j), the equation's
// partials (its linearisation, as in training) chained with the stencil
// weights w. Coefficient fields are tabulated once at the nodes.
//
// Boundary conditions. Dirichlet: box faces: the node takes the value of the
// first Dirichlet face in the order xmin xmax ymin ymax zmin zmax (as the
// built-in operator's box assembly); embedded grids: as
// impl/EmbeddedAssembly.cpp. Neumann, Robin and equation conditions
// (impl/EquationBoundary.hpp):
//   box faces (second order): the face nodes are unknowns with the interior
//     equation; each face a node lies on adds a ghost node outside it, an
//     unknown of its own, and a row: the condition at the node with u_a from
//     the central difference through the ghost (so the ghosts enter both the
//     node's equation and its conditions, which all go into the same Newton
//     step). For -lap(u) + c u = f with Neumann or Robin faces, eliminating
//     the ghosts gives the built-in operator's box rows. Mixed derivatives at
//     face nodes take the one-sided second-order first difference along the
//     face's axis (no diagonal ghosts).
//   general domains (first order, as the built-in operator's rows): a node with
//     a cut on such a part has its equation replaced by the condition at the
//     nearest cut point xb with the normal there, u at the node, u_a along an
//     axis with n_a ≠ 0 one-sided towards the inside, other components
//     central (one-sided next to a cut).

#include <Eigen/Core>
#include <string>
#include <vector>

#include "solver/fd/FdAssembly.hpp"
#include "solver/fd/FdProblem.hpp"
#include "solver/fd/FdSolution.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"
#include "solver/fd/impl/EquationBoundary.hpp"

namespace kanpde::solver::fd::Impl {

class EquationSystem {
 public:
  // InputError for a problem this discretisation does not handle.
  explicit EquationSystem(const FdProblem& problem);
  EquationSystem(const EquationSystem&) = delete;
  EquationSystem& operator=(const EquationSystem&) = delete;

  // grid, active, unknown, value (Dirichlet nodes), box, dirichlet_samples;
  // A and b are empty.
  const FdSystem& layout() const { return s_; }
  // Unknowns (and rows): the node values (layout().unknown), then the ghosts.
  long size() const { return rows_; }
  long ghosts() const { return rows_ - unknowns_; }
  // Ghost values that give u_n = 0 through the node values of U (a start).
  void fill_ghosts(Eigen::VectorXd& U) const;
  // The residuals are affine in U: a linear equation and conditions.
  bool linear() const;
  // 1 when a condition was imposed on a curved part (first-order rows).
  int boundary_order() const { return boundary_order_; }
  // 1 when a mixed derivative took one-sided differences (no diagonal of the
  // node with a sample on both sides: next to a part that is not Dirichlet).
  int mixed_order() const { return mixed_order_; }

  // F(U) and, when J is given, dF/dU (row-major, duplicates summed).
  void evaluate(const Eigen::VectorXd& U, Eigen::VectorXd& F, RowMatrix* J) const;
  // The largest cell Péclet number max |dr/du_a| h_a / (2 |dr/du_aa|) over the
  // nodes at U (0 when the equation has no first-derivative term).
  double peclet(const Eigen::VectorXd& U) const;
  // Where the equation's data (its residual and partials at u = 0 as
  // functions of x) jump between neighbouring nodes: at most max_notes texts.
  std::vector<std::string> data_jumps(std::size_t max_notes = 3) const;

 private:
  const FdProblem& p_;
  const expr::Equation& eq_;
  const std::vector<Bc> bcs_;
  BoundaryRows bnd_;
  FdSystem s_;
  long unknowns_ = 0;  // node unknowns
  long rows_ = 0;      // node unknowns + ghosts
  int boundary_order_ = 2;
  int mixed_order_ = 2;
  int nc_ = 0;  // jet components
  int na_ = 0;  // aux inputs
  // Per unknown i: stencil points start_[i] .. start_[i+1]-1; each point has a
  // column (≥ 0) or a known value, and nc_ weights (one per jet component).
  std::vector<long> start_;
  std::vector<long> col_;
  std::vector<double> known_;
  std::vector<double> w_;
  std::vector<double> cw_;    // per stencil point: the flux-form correction (or empty)
  std::vector<double> aux_;   // per unknown: na_ values
  std::vector<double> xu_;    // per unknown: its coordinates (3)
  std::vector<long> brow_;    // per row: its index in bnd_, or -1 (the equation's row)
  std::vector<long> mirror_;  // per ghost: the stencil point opposite to it

  void jet_at(long i, const Eigen::VectorXd& U, double* jet) const;
  // Per unknown, axis and side: the stencil point of the neighbour, its
  // distance and coordinates (for the flux form).
  struct Neighbour {
    long pt;
    double h;
    double x[3];
  };
  void flux_form(const std::vector<Neighbour>& neighbours);
  // Flux terms whose k reads u (impl/EquationFlux.cpp): k at a half link is
  // the harmonic mean of k(ū, x₀) and k(ū, xₙ) with ū = (u₀ + uₙ)/2, so
  // these fluxes are evaluated with U; `uprog_` gives per such term
  // [k, dk/du, nodal, d nodal/d jet_c].
  std::vector<std::size_t> uterms_;
  expr::Program uprog_;
  std::vector<Neighbour> nb_;   // per equation row, axis and side
  std::vector<double> aux_nb_;  // the aux inputs at nb_
  mutable std::vector<double> fin_, fo0_, fon_, fscratch_;
  // Adds the u-dependent fluxes of row i (inputs `in`: its jet and aux) to
  // Fi and, when t is given, their derivatives.
  void u_fluxes(long i, const Eigen::VectorXd& U, const double* in, double& Fi,
                std::vector<Eigen::Triplet<double, int>>* t) const;
};

// The solve of a general equation: Newton's method from U = 0 with a
// backtracking line search on |F| (halving the step until |F| decreases by
// the factor 1 − 10⁻⁴ t), each step's linear system by solve_linear; a
// linear equation takes one step. Where a step fails (singular Jacobian,
// failed line search), pseudo-transient continuation (J + mu diag|J|) with
// mu growing per failure and shrinking with |F|. RuntimeFailure when that
// or the iteration limit fails.
FdSolution solve_equation_fd(const FdProblem& problem);

}  // namespace kanpde::solver::fd::Impl
