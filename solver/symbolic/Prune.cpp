#include "solver/symbolic/Prune.hpp"

#include <cmath>

#include "common/Error.hpp"

namespace kanpde::solver::symbolic {
namespace {

double stddev(const std::vector<double>& v) {
  if (v.empty()) return 0.0;
  double m = 0.0;
  for (double x : v) m += x;
  m /= static_cast<double>(v.size());
  double s = 0.0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size()));
}

}  // namespace

Attribution attribution_scores(const KanModel& kan, const std::vector<double>& points) {
  const kan::Layout& L = kan.layout;
  const EdgeSamples s = sample_edges(kan, points);
  const int nl = L.num_layers();
  std::vector<int> e0(static_cast<std::size_t>(nl) + 1, 0);
  for (int l = 0; l < nl; ++l)
    e0[static_cast<std::size_t>(l) + 1] = e0[static_cast<std::size_t>(l)] + L.edges(l);
  Attribution a;
  a.edge.assign(static_cast<std::size_t>(L.num_edges()), 0.0);
  a.node.resize(static_cast<std::size_t>(nl) + 1);
  for (int l = 0; l <= nl; ++l)
    a.node[static_cast<std::size_t>(l)].assign(static_cast<std::size_t>(L.width(l)), 0.0);
  for (double& v : a.node[static_cast<std::size_t>(nl)]) v = 1.0;
  for (int l = nl - 1; l >= 0; --l) {
    const int nin = L.width(l), nout = L.width(l + 1);
    for (int o = 0; o < nout; ++o) {
      // The output node's values: the sum of its incoming edges.
      std::vector<double> node(s.u.size(), 0.0);
      for (int i = 0; i < nin; ++i) {
        const auto& out =
            s.out[static_cast<std::size_t>(e0[static_cast<std::size_t>(l)] + i * nout + o)];
        for (std::size_t p = 0; p < node.size(); ++p) node[p] += out[p];
      }
      const double sn = stddev(node);
      for (int i = 0; i < nin; ++i) {
        const std::size_t e =
            static_cast<std::size_t>(e0[static_cast<std::size_t>(l)] + i * nout + o);
        const double se = stddev(s.out[e]);
        a.edge[e] = (sn > 0 ? se / sn : 0.0) *
                    a.node[static_cast<std::size_t>(l) + 1][static_cast<std::size_t>(o)];
        a.node[static_cast<std::size_t>(l)][static_cast<std::size_t>(i)] += a.edge[e];
      }
    }
  }
  return a;
}

PruneResult prune_network(const KanModel& kan, const std::vector<double>& points,
                          double threshold) {
  const kan::Layout& L = kan.layout;
  const Attribution a = attribution_scores(kan, points);
  const int nl = L.num_layers();
  PruneResult r;
  r.kept.resize(static_cast<std::size_t>(nl) + 1);
  std::vector<int> widths;
  for (int l = 0; l <= nl; ++l) {
    auto& k = r.kept[static_cast<std::size_t>(l)];
    for (int i = 0; i < L.width(l); ++i)
      if (l == 0 || l == nl ||
          a.node[static_cast<std::size_t>(l)][static_cast<std::size_t>(i)] >= threshold)
        k.push_back(i);
    if (k.empty()) {  // keep the strongest node of a layer: a network needs one
      int best = 0;
      for (int i = 1; i < L.width(l); ++i)
        if (a.node[static_cast<std::size_t>(l)][static_cast<std::size_t>(i)] >
            a.node[static_cast<std::size_t>(l)][static_cast<std::size_t>(best)])
          best = i;
      k.push_back(best);
    }
    r.removed_nodes += L.width(l) - static_cast<int>(k.size());
    widths.push_back(static_cast<int>(k.size()));
  }
  const kan::Layout S(widths, L.grid_size(), L.order(), L.base());
  r.model.layout = S;
  r.model.params.assign(S.num_params(), 0.0);
  r.model.knots.assign(S.num_knots(), 0.0);
  std::vector<int> e0(static_cast<std::size_t>(nl) + 1, 0);
  for (int l = 0; l < nl; ++l)
    e0[static_cast<std::size_t>(l) + 1] = e0[static_cast<std::size_t>(l)] + L.edges(l);
  for (int l = 0; l < nl; ++l) {
    const auto& ki = r.kept[static_cast<std::size_t>(l)];
    const auto& ko = r.kept[static_cast<std::size_t>(l) + 1];
    for (std::size_t ni = 0; ni < ki.size(); ++ni) {
      const int i = ki[ni];
      for (int s = 0; s < L.knots_per_input(); ++s)
        r.model.knots[S.knot_index(l, static_cast<int>(ni), s)] = kan.knots[L.knot_index(l, i, s)];
      for (std::size_t no = 0; no < ko.size(); ++no) {
        const int o = ko[no];
        const int a2 = static_cast<int>(ni), b2 = static_cast<int>(no);
        for (int m = 0; m < L.basis_per_edge(); ++m)
          r.model.params[S.coef_index(l, a2, b2, m)] = kan.params[L.coef_index(l, i, o, m)];
        r.model.params[S.w_base_index(l, a2, b2)] = kan.params[L.w_base_index(l, i, o)];
        r.model.params[S.w_spline_index(l, a2, b2)] = kan.params[L.w_spline_index(l, i, o)];
        r.weak_edge.push_back(false);
      }
    }
  }
  // Weak edges of the smaller network, in its numbering (layer after layer, i * n_out + o).
  r.weak_edge.assign(static_cast<std::size_t>(S.num_edges()), false);
  std::size_t k = 0;
  for (int l = 0; l < nl; ++l)
    for (int i : r.kept[static_cast<std::size_t>(l)])
      for (int o : r.kept[static_cast<std::size_t>(l) + 1]) {
        const std::size_t old =
            static_cast<std::size_t>(e0[static_cast<std::size_t>(l)] + i * L.width(l + 1) + o);
        r.weak_edge[k++] = a.edge[old] < threshold;
      }
  const std::vector<double> u0 = sample_edges(kan, points).u;
  const std::vector<double> u1 = sample_edges(r.model, points).u;
  for (std::size_t p = 0; p < u0.size(); ++p)
    r.max_change = std::max(r.max_change, std::abs(u1[p] - u0[p]));
  return r;
}

}  // namespace kanpde::solver::symbolic
