#include "solver/case/ForwardCase.hpp"

#include <yaml-cpp/yaml.h>

#include <memory>

#include "common/Error.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/case/impl/Reader.hpp"

namespace kanpde::solver {

namespace {

expr::EquationOptions options(const CaseSpec& cs, bool boundary) {
  expr::EquationOptions o;
  o.dim = cs.dim();
  for (const Constant& c : cs.constants) o.constants.emplace_back(c.name, c.value);
  o.coefficients = cs.pde.coefficient_fields;
  o.boundary = boundary;
  o.unknowns = cs.unknown_values;
  return o;
}

// The loaded forward case has `name` as a placeholder coefficient of x: it
// becomes `field`, and the equations that may read it are compiled again.
void install_field(CaseSpec& cs, const std::string& name, const expr::Field& field) {
  bool found = false;
  for (std::size_t i = 0; i < cs.pde.coefficient_fields.size(); ++i) {
    expr::Coefficient& c = cs.pde.coefficient_fields[i];
    if (c.name != name) continue;
    c.components = {field};
    cs.pde.coefficients[i].second = field.text();
    found = true;
  }
  KANPDE_VERIFY(found, "forward case: no coefficient \"" << name << "\"");
  const std::shared_ptr<const expr::Equation> pde = std::make_shared<const expr::Equation>(
      expr::Equation::compile(cs.pde.equation, options(cs, false)));
  cs.pde.compiled = pde;
  for (BoundaryCondition& bc : cs.boundary)
    if (bc.type == BcType::equation)
      bc.compiled = std::make_shared<const expr::Equation>(
          expr::Equation::compile(bc.equation, options(cs, true)));
}

}  // namespace

CaseSpec forward_case(const CaseSpec& spec, const std::vector<double>& values,
                      const expr::Field* field) {
  KANPDE_REQUIRE(
      values.size() == spec.unknowns.size(),
      "forward case: " << values.size() << " values for " << spec.unknowns.size() << " unknowns");
  KANPDE_VERIFY(spec.field_unknowns.empty() || (field && field->dim() == spec.dim()),
                "forward case: the unknown field needs its values");
  YAML::Node root = YAML::Load(spec.to_yaml());
  root.remove("unknowns");
  YAML::Node constants = root["constants"];
  for (std::size_t i = 0; i < values.size(); ++i)
    constants[spec.unknowns[i].name] = Impl::format_number(values[i]);
  // The field: a placeholder coefficient of x (not constant, so the
  // equation tabulates it), replaced after loading.
  if (!spec.field_unknowns.empty())
    root["pde"]["coefficients"][spec.field_unknowns.front().name] = "1 + x^2";
  root["reference"]["enabled"] = true;
  YAML::Emitter out;
  out << root;
  CaseSpec cs = load_case_text(out.c_str(), spec.file);
  if (!spec.field_unknowns.empty()) install_field(cs, spec.field_unknowns.front().name, *field);
  return cs;
}

}  // namespace kanpde::solver
