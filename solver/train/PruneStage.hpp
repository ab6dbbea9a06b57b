#pragma once
// Pruning during training (a stage's `prune`): the attribution scores and the
// node removal of solver/symbolic/Prune.hpp applied to the network being
// trained, which is replaced by the smaller one (hidden widths shrink; the
// knots, grid and the kept edges' parameters are carried over unchanged).
// The layer layout is dense, so single edges are not removed: an edge of the
// smaller network that scores below the threshold stays trainable and is
// only counted (the symbolic step can make it constant later).

#include <string>
#include <vector>

#include "kan/Network.hpp"

namespace kanpde::solver {

struct PruneReport {
  std::vector<int> widths_before, widths_after;
  int weak_edges = 0;       // edges of the smaller network scoring below the threshold
  double max_change = 0.0;  // max |u_pruned - u| over the samples, before retraining
  std::string describe() const;
};

// samples: N x input_dim points the scores are taken on.
PruneReport prune_network(kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
                          const std::vector<double>& samples, double threshold);

}  // namespace kanpde::solver
