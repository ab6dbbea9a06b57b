// The bfgs row of the stage table (solver/case/StageOptimizers.hpp).
#include "solver/case/MemoryEstimate.hpp"
#include "solver/case/impl/StageKeys.hpp"
#include "solver/optim/Bfgs.hpp"

namespace kanpde::solver::Impl {
namespace {

using optim::Bfgs;

// optim::BfgsUpdate's names.
const std::vector<std::string>& updates() {
  static const std::vector<std::string> n = {"bfgs", "ssbfgs", "ssbroyden"};
  return n;
}

optim::OptimizerConfig parse(const MapReader& m, int) {
  optim::BfgsOptions b;
  b.update = enum_choice(m, "update", b.update, updates());
  b.tolerance_grad = m.number("tolerance_grad", b.tolerance_grad, Range::non_negative());
  b.tolerance_change = m.number("tolerance_change", b.tolerance_change, Range::non_negative());
  b.line_search.kind = enum_choice(m, "line_search", b.line_search.kind, line_search_names());
  return optim::OptimizerConfig::of<Bfgs>(b);
}

void write(YAML::Emitter& out, const optim::OptimizerConfig& c) {
  const optim::BfgsOptions& b = c.options<Bfgs>();
  out << YAML::Key << "update" << YAML::Value << enum_name(b.update, updates());
  out << YAML::Key << "tolerance_grad" << YAML::Value << Num{b.tolerance_grad};
  out << YAML::Key << "tolerance_change" << YAML::Value << Num{b.tolerance_change};
  out << YAML::Key << "line_search" << YAML::Value
      << enum_name(b.line_search.kind, line_search_names());
}

std::string describe(const optim::OptimizerConfig& c) {
  const optim::BfgsOptions& b = c.options<Bfgs>();
  return "update " + enum_name(b.update, updates()) + ", " +
         enum_name(b.line_search.kind, line_search_names());
}

// The inverse Hessian, and as much again for its checkpoint copy.
OptimizerMemory memory(const optim::OptimizerConfig&, const std::string& path, double P, double) {
  return {(2.0 * P * P + 8.0 * P) * 8.0,
          "the dense BFGS stage " + path + " needs a " + format_count(P) + "^2 matrix twice:"};
}

std::string refuse_params(double P, const std::string& grid_note) {
  if (P <= optim::kBfgsMaxParams) return "";
  return "dense BFGS keeps a P x P inverse Hessian; this network has P = " +
         std::to_string(static_cast<long long>(P)) + " parameters" + grid_note + ", " +
         format_gib(P * P * 8.0) + " per copy; expected at most " +
         std::to_string(static_cast<long long>(optim::kBfgsMaxParams)) +
         " parameters (lbfgs keeps a short history instead)";
}

}  // namespace

StageOptimizer bfgs_stage() {
  return {Bfgs::kName,
          "dense BFGS",
          Bfgs::kLeastSquares,
          {"update", "tolerance_grad", "tolerance_change", "line_search"},
          parse,
          write,
          describe,
          memory,
          refuse_params};
}

}  // namespace kanpde::solver::Impl
