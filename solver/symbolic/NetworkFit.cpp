#include "solver/symbolic/NetworkFit.hpp"

#include <algorithm>
#include <numeric>

#include "common/Error.hpp"
#include "solver/symbolic/Library.hpp"

namespace kanpde::solver::symbolic {

NetworkFit fit_network(const KanModel& kan, const std::vector<double>& points,
                       const NetworkFitOptions& o) {
  const kan::Layout& L = kan.layout;
  NetworkFit fit;
  fit.model = SymbolicModel(L.widths());
  for (const auto& [key, name] : o.pinned) {
    const auto [l, i, q] = key;
    KANPDE_REQUIRE(
        l >= 0 && l < L.num_layers() && i >= 0 && i < L.width(l) && q >= 0 && q < L.width(l + 1),
        "pinned edge [" << l << ", " << i << ", " << q << "] does not exist in a network of widths "
                        << L.widths().size() - 1 << " layers");
    KANPDE_REQUIRE(library_index(name) >= 0, "pinned function '" << name
                                                                 << "' is not in the library ("
                                                                 << library_names() << ")");
  }
  const EdgeSamples s = sample_edges(kan, points);
  const std::size_t E = s.in.size();
  fit.candidates.resize(E);
  fit.pinned.assign(E, false);
  fit.x.resize(E);
  fit.y.resize(E);
  for (int l = 0; l < L.num_layers(); ++l)
    for (int i = 0; i < L.width(l); ++i)
      for (int q = 0; q < L.width(l + 1); ++q) {
        const std::size_t e = static_cast<std::size_t>(fit.model.edge_index(l, i, q));
        const std::vector<double>& in = s.in[e];
        std::vector<std::size_t> order(in.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return in[a] < in[b]; });
        const std::size_t n = order.size();
        const std::size_t m = std::min<std::size_t>(n, std::max(8, o.max_samples));
        std::vector<double>& x = fit.x[e];
        std::vector<double>& y = fit.y[e];
        for (std::size_t k = 0; k < m; ++k) {
          const std::size_t idx = order[m > 1 ? k * (n - 1) / (m - 1) : 0];
          x.push_back(in[idx]);
          y.push_back(s.out[e][idx]);
        }
        const auto pin = o.pinned.find(EdgeKey{l, i, q});
        if (pin != o.pinned.end()) {
          fit.pinned[e] = true;
          fit.candidates[e] = {fit_function(library_index(pin->second), x, y, o.edge)};
        } else {
          fit.candidates[e] = fit_edge(x, y, o.edge);
        }
        fit.model.edge(l, i, q) = fit.candidates[e].front();
      }
  return fit;
}

}  // namespace kanpde::solver::symbolic
