#pragma once
// Interfaces of the trial function: level sets phi_i = 0 across which a flux
// coefficient k jumps (found by solver/case/Interfaces.hpp).
//
// The trial function can kink there (cusp capturing, after Tseng, Lin, Hu &
// Lai, "A cusp-capturing PINN for elliptic interface problems", J. Comput.
// Phys. 2023): the network gets one more output N_i per interface and
//   u = G + D (N_0 + sum_i |phi_i| N_i) = G + D N_0 + sum_i E_i N_i,
// E_i = D |phi_i| the kink weight, whose Laplacian jet is tabulated per point
// (|phi|' = sign(phi) phi', exact away from phi = 0). u is continuous across
// phi_i = 0 ([u] = 0 holds exactly); its normal derivative jumps by
// 2 D N_i |grad phi_i|.
//
// The flux condition [k du/dn] = 0 is a soft loss term on points of
// phi_i = 0 (Newton projection of interior samples along grad phi_i),
// n = grad phi_i / |grad phi_i| pointing to the side phi_i > 0 ("+"):
//   r = (k+ du+/dn - k- du-/dn) / kbar,  kbar = (k+ + k-) / 2,
// with du+-/dn = dw/dn +- D N_i |grad phi_i| (w the rest of u, smooth there).
// It is the linear term n . grad(u~) (solver/pde/PointTerm.hpp, a Neumann
// row with data 0) of a trial function with rewritten jets at those points:
// G, D, the corner functions and the other kink weights times
// (k+ - k-) / kbar, and E_i replaced by [0, (k+ + k-)/kbar D grad phi_i, 0]
// (flux_jump_jets). So the Jacobian rows are those of the shared kernel,
// exact.

#include <cstdint>
#include <string>
#include <vector>

#include "geometry/Domain.hpp"
#include "solver/expr/Equation.hpp"
#include "solver/expr/Field.hpp"

namespace kanpde::solver {

class InterfaceSet {
 public:
  // level_sets: phi_i as expressions of the coordinates.
  InterfaceSet(const std::vector<std::string>& level_sets, int dim);
  int size() const { return static_cast<int>(phi_.size()); }
  int dim() const { return dim_; }
  const std::string& text(int i) const { return phi_[static_cast<std::size_t>(i)].text(); }
  // phi_i at x: value, gradient (dim), Hessian (dim x dim).
  void jet(int i, const double* x, double* out) const;
  // Laplacian jets (dim + 2 numbers) of the kink weights E_i = D |phi_i| at
  // the points x (N x dim), point-major: N x size() x (dim + 2); d holds D's
  // Laplacian jets (N x (dim + 2)), or is empty for D = 1.
  std::vector<double> kink_jets(const std::vector<double>& x, const std::vector<double>& d) const;
  // Newton steps x <- x - phi grad phi / |grad phi|^2 until |phi| <= tol
  // |grad phi| (at most max_iter): whether it converged.
  bool project(int i, double* x, double tol, int max_iter = 30) const;
  // Up to n points of phi_i = 0 inside the domain (projected Sobol points of
  // the interior, scrambled by seed) and their unit normals grad phi_i /
  // |grad phi_i|; fewer when fewer projections land inside.
  void sample(int i, const geometry::Domain& domain, std::size_t n, std::uint64_t seed,
              std::vector<double>& x, std::vector<double>& normals) const;

 private:
  int dim_ = 0;
  std::vector<expr::Field> phi_;
};

// The flux coefficient K = sum_j weight_j k_j of the equation's flux terms
// (expr::FluxTerm; k of x only) on both sides of interface points x (N x dim)
// with normals n: k+ at x + delta n, k- at x - delta n (the one-sided limits
// up to O(delta) for branches that vary; exact for piecewise constants).
void flux_sides(const expr::Equation& equation, const std::vector<double>& x,
                const std::vector<double>& normals, double delta, std::vector<double>& kplus,
                std::vector<double>& kminus);

// Rewrites the trial jets at the points of interface i (see the header
// comment): d, g (N x nc; d may not be empty), s (N x ms x nc, the corner
// functions, possibly empty), k (N x m x nc), with phi_i's gradient at each
// point from `set`.
void flux_jump_jets(const InterfaceSet& set, int i, const std::vector<double>& x,
                    const std::vector<double>& kplus, const std::vector<double>& kminus,
                    std::vector<double>& d, std::vector<double>& g, std::vector<double>& s,
                    std::vector<double>& k);

}  // namespace kanpde::solver
