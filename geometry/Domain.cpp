#include "geometry/Domain.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/Error.hpp"
#include "geometry/impl/Program.hpp"

namespace kanpde::geometry {

double BoundingBox::volume() const {
  double v = 1.0;
  for (int a = 0; a < dim; ++a) v *= extent(a);
  return v;
}

double Domain::boundary_tolerance() const {
  const BoundingBox box = bounding_box();
  double scale = 1.0;
  for (int a = 0; a < box.dim; ++a) scale = std::max(scale, box.extent(a));
  return 1e-12 * scale;
}

bool Domain::on_boundary(const double* x, double tol) const {
  return std::abs(signed_distance(x)) <= tol;
}

const std::string& Domain::part_name(int part) const {
  KANPDE_REQUIRE(
      part >= 0 && part < num_parts(),
      display_name() << " has " << num_parts() << " boundary parts, asked for part " << part);
  return part_names_[static_cast<std::size_t>(part)];
}

int Domain::part_index(const std::string& name) const {
  for (int i = 0; i < num_parts(); ++i)
    if (part_names_[static_cast<std::size_t>(i)] == name) return i;
  std::ostringstream known;
  for (int i = 0; i < num_parts(); ++i)
    known << (i ? ", " : "") << part_names_[static_cast<std::size_t>(i)];
  KANPDE_REQUIRE(false, "unknown boundary part '" << name << "' of " << display_name()
                                                  << "; its parts are: " << known.str());
  return -1;
}

double Domain::boundary_measure() const {
  double m = 0.0;
  for (int i = 0; i < num_parts(); ++i) m += part_measure(i);
  return m;
}

void Domain::map_interior(const double* /*u*/, double* /*x*/) const {
  KANPDE_ASSERT(false, display_name() << " has no interior map; sample it by rejection");
}

std::string Domain::display_name() const {
  return label_.empty() ? kind() : kind() + " '" + label_ + "'";
}

void Domain::emit_vanishing(Impl::ProgramBuilder& builder, const std::vector<int>& parts) const {
  std::vector<int> sorted = parts;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  KANPDE_REQUIRE(!sorted.empty() && sorted.front() >= 0 && sorted.back() < num_parts(),
                 "distance function of " << display_name()
                                         << " needs at least one of its parts, found "
                                         << sorted.size());
  if (static_cast<int>(sorted.size()) == num_parts()) {
    emit_inside(builder, false);
    return;
  }
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    emit_part(builder, sorted[i]);
    if (i > 0) builder.binary(Impl::kHarmonic);
  }
  builder.unary(Impl::kSqrt);
}

GridLineHit Domain::grid_line_distance(const double* x, int axis, int dir, double t_max) const {
  KANPDE_REQUIRE(axis >= 0 && axis < dim(),
                 "grid line axis must be in [0, " << dim() << "), found " << axis);
  KANPDE_REQUIRE(dir == 1 || dir == -1, "grid line direction must be +1 or -1, found " << dir);
  KANPDE_REQUIRE(t_max > 0.0, "grid line maximum distance must be > 0, found " << t_max);
  if (!contains(x)) return {0.0, -1};
  std::vector<Crossing> cs;
  ray_crossings(x, axis, dir, cs);
  const double tol = boundary_tolerance();
  std::vector<Crossing> ev;
  ev.reserve(cs.size());
  for (const Crossing& c : cs)
    if (c.t >= -tol) ev.push_back({std::max(c.t, 0.0), c.part});
  // Sort by t; at equal t a crossing of a result part comes first.
  std::sort(ev.begin(), ev.end(), [](const Crossing& a, const Crossing& b) {
    return a.t < b.t || (a.t == b.t && a.part > b.part);
  });
  const BoundingBox box = bounding_box();
  double diag = 0.0;
  for (int a = 0; a < box.dim; ++a) diag += box.extent(a) * box.extent(a);
  diag = std::sqrt(diag) + 1.0;
  double y[max_space_dim] = {};
  for (int a = 0; a < dim(); ++a) y[a] = x[a];
  std::size_t i = 0;
  while (i < ev.size()) {
    // Merge crossings closer than the tolerance into one event.
    std::size_t j = i + 1;
    int part = ev[i].part;
    while (j < ev.size() && ev[j].t - ev[i].t <= tol) {
      if (part < 0) part = ev[j].part;
      ++j;
    }
    const double t = ev[i].t;
    if (t > t_max) break;
    const double t_next = j < ev.size() ? ev[j].t : t + diag;
    y[axis] = x[axis] + dir * 0.5 * (t + t_next);
    if (!contains(y)) return {t, part};
    i = j;
  }
  return {t_max, -1};
}

}  // namespace kanpde::geometry
