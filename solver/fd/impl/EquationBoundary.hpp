#pragma once
// The boundary rows of a general equation's finite differences
// (impl/EquationAssembly.hpp): a Neumann, Robin or equation condition as a
// residual B(u, grad u; x, n) = 0 at a boundary point x with outward normal n,
// with its partials dB/du, dB/du_a:
//
//   Neumann / Robin (normal form, impl/AssemblyTools.hpp):
//       B = n · grad u + alpha u − s g(x)
//   equation condition (BcKind::equation): the condition's own program, with
//       its aux inputs (coordinates, coefficients, n) tabulated once per row.
//
// Each row is scaled by `scale` (the assembly uses 1/h, so that a row's
// entries are of the order of the interior rows' 1/h²).

#include <vector>

#include "solver/fd/FdProblem.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"

namespace kanpde::solver::fd::Impl {

class BoundaryRows {
 public:
  BoundaryRows(const FdProblem& problem, const std::vector<Bc>& bcs);

  // A row of part `part` (not Dirichlet) at x with outward unit normal n;
  // returns its index. Call finish() once all rows are added.
  long add(int part, const double* x, const double* n, double scale);
  void finish();
  long size() const { return static_cast<long>(part_.size()); }

  // out[0] = B, out[1 + c] = dB/djet_c for the jet [u, u_x, (u_y, u_z)] of
  // row k (dim + 1 components).
  void eval(long k, const double* jet, double* out) const;

 private:
  const FdProblem& p_;
  const std::vector<Bc>& bcs_;
  int dim_;
  std::vector<int> part_;
  std::vector<double> x_, n_, scale_;
  std::vector<long> aux_at_;                // per row: offset into aux_ (equation parts)
  std::vector<std::vector<double>> aux_;    // per part: its rows' aux inputs (tabulated)
  std::vector<std::vector<long>> members_;  // per part: its rows
  mutable std::vector<double> in_, out_, scratch_;
};

}  // namespace kanpde::solver::fd::Impl
