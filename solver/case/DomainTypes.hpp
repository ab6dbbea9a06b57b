#pragma once
// The domain types of a case file: one table (impl/DomainTypes.cpp), one row
// per type. The domain parser, the resolved-case writer, the geometry builder
// and the schema reference's test (cases/README.md) read it; the parser's
// generic part (rename, name, part names, "all") is the same for every type.
//
// Adding a domain type: its geometry class (geometry/), its DomainType value
// and its shape's fields in DomainSpec (DomainSpec.hpp), its row's functions
// in impl/<Kind>Domain.cpp, and its row in the table.

#include <functional>
#include <string>
#include <vector>

#include "geometry/Domain.hpp"
#include "solver/case/DomainSpec.hpp"

namespace YAML {
class Emitter;
}

namespace kanpde::solver {
namespace Impl {
class Value;
class MapReader;
}  // namespace Impl

// The recursion of set operations: an operand's node read, written, built.
using OperandParser = std::function<DomainSpec(const Impl::Value& node)>;
using OperandWriter = std::function<void(YAML::Emitter& out, const DomainSpec& operand)>;
using OperandBuilder = std::function<geometry::DomainPtr(const DomainSpec& operand)>;

struct DomainTypeRow {
  DomainType type;
  const char* name;  // in case files
  // Its own keys (every node also has: domain_common_keys()).
  std::vector<std::string> keys;
  // Its keys from the node's map into d (type, path set): the shape, dim and
  // the bounding box; root: the node is the whole domain. Errors located.
  void (*parse)(const Impl::Value& node, const Impl::MapReader& m, DomainSpec& d, bool root,
                const OperandParser& operand);
  // A leaf's part names before renaming and prefixing (empty for a set
  // operation: its parts are its operands').
  std::vector<std::string> (*natural_parts)(const DomainSpec& d);
  // Its keys, into the node's open map (the resolved case).
  void (*write)(YAML::Emitter& out, const DomainSpec& d, const OperandWriter& operand);
  // The geometry module's domain, before renaming and prefixing.
  geometry::DomainPtr (*build)(const DomainSpec& d, const OperandBuilder& operand);
};

// In the order of DomainType.
const std::vector<DomainTypeRow>& domain_types();
const DomainTypeRow& domain_type(DomainType t);
std::vector<std::string> domain_type_names();
// The keys of every node: type, name, rename.
const std::vector<std::string>& domain_common_keys();

}  // namespace kanpde::solver
