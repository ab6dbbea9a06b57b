#include "geometry/Polygon.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/Error.hpp"
#include "geometry/impl/Program.hpp"

namespace kanpde::geometry {

namespace {
using P2 = std::array<double, 2>;
double cross(const P2& o, const P2& a, const P2& b) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}
int sgn(double v) {
  return (v > 0.0) - (v < 0.0);
}
bool on_segment(const P2& p, const P2& q, const P2& r) {  // r collinear with pq: inside its box?
  return std::min(p[0], q[0]) <= r[0] && r[0] <= std::max(p[0], q[0]) &&
         std::min(p[1], q[1]) <= r[1] && r[1] <= std::max(p[1], q[1]);
}
bool segments_touch(const P2& a, const P2& b, const P2& c, const P2& d) {
  const int o1 = sgn(cross(a, b, c)), o2 = sgn(cross(a, b, d));
  const int o3 = sgn(cross(c, d, a)), o4 = sgn(cross(c, d, b));
  if (o1 != o2 && o3 != o4) return true;
  return (o1 == 0 && on_segment(a, b, c)) || (o2 == 0 && on_segment(a, b, d)) ||
         (o3 == 0 && on_segment(c, d, a)) || (o4 == 0 && on_segment(c, d, b));
}
}  // namespace

PolygonDefect polygon_defect(const std::vector<P2>& v) {
  PolygonDefect d;
  const int n = static_cast<int>(v.size());
  auto fail = [&](int vertex, std::string m) {
    d.vertex = vertex;
    d.message = std::move(m);
    return d;
  };
  auto num = [](double x) {
    std::ostringstream os;
    os << x;
    return os.str();
  };
  if (n < 3) return fail(-1, "a polygon needs at least 3 vertices, found " + std::to_string(n));
  for (int i = 0; i < n; ++i) {
    const P2& p = v[static_cast<std::size_t>(i)];
    if (!(std::isfinite(p[0]) && std::isfinite(p[1])))
      return fail(i, "vertex " + std::to_string(i) + " must be finite, found (" + num(p[0]) + ", " +
                         num(p[1]) + ")");
  }
  auto vert = [&](int i) -> const P2& { return v[static_cast<std::size_t>(i % n)]; };
  for (int i = 0; i < n; ++i)
    if (vert(i) == vert(i + 1))
      return fail((i + 1) % n, "vertex " + std::to_string((i + 1) % n) + " repeats vertex " +
                                   std::to_string(i) + ": edge " + std::to_string(i) +
                                   " has zero length (edges must have a positive length)");
  for (int i = 0; i < n; ++i) {
    // Neighbours i, i+1 share vertex i+1: they must not fold back onto each other.
    const P2 &a = vert(i), &b = vert(i + 1), &c = vert(i + 2);
    const double dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
    if (cross(a, b, c) == 0.0 && dot < 0.0)
      return fail(-1, "edges " + std::to_string(i) + " and " + std::to_string((i + 1) % n) +
                          " fold back onto each other at vertex " + std::to_string((i + 1) % n) +
                          ": the polygon must be simple (not self-intersecting)");
    for (int j = i + 2; j < n; ++j) {
      if (i == 0 && j == n - 1) continue;  // neighbours through vertex 0
      if (segments_touch(vert(i), vert(i + 1), vert(j), vert(j + 1)))
        return fail(-1, "edges " + std::to_string(i) + " and " + std::to_string(j) +
                            " intersect: the polygon must be simple (not self-intersecting)");
    }
  }
  const BoundingBox box = polygon_bounding_box(v);
  double twice = 0.0;
  for (int i = 0; i < n; ++i) twice += vert(i)[0] * vert(i + 1)[1] - vert(i + 1)[0] * vert(i)[1];
  const double diag2 = box.extent(0) * box.extent(0) + box.extent(1) * box.extent(1);
  if (!(0.5 * std::abs(twice) > 1e-12 * diag2))
    return fail(-1, "the polygon has zero area (area " + num(0.5 * std::abs(twice)) + ")");
  return d;
}

BoundingBox polygon_bounding_box(const std::vector<P2>& v) {
  BoundingBox box;
  box.dim = 2;
  if (v.empty()) return box;
  box.lo = {v[0][0], v[0][1], 0.0};
  box.hi = box.lo;
  for (const P2& p : v)
    for (std::size_t a = 0; a < 2; ++a) {
      box.lo[a] = std::min(box.lo[a], p[a]);
      box.hi[a] = std::max(box.hi[a], p[a]);
    }
  return box;
}

