#include "solver/fd/FdRefine.hpp"

#include <algorithm>
#include <cmath>
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

namespace {

// |a - b| at the nodes of grid g (a is ra times, b rb times finer than g;
// nodes outside the domain skipped): relative L2 to |b| there, and max.
struct Diff {
  double rel_l2 = 0.0, max_abs = 0.0;
};
Diff difference(const FdSolution& g, const FdSolution& a, int ra, const FdSolution& b, int rb) {
  double num = 0.0, den = 0.0;
  Diff d;
  const int n0 = static_cast<int>(g.coords[0].size()), n1 = static_cast<int>(g.coords[1].size()),
            n2 = static_cast<int>(g.coords[2].size());
  for (int k = 0; k < n2; ++k)  // missing axes have one node: index 0 on every grid
    for (int j = 0; j < n1; ++j)
      for (int i = 0; i < n0; ++i) {
        const double va = a.u[a.index(i * ra, j * ra, k * ra)];
        const double vb = b.u[b.index(i * rb, j * rb, k * rb)];
        if (std::isnan(va) || std::isnan(vb)) continue;
        num += (va - vb) * (va - vb);
        den += vb * vb;
        d.max_abs = std::max(d.max_abs, std::abs(va - vb));
      }
  d.rel_l2 = den > 0.0 ? std::sqrt(num / den) : std::sqrt(num);
  return d;
}

double log2_ratio(double a, double b) {
  return a > 0.0 && b > 0.0 ? std::log2(a / b) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

SelfConvergence fd_refine_self(const FdProblem& problem, int levels) {
  KANPDE_REQUIRE(levels >= 2 && levels <= 12,
                 "fd refine: without an exact solution, levels must be 2 to 12, got " << levels);
  const FdGrid base = make_grid(problem);
  std::vector<FdSolution> sols;
  SelfConvergence out;
  FdProblem p = problem;
  for (int level = 0; level < levels; ++level) {
    for (int a = 0; a < p.dim; ++a) p.intervals[a] = base.n[a] << level;
    sols.push_back(solve_fd(p));
    const FdSolution& s = sols.back();
    ConvergenceRow r;
    r.intervals = p.intervals[0];
    for (int a = 0; a < p.dim; ++a) r.h = std::max(r.h, base.h[a] / (1 << level));
    r.unknowns = s.report.unknowns;
    r.seconds = s.report.assembly_seconds + s.report.solve_seconds;
    r.solver = s.report.solver;
    r.iterations = s.report.iterations;
    out.rows.push_back(r);
  }
  const int L = levels - 1;
  for (int l = 0; l <= L; ++l) {
    ConvergenceRow& r = out.rows[static_cast<std::size_t>(l)];
    const Diff f = difference(sols[l], sols[l], 1, sols[L], 1 << (L - l));
    r.rel_l2 = f.rel_l2;
    r.max_abs = f.max_abs;
    r.order_l2 = r.order_max = std::numeric_limits<double>::quiet_NaN();
    if (l + 2 <= L) {
      const Diff d1 = difference(sols[l], sols[l], 1, sols[l + 1], 2);
      const Diff d12 = difference(sols[l], sols[l + 1], 2, sols[l + 2], 4);
      r.order_l2 = log2_ratio(d1.rel_l2, d12.rel_l2);
      r.order_max = log2_ratio(d1.max_abs, d12.max_abs);
    }
  }
  out.finest_estimate_l2 = out.finest_estimate_max = std::numeric_limits<double>::quiet_NaN();
  if (levels >= 3) {
    const ConvergenceRow& last = out.rows[static_cast<std::size_t>(L - 2)];
    const Diff d = difference(sols[L - 1], sols[L - 1], 1, sols[L], 2);
    if (last.order_l2 > 0.0) out.finest_estimate_l2 = d.rel_l2 / (std::exp2(last.order_l2) - 1.0);
    if (last.order_max > 0.0)
      out.finest_estimate_max = d.max_abs / (std::exp2(last.order_max) - 1.0);
  }
  return out;
}

std::string format_self_convergence_table(const SelfConvergence& study) {
  std::string out =
      "differences to the finest grid (at each grid's nodes); order: Richardson from this grid "
      "and the next two\n";
  char line[256];
  std::snprintf(line, sizeof line, "%8s %11s %10s %11s %7s %11s %7s %9s  %s\n", "N", "h",
                "unknowns", "rel diff", "order", "max diff", "order", "time [s]", "solver");
  out += line;
  for (std::size_t i = 0; i < study.rows.size(); ++i) {
    const ConvergenceRow& r = study.rows[i];
    char o1[16] = "      -", o2[16] = "      -", e1[16] = "          -", e2[16] = "          -";
    if (r.order_l2 == r.order_l2) std::snprintf(o1, sizeof o1, "%7.3f", r.order_l2);
    if (r.order_max == r.order_max) std::snprintf(o2, sizeof o2, "%7.3f", r.order_max);
    if (i + 1 < study.rows.size()) {
      std::snprintf(e1, sizeof e1, "%11.4e", r.rel_l2);
      std::snprintf(e2, sizeof e2, "%11.4e", r.max_abs);
    }
    std::string solver = r.solver;
    if (r.iterations > 0) solver += " (" + std::to_string(r.iterations) + " it)";
    std::snprintf(line, sizeof line, "%8d %11.4e %10zu %s %s %s %s %9.3f  %s\n", r.intervals, r.h,
                  r.unknowns, e1, o1, e2, o2, r.seconds, solver.c_str());
    out += line;
  }
  if (study.finest_estimate_l2 == study.finest_estimate_l2 ||
      study.finest_estimate_max == study.finest_estimate_max) {
    std::snprintf(line, sizeof line,
                  "Richardson estimate of the finest grid's error: rel L2 %.3e, max %.3e\n",
                  study.finest_estimate_l2, study.finest_estimate_max);
    out += line;
  }
  return out;
}

}  // namespace kanpde::solver::fd
