// The disk, ball and ellipse rows of the domain table
// (solver/case/DomainTypes.hpp): one boundary part, boundary_name.
#include "common/Coordinates.hpp"
#include "common/Error.hpp"
#include "geometry/Ball.hpp"
#include "geometry/Ellipse.hpp"
#include "solver/case/impl/DomainRows.hpp"

namespace kanpde::solver::Impl {
namespace {

// The geometry module's own checks, at this node.
template <class F>
void bbox_from(const Value& node, DomainSpec& d, F&& shape) {
  try {
    set_bbox(d, shape().bounding_box());
  } catch (const InputError& e) {
    node.fail(e.what());
  }
}

// A disk has 2 coordinates; a ball 3 to max_space_dim (its centre's length
// is the dimension).
void parse_round(const Value& node, const MapReader& m, DomainSpec& d, std::size_t lo,
                 std::size_t hi, const char* part) {
  d.center = m.get("center").numbers(lo, hi);
  d.dim = static_cast<int>(d.center.size());
  d.radius = m.get("radius").number(Range::positive());
  d.boundary_name = part;
  if (auto b = m.find("boundary_name")) d.boundary_name = b->name();
  bbox_from(node, d, [&] { return geometry::Ball(d.center, d.radius); });
}

void parse_disk(const Value& node, const MapReader& m, DomainSpec& d, bool, const OperandParser&) {
  parse_round(node, m, d, 2, 2, "circle");
}

void parse_ball(const Value& node, const MapReader& m, DomainSpec& d, bool, const OperandParser&) {
  parse_round(node, m, d, 3, std::size_t(max_space_dim), "sphere");
}

void parse_ellipse(const Value& node, const MapReader& m, DomainSpec& d, bool,
                   const OperandParser&) {
  d.dim = 2;
  d.center = m.get("center").numbers(2, 2);
  d.semi_axes = m.get("semi_axes").numbers(2, 2, Range::positive());
  d.boundary_name = "ellipse";
  if (auto b = m.find("boundary_name")) d.boundary_name = b->name();
  bbox_from(node, d, [&] {
    return geometry::Ellipse(d.center[0], d.center[1], d.semi_axes[0], d.semi_axes[1]);
  });
}

std::vector<std::string> one_part(const DomainSpec& d) {
  return {d.boundary_name};
}

void write_round(YAML::Emitter& out, const DomainSpec& d, const OperandWriter&) {
  out << YAML::Key << "center" << YAML::Value;
  numbers(out, d.center);
  out << YAML::Key << "radius" << YAML::Value << Num{d.radius};
  out << YAML::Key << "boundary_name" << YAML::Value << d.boundary_name;
}

void write_ellipse(YAML::Emitter& out, const DomainSpec& d, const OperandWriter&) {
  out << YAML::Key << "center" << YAML::Value;
  numbers(out, d.center);
  out << YAML::Key << "semi_axes" << YAML::Value;
  numbers(out, d.semi_axes);
  out << YAML::Key << "boundary_name" << YAML::Value << d.boundary_name;
}

geometry::DomainPtr build_ball(const DomainSpec& d, const OperandBuilder&) {
  return std::make_shared<geometry::Ball>(d.center, d.radius);
}

geometry::DomainPtr build_ellipse(const DomainSpec& d, const OperandBuilder&) {
  return std::make_shared<geometry::Ellipse>(d.center[0], d.center[1], d.semi_axes[0],
                                             d.semi_axes[1]);
}

}  // namespace

DomainTypeRow disk_domain() {
  return {DomainType::disk, "disk",    {"center", "radius", "boundary_name"}, parse_disk, one_part,
          write_round,      build_ball};
}

DomainTypeRow ball_domain() {
  return {DomainType::ball, "ball",    {"center", "radius", "boundary_name"}, parse_ball, one_part,
          write_round,      build_ball};
}

DomainTypeRow ellipse_domain() {
  return {DomainType::ellipse, "ellipse", {"center", "semi_axes", "boundary_name"},
          parse_ellipse,       one_part,  write_ellipse,
          build_ellipse};
}

}  // namespace kanpde::solver::Impl
