#include "solver/case/CaseSpec.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "solver/expr/Field.hpp"

namespace kanpde::solver {

const char* to_string(BcType t) {
  switch (t) {
    case BcType::dirichlet:
      return "dirichlet";
    case BcType::neumann:
      return "neumann";
    case BcType::robin:
      return "robin";
  }
  return "?";
}

std::string hard_value_problem(const Expression& value, int dim,
                               const std::vector<Constant>& constants) {
  if (value.is_constant()) return "";
  std::vector<std::pair<std::string, double>> c;
  for (const Constant& k : constants) c.emplace_back(k.name, k.value);
  try {
    expr::Field::compile(value.text(), dim, c);
  } catch (const std::exception& e) {
    return "enforce: hard (u = G + D N) needs the exact derivatives of the value, which the "
           "expression language cannot give for \"" +
           value.text() + "\" (" + e.what() + "); use enforce: soft";
  }
  return "";
}

const char* to_string(Enforcement e) {
  return e == Enforcement::hard ? "hard" : "soft";
}

const char* to_string(OptimizerKind k) {
  switch (k) {
    case OptimizerKind::adam:
      return "adam";
    case OptimizerKind::lbfgs:
      return "lbfgs";
    case OptimizerKind::lm:
      return "lm";
  }
  return "?";
}

int TrainingSpec::total_steps() const {
  int n = 0;
  for (const auto& s : stages) n += s.steps;
  return n;
}

void CaseSpec::fail(const std::string& path, const std::string& message) const {
  fail_at(where(path), path, message);
}

const BoundaryCondition* CaseSpec::condition_for(const std::string& part) const {
  for (const auto& bc : boundary)
    if (std::find(bc.parts.begin(), bc.parts.end(), part) != bc.parts.end()) return &bc;
  return nullptr;
}

}  // namespace kanpde::solver
