// `kanpde solve CASE.yaml` and `kanpde fd CASE.yaml`.
#include <iostream>

#include "common/Error.hpp"
#include "geometry/Domain.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/fd/FdRefine.hpp"
#include "solver/fd/FdSolve.hpp"
#include "solver/run/Reference.hpp"
#include "solver/run/Solve.hpp"
#include "tools/Commands.hpp"

namespace kanpde::tools {

void add_solve_command(CLI::App& app, SolveCommandOptions& o) {
  auto* c = app.add_subcommand(
      "solve",
      "Train a KAN on a case and compare it with finite differences and the exact solution");
  c->add_option("CASE", o.case_file, "case file (YAML)")->required();
  c->add_option("--out", o.out, "output directory (default: the case's output.directory)");
  c->add_option("--set", o.sets, "override a case value: key.path=value (repeatable)");
  c->add_flag("--force", o.force, "replace existing results in the output directory");
  c->add_flag("--quiet", o.quiet, "print only the final table");
  c->add_flag("--no-write", o.no_write, "do not write results files");
  c->add_option("--checkpoint-every", o.checkpoint_every,
                "write OUT/checkpoint.h5 every N steps (always on SIGINT/SIGTERM)")
      ->check(CLI::Range(0, 1000000000));
  c->add_option("--resume", o.resume, "continue from a checkpoint written by an earlier run");
}

int run_solve_command(const SolveCommandOptions& o) {
  const solver::CaseSpec spec = solver::load_case(o.case_file, o.sets);
  solver::SolveOptions so;
  so.out_dir = o.out;
  so.force = o.force;
  so.quiet = o.quiet;
  so.write = !o.no_write;
  so.checkpoint_every = o.checkpoint_every;
  so.resume = o.resume;
  solver::solve_case(spec, so, std::cout);
  return 0;
}

void add_fd_command(CLI::App& app, FdCommandOptions& o) {
  auto* c = app.add_subcommand("fd", "Solve a case with finite differences only");
  c->add_option("CASE", o.case_file, "case file (YAML)")->required();
  c->add_option("--set", o.sets, "override a case value: key.path=value (repeatable)");
  c->add_option("--refine", o.refine,
                "convergence study over this many grids (each with twice the intervals)")
      ->check(CLI::Range(1, 8));
}

int run_fd_command(const FdCommandOptions& o) {
  const solver::CaseSpec spec = solver::load_case(o.case_file, o.sets);
  const geometry::DomainPtr domain = solver::build_domain(spec.domain);
  const solver::fd::FdProblem prob = solver::make_fd_problem(spec, domain);
  const int d = spec.dim();
  if (o.refine > 0) {
    if (!spec.pde.exact)
      throw InputError(spec.file + ": --refine needs an exact solution (pde.exact) in the case");
    const solver::Expression ex = *spec.pde.exact;
    const auto rows = solver::fd::fd_refine(
        prob, [&](const double* x) { return ex.eval(x, d); }, o.refine);
    std::cout << spec.name << ": finite-difference convergence\n"
              << solver::fd::format_convergence_table(rows);
    return 0;
  }
  const solver::fd::FdSolution sol = solver::fd::solve_fd(prob);
  const auto& r = sol.report;
  std::cout << spec.name << ": finite differences, " << r.unknowns << " unknowns, " << r.nonzeros
            << " non-zeros, " << r.solver << ", " << r.iterations << " iterations, residual "
            << r.residual << ", assembly " << r.assembly_seconds << " s, solve " << r.solve_seconds
            << " s\n";
  if (spec.pde.exact) {
    const solver::Expression ex = *spec.pde.exact;
    const auto e = solver::fd::fd_errors(sol, [&](const double* x) { return ex.eval(x, d); });
    std::cout << "  against the exact solution: rel. L2 " << e.rel_l2 << ", max " << e.max_abs
              << "\n";
  }
  return 0;
}

}  // namespace kanpde::tools
