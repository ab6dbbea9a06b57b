// `kanpde solve CASE.yaml` and `kanpde fd CASE.yaml`.
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>

#include "common/Error.hpp"
#include "common/Profiling.hpp"
#include "geometry/Domain.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/fd/FdRefine.hpp"
#include "solver/fd/FdSolve.hpp"
#include "solver/io/Results.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/pde/DeviceGram.hpp"
#include "solver/run/Reference.hpp"
#include "solver/run/SampleData.hpp"
#include "solver/run/Solve.hpp"
#include "solver/symbolic/Interpret.hpp"
#include "tools/Commands.hpp"
#include "tools/PlotStep.hpp"

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
  solver::gram_path_from_environment(false);  // a bad KANPDE_GRAM fails before any work
  const solver::CaseSpec spec = solver::load_case(o.case_file, o.sets);
  solver::SolveOptions so;
  so.out_dir = o.out;
  so.force = o.force;
  so.quiet = o.quiet;
  so.write = !o.no_write;
  so.checkpoint_every = o.checkpoint_every;
  so.resume = o.resume;
  const auto t0 = std::chrono::steady_clock::now();
  solver::solve_case(spec, so, std::cout);
  // The case's interpret: section: `kanpde symbolic` on the results just
  // written (rank 0: the only one that writes).
  if (spec.interpret.enabled && so.write && parallel::Comm::world().is_root()) {
    const std::string dir = o.out.empty() ? spec.output.directory : o.out;
    solver::symbolic::InterpretOptions io = solver::symbolic::interpret_options(spec.interpret);
    io.force = true;  // the results are this run's own
    io.quiet = o.quiet;
    const auto r = solver::symbolic::interpret_results(dir + "/results.h5", io, std::cout);
    std::cout << solver::symbolic::report_text(r);
  }
  // output.plots: the PNG files next to the results (tools/PlotStep.hpp).
  if (spec.output.plots && so.write && parallel::Comm::world().is_root())
    run_plot_step((o.out.empty() ? spec.output.directory : o.out) + "/results.h5");
  if (profiling_enabled()) {  // KANPDE_PROFILE set: the phase table
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "\nphase profile (KANPDE_PROFILE; nested regions overlap: line_search holds "
                 "loss/gradient calls), "
              << total << " s in all\n";
    profile_table(std::cout, total);
  }
  return 0;
}

void add_fd_command(CLI::App& app, FdCommandOptions& o) {
  auto* c = app.add_subcommand(
      "fd", "Solve a case with finite differences only; writes OUT/fd.h5 and OUT/fd.xmf");
  c->add_option("CASE", o.case_file, "case file (YAML)")->required();
  c->add_option("--set", o.sets, "override a case value: key.path=value (repeatable)");
  c->add_option("--refine", o.refine,
                "convergence study over this many grids (each with twice the intervals); "
                "without pde.exact: against the finest grid, Richardson orders (needs 2+)")
      ->check(CLI::Range(1, 8));
  c->add_option("--out", o.out, "output directory (default: the case's output.directory)");
  c->add_flag("--force", o.force, "replace an existing fd.h5 / fd.xmf");
  c->add_flag("--no-write", o.no_write, "do not write the field files");
  c->add_option("--sample", o.sample,
                "write this many measurements of u (random points in the domain) to the CSV "
                "file --out instead of the field files, for a case's data: section")
      ->check(CLI::Range(1, 10000000));
  c->add_option("--noise", o.noise, "with --sample: Gaussian noise of this standard deviation")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--seed", o.seed, "with --sample: the seed of the points and the noise");
  c->add_flag("--from-exact", o.from_exact,
              "with --sample: take u from pde.exact instead of the FD solve");
}

namespace {

int sample_fd(const FdCommandOptions& o, const solver::CaseSpec& spec,
              const geometry::Domain& domain, const solver::fd::FdProblem& prob) {
  if (o.out.empty()) throw InputError("--sample: name the CSV file to write with --out FILE");
  if (o.from_exact && !spec.pde.exact)
    throw InputError("--from-exact: " + spec.file + " has no exact solution (pde.exact)");
  const int d = spec.dim();
  solver::SampleOptions so;
  so.count = static_cast<std::size_t>(o.sample);
  so.noise = o.noise;
  so.seed = o.seed;
  solver::Samples s;
  if (o.from_exact) {
    const solver::Expression ex = *spec.pde.exact;
    s = solver::draw_samples(domain, so,
                             [&](const std::vector<double>& x) { return ex.eval_many(x, d); });
  } else {
    const solver::fd::FdSolution sol = solver::fd::solve_fd(prob);
    s = solver::draw_samples(
        domain, so, [&](const std::vector<double>& x) { return solver::fd_at_points(sol, x); });
  }
  solver::write_samples_csv(o.out, d, s);
  std::cout << spec.name << ": " << s.u.size() << " samples of u ("
            << (o.from_exact ? "exact solution" : "FD solve") << ", noise " << o.noise << ", seed "
            << o.seed << ") written to " << o.out << "\n";
  return 0;
}

}  // namespace