Polygon::Polygon(std::vector<P2> vertices, std::vector<std::string> edge_names)
    : vertices_(std::move(vertices)) {
  const PolygonDefect defect = polygon_defect(vertices_);
  KANPDE_REQUIRE(defect.ok(), "polygon: " << defect.message);
  const int n = static_cast<int>(vertices_.size());
  box_ = polygon_bounding_box(vertices_);
  auto vert = [&](int i) -> const P2& { return vertices_[static_cast<std::size_t>(i % n)]; };
  double twice = 0.0;
  for (int i = 0; i < n; ++i) twice += vert(i)[0] * vert(i + 1)[1] - vert(i + 1)[0] * vert(i)[1];
  area_ = 0.5 * std::abs(twice);
  orientation_ = twice > 0.0 ? 1.0 : -1.0;

  KANPDE_REQUIRE(
      edge_names.empty() || static_cast<int>(edge_names.size()) == n,
      "polygon has " << n << " edges but " << edge_names.size() << " edge names were given");
  edge_part_.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::string name =
        edge_names.empty() ? "edge" + std::to_string(i) : edge_names[static_cast<std::size_t>(i)];
    KANPDE_REQUIRE(!name.empty(), "polygon edge " << i << " has an empty name");
    auto it = std::find(part_names_.begin(), part_names_.end(), name);
    int part = static_cast<int>(it - part_names_.begin());
    if (it == part_names_.end()) {
      part_names_.push_back(name);
      part_edges_.emplace_back();
      part_length_.push_back(0.0);
    }
    edge_part_[static_cast<std::size_t>(i)] = part;
    part_edges_[static_cast<std::size_t>(part)].push_back(i);
    part_length_[static_cast<std::size_t>(part)] +=
        std::hypot(vert(i + 1)[0] - vert(i)[0], vert(i + 1)[1] - vert(i)[1]);
  }
}

double Polygon::edge_distance(int e, const double* x) const {
  return std::sqrt(edge_distance2(e, x));
}

double Polygon::edge_distance2(int e, const double* x) const {
  const int n = num_edges();
  const P2& a = vertices_[static_cast<std::size_t>(e)];
  const P2& b = vertices_[static_cast<std::size_t>((e + 1) % n)];
  const double dx = b[0] - a[0], dy = b[1] - a[1];
  double t = ((x[0] - a[0]) * dx + (x[1] - a[1]) * dy) / (dx * dx + dy * dy);
  t = std::clamp(t, 0.0, 1.0);
  const double ex = x[0] - a[0] - t * dx, ey = x[1] - a[1] - t * dy;
  return ex * ex + ey * ey;
}

