#pragma once
// Grid update and grid extension.
//
// update_grid: moves every layer's knots to where that layer's inputs actually
// fall over a set of sample points: knots at sample quantiles blended with a
// uniform grid over the sample range (grid_eps = 1: uniform, 0: pure
// quantiles), then refits each edge's spline coefficients by least squares so
// the edge function is kept on the samples. Layers are updated in order, each
// with the inputs produced by the already-updated layers before it.
//
// extend_grid: the same functions on a finer grid (G -> G'). The new interior
// knots interpolate the old ones (a uniform grid stays uniform), the
// coefficients are a least-squares transfer on points spread over the grid
// range. When the new grid refines the old one (G' a multiple of G on a uniform
// grid) the transfer is exact up to round-off.
//
// Both are robust to degenerate samples (duplicates, a single value, every
// sample in one interval): knots stay strictly increasing, the least-squares
// problems carry a tiny ridge so unsupported coefficients go to zero, and no
// NaN is ever produced. Non-finite samples are an error.

#include <vector>

#include "kan/Network.hpp"

namespace kanpde::kan {

struct GridUpdateOptions {
  double grid_eps = 0.02;  // weight of the uniform grid in the blend
  double margin = 0.0;     // widen the sample range by this fraction on each side
};

// samples: N points, row-major (N x input_dim).
template <class MemorySpace>
void update_grid(Network<MemorySpace>& net, const std::vector<double>& samples,
                 const GridUpdateOptions& options = {});

template <class MemorySpace>
Network<MemorySpace> extend_grid(const Network<MemorySpace>& net, int new_grid_size);

// Host building blocks, exposed for tests.
namespace Impl {
// G+2k+1 knots for one input from its sorted samples.
std::vector<double> knots_from_samples(const std::vector<double>& sorted, int grid_size, int order,
                                       const GridUpdateOptions& options);
// New knots for G' intervals interpolating the interior of an old knot vector.
std::vector<double> refined_knots(const double* old_knots, int old_grid_size, int order,
                                  int new_grid_size);
}  // namespace Impl

}  // namespace kanpde::kan
