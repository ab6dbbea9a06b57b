#include "solver/case/ForwardCase.hpp"

#include <yaml-cpp/yaml.h>

#include "common/Error.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/case/impl/Reader.hpp"

namespace kanpde::solver {

CaseSpec forward_case(const CaseSpec& spec, const std::vector<double>& values) {
  KANPDE_REQUIRE(
      values.size() == spec.unknowns.size(),
      "forward case: " << values.size() << " values for " << spec.unknowns.size() << " unknowns");
  YAML::Node root = YAML::Load(spec.to_yaml());
  root.remove("unknowns");
  YAML::Node constants = root["constants"];
  for (std::size_t i = 0; i < values.size(); ++i)
    constants[spec.unknowns[i].name] = Impl::format_number(values[i]);
  root["reference"]["enabled"] = true;
  YAML::Emitter out;
  out << root;
  return load_case_text(out.c_str(), spec.file);
}

}  // namespace kanpde::solver
