// The interval and box rows of the domain table (solver/case/DomainTypes.hpp):
// parts xmin, xmax, ymin, ... (x1min .. above 3D).
#include "common/Coordinates.hpp"
#include "geometry/Box.hpp"
#include "solver/case/impl/DomainRows.hpp"

namespace kanpde::solver::Impl {
namespace {

void parse_interval(const Value&, const MapReader& m, DomainSpec& d, bool, const OperandParser&) {
  d.dim = 1;
  d.min = {m.get("min").number()};
  const Value vmax = m.get("max");
  d.max = {vmax.number()};
  if (!(d.max[0] > d.min[0]))
    vmax.fail("expected max > min = " + format_number(d.min[0]) + ", found " +
              format_number(d.max[0]));
  d.bbox_min = d.min;
  d.bbox_max = d.max;
}

void parse_box(const Value&, const MapReader& m, DomainSpec& d, bool, const OperandParser&) {
  d.min = m.get("min").numbers(2, std::size_t(max_space_dim));
  d.dim = static_cast<int>(d.min.size());
  const Value vmax = m.get("max");
  d.max = vmax.numbers(d.min.size(), d.min.size());
  const auto items = vmax.items();
  for (std::size_t i = 0; i < d.min.size(); ++i)
    if (!(d.max[i] > d.min[i]))
      items[i].fail("expected max > min = " + format_number(d.min[i]) + ", found " +
                    format_number(d.max[i]));
  d.bbox_min = d.min;
  d.bbox_max = d.max;
}

std::vector<std::string> faces(const DomainSpec& d) {
  std::vector<std::string> p;
  for (int a = 0; a < d.dim; ++a) {
    p.push_back(coordinate_name(d.dim, a) + "min");
    p.push_back(coordinate_name(d.dim, a) + "max");
  }
  return p;
}

void write_interval(YAML::Emitter& out, const DomainSpec& d, const OperandWriter&) {
  out << YAML::Key << "min" << YAML::Value << Num{d.min[0]};
  out << YAML::Key << "max" << YAML::Value << Num{d.max[0]};
}

void write_box(YAML::Emitter& out, const DomainSpec& d, const OperandWriter&) {
  out << YAML::Key << "min" << YAML::Value;
  numbers(out, d.min);
  out << YAML::Key << "max" << YAML::Value;
  numbers(out, d.max);
}

geometry::DomainPtr build(const DomainSpec& d, const OperandBuilder&) {
  return std::make_shared<geometry::Box>(d.min, d.max);
}

}  // namespace

DomainTypeRow interval_domain() {
  return {DomainType::interval, "interval", {"min", "max"}, parse_interval, faces,
          write_interval,       build};
}

DomainTypeRow box_domain() {
  return {DomainType::box, "box", {"min", "max"}, parse_box, faces, write_box, build};
}

}  // namespace kanpde::solver::Impl
