#include "solver/fd/FdRefine.hpp"

#include <cstdio>
#include <limits>

#include "common/Error.hpp"
#include "solver/fd/FdGrid.hpp"
#include "solver/fd/FdSolve.hpp"

namespace kanpde::solver::fd {

std::vector<ConvergenceRow> fd_refine(const FdProblem& problem, const ScalarField& exact,
                                      int levels) {
  KANPDE_REQUIRE(levels >= 1 && levels <= 12, "fd refine: levels must be 1 to 12, got " << levels);
  const FdGrid base = make_grid(problem);
  std::vector<ConvergenceRow> rows;
  FdProblem p = problem;
  for (int level = 0; level < levels; ++level) {
    for (int a = 0; a < p.dim; ++a) p.intervals[a] = base.n[a] << level;
    const FdSolution s = solve_fd(p);
    const FdErrors e = fd_errors(s, exact);
    ConvergenceRow r;
    r.intervals = p.intervals[0];
    r.h = 0.0;
    for (int a = 0; a < p.dim; ++a) r.h = std::max(r.h, base.h[a] / (1 << level));
    r.unknowns = s.report.unknowns;
    r.rel_l2 = e.rel_l2;
    r.max_abs = e.max_abs;
    r.seconds = s.report.assembly_seconds + s.report.solve_seconds;
    r.solver = s.report.solver;
    r.iterations = s.report.iterations;
    r.order_l2 = r.order_max = std::numeric_limits<double>::quiet_NaN();
    if (!rows.empty()) {
      r.order_l2 = observed_order(rows.back().h, rows.back().rel_l2, r.h, r.rel_l2);
      r.order_max = observed_order(rows.back().h, rows.back().max_abs, r.h, r.max_abs);
    }
    rows.push_back(r);
  }
  return rows;
}

std::string format_convergence_table(const std::vector<ConvergenceRow>& rows) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%8s %11s %10s %11s %7s %11s %7s %9s  %s\n", "N", "h",
                "unknowns", "rel L2", "order", "max error", "order", "time [s]", "solver");
  out += line;
  for (const ConvergenceRow& r : rows) {
    char o1[16] = "      -", o2[16] = "      -";
    if (r.order_l2 == r.order_l2) std::snprintf(o1, sizeof o1, "%7.3f", r.order_l2);
    if (r.order_max == r.order_max) std::snprintf(o2, sizeof o2, "%7.3f", r.order_max);
    std::string solver = r.solver;
    if (r.iterations > 0) solver += " (" + std::to_string(r.iterations) + " it)";
    std::snprintf(line, sizeof line, "%8d %11.4e %10zu %11.4e %s %11.4e %s %9.3f  %s\n",
                  r.intervals, r.h, r.unknowns, r.rel_l2, o1, r.max_abs, o2, r.seconds,
                  solver.c_str());
    out += line;
  }
  return out;
}

}  // namespace kanpde::solver::fd
