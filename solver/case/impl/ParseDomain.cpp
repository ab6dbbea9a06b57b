#include "solver/case/impl/ParseDomain.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "common/Coordinates.hpp"
#include "common/Error.hpp"
#include "geometry/Ball.hpp"
#include "geometry/Csg.hpp"
#include "geometry/Ellipse.hpp"
#include "geometry/Polygon.hpp"
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
  std::vector<std::string> p;
  switch (d.type) {
    case DomainType::interval:
    case DomainType::box:
      for (int a = 0; a < d.dim; ++a) {
        p.push_back(coordinate_name(d.dim, a) + "min");
        p.push_back(coordinate_name(d.dim, a) + "max");
      }
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
    "type",      "name",     "rename",     "min",           "max",      "center",   "radius",
    "semi_axes", "vertices", "edge_names", "boundary_name", "operands", "distance", "corners"};

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
      add({"vertices", "edge_names", "distance", "corners"});
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

constexpr std::size_t max_polygon_vertices = 10000;

std::vector<std::array<double, 2>> polygon_vertices(const DomainSpec& d) {
  std::vector<std::array<double, 2>> v;
  for (const auto& p : d.vertices) v.push_back({p[0], p[1]});
  return v;
}

// The geometry module's own polygon checks, reported at the vertex at fault.
void check_polygon(const Value& vertices_value, const DomainSpec& d) {
  const geometry::PolygonDefect defect = geometry::polygon_defect(polygon_vertices(d));
  if (defect.ok()) return;
  if (defect.vertex >= 0) vertices_value.items()[std::size_t(defect.vertex)].fail(defect.message);
  vertices_value.fail(defect.message);
}

void set_bbox(DomainSpec& d, const geometry::BoundingBox& box) {
  const std::size_t n = static_cast<std::size_t>(d.dim);
  d.bbox_min.assign(box.lo.begin(), box.lo.begin() + static_cast<long>(n));
  d.bbox_max.assign(box.hi.begin(), box.hi.begin() + static_cast<long>(n));
}

geometry::BoundingBox bbox_of(const DomainSpec& d) {
  geometry::BoundingBox b;
  b.dim = d.dim;
  for (std::size_t i = 0; i < std::size_t(d.dim); ++i) {
    b.lo[i] = d.bbox_min[i];
    b.hi[i] = d.bbox_max[i];
  }
  return b;
}

// Reads one node; d.parts holds the node's exported names (after renaming and
// prefixing) until resolve_parts replaces them with the final ones.
DomainSpec parse_node(const Value& v, bool root) {
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
      d.min = m.get("min").numbers(2, std::size_t(max_space_dim));
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
      // A disk has 2 coordinates; a ball 3 to max_space_dim (its centre's
      // length is the dimension).
      const std::size_t lo = d.type == DomainType::disk ? 2 : 3;
      const std::size_t hi = d.type == DomainType::disk ? 2 : std::size_t(max_space_dim);
      d.center = m.get("center").numbers(lo, hi);
      d.dim = static_cast<int>(d.center.size());
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
      if (auto cs = m.find("corners")) {
        // The enrichment is built for a polygon that is the whole domain.
        if (!root)
          cs->fail(
              "corner enrichment applies to a polygon that is the whole domain; expected "
              "no corners key on a set operation's operand");
        d.corners = cs->choice({"auto", "none"});
      }
      break;
    }
    default: {
      const Value ops = m.get("operands");
      const auto items = ops.items(2, std::size_t(-1));
      for (const auto& item : items) d.operands.push_back(parse_node(item, false));
      d.dim = d.operands[0].dim;
      if (d.dim > 3)
        items[0].fail(
            "expected an operand in 2 or 3 dimensions (set operations are defined up "
            "to 3D), found a " +
            std::to_string(d.dim) + "-dimensional " + to_string(d.operands[0].type));
      for (std::size_t i = 1; i < items.size(); ++i) {
        if (d.operands[i].dim != d.dim)
          items[i].fail("expected a " + std::to_string(d.dim) + "-dimensional operand like " +
                        "operands[0], found a " + std::to_string(d.operands[i].dim) +
                        "-dimensional " + to_string(d.operands[i].type));
      }
      break;
    }
  }

  // Bounding box: the geometry module's own (its domains are cheap to make
  // but for the CSG measure, which is left to the loader's build_domain).
  switch (d.type) {
    case DomainType::interval:
    case DomainType::box:
      d.bbox_min = d.min;
      d.bbox_max = d.max;
      break;
    case DomainType::disk:
    case DomainType::ball:
    case DomainType::ellipse:
      try {
        set_bbox(d,
                 d.type == DomainType::ellipse
                     ? geometry::Ellipse(d.center[0], d.center[1], d.semi_axes[0], d.semi_axes[1])
                           .bounding_box()
                     : geometry::Ball(d.center, d.radius).bounding_box());
      } catch (const InputError& e) {
        v.fail(e.what());  // the geometry module's own checks, at this node
      }
      break;
    case DomainType::polygon:
      set_bbox(d, geometry::polygon_bounding_box(polygon_vertices(d)));
      break;
    default: {
      const geometry::CsgOp op = d.type == DomainType::union_ ? geometry::CsgOp::Union
                                 : d.type == DomainType::intersection
                                     ? geometry::CsgOp::Intersection
                                     : geometry::CsgOp::Difference;
      geometry::BoundingBox box = bbox_of(d.operands[0]);
      for (std::size_t i = 1; i < d.operands.size(); ++i) {
        box = geometry::csg_bounding_box(op, box, bbox_of(d.operands[i]));
        for (int a = 0; a < d.dim; ++a)
          if (!(box.extent(a) > 0))
            m.get("operands").fail("the operands do not overlap: the intersection is empty");
      }
      set_bbox(d, box);
      break;
    }
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
  DomainSpec d = parse_node(v, true);
  const auto names = d.parts;
  resolve_parts(d, names);
  return d;
}

}  // namespace Impl
}  // namespace kanpde::solver
