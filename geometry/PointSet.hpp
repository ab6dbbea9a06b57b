#pragma once
// PointSet: collocation points as host arrays, ready to deep_copy to Views.
#include <cstddef>
#include <string>
#include <vector>

namespace kanpde::geometry {

struct PointSet {
  int dim = 0;
  std::vector<double> x;       // size() x dim, row-major
  std::vector<double> normal;  // size() x dim outward unit normals (boundary sets; empty otherwise)
  std::vector<int> part;       // boundary part of each point (-1 for interior points)
  std::vector<std::string> part_names;  // the domain's part names, indexed by `part`
  // Quadrature weights, mean 1 (geometry/Quadrature.hpp); empty: every point
  // weighs 1 (the plain mean of a sampled set).
  std::vector<double> weight;

  std::size_t size() const { return part.size(); }
  const double* point(std::size_t i) const { return x.data() + i * static_cast<std::size_t>(dim); }
};

}  // namespace kanpde::geometry
