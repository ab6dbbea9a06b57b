#include "solver/case/CaseSpec.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
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
    case BcType::equation:
      return "equation";
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

std::vector<Constant> CaseSpec::constants_and_unknowns() const {
  std::vector<Constant> out = constants;
  for (const UnknownSpec& u : unknowns) {
    Constant k;
    k.name = u.name;
    k.text = std::to_string(u.init);
    k.value = u.init;
    out.push_back(k);
  }
  // A field checks as the value 1 (its values come from its network).
  for (const FieldUnknownSpec& f : field_unknowns) {
    Constant k;
    k.name = f.name;
    k.text = "1";
    k.value = 1.0;
    out.push_back(k);
  }
  return out;
}

bool CaseSpec::mentions_unknown(const std::string& expr_text) const {
  if (unknowns.empty() && field_unknowns.empty()) return false;
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t i = 0; i < expr_text.size();) {
    if (!(std::isalpha(static_cast<unsigned char>(expr_text[i])) || expr_text[i] == '_')) {
      // A number's exponent (2e3) or digits: skip the whole token.
      while (i < expr_text.size() && name_char(expr_text[i])) ++i;
      if (i < expr_text.size() && !name_char(expr_text[i])) ++i;
      continue;
    }
    std::size_t j = i;
    while (j < expr_text.size() && name_char(expr_text[j])) ++j;
    const std::string token = expr_text.substr(i, j - i);
    for (const UnknownSpec& u : unknowns)
      if (u.name == token) return true;
    for (const FieldUnknownSpec& f : field_unknowns)
      if (f.name == token) return true;
    i = j;
  }
  return false;
}

int TrainingSpec::total_steps() const {
  int n = 0;
  for (const auto& s : stages) n += s.steps;
  return n;
}

std::string ReferenceSpec::unknowns_text() const {
  double n = 1.0;
  bool same = true;
  for (int r : resolution) {
    n *= r;
    same = same && r == resolution.front();
  }
  std::string grid;
  if (same) {
    grid = std::to_string(resolution.front()) + "^" + std::to_string(resolution.size());
  } else {
    for (std::size_t a = 0; a < resolution.size(); ++a)
      grid += (a ? "x" : "") + std::to_string(resolution[a]);
  }
  char count[32];
  std::snprintf(count, sizeof count, "%.3g", n);
  return grid + " = " + count + " unknowns on its grid in " + std::to_string(resolution.size()) +
         " dimensions; finite differences run in 1 to 3 dimensions";
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
