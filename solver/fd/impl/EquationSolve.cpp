// Newton's method for the finite differences of a general equation
// (impl/EquationAssembly.hpp).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "common/Error.hpp"
#include "solver/fd/FdSolve.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"
#include "solver/fd/impl/DataJumps.hpp"
#include "solver/fd/impl/EquationAssembly.hpp"
#include "solver/fd/impl/LinearSolve.hpp"

namespace kanpde::solver::fd::Impl {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The start of Newton's method: 0 for a linear equation; otherwise the
// harmonic extension of the Dirichlet data (-Δu = 0 on the same grid by the
// -Δu + c u = f path, with ∂u/∂n = 0 on the other parts; 0 when no part is
// Dirichlet), which already holds the boundary's shape (Newton from 0 stalls
// in a local minimum of |F| on the minimal-surface equation at 33²); ghosts
// from ∂u/∂n = 0.
Eigen::VectorXd initial_guess(const FdProblem& p, const EquationSystem& sys) {
  const FdSystem& s = sys.layout();
  Eigen::VectorXd U = Eigen::VectorXd::Zero(sys.size());
  bool any_dirichlet = false;
  for (const BoundaryCondition& bc : p.parts)
    any_dirichlet =
        any_dirichlet || bc.kind == BcKind::dirichlet || (bc.kind == BcKind::robin && bc.b == 0.0);
  if (sys.linear() || !any_dirichlet) return U;
  FdProblem q = p;
  q.equation = nullptr;
  q.c = 0.0;
  q.f = nullptr;
  for (BoundaryCondition& bc : q.parts)
    if (!(bc.kind == BcKind::dirichlet || (bc.kind == BcKind::robin && bc.b == 0.0))) {
      bc = BoundaryCondition{};
      bc.kind = BcKind::neumann;
    }
  const FdSolution h = solve_fd(q);
  for (std::size_t node = 0; node < s.grid.nodes; ++node)
    if (s.unknown[node] >= 0 && std::isfinite(h.u[node])) U[s.unknown[node]] = h.u[node];
  sys.fill_ghosts(U);
  return U;
}

}  // namespace

