// The union, intersection and difference rows of the domain table
// (solver/case/DomainTypes.hpp): operands combined left to right; their parts
// are the operands' (the domain parser collects them).
#include "common/Error.hpp"
#include "geometry/Csg.hpp"
#include "solver/case/impl/DomainRows.hpp"

namespace kanpde::solver::Impl {
namespace {

template <geometry::CsgOp Op>
void parse(const Value&, const MapReader& m, DomainSpec& d, bool, const OperandParser& operand) {
  const Value ops = m.get("operands");
  const auto items = ops.items(2, std::size_t(-1));
  for (const auto& item : items) d.operands.push_back(operand(item));
  d.dim = d.operands[0].dim;
  if (d.dim > 3)
    items[0].fail(
        "expected an operand in 2 or 3 dimensions (set operations are defined up "
        "to 3D), found a " +
        std::to_string(d.dim) + "-dimensional " + to_string(d.operands[0].type));
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (d.operands[i].dim != d.dim)
      items[i].fail("expected a " + std::to_string(d.dim) + "-dimensional operand like " +
                    "operands[0], found a " + std::to_string(d.operands[i].dim) + "-dimensional " +
                    to_string(d.operands[i].type));
  }
  geometry::BoundingBox box = bbox_of(d.operands[0]);
  for (std::size_t i = 1; i < d.operands.size(); ++i) {
    box = geometry::csg_bounding_box(Op, box, bbox_of(d.operands[i]));
    for (int a = 0; a < d.dim; ++a)
      if (!(box.extent(a) > 0)) ops.fail("the operands do not overlap: the intersection is empty");
  }
  set_bbox(d, box);
}

void write(YAML::Emitter& out, const DomainSpec& d, const OperandWriter& operand) {
  out << YAML::Key << "operands" << YAML::Value << YAML::BeginSeq;
  for (const auto& o : d.operands) operand(out, o);
  out << YAML::EndSeq;
}

template <geometry::CsgOp Op>
geometry::DomainPtr build(const DomainSpec& d, const OperandBuilder& operand) {
  KANPDE_REQUIRE(d.operands.size() >= 2, "a " << to_string(d.type) << " needs two operands");
  geometry::DomainPtr g = operand(d.operands[0]);
  for (std::size_t i = 1; i < d.operands.size(); ++i) {
    const geometry::DomainPtr b = operand(d.operands[i]);
    g = Op == geometry::CsgOp::Union          ? geometry::make_union(g, b)
        : Op == geometry::CsgOp::Intersection ? geometry::make_intersection(g, b)
                                              : geometry::make_difference(g, b);
  }
  return g;
}

template <geometry::CsgOp Op>
DomainTypeRow row(DomainType t, const char* name) {
  return {t, name, {"operands"}, parse<Op>, nullptr, write, build<Op>};
}

}  // namespace

DomainTypeRow union_domain() {
  return row<geometry::CsgOp::Union>(DomainType::union_, "union");
}
DomainTypeRow intersection_domain() {
  return row<geometry::CsgOp::Intersection>(DomainType::intersection, "intersection");
}
DomainTypeRow difference_domain() {
  return row<geometry::CsgOp::Difference>(DomainType::difference, "difference");
}

}  // namespace kanpde::solver::Impl
