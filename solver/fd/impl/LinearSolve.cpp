#include "solver/fd/impl/LinearSolve.hpp"

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCholesky>
#include <Eigen/SparseLU>
#include <cmath>

#include "common/Error.hpp"
#include "solver/fd/impl/Multigrid.hpp"
#ifdef KANPDE_HAVE_CHOLMOD
#include <Eigen/CholmodSupport>
#endif

namespace kanpde::solver::fd::Impl {

namespace {

using ColMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;

bool finite(const Eigen::VectorXd& x) {
  return x.allFinite();
}

bool try_llt(const ColMatrix& A, const Eigen::VectorXd& b, LinearSolve& out) {
#ifdef KANPDE_HAVE_CHOLMOD
  Eigen::CholmodSupernodalLLT<ColMatrix, Eigen::Lower> llt;
  llt.cholmod().print = 0;  // a matrix that is not positive definite is reported by info()
  llt.compute(A);
  if (llt.info() != Eigen::Success) return false;
  out.x = llt.solve(b);
  out.solver = "cholmod-supernodal-llt";
#else
  Eigen::SimplicialLLT<ColMatrix, Eigen::Lower, Eigen::AMDOrdering<int>> llt(A);
  if (llt.info() != Eigen::Success) return false;
  out.x = llt.solve(b);
  out.solver = "eigen-simplicial-llt";
#endif
  return finite(out.x);
}

bool try_ldlt(const ColMatrix& A, const Eigen::VectorXd& b, LinearSolve& out) {
  Eigen::SimplicialLDLT<ColMatrix, Eigen::Lower, Eigen::AMDOrdering<int>> ldlt(A);
  if (ldlt.info() != Eigen::Success) return false;
  out.x = ldlt.solve(b);
  out.solver = "eigen-simplicial-ldlt";
  return finite(out.x);
}

bool try_lu(const ColMatrix& A, const Eigen::VectorXd& b, LinearSolve& out) {
  Eigen::SparseLU<ColMatrix, Eigen::COLAMDOrdering<int>> lu;
  lu.compute(A);
  if (lu.info() != Eigen::Success) return false;
  out.x = lu.solve(b);
  out.solver = "eigen-sparselu";
  return lu.info() == Eigen::Success && finite(out.x);
}

template <class Solver>
bool try_iterative(Solver& solver, const RowMatrix& A, const Eigen::VectorXd& b,
                   const SolverOptions& o, int max_it, const char* name, LinearSolve& out) {
  solver.setTolerance(o.tolerance);
  solver.setMaxIterations(max_it);
  solver.compute(A);
  if (solver.info() != Eigen::Success) return false;
  out.x = solver.solve(b);
  out.iterations = static_cast<int>(solver.iterations());
  out.solver = name;
  return solver.info() == Eigen::Success && finite(out.x);
}

}  // namespace

bool have_cholmod() {
#ifdef KANPDE_HAVE_CHOLMOD
  return true;
#else
  return false;
#endif
}

LinearSolve solve_linear(const RowMatrix& A, const Eigen::VectorXd& b, bool symmetric, bool spd,
                         int dim, const SolverOptions& o, GridUnknowns structured) {
  const long n = A.rows();
  KANPDE_REQUIRE(o.tolerance > 0.0 && o.tolerance < 1.0,
                 "fd: solver tolerance must lie in (0, 1), got " << o.tolerance);
  KANPDE_REQUIRE(o.max_iterations >= 0, "fd: max_iterations must be >= 0");
  LinearSolve out;
  if (n == 0) return out;
  bool direct = o.choice == SolverChoice::direct;
  const bool multigrid = symmetric && spd && structured.grid != nullptr;
  if (o.choice == SolverChoice::automatic)
    direct = multigrid ? n <= o.multigrid_above : n <= o.direct_limit[dim - 1];

  auto solve_direct = [&]() {
    const ColMatrix Ac = A;
    if (symmetric && spd && try_llt(Ac, b, out)) return out;
    if (symmetric && try_ldlt(Ac, b, out)) return out;
    if (try_lu(Ac, b, out)) return out;
    throw RuntimeFailure(
        "fd: the direct solve failed (singular matrix?): check the boundary conditions and c; "
        "-Δ + c may have an eigenvalue at 0 for this c");
  };
  if (direct) return solve_direct();

  const int max_it = o.max_iterations > 0
                         ? o.max_iterations
                         : 1000 + static_cast<int>(10.0 * std::sqrt(static_cast<double>(n)));
  if (multigrid) {
    const Multigrid mg(A, *structured.grid, *structured.unknown);
    out.x = Eigen::VectorXd::Zero(n);
    out.iterations = multigrid_cg(A, b, out.x, mg, o.tolerance, max_it);
    out.solver = "cg+multigrid(" + std::to_string(mg.levels()) + ")";
    if (out.iterations >= 0 && finite(out.x)) return out;
  }
  if (symmetric && spd) {
    Eigen::ConjugateGradient<
        RowMatrix, Eigen::Lower | Eigen::Upper,
        Eigen::IncompleteCholesky<double, Eigen::Lower, Eigen::AMDOrdering<int>>>
        cg;
    if (try_iterative(cg, A, b, o, max_it, "cg+ichol", out)) return out;
    Eigen::ConjugateGradient<RowMatrix, Eigen::Lower | Eigen::Upper> jcg;
    if (try_iterative(jcg, A, b, o, max_it, "cg+jacobi", out)) return out;
  }
  // Jacobi first: Shortley-Weller rows next to a close cut have diagonals up
  // to 1e3 n/h^2, which the diagonal scaling takes out; ILUT's factorization
  // costs far more than it saves on these grids (3D, 41^3 square minus a ball:
  // 0.17 s against 14 s).
  Eigen::BiCGSTAB<RowMatrix, Eigen::DiagonalPreconditioner<double>> jbicg;
  if (try_iterative(jbicg, A, b, o, max_it, "bicgstab+jacobi", out)) return out;
  Eigen::BiCGSTAB<RowMatrix, Eigen::IncompleteLUT<double>> bicg;
  if (try_iterative(bicg, A, b, o, max_it, "bicgstab+ilut", out)) return out;
  if (o.choice == SolverChoice::automatic) {
    // The automatic choice does not give up while a direct solve remains.
    LinearSolve d = solve_direct();
    d.solver += " (after " + out.solver + " missed the tolerance)";
    return d;
  }
  throw RuntimeFailure("fd: the iterative solver (" + out.solver + ") did not reach tolerance " +
                       std::to_string(o.tolerance) + " in " + std::to_string(max_it) +
                       " iterations; try solver: direct or more iterations");
}

}  // namespace kanpde::solver::fd::Impl
