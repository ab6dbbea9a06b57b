// The lbfgs row of the stage table (solver/case/StageOptimizers.hpp).
#include "solver/case/MemoryEstimate.hpp"
#include "solver/case/impl/StageKeys.hpp"
#include "solver/optim/Lbfgs.hpp"

namespace kanpde::solver::Impl {
namespace {

using optim::Lbfgs;

optim::OptimizerConfig parse(const MapReader& m, int) {
  optim::LbfgsOptions l;
  l.history = static_cast<int>(m.integer("history", l.history, 1, 1000));
  l.tolerance_grad = m.number("tolerance_grad", l.tolerance_grad, Range::non_negative());
  l.tolerance_change = m.number("tolerance_change", l.tolerance_change, Range::non_negative());
  l.line_search.kind = enum_choice(m, "line_search", l.line_search.kind, line_search_names());
  return optim::OptimizerConfig::of<Lbfgs>(l);
}

void write(YAML::Emitter& out, const optim::OptimizerConfig& c) {
  const optim::LbfgsOptions& l = c.options<Lbfgs>();
  out << YAML::Key << "history" << YAML::Value << l.history;
  out << YAML::Key << "tolerance_grad" << YAML::Value << Num{l.tolerance_grad};
  out << YAML::Key << "tolerance_change" << YAML::Value << Num{l.tolerance_change};
  out << YAML::Key << "line_search" << YAML::Value
      << enum_name(l.line_search.kind, line_search_names());
}

std::string describe(const optim::OptimizerConfig& c) {
  const optim::LbfgsOptions& l = c.options<Lbfgs>();
  return "history " + std::to_string(l.history) + ", " +
         enum_name(l.line_search.kind, line_search_names());
}

// The history's pairs and the line search's vectors.
OptimizerMemory memory(const optim::OptimizerConfig& c, const std::string& path, double P, double) {
  const int h = c.options<Lbfgs>().history;
  return {P * (2.0 * h + 8) * 8.0,
          "the L-BFGS stage " + path + " (history " + std::to_string(h) + ") needs"};
}

}  // namespace

StageOptimizer lbfgs_stage() {
  return {Lbfgs::kName,
          "L-BFGS",
          Lbfgs::kLeastSquares,
          {"history", "tolerance_grad", "tolerance_change", "line_search"},
          parse,
          write,
          describe,
          memory,
          nullptr};
}

}  // namespace kanpde::solver::Impl
