// Pruning: attribution scores, a hidden node that carries (almost) nothing is
// removed and the smaller network keeps the function on the samples within
// the removed node's contribution.
#include <gtest/gtest.h>

#include <cmath>

#include "Helpers.hpp"
#include "solver/symbolic/Prune.hpp"

namespace sym = kanpde::solver::symbolic;

TEST(SymbolicPrune, RemovesAWeakNodeAndKeepsTheFunction) {
  const auto net = kanpde::test::random_network({2, 4, 1}, 5, 3, 17);
  sym::KanModel m{net.layout(), net.params_host(), net.knots_host()};
  const auto& L = m.layout;
  // Hidden node 2 reaches the output through an edge scaled by 1e-6.
  const double s = 1e-6;
  for (int k = 0; k < L.basis_per_edge(); ++k) m.params[L.coef_index(1, 2, 0, k)] *= s;
  m.params[L.w_base_index(1, 2, 0)] *= s;
  const std::vector<double> x = kanpde::test::random_points(400, 2, -1.0, 1.0, 8);
  const sym::Attribution a = sym::attribution_scores(m, x);
  EXPECT_LT(a.node[1][2], 1e-4);
  EXPECT_GT(a.node[1][0], 1e-3);
  EXPECT_NEAR(a.node[2][0], 1.0, 0.0);
  const sym::PruneResult r = sym::prune_network(m, x, 1e-3);
  EXPECT_EQ(r.model.layout.widths(), (std::vector<int>{2, 3, 1}));
  EXPECT_EQ(r.kept[1], (std::vector<int>{0, 1, 3}));
  EXPECT_EQ(r.removed_nodes, 1);
  // The change is the removed edge's output, at most its largest value.
  const sym::EdgeSamples full = sym::sample_edges(m, x);
  double removed = 0.0;
  for (double v : full.out[static_cast<std::size_t>(8 + 2)])
    removed = std::max(removed, std::abs(v));
  EXPECT_LT(removed, 1e-5);
  EXPECT_LE(r.max_change, removed * (1 + 1e-12) + 1e-15);
  const sym::EdgeSamples small = sym::sample_edges(r.model, x);
  for (std::size_t p = 0; p < x.size() / 2; ++p)
    EXPECT_NEAR(small.u[p], full.u[p], removed + 1e-15);
}

TEST(SymbolicPrune, ThresholdZeroKeepsEverythingExactly) {
  const auto net = kanpde::test::random_network({2, 3, 2, 1}, 4, 2, 5);
  const sym::KanModel m{net.layout(), net.params_host(), net.knots_host()};
  const std::vector<double> x = kanpde::test::random_points(100, 2, -1.0, 1.0, 9);
  const sym::PruneResult r = sym::prune_network(m, x, 0.0);
  EXPECT_EQ(r.model.layout.widths(), m.layout.widths());
  EXPECT_EQ(r.model.params, m.params);
  EXPECT_EQ(r.model.knots, m.knots);
  EXPECT_EQ(r.max_change, 0.0);
}
