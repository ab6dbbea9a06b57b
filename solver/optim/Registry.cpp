#include "solver/optim/Registry.hpp"

#include "common/Error.hpp"

namespace kanpde::solver::optim {
namespace {

template <class T, class O>
std::unique_ptr<Optimizer> make(const O& o) {
  return std::make_unique<T>(o);
}

}  // namespace

const std::vector<OptimizerInfo>& optimizers() {
  // The table: one row per optimizer, in the order of Method.
  static const std::vector<OptimizerInfo> table = {
      {Method::adam,
       "adam",
       false,
       {"lr", "schedule", "decay_rate", "decay_steps", "lr_min", "betas", "eps"},
       [](const OptimizerOptions& o) { return make<Adam>(o.adam); }},
      {Method::lbfgs,
       "lbfgs",
       false,
       {"history", "tolerance_grad", "tolerance_change", "line_search"},
       [](const OptimizerOptions& o) { return make<Lbfgs>(o.lbfgs); }},
      {Method::lm,
       "lm",
       true,
       {"damping", "max_tries", "tolerance_change", "solve"},
       [](const OptimizerOptions& o) { return make<LevenbergMarquardt>(o.lm); }},
      {Method::bfgs,
       "bfgs",
       false,
       {"update", "tolerance_grad", "tolerance_change", "line_search"},
       [](const OptimizerOptions& o) { return make<Bfgs>(o.bfgs); }},
  };
  return table;
}

const OptimizerInfo& optimizer_info(Method m) {
  for (const OptimizerInfo& i : optimizers())
    if (i.method == m) return i;
  KANPDE_ASSERT(false, "optimizer method " << static_cast<int>(m) << " is not in the registry");
}

const char* to_string(Method m) {
  return optimizer_info(m).name;
}

std::vector<std::string> optimizer_names() {
  std::vector<std::string> n;
  for (const OptimizerInfo& i : optimizers()) n.emplace_back(i.name);
  return n;
}

Method method_of(const std::string& name) {
  std::string all;
  for (const OptimizerInfo& i : optimizers()) {
    if (name == i.name) return i.method;
    all += std::string(all.empty() ? "" : ", ") + i.name;
  }
  KANPDE_REQUIRE(false, "unknown optimizer \"" << name << "\"; expected one of " << all);
  return Method::adam;
}

std::unique_ptr<Optimizer> create_optimizer(Method m, const OptimizerOptions& o) {
  return optimizer_info(m).create(o);
}

std::unique_ptr<Optimizer> create_optimizer(const std::string& name, const OptimizerOptions& o) {
  return create_optimizer(method_of(name), o);
}

}  // namespace kanpde::solver::optim
