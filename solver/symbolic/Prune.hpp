#pragma once
// Pruning a trained KAN by attribution scores (as the KAN paper's
// implementation defines them, with standard deviations over samples):
//
//   score(output node) = 1
//   score(edge l: i -> o) = std(phi_lio) / std(node_{l+1,o}) * score(node_{l+1,o})
//   score(node l, i) = sum_o score(edge l: i -> o)      (hidden and input nodes)
//
// so a score is the share of the output's variation that flows through an
// edge or node. Hidden nodes scoring below the threshold are removed (with
// all their edges): a smaller network, to be retrained briefly. Edges scoring
// below it in what remains are reported, for the symbolic step to make
// constant.

#include <vector>

#include "solver/symbolic/KanEdges.hpp"

namespace kanpde::solver::symbolic {

struct Attribution {
  std::vector<double> edge;               // per edge (SymbolicModel numbering)
  std::vector<std::vector<double>> node;  // per layer, per node
};

// points: N x input_dim.
Attribution attribution_scores(const KanModel& kan, const std::vector<double>& points);

struct PruneResult {
  KanModel model;                      // the smaller network
  std::vector<std::vector<int>> kept;  // per layer: the old index of each kept node
  std::vector<bool> weak_edge;         // per edge of the smaller network: below threshold
  int removed_nodes = 0;
  // max over the samples of |u_pruned - u| before retraining (the removed
  // edges' contribution).
  double max_change = 0.0;
};

PruneResult prune_network(const KanModel& kan, const std::vector<double>& points, double threshold);

}  // namespace kanpde::solver::symbolic
