// The lm row of the stage table (solver/case/StageOptimizers.hpp).
#include "solver/case/MemoryEstimate.hpp"
#include "solver/case/impl/StageKeys.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"

namespace kanpde::solver::Impl {
namespace {

using optim::LevenbergMarquardt;
using optim::LmSolve;

// optim::LmSolve's names.
const std::vector<std::string>& solves() {
  static const std::vector<std::string> n = {"cholesky", "refined", "qr"};
  return n;
}

optim::OptimizerConfig parse(const MapReader& m, int) {
  optim::LmOptions l;
  if (auto d = m.find("damping")) {
    const MapReader dm = d->map({"init", "min", "max", "increase"});
    l.lambda_init = dm.number("init", l.lambda_init, Range::positive());
    l.lambda_min = dm.number("min", l.lambda_min, Range::positive());
    l.lambda_max = dm.number("max", l.lambda_max, Range::positive());
    l.increase = dm.number("increase", l.increase, {1.0, 1e6, true, false});
    if (!(l.lambda_min <= l.lambda_init && l.lambda_init <= l.lambda_max))
      d->fail("expected min <= init <= max, found " + format_number(l.lambda_min) + ", " +
              format_number(l.lambda_init) + ", " + format_number(l.lambda_max));
  }
  l.max_tries = static_cast<int>(m.integer("max_tries", l.max_tries, 1, 1000));
  l.tolerance_change = m.number("tolerance_change", l.tolerance_change, Range::non_negative());
  l.solve = enum_choice(m, "solve", l.solve, solves());
  return optim::OptimizerConfig::of<LevenbergMarquardt>(l);
}

void write(YAML::Emitter& out, const optim::OptimizerConfig& c) {
  const optim::LmOptions& l = c.options<LevenbergMarquardt>();
  out << YAML::Key << "damping" << YAML::Value << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "init" << YAML::Value << Num{l.lambda_init};
  out << YAML::Key << "min" << YAML::Value << Num{l.lambda_min};
  out << YAML::Key << "max" << YAML::Value << Num{l.lambda_max};
  out << YAML::Key << "increase" << YAML::Value << Num{l.increase};
  out << YAML::EndMap;
  out << YAML::Key << "max_tries" << YAML::Value << l.max_tries;
  out << YAML::Key << "tolerance_change" << YAML::Value << Num{l.tolerance_change};
  out << YAML::Key << "solve" << YAML::Value << enum_name(l.solve, solves());
}

std::string describe(const optim::OptimizerConfig& c) {
  const optim::LmOptions& l = c.options<LevenbergMarquardt>();
  return "damping " + format_number(l.lambda_init) + ", " + enum_name(l.solve, solves());
}

// J^T J, its sparse-row accumulator, the damped copy and its factor
// (refined: a scaled copy more); qr: the dense Jacobian, the stacked damped
// system and its factor.
OptimizerMemory memory(const optim::OptimizerConfig& c, const std::string& path, double P,
                       double rows) {
  const LmSolve s = c.options<LevenbergMarquardt>().solve;
  if (s == LmSolve::qr)
    return {(rows * P + 2.0 * (rows + P) * P) * 8.0,
            "the LM stage " + path + " (solve: qr) needs a dense " + format_count(rows) + " x " +
                format_count(P) + " Jacobian and its factor:"};
  return {(s == LmSolve::refined ? 5.0 : 4.0) * P * P * 8.0,
          "the LM stage " + path + " needs dense " + format_count(P) + "^2 matrices:"};
}

}  // namespace

StageOptimizer lm_stage() {
  return {LevenbergMarquardt::kName,
          "Levenberg-Marquardt",
          LevenbergMarquardt::kLeastSquares,
          {"damping", "max_tries", "tolerance_change", "solve"},
          parse,
          write,
          describe,
          memory,
          nullptr};
}

}  // namespace kanpde::solver::Impl
