#include "solver/case/impl/ParseDomain.hpp"

#include <algorithm>
#include <map>

#include "solver/case/DomainTypes.hpp"
#include "solver/case/impl/TableKeys.hpp"

namespace kanpde::solver {

namespace Impl {
namespace {

// Reads one node; d.parts holds the node's exported names (after renaming and
// prefixing) until resolve_parts replaces them with the final ones.
DomainSpec parse_node(const Value& v, bool root) {
  DomainSpec d;
  d.path = v.path();
  if (!v.is_map()) v.map(table_keys(domain_common_keys(), domain_types(), nullptr));
  const std::vector<std::string> names = domain_type_names();
  const std::string type = v.any_map().get("type").choice(names);
  d.type = static_cast<DomainType>(std::find(names.begin(), names.end(), type) - names.begin());
  const DomainTypeRow& row = domain_type(d.type);
  const MapReader m = v.map(table_keys(domain_common_keys(), domain_types(), &row),
                            other_rows_key(domain_types(), row));
  // The shape, its dimension and bounding box (the geometry module's own).
  row.parse(v, m, d, root, [](const Value& operand) { return parse_node(operand, false); });

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
