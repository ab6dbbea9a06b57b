#pragma once
// The sparsity penalty of the KAN paper (Liu et al. 2024, section 2.5.1) on
// the edges' activation magnitudes, with its exact parameter gradient.
//
// For a batch of N points x_p, edge e of layer l has the magnitude
//   a_e = |phi_e|_1 = (1/N) sum_p |phi_e(v_p)|       (v_p: the edge's input at x_p)
// layer l's L1 norm S_l = sum_{e in l} a_e, its entropy
//   H_l = - sum_{e in l} p_e ln p_e,  p_e = a_e / S_l   (0 ln 0 = 0; H_l = 0 when S_l = 0)
// and the penalty
//   P = weight * (l1 * sum_l S_l + entropy * sum_l H_l).
// The gradient is a reverse pass through the edge evaluations seeded at every
// edge's output with dP/da_e * sign(phi_e(v_p)) / N:
//   dP/da_e = weight * (l1 - entropy * (ln p_e + H_l) / S_l)   (a_e > 0),
// and |.| at 0 takes the subgradient 0 (sign(0) = 0); an edge with a_e = 0 is
// zero at every point, so all its seeds are zero.
//
// Evaluated on the host in a plain loop over the points in order (the sum
// does not depend on the thread or rank count: every rank holds the same
// points); the network's parameters come in as a host vector.

#include <vector>

#include "kan/Layout.hpp"

namespace kanpde::solver {

struct SparsityOptions {
  double weight = 0.0;   // lambda (0: no penalty)
  double l1 = 1.0;       // mu_1 (1 and 2: the defaults of the KAN paper's implementation)
  double entropy = 2.0;  // mu_2
  bool active() const { return weight > 0; }
};

// A KAN on the host: layout, flat parameters and knots.
struct HostKan {
  const kan::Layout& layout;
  const std::vector<double>& params;
  const std::vector<double>& knots;
};

// a_e for every edge (numbered layer after layer, i * n_{l+1} + o); x: N x
// input_dim points, row-major.
std::vector<double> edge_magnitudes(const HostKan& net, const std::vector<double>& x);

// P from the magnitudes.
double sparsity_penalty(const kan::Layout& layout, const std::vector<double>& a,
                        const SparsityOptions& o);

// P at the points; grad (resized to the parameter count) = dP/dparams.
double sparsity_penalty_and_gradient(const HostKan& net, const std::vector<double>& x,
                                     const SparsityOptions& o, std::vector<double>& grad);

}  // namespace kanpde::solver
