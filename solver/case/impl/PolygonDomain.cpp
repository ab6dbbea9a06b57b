// The polygon row of the domain table (solver/case/DomainTypes.hpp): parts
// edge0 .. edge{n-1}, or the edge_names (edges sharing a name form one part).
#include <algorithm>
#include <array>

#include "geometry/Polygon.hpp"
#include "solver/case/impl/DomainRows.hpp"

namespace kanpde::solver::Impl {
namespace {

// The simplicity test and the distance function visit every edge (the test
// every pair): beyond 10000 vertices a case takes minutes.
constexpr std::size_t max_polygon_vertices = 10000;

// geometry::PolygonDistance's names.
const std::vector<std::string>& distances() {
  static const std::vector<std::string> n = {"quadratic", "harmonic", "singular"};
  return n;
}

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

void parse(const Value&, const MapReader& m, DomainSpec& d, bool root, const OperandParser&) {
  d.dim = 2;
  const Value vv = m.get("vertices");
  for (const auto& item : vv.items(3, max_polygon_vertices))
    d.vertices.push_back(item.numbers(2, 2));
  if (auto en = m.find("edge_names")) {
    for (const auto& item : en->items(d.vertices.size(), d.vertices.size()))
      d.edge_names.push_back(item.name());
  }
  check_polygon(vv, d);
  if (auto ds = m.find("distance")) d.distance = ds->choice(distances());
  if (auto cs = m.find("corners")) {
    // The enrichment is built for a polygon that is the whole domain.
    if (!root)
      cs->fail(
          "corner enrichment applies to a polygon that is the whole domain; expected "
          "no corners key on a set operation's operand");
    d.corners = cs->choice({"auto", "none"});
  }
  set_bbox(d, geometry::polygon_bounding_box(polygon_vertices(d)));
}

std::vector<std::string> edges(const DomainSpec& d) {
  std::vector<std::string> p;
  for (std::size_t i = 0; i < d.vertices.size(); ++i) {
    const std::string n = d.edge_names.empty() ? "edge" + std::to_string(i) : d.edge_names[i];
    if (std::find(p.begin(), p.end(), n) == p.end()) p.push_back(n);  // shared names merge
  }
  return p;
}

void write(YAML::Emitter& out, const DomainSpec& d, const OperandWriter&) {
  out << YAML::Key << "vertices" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& v : d.vertices) numbers(out, v);
  out << YAML::EndSeq;
  if (!d.edge_names.empty()) {
    out << YAML::Key << "edge_names" << YAML::Value;
    strings(out, d.edge_names);
  }
  out << YAML::Key << "distance" << YAML::Value << d.distance;
  if (d.path == "domain") out << YAML::Key << "corners" << YAML::Value << d.corners;
}

geometry::DomainPtr build(const DomainSpec& d, const OperandBuilder&) {
  auto poly = std::make_shared<geometry::Polygon>(polygon_vertices(d), d.edge_names);
  const auto& n = distances();
  poly->set_distance(static_cast<geometry::PolygonDistance>(
      std::find(n.begin(), n.end(), d.distance) - n.begin()));
  return poly;
}

}  // namespace

DomainTypeRow polygon_domain() {
  return {DomainType::polygon,
          "polygon",
          {"vertices", "edge_names", "distance", "corners"},
          parse,
          edges,
          write,
          build};
}

}  // namespace kanpde::solver::Impl
