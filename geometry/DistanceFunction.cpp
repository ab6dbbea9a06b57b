#include "geometry/DistanceFunction.hpp"

#include <algorithm>

namespace kanpde::geometry::Impl {

ProgramBuilder build_distance_program(const Domain& domain, const std::vector<std::string>& parts) {
  ProgramBuilder b;
  b.dim = domain.dim();
  if (parts.empty()) {
    std::vector<int> all(static_cast<std::size_t>(domain.num_parts()));
    for (int i = 0; i < domain.num_parts(); ++i) all[static_cast<std::size_t>(i)] = i;
    domain.emit_vanishing(b, all);
    return b;
  }
  std::vector<int> idx;
  for (const std::string& name : parts) idx.push_back(domain.part_index(name));
  std::sort(idx.begin(), idx.end());
  idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
  domain.emit_vanishing(b, idx);
  return b;
}

}  // namespace kanpde::geometry::Impl
