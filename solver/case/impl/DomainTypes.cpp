// The table of domain types (solver/case/DomainTypes.hpp): one row per type,
// each built by the function in its own impl/<Kind>Domain.cpp.
#include "solver/case/DomainTypes.hpp"

#include "common/Error.hpp"

namespace kanpde::solver {
namespace Impl {
DomainTypeRow interval_domain();
DomainTypeRow box_domain();
DomainTypeRow disk_domain();
DomainTypeRow ball_domain();
DomainTypeRow ellipse_domain();
DomainTypeRow polygon_domain();
DomainTypeRow union_domain();
DomainTypeRow intersection_domain();
DomainTypeRow difference_domain();
}  // namespace Impl

const std::vector<DomainTypeRow>& domain_types() {
  static const std::vector<DomainTypeRow> table = [] {
    std::vector<DomainTypeRow> t = {
        Impl::interval_domain(), Impl::box_domain(),          Impl::disk_domain(),
        Impl::ball_domain(),     Impl::ellipse_domain(),      Impl::polygon_domain(),
        Impl::union_domain(),    Impl::intersection_domain(), Impl::difference_domain(),
    };
    for (std::size_t i = 0; i < t.size(); ++i)
      KANPDE_ASSERT(
          static_cast<std::size_t>(t[i].type) == i,
          "the domain table's row " << i << " (" << t[i].name << ") is out of DomainType's order");
    return t;
  }();
  return table;
}

const DomainTypeRow& domain_type(DomainType t) {
  const auto i = static_cast<std::size_t>(t);
  KANPDE_ASSERT(i < domain_types().size(), "domain type " << i << " has no row in the table");
  return domain_types()[i];
}

std::vector<std::string> domain_type_names() {
  std::vector<std::string> n;
  for (const DomainTypeRow& r : domain_types()) n.emplace_back(r.name);
  return n;
}

const std::vector<std::string>& domain_common_keys() {
  static const std::vector<std::string> k = {"type", "name", "rename"};
  return k;
}

const char* to_string(DomainType t) {
  return domain_type(t).name;
}

bool is_csg(DomainType t) {
  return domain_type(t).natural_parts == nullptr;
}

std::vector<std::string> natural_parts(const DomainSpec& d) {
  const DomainTypeRow& r = domain_type(d.type);
  return r.natural_parts ? r.natural_parts(d) : std::vector<std::string>{};
}

}  // namespace kanpde::solver
