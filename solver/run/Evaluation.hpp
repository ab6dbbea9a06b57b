#pragma once
// The trained solution and the exact one on sets of points.

#include <optional>
#include <vector>

#include "geometry/Domain.hpp"
#include "kan/Network.hpp"
#include "solver/case/Expression.hpp"
#include "solver/run/Problem.hpp"

namespace kanpde::solver {

struct Field {
  std::vector<double> u;     // N
  std::vector<double> grad;  // N x dim
  std::vector<double> lap;   // N
};

// u = N, or u = G + D N under a hard constraint (solver/pde/TrialFunction.hpp),
// with gradient and Laplacian.
Field evaluate_solution(const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
                        const std::vector<double>& x, int dim, const geometry::Domain& domain,
                        const HardDirichlet& hard);

// The exact solution and its gradient: central differences of the
// expression with h = 1e-5 times the domain's largest extent (truncation about
// 1e-10 relative, far below the errors it is compared with), one-sided where
// a step leaves the domain, so that an expression with a branch cut along the
// boundary (the L-shape's atan2) is differenced on the domain's side only.
Field evaluate_exact(const Expression& exact, const std::vector<double>& x,
                     const geometry::Domain& domain);

// A rectilinear grid over a bounding box, n[a] points on axis a, and the
// indices of its nodes inside the domain.
struct EvalGrid {
  int dim = 0;
  std::vector<std::vector<double>> axes;
  std::vector<double> x;          // inside nodes, M x dim
  std::vector<std::size_t> node;  // node index (x fastest) of each inside node
  std::size_t nodes = 0;
};
EvalGrid make_eval_grid(const geometry::Domain& domain, const std::vector<int>& n);
EvalGrid make_eval_grid(const geometry::Domain& domain, std::vector<std::vector<double>> axes);

// Above 3D: a 2D grid (dim 2, n[0] x n[1] nodes over the bounding box's
// extent along axes[0] and axes[1]) through the point `at` (the domain's
// dimension; its entries on the two axes unused); x holds the inside nodes
// as full points (M x domain.dim()).
EvalGrid make_slice_grid(const geometry::Domain& domain, const std::vector<int>& axes,
                         const std::vector<double>& at, const std::vector<int>& n);
// n unshifted Halton points of the domain's interior as an EvalGrid without
// axes (node i = point i): where a full grid is out of reach (above 3D).
EvalGrid make_eval_points(const geometry::Domain& domain, std::size_t n);

}  // namespace kanpde::solver
