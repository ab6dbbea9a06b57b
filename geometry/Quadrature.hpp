#pragma once
// Weighted interior points: composite tensor Gauss-Legendre quadrature over a
// box (or an interval), so that a loss over the points is the quadrature of
// the residual's square over the domain rather than a Monte Carlo mean.
//
// The box is cut into m equal cells per axis, each with a q-point
// Gauss-Legendre rule per axis: (m q)^dim points. The rule integrates
// polynomials of degree <= 2q - 1 per axis exactly on every cell. Weights are
// normalised to mean 1 (sum = the point count), so that
//   (1/N) sum_p w_p g(x_p) ~ (1/|box|) integral of g,
// the same scale as the plain mean over unweighted points. Points are cell
// interior (Gauss nodes never lie on a cell face), so never on the boundary.
// Deterministic: no seed.
#include <cstddef>
#include <vector>

#include "geometry/Domain.hpp"
#include "geometry/PointSet.hpp"

namespace kanpde::geometry {

// Nodes and weights of the q-point Gauss-Legendre rule on [0, 1] (weights
// sum to 1), ascending nodes; 1 <= q <= 64.
struct GaussRule {
  std::vector<double> node, weight;
};
GaussRule gauss_legendre(int q);

// Gauss points per cell and axis of gauss_interior.
constexpr int kGaussPointsPerCell = 4;

// True for the domains gauss_interior accepts (a box or an interval: the
// domain is its own bounding box).
bool supports_gauss(const Domain& domain);

// The cells per axis for a request of n points in dim dimensions: the
// smallest m with (m q)^dim >= n.
std::size_t gauss_cells(std::size_t n, int dim, int q = kGaussPointsPerCell);

// The composite rule with gauss_cells(n, dim, q) cells per axis (so at least
// n points), in lexicographic order (last axis fastest); PointSet::weight
// holds the weights. InputError for a domain that is not a box.
PointSet gauss_interior(const Domain& domain, std::size_t n, int q = kGaussPointsPerCell);

}  // namespace kanpde::geometry
