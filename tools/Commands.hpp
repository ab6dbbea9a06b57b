#pragma once
// Subcommands of the kanpde program.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace kanpde::tools {

struct KanOptions {
  std::vector<int> widths{2, 10, 1};
  int grid = 5;
  int order = 3;
  int points = 10000;
  std::uint64_t seed = 0;
  std::vector<int> extend{10, 20};
  std::string save;
  bool overwrite = false;
};

struct EvalOptions {
  std::string model;
  std::string points;
  std::string out;
  bool derivatives = false;
  bool network = false;  // the raw network, not u = G + D N
  bool symbolic = false;
};

struct SolveCommandOptions {
  std::string case_file;
  std::string out;
  std::vector<std::string> sets;
  bool force = false;
  bool quiet = false;
  bool no_write = false;
  int checkpoint_every = 0;
  std::string resume;
};

struct FdCommandOptions {
  std::string case_file;
  std::vector<std::string> sets;
  int refine = 0;
  std::string out;  // "" : the case's output.directory
  bool force = false;
  bool no_write = false;
  // --sample N: write N measurements to the CSV file --out (solver/run/SampleData.hpp).
  int sample = 0;
  double noise = 0.0;
  std::uint64_t seed = 0;
  bool from_exact = false;
};

struct SymbolicCommandOptions {
  std::string results;
  std::vector<std::string> pins;
  double complexity_weight = 0.5;
  double prune = 0.0;
  int retrain_steps = 50;
  bool no_select = false;
  bool no_refit = false;
  bool no_write = false;
  bool force = false;
  bool quiet = false;
};

void add_symbolic_command(CLI::App& app, SymbolicCommandOptions& opts);
int run_symbolic_command(const SymbolicCommandOptions& opts);

void add_solve_command(CLI::App& app, SolveCommandOptions& opts);
int run_solve_command(const SolveCommandOptions& opts);
void add_fd_command(CLI::App& app, FdCommandOptions& opts);
int run_fd_command(const FdCommandOptions& opts);

void add_kan_command(CLI::App& app, KanOptions& opts);
void add_eval_command(CLI::App& app, EvalOptions& opts);
int run_eval_command(const EvalOptions& opts);
int run_kan_command(const KanOptions& opts);
int run_info_command(const std::string& path);

}  // namespace kanpde::tools
