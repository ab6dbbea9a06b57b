#pragma once
// The edges of a trained KAN as sampled univariate functions, evaluated on the
// host: for every edge (l, i -> o) the inputs it sees at a set of points
// (the values of node i of layer l) and its outputs
// phi(v) = w_b b(v) + w_s sum_m c_m B_m(v). Independent of the device
// kernels (a plain host loop over points), checked against them in the tests.

#include <vector>

#include "kan/Layout.hpp"

namespace kanpde::solver::symbolic {

struct KanModel {
  kan::Layout layout;
  std::vector<double> params, knots;
};

struct EdgeSamples {
  // Per edge (numbered like SymbolicModel: layer after layer, i * n_{l+1} + o):
  // the input and output value at every point.
  std::vector<std::vector<double>> in, out;
  std::vector<double> u;  // output 0 of the network at every point
};

// One edge's function at v.
double kan_edge_value(const KanModel& m, int l, int i, int o, double v);

// x: N x input_dim points (row-major).
EdgeSamples sample_edges(const KanModel& m, const std::vector<double>& x);

}  // namespace kanpde::solver::symbolic
