// The adam row of the stage table (solver/case/StageOptimizers.hpp).
#include "solver/case/impl/StageKeys.hpp"
#include "solver/optim/Adam.hpp"

namespace kanpde::solver::Impl {
namespace {

using optim::Adam;
using optim::LrSchedule;

// optim::LrSchedule's names.
const std::vector<std::string>& schedules() {
  static const std::vector<std::string> n = {"constant", "exponential", "cosine"};
  return n;
}

optim::OptimizerConfig parse(const MapReader& m, int steps) {
  optim::AdamOptions a;
  a.lr = m.number("lr", a.lr, Range::positive());
  a.schedule = enum_choice(m, "schedule", a.schedule, schedules());
  for (const char* k : {"decay_rate", "decay_steps"})
    if (m.has(k) && a.schedule != LrSchedule::exponential)
      m.get(k).fail("applies to schedule: exponential only");
  if (m.has("lr_min") && a.schedule != LrSchedule::cosine)
    m.get("lr_min").fail("applies to schedule: cosine only");
  a.decay_rate = m.number("decay_rate", a.decay_rate, Range::open(0.0, 1.0));
  a.decay_steps = static_cast<int>(m.integer("decay_steps", steps, 1, kMaxStageSteps));
  a.total_steps = std::max(1, steps);
  a.lr_min = m.number("lr_min", a.lr_min, Range::non_negative());
  if (a.lr_min > a.lr) m.get("lr_min").fail("expected lr_min <= lr = " + format_number(a.lr));
  if (auto b = m.find("betas")) {
    const auto betas = b->numbers(2, 2, Range::half_open(0.0, 1.0));
    a.beta1 = betas[0];
    a.beta2 = betas[1];
  }
  a.eps = m.number("eps", a.eps, Range::positive());
  return optim::OptimizerConfig::of<Adam>(a);
}

void write(YAML::Emitter& out, const optim::OptimizerConfig& c) {
  const optim::AdamOptions& a = c.options<Adam>();
  out << YAML::Key << "lr" << YAML::Value << Num{a.lr};
  out << YAML::Key << "schedule" << YAML::Value << enum_name(a.schedule, schedules());
  if (a.schedule == LrSchedule::exponential) {
    out << YAML::Key << "decay_rate" << YAML::Value << Num{a.decay_rate};
    out << YAML::Key << "decay_steps" << YAML::Value << a.decay_steps;
  }
  if (a.schedule == LrSchedule::cosine)
    out << YAML::Key << "lr_min" << YAML::Value << Num{a.lr_min};
  out << YAML::Key << "betas" << YAML::Value;
  numbers(out, {a.beta1, a.beta2});
  out << YAML::Key << "eps" << YAML::Value << Num{a.eps};
}

std::string describe(const optim::OptimizerConfig& c) {
  const optim::AdamOptions& a = c.options<Adam>();
  std::string s = "lr " + format_number(a.lr) + ", " + enum_name(a.schedule, schedules());
  if (a.schedule == LrSchedule::exponential)
    s += " (rate " + format_number(a.decay_rate) + " per " + std::to_string(a.decay_steps) +
         " steps)";
  if (a.schedule == LrSchedule::cosine) s += " (to " + format_number(a.lr_min) + ")";
  return s;
}

// Adam's moments are within the estimate's floor.
OptimizerMemory memory(const optim::OptimizerConfig&, const std::string&, double, double) {
  return {};
}

}  // namespace

StageOptimizer adam_stage() {
  return {Adam::kName,
          "Adam",
          Adam::kLeastSquares,
          {"lr", "schedule", "decay_rate", "decay_steps", "lr_min", "betas", "eps"},
          parse,
          write,
          describe,
          memory,
          nullptr};
}

}  // namespace kanpde::solver::Impl
