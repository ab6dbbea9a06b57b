#include "solver/case/impl/ParseDomain.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "solver/case/impl/Suggest.hpp"

namespace kanpde::solver {

const char* to_string(DomainType t) {
  switch (t) {
    case DomainType::interval:
      return "interval";
    case DomainType::box:
      return "box";
    case DomainType::disk:
      return "disk";
    case DomainType::ball:
      return "ball";
    case DomainType::ellipse:
      return "ellipse";
    case DomainType::polygon:
      return "polygon";
    case DomainType::union_:
      return "union";
    case DomainType::intersection:
      return "intersection";
    case DomainType::difference:
      return "difference";
  }
  return "?";
}

bool is_csg(DomainType t) {
  return t == DomainType::union_ || t == DomainType::intersection || t == DomainType::difference;
}

std::vector<std::string> natural_parts(const DomainSpec& d) {
  static const char* const faces[6] = {"xmin", "xmax", "ymin", "ymax", "zmin", "zmax"};
  std::vector<std::string> p;
  switch (d.type) {
    case DomainType::interval:
    case DomainType::box:
      for (int i = 0; i < 2 * d.dim; ++i) p.emplace_back(faces[i]);
      break;
    case DomainType::disk:
    case DomainType::ball:
    case DomainType::ellipse:
      p.push_back(d.boundary_name);
      break;
    case DomainType::polygon:
      for (std::size_t i = 0; i < d.vertices.size(); ++i) {
        const std::string n = d.edge_names.empty() ? "edge" + std::to_string(i) : d.edge_names[i];
        if (std::find(p.begin(), p.end(), n) == p.end()) p.push_back(n);  // shared names merge
      }
      break;
    default:
      break;
  }
  return p;
}

namespace Impl {
namespace {

const std::vector<std::string> kTypes = {
    "interval", "box", "disk", "ball", "ellipse", "polygon", "union", "intersection", "difference"};
const std::vector<std::string> kAllKeys = {
    "type",      "name",     "rename",     "min",           "max",      "center",  "radius",
    "semi_axes", "vertices", "edge_names", "boundary_name", "operands", "distance"};

std::vector<std::string> keys_for(DomainType t) {
  std::vector<std::string> k = {"type", "name", "rename"};
  auto add = [&](std::initializer_list<const char*> more) {
    for (const char* s : more) k.emplace_back(s);
  };
  switch (t) {
    case DomainType::interval:
    case DomainType::box:
      add({"min", "max"});
      break;
    case DomainType::disk:
    case DomainType::ball:
      add({"center", "radius", "boundary_name"});
      break;
    case DomainType::ellipse:
      add({"center", "semi_axes", "boundary_name"});
      break;
    case DomainType::polygon:
      add({"vertices", "edge_names", "distance"});
      break;
    default:
      add({"operands"});
      break;
  }
  return k;
}

DomainType type_from(const std::string& s) {
  for (std::size_t i = 0; i < kTypes.size(); ++i)
    if (kTypes[i] == s) return static_cast<DomainType>(i);
  return DomainType::box;
}

double cross(const std::vector<double>& o, const std::vector<double>& a,
             const std::vector<double>& b) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

bool on_segment(const std::vector<double>& p, const std::vector<double>& a,
                const std::vector<double>& b) {
  return std::min(a[0], b[0]) <= p[0] && p[0] <= std::max(a[0], b[0]) &&
         std::min(a[1], b[1]) <= p[1] && p[1] <= std::max(a[1], b[1]);
}

bool segments_touch(const std::vector<double>& a, const std::vector<double>& b,
                    const std::vector<double>& c, const std::vector<double>& d) {
  const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
    return true;
  if (d1 == 0 && on_segment(a, c, d)) return true;
  if (d2 == 0 && on_segment(b, c, d)) return true;
  if (d3 == 0 && on_segment(c, a, b)) return true;
  if (d4 == 0 && on_segment(d, a, b)) return true;
  return false;
}

constexpr std::size_t max_polygon_vertices = 10000;

void check_polygon(const Value& vertices_value, const DomainSpec& d) {
  const auto& v = d.vertices;
  const std::size_t n = v.size();
  const auto items = vertices_value.items();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = v[i];
    const auto& b = v[(i + 1) % n];
    if (a[0] == b[0] && a[1] == b[1])
      items[(i + 1) % n].fail("vertex repeats vertex " + std::to_string(i) +
                              ": edges must have a positive length");
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const auto& a = v[i];
      const auto& b = v[(i + 1) % n];
      const auto& c = v[j];
      const auto& e = v[(j + 1) % n];
      const bool adjacent = j == i + 1 || (i == 0 && j == n - 1);
      if (adjacent) {
        // Sharing one vertex: they must not fold back onto each other.
        const auto& shared = j == i + 1 ? b : a;
        const auto& p = j == i + 1 ? a : b;
        const auto& q = j == i + 1 ? e : c;
        const double cr = cross(shared, p, q);
        const double dot =
            (p[0] - shared[0]) * (q[0] - shared[0]) + (p[1] - shared[1]) * (q[1] - shared[1]);
        if (cr == 0.0 && dot > 0.0)
          vertices_value.fail("edges " + std::to_string(i) + " and " + std::to_string(j) +
                              " overlap: the polygon must be simple");
      } else if (segments_touch(a, b, c, e)) {
        vertices_value.fail("edges " + std::to_string(i) + " and " + std::to_string(j) +
                            " intersect: the polygon must be simple (not self-intersecting)");
      }
    }
  }
  double area2 = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = v[i];
    const auto& b = v[(i + 1) % n];
    area2 += a[0] * b[1] - b[0] * a[1];
  }
  if (area2 == 0.0) vertices_value.fail("the polygon has zero area");
}

