#include "solver/run/TrainSettings.hpp"

#include <algorithm>
#include <numeric>

namespace kanpde::solver {
namespace {

optim::LrSchedule schedule_of(const std::string& s) {
  if (s == "exponential") return optim::LrSchedule::exponential;
  if (s == "cosine") return optim::LrSchedule::cosine;
  return optim::LrSchedule::constant;
}

// The optimizers' settings of one stage.
void set_optimizer(const StageSpec& s, Stage& st) {
  st.optimizer = s.optimizer;
  st.adam.lr = s.adam.lr;
  st.adam.beta1 = s.adam.beta1;
  st.adam.beta2 = s.adam.beta2;
  st.adam.eps = s.adam.eps;
  st.adam.schedule = schedule_of(s.adam.schedule);
  st.adam.decay_rate = s.adam.decay_rate;
  st.adam.decay_steps = s.adam.decay_steps;
  st.adam.total_steps = std::max(1, s.steps);
  st.adam.lr_min = s.adam.lr_min;
  st.lbfgs.history = s.lbfgs.history;
  st.lbfgs.tolerance_grad = s.lbfgs.tolerance_grad;
  st.lbfgs.tolerance_change = s.lbfgs.tolerance_change;
  st.lbfgs.line_search.kind = s.lbfgs.line_search == "backtracking"
                                  ? optim::LineSearchKind::backtracking
                                  : optim::LineSearchKind::strong_wolfe;
  st.lm.lambda_init = s.lm.damping_init;
  st.lm.lambda_min = s.lm.damping_min;
  st.lm.lambda_max = s.lm.damping_max;
  st.lm.increase = s.lm.increase;
  st.lm.max_tries = s.lm.max_tries;
  st.lm.tolerance_change = s.lm.tolerance_change;
  st.lm.solve = s.lm.solve == "qr"        ? optim::LmSolve::qr
                : s.lm.solve == "refined" ? optim::LmSolve::refined
                                          : optim::LmSolve::cholesky;
  st.bfgs.update = s.bfgs.update == "bfgs"     ? optim::BfgsUpdate::bfgs
                   : s.bfgs.update == "ssbfgs" ? optim::BfgsUpdate::ssbfgs
                                               : optim::BfgsUpdate::ssbroyden;
  st.bfgs.tolerance_grad = s.bfgs.tolerance_grad;
  st.bfgs.tolerance_change = s.bfgs.tolerance_change;
  st.bfgs.line_search.kind = s.bfgs.line_search == "backtracking"
                                 ? optim::LineSearchKind::backtracking
                                 : optim::LineSearchKind::strong_wolfe;
}

}  // namespace

int stage_points(const CaseSpec& spec, int s) {
  const auto& st = spec.training.stages;
  if (s >= 0 && s < static_cast<int>(st.size()) && st[static_cast<std::size_t>(s)].points > 0)
    return st[static_cast<std::size_t>(s)].points;
  return spec.sampling.interior.count;
}

TrainOptions train_options(const CaseSpec& spec) {
  TrainOptions o;
  for (const StageSpec& s : spec.training.stages) {
    Stage st;
    st.steps = s.steps;
    const int si = static_cast<int>(o.stages.size());
    st.renew_at_start = stage_points(spec, si) != stage_points(spec, si - 1);
    st.refine_at_start = s.refine.has_value();
    if (s.sparsity) {
      st.sparsity.weight = s.sparsity->weight;
      st.sparsity.l1 = s.sparsity->l1;
      st.sparsity.entropy = s.sparsity->entropy;
    }
    if (s.prune) st.prune_threshold = s.prune->threshold;
    set_optimizer(s, st);
    o.stages.push_back(st);
  }
  for (const GridExtension& g : spec.training.grid_schedule)
    o.grid_schedule.push_back({g.step, g.grid_size, g.at_stage});
  o.grid_update_every = spec.training.grid_update.every;
  if (spec.training.balance.method != "none") o.balance.every = spec.training.balance.every;
  o.balance.method =
      spec.training.balance.method == "gradient" ? BalanceMethod::gradient : BalanceMethod::ntk;
  o.balance.smoothing = spec.training.balance.smoothing;
  o.grid_update_until = spec.training.grid_update.until;
  o.grid_update.grid_eps = spec.training.grid_update.grid_eps;
  o.stop_loss = spec.training.stop.loss;
  o.max_recoveries = spec.training.stop.max_recoveries;
  const int r = spec.sampling.resample_every;
  const int k = spec.sampling.adaptive.enabled ? spec.sampling.adaptive.every : 0;
  o.renew_every = r > 0 && k > 0 ? std::gcd(r, k) : std::max(r, k);
  return o;
}

}  // namespace kanpde::solver
