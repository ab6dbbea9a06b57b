#include "solver/train/PruneStage.hpp"

#include <cstdio>

#include "common/Error.hpp"
#include "solver/symbolic/Prune.hpp"

namespace kanpde::solver {
namespace {

std::string widths_text(const std::vector<int>& w) {
  std::string s = "[";
  for (std::size_t i = 0; i < w.size(); ++i) s += (i ? "," : "") + std::to_string(w[i]);
  return s + "]";
}

}  // namespace

std::string PruneReport::describe() const {
  char change[32];
  std::snprintf(change, sizeof change, "%.3g", max_change);
  return "pruned: widths " + widths_text(widths_before) + " -> " + widths_text(widths_after) +
         (weak_edges > 0 ? ", " + std::to_string(weak_edges) + " weak edges kept" : "") +
         ", max |change of u| " + change + " before retraining";
}

PruneReport prune_network(kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
                          const std::vector<double>& samples, double threshold) {
  KANPDE_REQUIRE(!samples.empty(), "pruning needs sample points");
  symbolic::KanModel m{net.layout(), net.params_host(), net.knots_host()};
  const symbolic::PruneResult r = symbolic::prune_network(m, samples, threshold);
  PruneReport rep;
  rep.widths_before = net.layout().widths();
  rep.widths_after = r.model.layout.widths();
  for (bool w : r.weak_edge) rep.weak_edges += w ? 1 : 0;
  rep.max_change = r.max_change;
  net = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>(r.model.layout, r.model.params,
                                                                  r.model.knots);
  return rep;
}

}  // namespace kanpde::solver
