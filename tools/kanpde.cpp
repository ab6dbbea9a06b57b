// kanpde: the command-line program.
//
// Subcommands available now:
//   kanpde solve train a KAN on a case, compare with FD and the exact solution
//   kanpde fd    the finite-difference reference alone (--refine: convergence table)
//   kanpde kan   build a KAN, check its exact derivatives, time it, save it
//   kanpde info  describe a saved model
//   kanpde eval  evaluate a saved model at points from a CSV file
//   kanpde check validate a case file and print the resolved case
// Errors in the input exit with status 2, failures at run time with 1.
#include <CLI/CLI.hpp>

#include <Kokkos_Core.hpp>

#include <iostream>

#include "common/Error.hpp"
#include "tools/CheckCommand.hpp"
#include "tools/Commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "kanpde: physics-informed PDE solver with Kolmogorov-Arnold Network trial functions"};
  app.require_subcommand(1);
  kanpde::tools::KanOptions kan_opts;
  kanpde::tools::add_kan_command(app, kan_opts);
  kanpde::tools::SolveCommandOptions solve_opts;
  kanpde::tools::add_solve_command(app, solve_opts);
  kanpde::tools::FdCommandOptions fd_opts;
  kanpde::tools::add_fd_command(app, fd_opts);
  kanpde::tools::EvalOptions eval_opts;
  kanpde::tools::add_eval_command(app, eval_opts);
  kanpde::tools::CheckOptions check_opts;
  kanpde::tools::add_check_command(app, check_opts);
  std::string info_path;
  auto* info = app.add_subcommand("info", "Describe a saved KAN model (HDF5)");
  info->add_option("FILE", info_path, "model file written by kanpde")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  int status = 0;
  Kokkos::initialize(argc, argv);
  try {
    if (app.got_subcommand("kan")) status = kanpde::tools::run_kan_command(kan_opts);
    if (app.got_subcommand("solve")) status = kanpde::tools::run_solve_command(solve_opts);
    if (app.got_subcommand("fd")) status = kanpde::tools::run_fd_command(fd_opts);
    if (app.got_subcommand("info")) status = kanpde::tools::run_info_command(info_path);
    if (app.got_subcommand("eval")) status = kanpde::tools::run_eval_command(eval_opts);
    if (app.got_subcommand("check")) status = kanpde::tools::run_check_command(check_opts);
  } catch (const kanpde::Error& e) {
    std::cerr << "kanpde: error: " << e.what() << "\n";
    status = e.exit_status();
  } catch (const std::exception& e) {
    std::cerr << "kanpde: error: " << e.what() << "\n";
    status = 1;
  }
  Kokkos::finalize();
  return status;
}