FdSolution solve_equation_fd(const FdProblem& p) {
  const auto t0 = std::chrono::steady_clock::now();
  const EquationSystem sys(p);
  const FdSystem& s = sys.layout();
  FdReport rep;
  rep.assembly_seconds = seconds_since(t0);
  rep.unknowns = static_cast<std::size_t>(sys.size());
  rep.boundary_order = sys.boundary_order();
  rep.mixed_order = sys.mixed_order();
  rep.data_jumps = find_data_jumps(p, s);
  for (const std::string& j : sys.data_jumps()) rep.data_jumps.push_back(j);
  rep.data_order = rep.data_jumps.empty() ? 2 : 1;

  const auto t1 = std::chrono::steady_clock::now();
  const bool linear = sys.linear();
  const bool structured = s.box && sys.ghosts() == 0;  // the multigrid's grid numbering
  Eigen::VectorXd U = initial_guess(p, sys), F, Ft, dU;
  RowMatrix J;
  sys.evaluate(U, F, &J);
  // A linear problem with the constants in its kernel (no part fixes the
  // value and J 1 = 0, e.g. -lap(u) = f with Neumann conditions): the last
  // node unknown is pinned at 0 (its row replaced by U_m = 0) and the node
  // values are shifted to neumann_mean afterwards (plain mean), as the
  // built-in pure-Neumann path does (without its compatibility check).
  bool fixes = false;
  for (const BoundaryCondition& bc : p.parts)
    fixes = fixes || bc.kind == BcKind::dirichlet || bc.kind == BcKind::equation ||
            (bc.kind == BcKind::robin && bc.a != 0.0);
  const long nodes = sys.size() - sys.ghosts(), pin = nodes - 1;
  bool pinned = false;
  if (linear && !fixes && nodes >= 2) {
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(sys.size());
    double jmax = 0.0;
    for (int k = 0; k < J.outerSize(); ++k)
      for (RowMatrix::InnerIterator e(J, k); e; ++e) jmax = std::max(jmax, std::abs(e.value()));
    pinned = (J * ones).lpNorm<Eigen::Infinity>() <= 1e-10 * jmax;
  }
  if (pinned) {
    J.prune(
        [pin](const Eigen::Index& row, const Eigen::Index&, const double&) { return row != pin; });
    J.coeffRef(pin, pin) = 1.0;
    F[pin] = U[pin];
  }
  const double f0 = F.norm();
  double fn = f0;
  rep.newton_residuals.push_back(fn);
  const int max_it = std::max(1, p.newton_max_iterations);
  int it = 0;
  std::string linear_solver;
  bool done = !(fn > 0.0);
  // Pseudo-transient continuation where Newton's step fails (a singular or
  // nearly singular Jacobian: Newton from 0 without a Dirichlet part): the
  // step solves (J + mu D) dU = -F with D the diagonal of |J|; mu grows
  // tenfold on each failed step and shrinks with |F| (mu |F_k| / |F_k-1|)
  // after each accepted one, back to Newton's step (mu = 0) below 1e-12.
  double mu = 0.0;
  int escalations = 0;
  Eigen::VectorXd D;
  RowMatrix shifted;
  auto fail = [&](const std::string& what) {
    char norms[96];
    std::snprintf(norms, sizeof norms, "|F| = %.3g, from %.3g; %d continuation shifts", fn, f0,
                  escalations);
    throw RuntimeFailure(
        "fd: " + what + " (" + norms +
        "): the discrete equation may have no solution, or none near the "
        "start (the harmonic extension of the Dirichlet data, or 0); this is a numerical "
        "failure of the reference, not of the case: refine the grid, add a Dirichlet part, or "
        "set reference.enabled: false");
  };
  // One more failed step: a larger shift, or the end.
  auto escalate = [&](const std::string& what) {
    if (linear || ++escalations > 16) fail(what);
    mu = mu > 0.0 ? 10.0 * mu : 1e-4;
  };
  while (!done) {
    if (it >= max_it)
      fail("Newton's method did not converge in " + std::to_string(max_it) + " iterations");
    // The shifted matrix only while continuing; Newton's own steps use J as it is.
    if (mu > 0.0) {
      shifted = J;
      D = J.diagonal().cwiseAbs();
      const double floor = 1e-12 * std::max(1.0, D.maxCoeff());
      for (long i = 0; i < D.size(); ++i) shifted.coeffRef(i, i) += mu * std::max(D[i], floor);
    }
    const RowMatrix& Js = mu > 0.0 ? shifted : J;
    const RowMatrix Jt = Js.transpose();
    const bool symmetric = (Js - Jt).norm() == 0.0;
    const LinearSolve ls =
        solve_linear(Js, -F, symmetric, symmetric, p.dim, p.solver,
                     {structured ? &s.grid : nullptr, structured ? &s.unknown : nullptr});
    linear_solver = ls.solver;
    rep.symmetric = symmetric;
    dU = ls.x;
    if (!dU.allFinite()) {
      escalate("Newton's step is not finite (a singular Jacobian at iteration " +
               std::to_string(it) + ")");
      continue;
    }
    // Backtracking on |F| (a linear equation takes the full step).
    double t = 1.0;
    bool accepted = false;
    for (int k = 0; k <= 30; ++k, t *= 0.5) {
      sys.evaluate(U + t * dU, Ft, nullptr);
      if (pinned) Ft[pin] = U[pin] + t * dU[pin];
      if (linear || Ft.norm() <= (1.0 - 1e-4 * t) * fn) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      escalate("Newton's line search failed at iteration " + std::to_string(it));
      continue;
    }
    U += t * dU;
    ++it;
    sys.evaluate(U, F, &J);
    if (pinned) F[pin] = U[pin];  // the pinned system's residual
    const double previous = fn;
    fn = F.norm();
    rep.newton_residuals.push_back(fn);
    if (mu > 0.0) {
      mu *= fn / previous;
      if (mu < 1e-12) mu = 0.0;
    }
    const double step = t * dU.lpNorm<Eigen::Infinity>();
    done = linear || fn <= p.newton_tolerance * f0 ||
           (mu == 0.0 && step <= 1e-12 * (1.0 + U.lpNorm<Eigen::Infinity>()));
  }
  if (pinned) {
    const double shift = p.neumann_mean - U.head(nodes).mean();
    U.array() += shift;
    rep.pure_neumann = true;
  }
  rep.solve_seconds = seconds_since(t1);
  KANPDE_VERIFY(U.allFinite(), "fd: the solution is not finite; check the equation's data");
  rep.nonzeros = static_cast<std::size_t>(J.nonZeros());
  rep.newton_iterations = it;
  rep.iterations = it;
  rep.solver = "newton(" + std::to_string(it) + (escalations > 0 ? ", continuation" : "") + ")" +
               (linear_solver.empty() ? std::string() : "+" + linear_solver);
  rep.residual = f0 > 0.0 ? fn / f0 : fn;
  rep.peclet = sys.peclet(U);
  rep.advection_order = rep.peclet > 2.0 ? 1 : 2;

  FdSolution sol = solution_from(s, p.dim, U);
  sol.report = rep;
  return sol;
}

}  // namespace kanpde::solver::fd::Impl