// Reads one node; d.parts holds the node's exported names (after renaming and
// prefixing) until resolve_parts replaces them with the final ones.
DomainSpec parse_node(const Value& v) {
  DomainSpec d;
  d.path = v.path();
  const MapReader any = v.map(kAllKeys);
  d.type = type_from(any.get("type").choice(kTypes));
  const MapReader m = v.map(keys_for(d.type));
  const std::string type = to_string(d.type);

  switch (d.type) {
    case DomainType::interval: {
      d.dim = 1;
      d.min = {m.get("min").number()};
      const Value vmax = m.get("max");
      d.max = {vmax.number()};
      if (!(d.max[0] > d.min[0]))
        vmax.fail("expected max > min = " + format_number(d.min[0]) + ", found " +
                  format_number(d.max[0]));
      break;
    }
    case DomainType::box: {
      d.min = m.get("min").numbers(2, 3);
      d.dim = static_cast<int>(d.min.size());
      const Value vmax = m.get("max");
      d.max = vmax.numbers(d.min.size(), d.min.size());
      const auto items = vmax.items();
      for (std::size_t i = 0; i < d.min.size(); ++i)
        if (!(d.max[i] > d.min[i]))
          items[i].fail("expected max > min = " + format_number(d.min[i]) + ", found " +
                        format_number(d.max[i]));
      break;
    }
    case DomainType::disk:
    case DomainType::ball: {
      d.dim = d.type == DomainType::disk ? 2 : 3;
      d.center = m.get("center").numbers(std::size_t(d.dim), std::size_t(d.dim));
      d.radius = m.get("radius").number(Range::positive());
      d.boundary_name = d.type == DomainType::disk ? "circle" : "sphere";
      if (auto b = m.find("boundary_name")) d.boundary_name = b->name();
      break;
    }
    case DomainType::ellipse: {
      d.dim = 2;
      d.center = m.get("center").numbers(2, 2);
      d.semi_axes = m.get("semi_axes").numbers(2, 2, Range::positive());
      d.boundary_name = "ellipse";
      if (auto b = m.find("boundary_name")) d.boundary_name = b->name();
      break;
    }
    case DomainType::polygon: {
      d.dim = 2;
      const Value vv = m.get("vertices");
      // The simplicity test and the distance function visit every edge (the
      // test every pair): beyond 10000 vertices a case takes minutes.
      for (const auto& item : vv.items(3, max_polygon_vertices))
        d.vertices.push_back(item.numbers(2, 2));
      if (auto en = m.find("edge_names")) {
        for (const auto& item : en->items(d.vertices.size(), d.vertices.size()))
          d.edge_names.push_back(item.name());
      }
      check_polygon(vv, d);
      if (auto ds = m.find("distance"))
        d.distance = ds->choice({"quadratic", "harmonic", "singular"});
      break;
    }
    default: {
      const Value ops = m.get("operands");
      const auto items = ops.items(2, std::size_t(-1));
      for (const auto& item : items) d.operands.push_back(parse_node(item));
      d.dim = d.operands[0].dim;
      for (std::size_t i = 1; i < items.size(); ++i) {
        if (d.operands[i].dim != d.dim)
          items[i].fail("expected a " + std::to_string(d.dim) + "-dimensional operand like " +
                        "operands[0], found a " + std::to_string(d.operands[i].dim) +
                        "-dimensional " + to_string(d.operands[i].type));
      }
      break;
    }
  }

  // Bounding box.
  const std::size_t n = static_cast<std::size_t>(d.dim);
  d.bbox_min.assign(n, 0.0);
  d.bbox_max.assign(n, 0.0);
  switch (d.type) {
    case DomainType::interval:
    case DomainType::box:
      d.bbox_min = d.min;
      d.bbox_max = d.max;
      break;
    case DomainType::disk:
    case DomainType::ball:
      for (std::size_t i = 0; i < n; ++i) {
        d.bbox_min[i] = d.center[i] - d.radius;
        d.bbox_max[i] = d.center[i] + d.radius;
      }
      break;
    case DomainType::ellipse:
      d.bbox_min = {d.center[0] - d.semi_axes[0], d.center[1] - d.semi_axes[1]};
      d.bbox_max = {d.center[0] + d.semi_axes[0], d.center[1] + d.semi_axes[1]};
      break;
    case DomainType::polygon:
      d.bbox_min = d.vertices[0];
      d.bbox_max = d.vertices[0];
      for (const auto& p : d.vertices) {
        for (std::size_t i = 0; i < 2; ++i) {
          d.bbox_min[i] = std::min(d.bbox_min[i], p[i]);
          d.bbox_max[i] = std::max(d.bbox_max[i], p[i]);
        }
      }
      break;
    case DomainType::union_:
      d.bbox_min = d.operands[0].bbox_min;
      d.bbox_max = d.operands[0].bbox_max;
      for (const auto& o : d.operands) {
        for (std::size_t i = 0; i < n; ++i) {
          d.bbox_min[i] = std::min(d.bbox_min[i], o.bbox_min[i]);
          d.bbox_max[i] = std::max(d.bbox_max[i], o.bbox_max[i]);
        }
      }
      break;
    case DomainType::intersection:
      d.bbox_min = d.operands[0].bbox_min;
      d.bbox_max = d.operands[0].bbox_max;
      for (const auto& o : d.operands) {
        for (std::size_t i = 0; i < n; ++i) {
          d.bbox_min[i] = std::max(d.bbox_min[i], o.bbox_min[i]);
          d.bbox_max[i] = std::min(d.bbox_max[i], o.bbox_max[i]);
        }
      }
      for (std::size_t i = 0; i < n; ++i)
        if (!(d.bbox_max[i] > d.bbox_min[i]))
          m.get("operands").fail("the operands do not overlap: the intersection is empty");
      break;
    case DomainType::difference:
      d.bbox_min = d.operands[0].bbox_min;
      d.bbox_max = d.operands[0].bbox_max;
      break;
  }

  // Part names: natural (leaves) or the operands' (CSG), then rename, then prefix.
  if (is_csg(d.type)) {
    std::map<std::string, std::size_t> owner;
    const auto items = m.get("operands").items();
    for (std::size_t i = 0; i < d.operands.size(); ++i) {
      for (const auto& p : d.operands[i].parts) {
        const auto it = owner.find(p);
        if (it != owner.end())
          items[i].fail("boundary part \"" + p + "\" clashes with the part of the same name in " +
                        "operands[" + std::to_string(it->second) +
                        "]; give the operands a name: (their parts become name:part) or rename:");
        owner.emplace(p, i);
        d.parts.push_back(p);
      }
    }
  } else {
    d.parts = natural_parts(d);
  }
  if (auto rn = m.find("rename")) {
    const MapReader rm = rn->map(d.parts);
    for (const auto& key : rm.keys()) {
      const std::string to = rm.get(key).name();
      d.rename.emplace_back(key, to);
    }
    for (const auto& [from, to] : d.rename) std::replace(d.parts.begin(), d.parts.end(), from, to);
    for (std::size_t i = 0; i < d.parts.size(); ++i)
      for (std::size_t j = i + 1; j < d.parts.size(); ++j)
        if (d.parts[i] == d.parts[j]) rn->fail("two parts would be named \"" + d.parts[i] + "\"");
  }
  if (auto nm = m.find("name")) {
    d.name = nm->name();
    if (d.name.find(':') != std::string::npos) nm->fail("an operand name may not contain ':'");
    for (auto& p : d.parts) p = d.name + ":" + p;
  }
  for (const auto& p : d.parts) {
    if (p == "all") v.fail("\"all\" is reserved (it means every part in boundary conditions)");
  }
  return d;
}

void resolve_parts(DomainSpec& d, const std::vector<std::string>& final_names) {
  d.parts = final_names;
  std::size_t at = 0;
  for (auto& o : d.operands) {
    const std::size_t k = o.parts.size();
    resolve_parts(o, std::vector<std::string>(final_names.begin() + static_cast<long>(at),
                                              final_names.begin() + static_cast<long>(at + k)));
    at += k;
  }
}

}  // namespace

DomainSpec parse_domain(const Value& v) {
  DomainSpec d = parse_node(v);
  const auto names = d.parts;
  resolve_parts(d, names);
  return d;
}

}  // namespace Impl
}  // namespace kanpde::solver
