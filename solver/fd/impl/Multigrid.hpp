#pragma once
// Geometric multigrid preconditioner for the symmetric positive definite box
// systems: coarse grids by doubling the spacing (while every axis has an even
// number of intervals), (bi/tri)linear interpolation P between the grids'
// unknowns, Galerkin coarse operators Pᵀ A P (so Neumann and Robin rows need no
// special coarse treatment), one forward Gauss–Seidel sweep before and one
// backward sweep after each coarse correction (a symmetric V(1,1) cycle, so it
// can precondition CG), and a Cholesky factorization on the coarsest grid.

#include <memory>
#include <vector>

#include "solver/fd/FdAssembly.hpp"

namespace kanpde::solver::fd::Impl {

class Multigrid {
 public:
  // unknown: per grid node, its row of A or -1 (known value).
  Multigrid(const RowMatrix& A, const FdGrid& grid, const std::vector<long>& unknown);
  ~Multigrid();
  Multigrid(const Multigrid&) = delete;
  Multigrid& operator=(const Multigrid&) = delete;

  // z = one V-cycle applied to r (from z = 0).
  void apply(const Eigen::VectorXd& r, Eigen::VectorXd& z) const;
  int levels() const { return static_cast<int>(levels_.size()); }

 private:
  struct Level {
    RowMatrix A;  // this level's operator (level 0 refers to the caller's matrix)
    RowMatrix P;  // interpolation from the next coarser level
    RowMatrix R;  // Pᵀ
    Eigen::VectorXd inv_diag;
    mutable Eigen::VectorXd x, b, r;
  };
  struct Coarse;
  const RowMatrix& fine_;
  std::vector<Level> levels_;
  std::unique_ptr<Coarse> coarse_;

  const RowMatrix& op(int l) const { return l == 0 ? fine_ : levels_[l].A; }
  void cycle(int l) const;
};

// Conjugate gradients preconditioned by one multigrid V-cycle; x holds the
// initial guess and receives the solution. Returns the iterations, or -1 when
// the relative residual did not reach `tolerance` in `max_iterations`.
int multigrid_cg(const RowMatrix& A, const Eigen::VectorXd& b, Eigen::VectorXd& x,
                 const Multigrid& mg, double tolerance, int max_iterations);

}  // namespace kanpde::solver::fd::Impl
