#include "solver/fd/FdSolve.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "common/Error.hpp"
#include "solver/fd/FdAssembly.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"
#include "solver/fd/impl/DataJumps.hpp"
#include "solver/fd/impl/EquationAssembly.hpp"
#include "solver/fd/impl/LinearSolve.hpp"

namespace kanpde::solver::fd {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Pure Neumann on a box: A is symmetric with the constants as kernel, so
// A u = b is solvable iff sum(b) = 0; sum(b)·cell volume is the trapezoid rule
// for ∫f + ∮g. Checks it up to the quadrature error of the grid, then projects
// b onto the range of A (an O(h²) change of f).
double check_compatibility(const FdProblem& p, FdSystem& s) {
  const double sum = s.b.sum();
  const double rel = s.rhs_scale > 0.0 ? std::abs(sum) / s.rhs_scale : 0.0;
  double hn = 0.0, volume = 1.0;
  for (int a = 0; a < s.grid.dim; ++a) {
    hn = std::max(hn, s.grid.h[a] / (p.hi[a] - p.lo[a]));
    volume *= s.grid.h[a];
  }
  const double allowed = 1e-8 + 5.0 * hn * hn;
  KANPDE_REQUIRE(rel <= allowed,
                 "fd: the pure-Neumann problem is incompatible: ∫f + ∮g = "
                     << sum * volume << " (relative " << rel << ", allowed " << allowed
                     << " for the quadrature error of this grid); a solution of -Δu = f with "
                        "∂u/∂n = g exists only when ∫_Ω f + ∮_∂Ω g = 0: fix f or g, or make a "
                        "boundary part Dirichlet");
  double wsum = 0.0;
  for (double w : s.weight) wsum += w;
  for (Eigen::Index i = 0; i < s.b.size(); ++i) s.b[i] -= sum * s.weight[i] / wsum;
  return rel;
}

double relative_residual(const RowMatrix& A, const Eigen::VectorXd& x, const Eigen::VectorXd& b) {
  const double r = (A * x - b).norm(), nb = b.norm();
  return nb > 0.0 ? r / nb : r;
}

// Box systems carry their grid to the multigrid preconditioner.
Impl::GridUnknowns structured(const FdSystem& s, const std::vector<long>& unknown) {
  Impl::GridUnknowns g;
  if (s.box) {
    g.grid = &s.grid;
    g.unknown = &unknown;
  }
  return g;
}

}  // namespace

namespace Impl {

FdSolution solution_from(const FdSystem& s, int dim, const Eigen::VectorXd& x) {
  FdSolution sol;
  sol.dim = dim;
  for (int a = 0; a < 3; ++a) {
    const int nn = a < dim ? s.grid.n[a] + 1 : 1;
    sol.coords[a].resize(static_cast<std::size_t>(nn));
    for (int i = 0; i < nn; ++i) sol.coords[a][i] = a < dim ? s.grid.lo[a] + i * s.grid.h[a] : 0.0;
  }
  sol.active = s.active;
  sol.u.resize(s.grid.nodes);
  for (std::size_t node = 0; node < s.grid.nodes; ++node) {
    if (s.unknown[node] >= 0)
      sol.u[node] = x[s.unknown[node]];
    else
      sol.u[node] = sol.active[node] ? s.value[node] : std::numeric_limits<double>::quiet_NaN();
  }
  return sol;
}

}  // namespace Impl

bool fd_have_cholmod() {
  return Impl::have_cholmod();
}

FdSolution solve_fd(const FdProblem& p) {
  if (p.equation) return Impl::solve_equation_fd(p);
  const auto t0 = std::chrono::steady_clock::now();
  FdSystem s = assemble_fd(p);
  FdReport rep;
  rep.assembly_seconds = seconds_since(t0);
  rep.unknowns = static_cast<std::size_t>(s.A.rows());
  rep.nonzeros = static_cast<std::size_t>(s.A.nonZeros());
  rep.symmetric = s.symmetric;
  rep.pure_neumann = s.pure_neumann;
  rep.boundary_order = s.boundary_order;
  rep.data_jumps = Impl::find_data_jumps(p, s);
  rep.data_order = rep.data_jumps.empty() ? 2 : 1;

  const auto t1 = std::chrono::steady_clock::now();
  const bool spd = s.symmetric && p.c >= 0.0;
  Eigen::VectorXd x;
  if (s.pure_neumann) {
    if (s.symmetric) rep.compatibility = check_compatibility(p, s);
    // Pin the last unknown at 0 (drop its row and column: the rest stays SPD),
    // then shift to the requested mean.
    const Eigen::Index m = s.A.rows() - 1;
    KANPDE_REQUIRE(m >= 1, "fd: a pure-Neumann problem needs at least two unknowns");
    const RowMatrix Ar = s.A.topLeftCorner(m, m);
    const Eigen::VectorXd br = s.b.head(m);
    std::vector<long> unknown = s.unknown;  // the pinned node becomes a known one
    for (long& u : unknown)
      if (u == m) u = -1;
    Impl::LinearSolve ls =
        Impl::solve_linear(Ar, br, s.symmetric, spd, p.dim, p.solver, structured(s, unknown));
    rep.solver = ls.solver + " (pinned node)";
    rep.iterations = ls.iterations;
    rep.residual = relative_residual(Ar, ls.x, br);
    x.resize(m + 1);
    x.head(m) = ls.x;
    x[m] = 0.0;
    double mean = 0.0, wsum = 0.0;
    for (Eigen::Index i = 0; i <= m; ++i) {
      mean += s.weight[i] * x[i];
      wsum += s.weight[i];
    }
    x.array() += p.neumann_mean - mean / wsum;
  } else {
    Impl::LinearSolve ls =
        Impl::solve_linear(s.A, s.b, s.symmetric, spd, p.dim, p.solver, structured(s, s.unknown));
    rep.solver = ls.solver;
    rep.iterations = ls.iterations;
    rep.residual = relative_residual(s.A, ls.x, s.b);
    x = std::move(ls.x);
  }
  rep.solve_seconds = seconds_since(t1);
  KANPDE_VERIFY(x.allFinite(), "fd: the solution is not finite; check f, g and c");

  FdSolution sol = Impl::solution_from(s, p.dim, x);
  sol.report = rep;
  return sol;
}

}  // namespace kanpde::solver::fd