int run_fd_command(const FdCommandOptions& o) {
  const solver::CaseSpec spec = solver::load_case(o.case_file, o.sets);
  if (!spec.field_unknowns.empty())
    spec.fail(spec.field_unknowns.front().path,
              "kanpde fd solves a forward problem; this case's coefficient field \"" +
                  spec.field_unknowns.front().name +
                  "\" is unknown (write the forward case with it as a pde coefficient)");
  const geometry::DomainPtr domain = solver::build_domain(spec.domain);
  const solver::fd::FdProblem prob = solver::make_fd_problem(spec, domain);
  const int d = spec.dim();
  if (o.refine > 0) {
    if (spec.pde.exact) {
      const solver::Expression ex = *spec.pde.exact;
      const auto rows = solver::fd::fd_refine(
          prob, [&](const double* x) { return ex.eval(x, d); }, o.refine);
      std::cout << spec.name << ": finite-difference convergence against the exact solution\n"
                << solver::fd::format_convergence_table(rows);
      return 0;
    }
    if (o.refine < 2)
      throw InputError("--refine " + std::to_string(o.refine) + ": " + spec.file +
                       " has no exact solution (pde.exact); a study against the finest grid needs "
                       "--refine 2 or more (3 or more for an observed order)");
    const auto study = solver::fd::fd_refine_self(prob, o.refine);
    std::cout << spec.name << ": finite-difference convergence (no exact solution)\n"
              << solver::fd::format_self_convergence_table(study);
    return 0;
  }
  if (o.sample > 0) return sample_fd(o, spec, *domain, prob);
  const std::string dir = o.out.empty() ? spec.output.directory : o.out;
  const std::string h5 = dir + "/fd.h5";
  if (!o.no_write && !o.force) {
    std::ifstream probe(h5);
    if (probe) throw InputError(h5 + ": exists already; choose another --out or pass --force");
  }
  const solver::fd::FdSolution sol = solver::fd::solve_fd(prob);
  const auto& r = sol.report;
  std::cout << spec.name << ": finite differences, " << r.unknowns << " unknowns, " << r.nonzeros
            << " non-zeros, " << r.solver << ", " << r.iterations << " iterations, residual "
            << r.residual << ", assembly " << r.assembly_seconds << " s, solve " << r.solve_seconds
            << " s\n"
            << "  accuracy: " << r.accuracy() << "\n";
  std::map<std::string, double> metrics{{"fd_unknowns", static_cast<double>(r.unknowns)},
                                        {"fd_seconds", r.assembly_seconds + r.solve_seconds}};
  std::map<std::string, std::string> text{{"fd_solver", r.solver}, {"fd_accuracy", r.accuracy()}};
  metrics["fd_expected_order"] = r.expected_order();
  solver::FieldSet fields;
  fields.dim = d;
  for (int a = 0; a < d; ++a) fields.axes.push_back(sol.coords[static_cast<std::size_t>(a)]);
  fields.fields["u_fd"] = sol.u;
  if (spec.pde.exact) {
    const solver::Expression ex = *spec.pde.exact;
    const auto e = solver::fd::fd_errors(sol, [&](const double* x) { return ex.eval(x, d); });
    std::cout << "  against the exact solution: rel. L2 " << e.rel_l2 << ", max " << e.max_abs
              << "\n";
    metrics["fd_rel_l2"] = e.rel_l2;
    metrics["fd_max_abs"] = e.max_abs;
    std::vector<double> ue(sol.nodes(), std::nan("")), err(sol.nodes(), std::nan(""));
    for (std::size_t n = 0; n < sol.nodes(); ++n) {
      if (!sol.active[n]) continue;
      double x[3] = {0, 0, 0};
      sol.point(n, x);
      ue[n] = ex.eval(x, d);
      err[n] = sol.u[n] - ue[n];
    }
    fields.fields["u_exact"] = ue;
    fields.fields["err_fd"] = err;
  }
  if (const solver::ReferenceData* data = spec.reference.data_points.get()) {
    const solver::DataErrors e = solver::data_errors(solver::fd_at_points(sol, data->x), *data);
    std::cout << "  against the reference data " << spec.reference.data << " (" << data->size()
              << " points, FD interpolated multilinearly): rel. L2 " << e.rel_l2 << ", max "
              << e.max_abs;
    if (e.skipped > 0) std::cout << " (" << e.skipped << " points without an FD value)";
    std::cout << "\n";
    metrics["data_points"] = static_cast<double>(data->size());
    metrics["fd_vs_data_rel_l2"] = e.rel_l2;
    metrics["fd_vs_data_max_abs"] = e.max_abs;
    metrics["fd_vs_data_skipped"] = static_cast<double>(e.skipped);
    text["data_file"] = spec.reference.data;
  }
  if (!o.no_write) {
    solver::write_field_file(dir, "fd", spec.to_yaml(), fields, metrics, text, o.force);
    std::cout << "  field: " << h5 << " (ParaView: " << dir << "/fd.xmf)\n";
  }
  return 0;
}

}  // namespace kanpde::tools
