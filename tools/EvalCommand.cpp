// `kanpde eval MODEL.h5 --points FILE.csv`: the network of a saved model at
// the user's points. The CSV has one point per line, d comma-separated
// coordinates (a header line of non-numbers is skipped; '#' starts a comment).
// Output CSV: the coordinates, u, and with --derivatives du/dx.. and lap u.
// --symbolic: the formula `kanpde symbolic` stored in a results file instead
// of the network (for a hard-Dirichlet run, like the network, S of u = g0 + D S).
#include <Kokkos_Core.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/Error.hpp"
#include "kan/Evaluate.hpp"
#include "kan/ModelIO.hpp"
#include "solver/symbolic/SymbolicIO.hpp"
#include "tools/Commands.hpp"

namespace kanpde::tools {
namespace {

using Exec = Kokkos::DefaultExecutionSpace;
using Mem = Exec::memory_space;

std::vector<double> read_points(const std::string& path, int d) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the points file (check the path)");
  std::vector<double> x;
  std::string line;
  int lineno = 0;
  bool header_allowed = true;
  while (std::getline(in, line)) {
    ++lineno;
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    if (line.find_first_not_of(" \t\r,") == std::string::npos) continue;
    std::stringstream ss(line);
    std::string cell;
    std::vector<double> row;
    bool numeric = true;
    while (std::getline(ss, cell, ',')) {
      try {
        std::size_t used = 0;
        const double v = std::stod(cell, &used);
        if (cell.find_first_not_of(" \t\r", used) != std::string::npos) numeric = false;
        row.push_back(v);
      } catch (const std::exception&) {
        numeric = false;
      }
    }
    if (!numeric && header_allowed) {
      header_allowed = false;
      continue;
    }
    header_allowed = false;
    if (!numeric)
      throw InputError(path + ":" + std::to_string(lineno) + ":1: expected " + std::to_string(d) +
                       " numbers separated by commas");
    if (static_cast<int>(row.size()) != d)
      throw InputError(path + ":" + std::to_string(lineno) + ":1: expected " + std::to_string(d) +
                       " coordinates (the model's input width), found " +
                       std::to_string(row.size()));
    x.insert(x.end(), row.begin(), row.end());
  }
  if (x.empty()) throw InputError(path + ": no points found");
  return x;
}

}  // namespace

// The symbolic model of a results file (`kanpde symbolic` wrote /symbolic):
// the same CSV columns, from the formula's exact jets.
int run_symbolic_eval(const EvalOptions& o) {
  const solver::symbolic::SymbolicModel m = solver::symbolic::load_symbolic_model(o.model);
  const int d = m.input_dim(), nc = o.derivatives ? d + 2 : 1;
  const std::vector<double> x = read_points(o.points, d);
  const std::size_t n = x.size() / static_cast<std::size_t>(d);
  FILE* f = stdout;
  if (!o.out.empty()) {
    f = std::fopen(o.out.c_str(), "w");
    if (!f) throw RuntimeFailure(o.out + ": cannot write (does the directory exist?)");
  }
  const char* axes[3] = {"x", "y", "z"};
  for (int a = 0; a < d; ++a) std::fprintf(f, "%s%s", a ? "," : "", axes[a]);
  std::fprintf(f, ",u");
  if (o.derivatives) {
    for (int a = 0; a < d; ++a) std::fprintf(f, ",du/d%s", axes[a]);
    std::fprintf(f, ",lap_u");
  }
  std::fprintf(f, "\n");
  std::vector<double> jet(static_cast<std::size_t>(m.output_dim() * (d + 2)));
  for (std::size_t p = 0; p < n; ++p) {
    m.evaluate(&x[p * static_cast<std::size_t>(d)], jet.data());
    for (int a = 0; a < d; ++a) std::fprintf(f, "%s%.17g", a ? "," : "", x[p * d + a]);
    for (int c = 0; c < nc; ++c) std::fprintf(f, ",%.17g", jet[static_cast<std::size_t>(c)]);
    std::fprintf(f, "\n");
  }
  if (f != stdout) std::fclose(f);
  return 0;
}

int run_eval_command(const EvalOptions& o) {
  if (o.symbolic) return run_symbolic_eval(o);
  const auto net = kan::load_model<Mem>(o.model);
  const int d = net.layout().input_dim(), nout = net.layout().output_dim();
  const std::vector<double> x = read_points(o.points, d);
  const std::size_t n = x.size() / static_cast<std::size_t>(d);
  Kokkos::View<double**, Mem> xv("kanpde::eval::x", n, static_cast<std::size_t>(d));
  auto hx = Kokkos::create_mirror_view(xv);
  for (std::size_t p = 0; p < n; ++p)
    for (int a = 0; a < d; ++a) hx(p, a) = x[p * d + a];
  Kokkos::deep_copy(xv, hx);
  const kan::JetMode mode = o.derivatives ? kan::JetMode::laplacian : kan::JetMode::value;
  const int nc = kan::jet_size(mode, d);
  Kokkos::View<double***, Mem> out("kanpde::eval::u", n, static_cast<std::size_t>(nout),
                                   static_cast<std::size_t>(nc));
  kan::evaluate(Exec(), net, xv, mode, out);
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), out);
  FILE* f = stdout;
  if (!o.out.empty()) {
    f = std::fopen(o.out.c_str(), "w");
    if (!f) throw RuntimeFailure(o.out + ": cannot write (does the directory exist?)");
  }
  const char* axes[3] = {"x", "y", "z"};
  for (int a = 0; a < d; ++a) std::fprintf(f, "%s%s", a ? "," : "", axes[a]);
  for (int q = 0; q < nout; ++q) {
    const std::string s = nout > 1 ? std::to_string(q) : "";
    std::fprintf(f, ",u%s", s.c_str());
    if (o.derivatives) {
      for (int a = 0; a < d; ++a) std::fprintf(f, ",du%s/d%s", s.c_str(), axes[a]);
      std::fprintf(f, ",lap_u%s", s.c_str());
    }
  }
  std::fprintf(f, "\n");
  for (std::size_t p = 0; p < n; ++p) {
    for (int a = 0; a < d; ++a) std::fprintf(f, "%s%.17g", a ? "," : "", hx(p, a));
    for (int q = 0; q < nout; ++q)
      for (int c = 0; c < nc; ++c) std::fprintf(f, ",%.17g", h(p, q, c));
    std::fprintf(f, "\n");
  }
  if (f != stdout) std::fclose(f);
  return 0;
}

void add_eval_command(CLI::App& app, EvalOptions& o) {
  auto* c = app.add_subcommand("eval", "Evaluate a saved KAN model at points from a CSV file");
  c->add_option("MODEL", o.model, "model file (HDF5) written by kanpde")->required();
  c->add_option("--points", o.points, "CSV file, one point per line")->required();
  c->add_flag("--derivatives", o.derivatives, "also output the gradient and the Laplacian");
  c->add_option("--out", o.out, "write the CSV here instead of standard output");
  c->add_flag("--symbolic", o.symbolic,
              "evaluate the symbolic model of a results file (written by kanpde symbolic)");
}

}  // namespace kanpde::tools
