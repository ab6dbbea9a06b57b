#include "solver/run/TrainSettings.hpp"

#include <algorithm>
#include <numeric>

namespace kanpde::solver {

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
    st.optimizer = s.optimizer;
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
