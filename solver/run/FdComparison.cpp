#include "solver/run/FdComparison.hpp"

#include "common/Error.hpp"
#include "solver/fd/FdSolve.hpp"
#include "solver/metrics/Metrics.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/run/ForwardProblem.hpp"
#include "solver/run/Reference.hpp"
#include "solver/run/impl/Text.hpp"

namespace kanpde::solver {
namespace {

// The data misfit of the forward solve (measurements of u).
void forward_misfit(const CaseSpec& spec, const fd::FdSolution& sol, FdComparison& c) {
  double sum = 0.0;
  for (const DataTermSpec& ds : spec.data) {
    if (ds.derivative_axis() >= 0) continue;
    const std::vector<double> u = fd_at_points(sol, ds.points->x);
    for (std::size_t i = 0; i < u.size(); ++i) {
      if (!std::isfinite(u[i])) continue;
      sum += (u[i] - ds.points->u[i]) * (u[i] - ds.points->u[i]);
      ++c.forward_points;
    }
  }
  if (c.forward_points > 0) c.forward_rms = std::sqrt(sum / static_cast<double>(c.forward_points));
}

// The KAN against FD at the active FD nodes.
void kan_against_fd(const SolveModel& m, const fd::FdSolution& sol, int d, FdComparison& c) {
  std::vector<double> xs, ufd;
  for (std::size_t node = 0; node < sol.nodes(); ++node) {
    if (!sol.active[node]) continue;
    double p[3];
    sol.point(node, p);
    xs.insert(xs.end(), p, p + d);
    ufd.push_back(sol.u[node]);
  }
  const Field kan_fd = evaluate_solution(m.net, xs, d, *m.domain, m.hd);
  const Accuracy kvf = accuracy(kan_fd.u, ufd);
  c.kan_rel_l2 = kvf.rel_l2;
  c.kan_max_abs = kvf.max_abs;
}

// FD fields when the FD grid is the evaluation grid.
void fd_fields(const fd::FdSolution& sol, const AccuracyGrid& a, const Field& kan, int d,
               RunResults& R) {
  const EvalGrid& grid = a.grid;
  bool same = true;
  for (int ax = 0; ax < d; ++ax)
    same = same && sol.coords[static_cast<std::size_t>(ax)].size() ==
                       grid.axes[static_cast<std::size_t>(ax)].size();
  if (!same) return;
  const double nan = std::nan("");
  std::vector<double> u_fd(grid.nodes, nan), err_fd(grid.nodes, nan), diff(grid.nodes, nan);
  for (std::size_t i = 0; i < grid.node.size(); ++i) {
    const std::size_t node = grid.node[i];
    u_fd[node] = sol.u[node];
    diff[node] = kan.u[i] - sol.u[node];
    if (a.exact) err_fd[node] = sol.u[node] - a.exact->u[i];
  }
  R.fields.fields["u_fd"] = u_fd;
  R.fields.fields["kan_minus_fd"] = diff;
  if (a.exact) R.fields.fields["err_fd"] = err_fd;
}

}  // namespace

FdComparison compare_with_fd(const CaseSpec& spec, const SolveModel& m, const AccuracyGrid& a,
                             const Field& kan, const Console& console, RunResults& R) {
  const int d = spec.dim();
  FdComparison c;
  c.inverse = !spec.unknowns.empty() || !spec.field_unknowns.empty();
  const std::optional<CaseSpec> forward =
      c.inverse && parallel::Comm::world().is_root()
          ? forward_problem(spec, m.field_net.get(), c.forward_why)
          : std::nullopt;
  c.forward = forward.has_value();
  c.ran = (forward || (spec.reference.enabled && !c.inverse)) && parallel::Comm::world().is_root();
  if (!c.ran) return c;
  console.say(forward ? "  finite-difference re-solve with the recovered unknowns ..."
                      : "  finite-difference reference ...");
  const fd::FdProblem prob = make_fd_problem(forward ? *forward : spec, m.domain);
  const fd::FdSolution sol = fd::solve_fd(prob);
  c.seconds = sol.report.assembly_seconds + sol.report.solve_seconds;
  c.unknowns = sol.report.unknowns;
  c.solver = sol.report.solver;
  c.accuracy = sol.report.accuracy();
  c.order = sol.report.expected_order();
  for (int ax = 0; ax < d; ++ax)
    c.grid_text +=
        (ax ? "x" : "") + std::to_string(sol.coords[static_cast<std::size_t>(ax)].size());
  console.say(" " + c.grid_text + " grid, " + std::to_string(c.unknowns) + " unknowns, " +
              Impl::fmt("%.2f", c.seconds) + " s (" + c.solver + ")\n");
  kan_against_fd(m, sol, d, c);
  if (spec.pde.exact) {
    const Expression ex = *spec.pde.exact;
    const fd::FdErrors e = fd::fd_errors(sol, [&](const double* x) { return ex.eval(x, d); });
    c.rel_l2 = e.rel_l2;
    c.max_abs = e.max_abs;
  }
  if (const ReferenceData* data = spec.reference.data_points.get())
    c.data = data_errors(fd_at_points(sol, data->x), *data);
  if (forward) forward_misfit(spec, sol, c);
  fd_fields(sol, a, kan, d, R);
  return c;
}

}  // namespace kanpde::solver