double Polygon::signed_distance(const double* x) const {
  const int n = num_edges();
  double d = 1e300;
  bool inside = false;
  for (int e = 0; e < n; ++e) {
    d = std::min(d, edge_distance2(e, x));
    const P2& a = vertices_[static_cast<std::size_t>(e)];
    const P2& b = vertices_[static_cast<std::size_t>((e + 1) % n)];
    if ((a[1] > x[1]) != (b[1] > x[1]) &&
        x[0] < a[0] + (x[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
      inside = !inside;
  }
  return inside ? -std::sqrt(d) : std::sqrt(d);
}

double Polygon::part_measure(int part) const {
  part_name(part);
  return part_length_[static_cast<std::size_t>(part)];
}

void Polygon::edge_normal(int e, double* normal) const {
  const int n = num_edges();
  const P2& a = vertices_[static_cast<std::size_t>(e)];
  const P2& b = vertices_[static_cast<std::size_t>((e + 1) % n)];
  const double dx = b[0] - a[0], dy = b[1] - a[1], len = std::hypot(dx, dy);
  normal[0] = orientation_ * dy / len;
  normal[1] = -orientation_ * dx / len;
}

bool Polygon::boundary_point(int part, const double* u, double* x, double* normal) const {
  const auto& edges = part_edges_[static_cast<std::size_t>(part)];
  const int n = num_edges();
  double s = u[0] * part_length_[static_cast<std::size_t>(part)];
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const int e = edges[k];
    const P2& a = vertices_[static_cast<std::size_t>(e)];
    const P2& b = vertices_[static_cast<std::size_t>((e + 1) % n)];
    const double len = std::hypot(b[0] - a[0], b[1] - a[1]);
    if (s < len || k + 1 == edges.size()) {
      const double t = std::clamp(s / len, 0.0, 1.0);
      x[0] = a[0] + t * (b[0] - a[0]);
      x[1] = a[1] + t * (b[1] - a[1]);
      edge_normal(e, normal);
      return true;
    }
    s -= len;
  }
  return false;
}

void Polygon::outward_normal(int part, const double* x, double* normal) const {
  const auto& edges = part_edges_[static_cast<std::size_t>(part)];
  int best = edges.front();
  double dbest = 1e300;
  for (int e : edges) {
    const double d = edge_distance(e, x);
    if (d < dbest) dbest = d, best = e;
  }
  edge_normal(best, normal);
}

void Polygon::ray_crossings(const double* x, int axis, int dir, std::vector<Crossing>& out) const {
  const int n = num_edges(), other = 1 - axis;
  for (int e = 0; e < n; ++e) {
    const P2& a = vertices_[static_cast<std::size_t>(e)];
    const P2& b = vertices_[static_cast<std::size_t>((e + 1) % n)];
    const int part = edge_part_[static_cast<std::size_t>(e)];
    const auto o = static_cast<std::size_t>(other), ax = static_cast<std::size_t>(axis);
    if (a[o] == b[o]) {
      if (a[o] == x[other]) {  // the edge lies on the line: both ends are candidates
        out.push_back({dir * (a[ax] - x[axis]), part});
        out.push_back({dir * (b[ax] - x[axis]), part});
      }
      continue;
    }
    if ((a[o] - x[other]) * (b[o] - x[other]) > 0.0) continue;
    const double s = (x[other] - a[o]) / (b[o] - a[o]);
    out.push_back({dir * (a[ax] + s * (b[ax] - a[ax]) - x[axis]), part});
  }
}

void Polygon::emit_signed(Impl::ProgramBuilder& builder) const {
  std::vector<double> p;
  for (const P2& v : vertices_) p.insert(p.end(), v.begin(), v.end());
  builder.leaf(Impl::kPolygonSigned, p, num_edges());
}

void Polygon::emit_vanishing(Impl::ProgramBuilder& builder, const std::vector<int>& parts) const {
  std::vector<double> p;
  int count = 0;
  const int n = num_edges();
  auto chosen = [&](int e) {
    return std::find(parts.begin(), parts.end(), edge_part((e + n) % n)) != parts.end();
  };
  for (int e = 0; e < n; ++e) {
    if (!chosen(e)) continue;
    const P2& a = vertices_[static_cast<std::size_t>(e)];
    const P2& b = vertices_[static_cast<std::size_t>((e + 1) % n)];
    p.insert(p.end(), {a[0], a[1], b[0], b[1]});
    ++count;
  }
  KANPDE_REQUIRE(count > 0,
                 "distance function of " << display_name() << " must vanish on at least one part");
  if (distance_ == PolygonDistance::quadratic) {
    builder.leaf(Impl::kPolygonEdges, p, count);
    return;
  }
  // Re-entrant vertices between two chosen edges: (cx, cy, R, beta).
  std::vector<double> corners;
  if (distance_ == PolygonDistance::singular) {
    for (int i = 0; i < n; ++i) {
      if (!chosen(i - 1) || !chosen(i)) continue;
      const double omega = interior_angle(i);
      if (!(omega > M_PI * (1.0 + 1e-12))) continue;
      const P2& v = vertices_[static_cast<std::size_t>(i)];
      const P2& a = vertices_[static_cast<std::size_t>((i + n - 1) % n)];
      const P2& b = vertices_[static_cast<std::size_t>((i + 1) % n)];
      const double len =
          std::min(std::hypot(v[0] - a[0], v[1] - a[1]), std::hypot(v[0] - b[0], v[1] - b[1]));
      corners.insert(corners.end(), {v[0], v[1], 0.5 * len, 1.0 - M_PI / omega});
    }
  }
  p.push_back(static_cast<double>(corners.size() / 4));
  p.insert(p.end(), corners.begin(), corners.end());
  builder.leaf(Impl::kPolygonHarmonic, p, count);
}

double Polygon::interior_angle(int i) const {
  const int n = num_edges();
  const P2& a = vertices_[static_cast<std::size_t>((i + n - 1) % n)];
  const P2& b = vertices_[static_cast<std::size_t>(i)];
  const P2& c = vertices_[static_cast<std::size_t>((i + 1) % n)];
  const double ux = b[0] - a[0], uy = b[1] - a[1], vx = c[0] - b[0], vy = c[1] - b[1];
  const double turn = std::atan2(ux * vy - uy * vx, ux * vx + uy * vy);  // left turn > 0
  return M_PI - orientation_ * turn;
}

void Polygon::emit_part(Impl::ProgramBuilder& builder, int part) const {
  part_name(part);  // range check
  std::vector<double> p;
  const int n = num_edges();
  int count = 0;
  for (int e : part_edges_[static_cast<std::size_t>(part)]) {
    const P2& a = vertices_[static_cast<std::size_t>(e)];
    const P2& b = vertices_[static_cast<std::size_t>((e + 1) % n)];
    p.insert(p.end(), {a[0], a[1], b[0], b[1]});
    ++count;
  }
  builder.leaf(Impl::kPolygonPsi, p, count);
}

}  // namespace kanpde::geometry
