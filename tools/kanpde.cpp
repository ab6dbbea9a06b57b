// kanpde: the command-line program.
//
// Subcommands available now:
//   kanpde solve train a KAN on a case, compare with FD and the exact solution
//   kanpde fd    the finite-difference reference alone (--refine: convergence table)
//   kanpde kan   build a KAN, check its exact derivatives, time it, save it
//   kanpde info  describe a saved model
//   kanpde eval  evaluate a saved model at points from a CSV file
//   kanpde check validate a case file and print the resolved case
//   kanpde symbolic  the formula of a trained KAN, refit on the PDE, verified
// Errors in the input exit with status 2, failures at run time with 1.
//
// Under MPI (mpirun -np N kanpde solve ...) every rank runs `solve` on its
// share of the collocation points; only rank 0 prints and writes. The other
// subcommands are serial and run on rank 0 alone. Bad input is detected
// identically on every rank: all exit 2, rank 0 prints the one message. A
// run-time failure under several ranks aborts them all (MPI_Abort through
// the exit status) so that no rank waits forever on one that failed.
#include <CLI/CLI.hpp>

#include <Kokkos_Core.hpp>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <new>
#include <streambuf>
#include <string>
#include <vector>

#include "common/Error.hpp"
#include "common/Profiling.hpp"
#include "solver/parallel/Comm.hpp"
#include "tools/CheckCommand.hpp"
#include "tools/Commands.hpp"

namespace {

// Swallows what is written to it.
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
};

// Silences std::cout on ranks other than 0 while it lives.
class RootOnlyCout {
 public:
  explicit RootOnlyCout(bool root) : old_(root ? nullptr : std::cout.rdbuf(&null_)) {}
  ~RootOnlyCout() {
    if (old_ != nullptr) std::cout.rdbuf(old_);
  }
  RootOnlyCout(const RootOnlyCout&) = delete;
  RootOnlyCout& operator=(const RootOnlyCout&) = delete;
  std::streambuf* null() { return &null_; }

 private:
  NullBuffer null_;
  std::streambuf* old_;
};

// An allocation failure, with what was being allocated where known: the
// phase the failure left (common/Profiling.hpp) and, from Kokkos, the View's
// label and size (a plain operator new says only "std::bad_alloc").
std::string out_of_memory(const std::string& what) {
  std::string detail;
  auto between = [&](const std::string& open, const std::string& close) {
    const auto i = what.find(open);
    if (i == std::string::npos) return std::string();
    const auto j = what.find(close, i + open.size());
    return j == std::string::npos ? std::string()
                                  : what.substr(i + open.size(), j - i - open.size());
  };
  const std::string label = between("label \"", "\""),
                    size = between("Allocation of size ", " failed");
  if (!label.empty())
    detail = " (allocating \"" + label + "\"" + (size.empty() ? "" : ", " + size + "B") + ")";
  const char* phase = kanpde::Region::failed();
  return std::string("out of memory") + (phase ? std::string(" in ") + phase : "") + detail +
         ": the run needs more memory than this machine gives it (more than estimated when the "
         "case was loaded); use fewer points, a smaller network or evaluation grid, or a machine "
         "with more memory";
}

}  // namespace

int main(int argc, char** argv) {
  const kanpde::parallel::Environment mpi(argc, argv);
  const kanpde::parallel::Comm world = kanpde::parallel::Comm::world();
  RootOnlyCout root_only(world.is_root());
  std::ostream null_stream(root_only.null());
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
  kanpde::tools::SymbolicCommandOptions symbolic_opts;
  kanpde::tools::add_symbolic_command(app, symbolic_opts);
  kanpde::tools::CheckOptions check_opts;
  kanpde::tools::add_check_command(app, check_opts);
  std::string info_path;
  auto* info = app.add_subcommand("info", "Describe a saved KAN model (HDF5)");
  info->add_option("FILE", info_path, "model file written by kanpde")->required();

  // Kokkos's own flags (--kokkos-num-threads=N, --kokkos-device-id=N, ...) go
  // to Kokkos::initialize, which reads the full argument list; the command-line
  // parser sees the rest.
  std::vector<char*> cli_args;
  for (int i = 0; i < argc; ++i)
    if (i == 0 || std::strncmp(argv[i], "--kokkos-", 9) != 0) cli_args.push_back(argv[i]);
  try {
    app.parse(static_cast<int>(cli_args.size()), cli_args.data());
  } catch (const CLI::ParseError& e) {
    const int rc = world.is_root() ? app.exit(e) : app.exit(e, null_stream, null_stream);
    return rc == 0 ? 0 : 2;
  }
  int status = 0;
  bool input_error = false;
  std::string message;
  Kokkos::initialize(argc, argv);
  try {
    const bool serial_here = world.is_root();  // serial subcommands: rank 0 only
    if (app.got_subcommand("solve")) status = kanpde::tools::run_solve_command(solve_opts);
    if (serial_here) {
      if (app.got_subcommand("kan")) status = kanpde::tools::run_kan_command(kan_opts);
      if (app.got_subcommand("fd")) status = kanpde::tools::run_fd_command(fd_opts);
      if (app.got_subcommand("info")) status = kanpde::tools::run_info_command(info_path);
      if (app.got_subcommand("eval")) status = kanpde::tools::run_eval_command(eval_opts);
      if (app.got_subcommand("check")) status = kanpde::tools::run_check_command(check_opts);
      if (app.got_subcommand("symbolic"))
        status = kanpde::tools::run_symbolic_command(symbolic_opts);
    }
  } catch (const kanpde::Error& e) {
    message = e.what();
    status = e.exit_status();
    input_error = status == 2;
  } catch (const std::bad_alloc& e) {
    message = out_of_memory(e.what());
    status = 1;
  } catch (const std::exception& e) {
    const std::string what = e.what();
    if (what.find("Kokkos failed to allocate memory") != std::string::npos) {
      message = out_of_memory(what);  // Kokkos 3.4 throws a runtime_error, 4.x a bad_alloc
      status = 1;
    } else {
      // Every error kanpde reports itself is a kanpde::Error: anything else is a bug.
      message = "internal error: " + what +
                "; this is a bug in kanpde: please report it with the case file and the command "
                "line";
      status = 1;
    }
  }
  if (!message.empty()) {
    // Bad input fails on every rank alike: one message, from rank 0. A failure
    // at run time may be one rank's own: every failing rank says so.
    if (world.is_root())
      std::cerr << "kanpde: error: " << message << "\n";
    else if (!input_error)
      std::cerr << "kanpde: rank " << world.rank() << ": error: " << message << "\n";
    if (!input_error && world.distributed()) {
      std::cerr << std::flush;
      world.abort(status);
    }
  }
  Kokkos::finalize();
  return status;
}
