#include "geometry/Box.hpp"

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"
#include "geometry/impl/Program.hpp"

namespace kanpde::geometry {

Box::Box(std::vector<double> lo, std::vector<double> hi) : dim_(static_cast<int>(lo.size())) {
  KANPDE_REQUIRE(lo.size() == hi.size(),
                 "box corners must have the same number of coordinates, found "
                     << lo.size() << " and " << hi.size());
  KANPDE_REQUIRE(dim_ >= 1 && dim_ <= max_space_dim,
                 "box must have 1 to " << max_space_dim << " dimensions, found " << dim_);
  box_.dim = dim_;
  for (int a = 0; a < dim_; ++a) {
    const double l = lo[static_cast<std::size_t>(a)], h = hi[static_cast<std::size_t>(a)];
    const std::string axis = coordinate_name(dim_, a);
    KANPDE_REQUIRE(std::isfinite(l) && std::isfinite(h), kind() << " bounds must be finite, found "
                                                                << axis << "min = " << l << ", "
                                                                << axis << "max = " << h);
    KANPDE_REQUIRE(h > l, kind() << " size along " << axis << " must be > 0, found " << h - l
                                 << " (" << axis << "min = " << l << ", " << axis << "max = " << h
                                 << ")");
    box_.lo[static_cast<std::size_t>(a)] = l;
    box_.hi[static_cast<std::size_t>(a)] = h;
  }
  for (int a = 0; a < dim_; ++a) {
    part_names_.push_back(coordinate_name(dim_, a) + "min");
    part_names_.push_back(coordinate_name(dim_, a) + "max");
  }
}

double Box::signed_distance(const double* x) const {
  double outside = 0.0, inside = -1e300;
  for (int a = 0; a < dim_; ++a) {
    const auto i = static_cast<std::size_t>(a);
    const double c = 0.5 * (box_.lo[i] + box_.hi[i]);
    const double q = std::abs(x[a] - c) - 0.5 * (box_.hi[i] - box_.lo[i]);
    outside += q > 0.0 ? q * q : 0.0;
    inside = std::max(inside, q);
  }
  return outside > 0.0 ? std::sqrt(outside) : inside;
}

double Box::part_measure(int part) const {
  part_name(part);  // range check
  double m = 1.0;
  for (int a = 0; a < dim_; ++a)
    if (a != part / 2) m *= box_.extent(a);
  return m;
}

bool Box::boundary_point(int part, const double* u, double* x, double* normal) const {
  const int axis = part / 2;
  int j = 0;
  for (int a = 0; a < dim_; ++a) {
    const auto i = static_cast<std::size_t>(a);
    if (a == axis) {
      x[a] = part % 2 ? box_.hi[i] : box_.lo[i];
    } else {
      x[a] = box_.lo[i] + u[j++] * box_.extent(a);
    }
  }
  outward_normal(part, x, normal);
  return true;
}

void Box::outward_normal(int part, const double* /*x*/, double* normal) const {
  for (int a = 0; a < dim_; ++a) normal[a] = 0.0;
  normal[part / 2] = part % 2 ? 1.0 : -1.0;
}

void Box::map_interior(const double* u, double* x) const {
  for (int a = 0; a < dim_; ++a)
    x[a] = box_.lo[static_cast<std::size_t>(a)] + u[a] * box_.extent(a);
}

void Box::ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const {
  const double tol = boundary_tolerance();
  for (int a = 0; a < dim_; ++a) {
    const auto i = static_cast<std::size_t>(a);
    if (a != axis && (x[a] < box_.lo[i] - tol || x[a] > box_.hi[i] + tol)) return;
  }
  const auto i = static_cast<std::size_t>(axis);
  out.push_back({dir * (box_.lo[i] - x[axis]), 2 * axis});
  out.push_back({dir * (box_.hi[i] - x[axis]), 2 * axis + 1});
}

void Box::emit_signed(Impl::ProgramBuilder& builder) const {
  std::vector<double> p;
  for (int a = 0; a < dim_; ++a) {
    p.push_back(box_.lo[static_cast<std::size_t>(a)]);
    p.push_back(box_.hi[static_cast<std::size_t>(a)]);
  }
  builder.leaf(Impl::kBoxSigned, p);
}

// The product of one factor per axis with a chosen face: (x - lo)(hi - x)/L
// when both faces are chosen, else the distance to the chosen face. Scaled by
// 1 / (product of the factors' maxima over the box, except the smallest), so
// that for a full box |grad D| = 1 at the face centres of the narrowest axis.
// A polynomial rather than an R-function conjunction: smooth up to the
// corners, so the Laplacian of u = g + D N stays bounded there.
void Box::emit_vanishing(Impl::ProgramBuilder& builder, const std::vector<int>& parts) const {
  int mode[max_space_dim] = {};
  for (int part : parts) {
    part_name(part);  // range check
    mode[part / 2] |= part % 2 ? 2 : 1;
  }
  std::vector<double> p;
  double prod = 1.0, smallest = 1e300;
  for (int a = 0; a < dim_; ++a) {
    p.push_back(box_.lo[static_cast<std::size_t>(a)]);
    p.push_back(box_.hi[static_cast<std::size_t>(a)]);
    p.push_back(mode[a]);
    if (mode[a] == 0) continue;
    const double m = mode[a] == 3 ? 0.25 * box_.extent(a) : box_.extent(a);
    prod *= m;
    smallest = std::min(smallest, m);
  }
  p.push_back(smallest / prod);
  builder.leaf(Impl::kBoxProduct, p);
}

void Box::emit_part(Impl::ProgramBuilder& builder, int part) const {
  part_name(part);  // range check
  const int axis = part / 2;
  const auto i = static_cast<std::size_t>(axis);
  std::vector<double> p{static_cast<double>(axis), part % 2 ? box_.hi[i] : box_.lo[i]};
  for (int a = 0; a < dim_; ++a) {
    p.push_back(box_.lo[static_cast<std::size_t>(a)]);
    p.push_back(box_.hi[static_cast<std::size_t>(a)]);
  }
  builder.leaf(Impl::kFacePsi, p);
}

// Inside a CSG tree where the sign outside the box does not matter (an
// operand of an intersection, the left operand of a difference): the product
// of all slab factors (emit_vanishing of all faces), smooth at the corners,
// where the R-conjunction of emit_signed behaves as x y / r.
void Box::emit_inside(Impl::ProgramBuilder& builder, bool exterior) const {
  if (exterior) {
    emit_signed(builder);
    return;
  }
  std::vector<int> all(static_cast<std::size_t>(num_parts()));
  for (int i = 0; i < num_parts(); ++i) all[static_cast<std::size_t>(i)] = i;
  emit_vanishing(builder, all);
}

}  // namespace kanpde::geometry
