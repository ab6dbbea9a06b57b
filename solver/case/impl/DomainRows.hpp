#pragma once
// What the domain types' rows (impl/*Domain.cpp) share.

#include <yaml-cpp/yaml.h>

#include "geometry/Domain.hpp"
#include "solver/case/DomainTypes.hpp"
#include "solver/case/impl/Reader.hpp"
#include "solver/case/impl/YamlOut.hpp"

namespace kanpde::solver::Impl {

// d's bounding box from the geometry module's.
inline void set_bbox(DomainSpec& d, const geometry::BoundingBox& box) {
  const std::size_t n = static_cast<std::size_t>(d.dim);
  d.bbox_min.assign(box.lo.begin(), box.lo.begin() + static_cast<long>(n));
  d.bbox_max.assign(box.hi.begin(), box.hi.begin() + static_cast<long>(n));
}

inline geometry::BoundingBox bbox_of(const DomainSpec& d) {
  geometry::BoundingBox b;
  b.dim = d.dim;
  for (std::size_t i = 0; i < std::size_t(d.dim); ++i) {
    b.lo[i] = d.bbox_min[i];
    b.hi[i] = d.bbox_max[i];
  }
  return b;
}

}  // namespace kanpde::solver::Impl
