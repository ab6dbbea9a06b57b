// The unknown scalars of an inverse problem (top-level `unknowns:`).
#include <algorithm>
#include <cmath>
#include <memory>

#include "kan/Layout.hpp"
#include "solver/case/impl/Parse.hpp"
#include "solver/expr/Equation.hpp"
#include "solver/expr/Parse.hpp"

namespace kanpde::solver::Impl {

namespace {
// The kernel's limit (solver/pde/impl/AssemblerKernels.hpp kMaxUnknowns).
constexpr std::size_t kMaxUnknownScalars = 8;

// `a: {field: true, positive: .., model: {widths: [d, .., 1], grid_size: G},
// exact: ".."}`.
void parse_field(const Value& e, const std::string& key, CaseSpec& cs) {
  const MapReader u = e.map({"field", "positive", "model", "exact", "regularize"});
  const Value flag = u.get("field");
  if (!flag.boolean())
    flag.fail("expected true (an unknown field) or no `field` key (an unknown scalar)");
  if (!cs.field_unknowns.empty())
    e.fail("at most one unknown field is supported, found a second (\"" + key + "\" after \"" +
           cs.field_unknowns.front().name + "\")");
  FieldUnknownSpec f;
  f.path = e.path();
  f.name = key;
  if (auto p = u.find("positive")) f.positive = p->boolean();
  const int dim = cs.dim();
  if (dim > 3)
    e.fail("unknown fields are read by pde.equation, which is available up to 3D; this case is " +
           std::to_string(dim) + "D");
  const MapReader mm = u.get("model").map({"widths", "grid_size"});
  const Value w = mm.get("widths");
  const auto items = w.items(2, std::size_t(kan::max_layers) + 1);
  for (const auto& it : items) f.widths.push_back(static_cast<int>(it.integer(1, kan::max_width)));
  if (f.widths.front() != dim)
    items.front().fail("expected the domain dimension " + std::to_string(dim) + ", found " +
                       std::to_string(f.widths.front()));
  if (f.widths.back() != 1)
    items.back().fail("expected 1 (the field's network has one output, a), found " +
                      std::to_string(f.widths.back()));
  int total = 0;
  for (int x : f.widths) total += x;
  if (total > kan::max_nodes)
    w.fail("the field's network has " + std::to_string(total) + " nodes, at most " +
           std::to_string(kan::max_nodes) + " fit");
  f.grid_size = static_cast<int>(mm.integer("grid_size", 5, 1, 1000));
  if (auto ex = u.find("exact")) f.exact = ex->expression(dim, cs.constants);
  if (auto rv = u.find("regularize")) {
    const MapReader rm = rv->map({"gradient", "value", "target", "tv", "tv_epsilon"});
    f.reg_gradient = rm.number("gradient", 0.0, Range::non_negative());
    f.reg_value = rm.number("value", 0.0, Range::non_negative());
    f.reg_tv = rm.number("tv", 0.0, Range::non_negative());
    if (auto te = rm.find("tv_epsilon")) {
      if (!rm.has("tv"))
        te->fail("tv_epsilon is the eps of tv · mean sqrt(|grad a|^2 + eps^2): give `tv` too");
      f.reg_tv_epsilon = rm.number("tv_epsilon", f.reg_tv_epsilon, Range::positive());
    }
    if (auto t = rm.find("target")) {
      if (!rm.has("value"))
        t->fail("target is the a0 of value · mean (a - a0)^2: give `value` too");
      f.reg_target = t->expression(dim, cs.constants);
    }
  }
  // The regularisation terms as equations of the field alone.
  expr::EquationOptions o;
  o.dim = dim;
  for (const Constant& c : cs.constants) o.constants.emplace_back(c.name, c.value);
  o.fields = {key};
  const char* const axes = "xyz";
  auto term = [&](const std::string& name, double weight, const std::string& text) {
    f.reg_terms.push_back(
        {name, weight, std::make_shared<const expr::Equation>(expr::Equation::compile(text, o))});
  };
  if (f.reg_gradient > 0 && dim <= 3)
    for (int a = 0; a < dim; ++a)
      term("reg_" + key + "_d" + axes[a], f.reg_gradient,
           std::string("d") + axes[a] + "(" + key + ") = 0");
  // Smoothed TV: r = (|grad a|^2 + eps^2)^(1/4), so that weight · mean r^2
  // is the TV term and Levenberg-Marquardt keeps an exact Jacobian (r is
  // smooth for eps > 0). eps^2 is a constant of its own.
  if (f.reg_tv > 0) {
    std::string g2;
    for (int a = 0; a < dim; ++a)
      g2 += std::string(a ? " + " : "") + "d" + axes[a] + "(" + key + ")^2";
    o.constants.emplace_back("kanpde_tv_eps2", f.reg_tv_epsilon * f.reg_tv_epsilon);
    term("reg_" + key + "_tv", f.reg_tv, "sqrt(sqrt(" + g2 + " + kanpde_tv_eps2)) = 0");
  }
  if (f.reg_value > 0)
    term("reg_" + key + "_value", f.reg_value,
         key + " = (" + (f.reg_target ? f.reg_target->text() : std::string("0")) + ")");
  cs.field_unknowns.push_back(std::move(f));
}
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
    if (cs.unknowns.size() == kMaxUnknownScalars && !(e.is_map() && e.any_map().has("field")))
      e.fail("at most " + std::to_string(kMaxUnknownScalars) + " unknown scalars are supported");
    if (!e.is_map())
      e.fail_expected("a map {init: ..., min: ..., max: ..., exact: ...} (init required)");
    if (e.any_map().has("field")) {
      parse_field(e, key, cs);
      continue;
    }
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
