// The unknown scalars of an inverse problem (top-level `unknowns:`).
#include <algorithm>
#include <cmath>
#include <memory>

#include "solver/case/impl/Parse.hpp"
#include "solver/expr/Equation.hpp"
#include "solver/expr/Parse.hpp"

namespace kanpde::solver::Impl {

namespace {
// The kernel's limit (solver/pde/impl/AssemblerKernels.hpp kMaxUnknowns).
constexpr std::size_t kMaxUnknownScalars = 8;
}  // namespace

void parse_unknowns(const Value& v, CaseSpec& cs) {
  const MapReader m = v.any_map();
  const auto& reserved = Expression::reserved_names();
  const auto& eq_names = expr::equation_names();
  for (const auto& key : m.keys()) {
    const Value e = m.get(key);
    const std::string what = "unknown name \"" + key + "\"";
    if (!expr::is_name(key))
      e.fail(what + " is not a name (letters, digits and _, starting with a letter)");
    if (std::find(reserved.begin(), reserved.end(), key) != reserved.end() ||
        std::find(eq_names.begin(), eq_names.end(), key) != eq_names.end())
      e.fail(what + " is reserved (a variable, built-in constant, function or operator)");
    for (const auto& k : cs.constants)
      if (k.name == key) e.fail(what + " is also a constant");
    if (cs.unknowns.size() == kMaxUnknownScalars)
      e.fail("at most " + std::to_string(kMaxUnknownScalars) + " unknown scalars are supported");
    if (!e.is_map())
      e.fail_expected("a map {init: ..., min: ..., max: ..., exact: ...} (init required)");
    if (const auto f = e.any_map().find("field"))
      f->fail(
          "unknown fields (field: true) are not trained yet: the equations and the residual "
          "assembler read a second network a(x), but solve does not build or train one; "
          "expected an unknown scalar {init: ..., min: ..., max: ..., exact: ...}");
    const MapReader u = e.map({"init", "min", "max", "exact"});
    UnknownSpec s;
    s.path = e.path();
    s.name = key;
    if (auto lo = u.find("min")) s.min = lo->constant(cs.constants);
    if (auto hi = u.find("max")) {
      s.max = hi->constant(cs.constants);
      if (!(s.max > s.min))
        hi->fail("max must be greater than min (" + format_number(s.min) + "), found " +
                 format_number(s.max));
    }
    const Value init = u.get("init");
    s.init = init.constant(cs.constants);
    if (!(s.init > s.min && s.init < s.max))
      init.fail("init must lie strictly inside (min, max) = (" + format_number(s.min) + ", " +
                format_number(s.max) + "), found " + format_number(s.init) +
                " (the bounds are approached, never reached)");
    if (auto ex = u.find("exact")) s.exact = ex->constant(cs.constants);
    cs.unknowns.push_back(s);
  }
  if (cs.unknowns.empty()) return;
  auto values = std::make_shared<expr::UnknownValues>();
  for (const UnknownSpec& s : cs.unknowns) {
    values->names.push_back(s.name);
    values->values.push_back(s.init);
  }
  cs.unknown_values = std::move(values);
}

}  // namespace kanpde::solver::Impl
