// `kanpde symbolic RESULTS.h5`: the formula of a trained KAN, fitted edge by
// edge, refit on the PDE and verified on fresh points
// (solver/symbolic/Interpret.hpp).
#include <iostream>
#include <regex>

#include "common/Error.hpp"
#include "solver/symbolic/Interpret.hpp"
#include "solver/symbolic/Library.hpp"
#include "tools/Commands.hpp"

namespace kanpde::tools {

void add_symbolic_command(CLI::App& app, SymbolicCommandOptions& o) {
  auto* c = app.add_subcommand(
      "symbolic", "Fit every edge of a trained KAN with a formula, refit it on the PDE, verify it");
  c->add_option("RESULTS", o.results, "results.h5 written by kanpde solve")->required();
  c->add_option("--pin", o.pins,
                "L,I,O=FUNCTION: edge I -> O of layer L (of the network fitted, after --prune) "
                "uses this library function (repeatable; "
                "functions: " +
                    solver::symbolic::library_names() + ")");
  c->add_option("--complexity-weight", o.complexity_weight,
                "decades of unexplained variance one unit of complexity must buy")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--prune", o.prune,
                "remove hidden nodes whose attribution score is below this (0: no pruning), "
                "retrain the smaller network briefly, make weak edges constant")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--retrain-steps", o.retrain_steps, "LM steps on the pruned network")
      ->check(CLI::NonNegativeNumber);
  c->add_flag("--no-select", o.no_select,
              "keep the edge fits' ranking (do not try runner-up functions on the PDE)");
  c->add_flag("--no-refit", o.no_refit, "keep the edge fits (no joint refit on the PDE)");
  c->add_flag("--no-write", o.no_write, "do not update results.h5 and summary.json");
  c->add_flag("--force", o.force, "replace a symbolic model the results file holds already");
  c->add_flag("--quiet", o.quiet, "print only the report");
}

int run_symbolic_command(const SymbolicCommandOptions& o) {
  solver::symbolic::InterpretOptions io;
  const std::regex pin(R"(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*=\s*(\S+)\s*)");
  for (const std::string& p : o.pins) {
    std::smatch m;
    if (!std::regex_match(p, m, pin))
      throw InputError("--pin " + p + ": expected L,I,O=FUNCTION (for example 1,0,0=cos)");
    if (solver::symbolic::library_index(m[4]) < 0)
      throw InputError("--pin " + p + ": unknown function '" + std::string(m[4]) +
                       "' (expected one of " + solver::symbolic::library_names() + ")");
    io.fit.pinned[{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])}] = m[4];
  }
  io.fit.edge.complexity_weight = o.complexity_weight;
  io.refit = !o.no_refit;
  io.select = !o.no_select;
  io.prune_threshold = o.prune;
  io.retrain_steps = o.retrain_steps;
  io.write = !o.no_write;
  io.force = o.force;
  io.quiet = o.quiet;
  const auto r = solver::symbolic::interpret_results(o.results, io, std::cout);
  std::cout << solver::symbolic::report_text(r);
  if (io.write) std::cout << "written: " << o.results << " (/symbolic) and summary.json\n";
  return 0;
}

}  // namespace kanpde::tools
