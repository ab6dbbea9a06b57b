// `kanpde eval MODEL.h5 --points FILE.csv`: the solution of a saved model at
// the user's points. The CSV has one point per line, d comma-separated
// coordinates (a header line of non-numbers is skipped; '#' starts a comment).
// Output CSV: the coordinates, u, and with --derivatives du/dx.. and lap u.
//
// For a results file of a case with exactly imposed Dirichlet data, u is the
// trial function u = G + D N (solver/pde/TrialFunction.hpp) rebuilt from the
// case stored in the file; --network gives the raw network N instead. A bare
// model file (kanpde kan --save) holds no case: u = N. A results file of a
// case with refine stages holds the refinement networks too: u is their sum
// u = G + D (N + sum_i s_i N_i) (solver/run/Refinement.hpp); --network gives
// the first network N alone.
// --symbolic: the formula `kanpde symbolic` stored in a results file instead
// of the network (for a hard-Dirichlet run: S of u = G + D S, like --network).
#include <Kokkos_Core.hpp>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/AtomicFile.hpp"
#include "common/Coordinates.hpp"
#include "common/Error.hpp"
#include "common/H5.hpp"
#include "kan/Evaluate.hpp"
#include "kan/ModelIO.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/Corners.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/run/Evaluation.hpp"
#include "solver/run/Refinement.hpp"
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

// The case stored in a results file, or "" for a bare model file.
std::string stored_case(const std::string& path) {
  const h5::File f = h5::File::open_read(path);
  const h5::Group& root = f.root();
  if (!root.has_attr("format") || root.attr_string("format") != "kanpde-results") return "";
  return root.read_string("case");
}

// The refinement networks of a results file (none for other files).
std::vector<solver::RefinementNetwork> stored_refinements(const std::string& path) {
  const h5::File f = h5::File::open_read(path);
  const h5::Group& root = f.root();
  if (!root.has_attr("format") || root.attr_string("format") != "kanpde-results") return {};
  return solver::read_refinements(root);
}

// u = G + D N (N the sum of the refinement networks where there are any) and
// its derivatives at x, appended row by row through add and emit, or false
// when the case imposes no Dirichlet data exactly and has no refinements
// (then u = N).
template <class Add, class Emit>
bool write_trial_function(const kan::Network<Mem>& net,
                          const std::vector<solver::RefinementNetwork>& refinements,
                          const std::string& yaml, const std::vector<double>& x,
                          const EvalOptions& o, std::string& text, const Add& add,
                          const Emit& emit) {
  const solver::CaseSpec spec = solver::load_case_text(yaml, o.model + ":/case");
  solver::restore_corner_amplitudes(spec, o.model);  // solver/case/Corners.hpp
  solver::HardDirichlet hd = solver::hard_dirichlet(spec);
  const solver::SavedSolution saved = solver::saved_solution(net, refinements);
  hd.frozen = saved.frozen;
  if (!hd.active()) return false;
  const int d = spec.dim();
  const geometry::DomainPtr domain = solver::build_domain(spec.domain);
  const solver::Field u = solver::evaluate_solution(saved.last, x, d, *domain, hd);
  const std::size_t n = u.u.size();
  for (std::size_t p = 0; p < n; ++p) {
    for (int a = 0; a < d; ++a) add(a ? "," : "", x[p * d + a]);
    add(",", u.u[p]);
    if (o.derivatives) {
      for (int a = 0; a < d; ++a) add(",", u.grad[p * d + a]);
      add(",", u.lap[p]);
    }
    text += "\n";
    emit(false);
  }
  return true;
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
  for (int a = 0; a < d; ++a) std::fprintf(f, "%s%s", a ? "," : "", coordinate_name(d, a).c_str());
  std::fprintf(f, ",u");
  if (o.derivatives) {
    for (int a = 0; a < d; ++a) std::fprintf(f, ",du/d%s", coordinate_name(d, a).c_str());
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
  const std::string yaml = o.network ? std::string() : stored_case(o.model);
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
  // Every write is checked: a full disk or /dev/full is an error, never a
  // silently short file.
  std::unique_ptr<io::AtomicFile> file;
  if (!o.out.empty()) file = std::make_unique<io::AtomicFile>(o.out);
  std::string text;
  auto emit = [&](bool last) {
    if (!last && text.size() < (1u << 16)) return;
    if (file) {
      file->write(text);
    } else if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      throw RuntimeFailure(std::string("standard output: cannot write (") + io::io_reason(errno) +
                           ")");
    }
    text.clear();
  };
  char num[32];
  auto add = [&](const char* sep, double v) {
    std::snprintf(num, sizeof num, "%s%.17g", sep, v);
    text += num;
  };
  // A network with 1 + m outputs for a case with m interfaces is one trial
  // function u = G + D (N_0 + sum_i |phi_i| N_i) (solver/pde/Interfaces.hpp).
  int shown = nout;
  if (!yaml.empty() && nout > 1 &&
      solver::load_case_text(yaml, o.model + ":/case").pde.interface_list.size() + 1 ==
          static_cast<std::size_t>(nout))
    shown = 1;
  for (int a = 0; a < d; ++a) text += std::string(a ? "," : "") + coordinate_name(d, a);
  for (int q = 0; q < shown; ++q) {
    const std::string s = shown > 1 ? std::to_string(q) : "";
    text += ",u" + s;
    if (o.derivatives) {
      for (int a = 0; a < d; ++a) text += ",du" + s + "/d" + coordinate_name(d, a);
      text += ",lap_u" + s;
    }
  }
  text += "\n";
  const bool trial =
      !yaml.empty() && shown == 1 &&
      write_trial_function(net, stored_refinements(o.model), yaml, x, o, text, add, emit);
  for (std::size_t p = 0; !trial && p < n; ++p) {
    for (int a = 0; a < d; ++a) add(a ? "," : "", hx(p, a));
    for (int q = 0; q < nout; ++q)
      for (int c = 0; c < nc; ++c) add(",", h(p, q, c));
    text += "\n";
    emit(false);
  }
  emit(true);
  if (file) {
    file->publish(/*replace=*/true);
  } else if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    throw RuntimeFailure(std::string("standard output: cannot write (") + io::io_reason(errno) +
                         ")");
  }
  return 0;
}

void add_eval_command(CLI::App& app, EvalOptions& o) {
  auto* c = app.add_subcommand("eval", "Evaluate a saved KAN model at points from a CSV file");
  c->add_option("MODEL", o.model, "model file (HDF5) written by kanpde")->required();
  c->add_option("--points", o.points, "CSV file, one point per line")->required();
  c->add_flag("--derivatives", o.derivatives, "also output the gradient and the Laplacian");
  c->add_flag("--network", o.network,
              "output the raw network N, not the solution u = G + D N of a case with exactly "
              "imposed Dirichlet data (after refine stages: the first network alone)");
  c->add_option("--out", o.out, "write the CSV here instead of standard output");
  c->add_flag("--symbolic", o.symbolic,
              "evaluate the symbolic model of a results file (written by kanpde symbolic)");
}

}  // namespace kanpde::tools
