// The problem itself: the equation (pde) and the boundary conditions.
#include <algorithm>
#include <map>
#include <memory>

#include "solver/case/impl/Parse.hpp"
#include "solver/case/impl/Suggest.hpp"
#include "solver/expr/Parse.hpp"

namespace kanpde::solver::Impl {

namespace {

const std::vector<std::string> kForms = {"-laplace(u) = f", "laplace(u) = f",
                                         "-laplace(u) + c*u = f", "laplace(u) + c*u = f"};

std::string strip_spaces(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return out;
}

const std::vector<std::string> kBoundaryKeys = {"parts", "type",    "value",  "a",
                                                "b",     "enforce", "weight", "equation"};

std::vector<std::pair<std::string, double>> constant_values(const CaseSpec& cs) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& c : cs.constants) out.emplace_back(c.name, c.value);
  return out;
}

expr::EquationOptions equation_options(const CaseSpec& cs, bool boundary) {
  expr::EquationOptions o;
  o.dim = cs.dim();
  o.constants = constant_values(cs);
  o.coefficients = cs.pde.coefficient_fields;
  o.boundary = boundary;
  o.unknowns = cs.unknown_values;
  for (const FieldUnknownSpec& f : cs.field_unknowns) o.fields.push_back(f.name);
  return o;
}

void parse_coefficients(const Value& v, CaseSpec& cs) {
  const MapReader m = v.any_map();
  const auto& reserved = Expression::reserved_names();
  const auto& eq_names = expr::equation_names();
  for (const auto& key : m.keys()) {
    const Value c = m.get(key);
    const std::string what = "coefficient name \"" + key + "\"";
    if (!expr::is_name(key))
      c.fail(what + " is not a name (letters, digits and _, starting with a letter)");
    if (std::find(reserved.begin(), reserved.end(), key) != reserved.end() ||
        std::find(eq_names.begin(), eq_names.end(), key) != eq_names.end())
      c.fail(what + " is reserved (a variable, built-in constant, function or operator)");
    for (const auto& k : cs.constants)
      if (k.name == key) c.fail(what + " is also a constant");
    for (const auto& k : cs.unknowns)
      if (k.name == key) c.fail(what + " is also an unknown");
    for (const auto& k : cs.field_unknowns)
      if (k.name == key) c.fail(what + " is also an unknown field");
    const int dim = cs.dim();
    if (cs.mentions_unknown(c.string())) {
      // Checked with the unknowns at their initial values (located errors),
      // then kept as text: the equation reads it with the unknowns' values.
      std::vector<std::pair<std::string, double>> with;
      for (const auto& k : cs.constants_and_unknowns()) with.emplace_back(k.name, k.value);
      c.compiled([&](const std::string& text) {
        return expr::Coefficient::compile(key, text, dim, with);
      });
      expr::Coefficient co;
      co.name = key;
      co.inline_text = c.string();
      cs.pde.coefficient_fields.push_back(co);
      cs.pde.coefficients.emplace_back(key, c.string());
      continue;
    }
    const auto constants = constant_values(cs);
    cs.pde.coefficient_fields.push_back(c.compiled([&](const std::string& text) {
      return expr::Coefficient::compile(key, text, dim, constants);
    }));
    cs.pde.coefficients.emplace_back(key, c.string());
  }
}

void collect_parts(const DomainSpec& d, std::vector<std::string>& out) {
  out.insert(out.end(), d.parts.begin(), d.parts.end());
  for (const auto& o : d.operands) collect_parts(o, out);
}

}  // namespace

void parse_pde(const Value& v, CaseSpec& cs) {
  const MapReader m =
      v.map({"form", "c", "source", "exact", "equation", "coefficients", "interfaces"});
  PdeSpec& pde = cs.pde;
  if (auto eq = m.find("equation")) {
    for (const char* k : {"form", "c", "source"})
      if (auto x = m.find(k))
        x->fail(std::string("\"") + k +
                "\" belongs to the shorthand form; with pde.equation write the whole "
                "equation there (e.g. \"-lap(u) + c*u = f\", with f in pde.coefficients)");
    if (cs.dim() > 3)
      eq->fail("the equation language works in 1 to 3 dimensions, this case has " +
               std::to_string(cs.dim()) +
               "; above 3D write the PDE with pde.source (form: \"-lap(u) = f\" or "
               "\"-lap(u) + c*u = f\")");
    if (auto co = m.find("coefficients")) parse_coefficients(*co, cs);
    const expr::EquationOptions o = equation_options(cs, false);
    pde.compiled = std::make_shared<const expr::Equation>(
        eq->compiled([&](const std::string& text) { return expr::Equation::compile(text, o); }));
    pde.equation = eq->string();
    pde.form.clear();
    pde.interfaces = m.choice("interfaces", "auto", {"auto", "none"});
    if (auto ex = m.find("exact")) pde.exact = ex->expression(cs.dim(), cs.constants);
    return;
  }
  if (auto it = m.find("interfaces"))
    it->fail("interfaces are found in the coefficients of pde.equation; write the equation there");
  if (auto co = m.find("coefficients"))
    co->fail(
        "coefficients are the named fields of pde.equation; write the equation there "
        "(e.g. equation: \"-div(a*grad(u)) = f\")");
  for (const char* k : {"c", "source"})
    if (auto x = m.find(k))
      if (x->is_scalar() && cs.mentions_unknown(x->node().Scalar()))
        x->fail(
            "unknown scalars are read by the general form only: write the equation as "
            "pde.equation (e.g. \"-k*lap(u) = f\")");
  const auto c = m.find("c");
  pde.form = c ? kForms[2] : kForms[0];
  if (auto f = m.find("form")) {
    const std::string given = strip_spaces(f->string());
    auto it = std::find_if(kForms.begin(), kForms.end(),
                           [&](const std::string& k) { return strip_spaces(k) == given; });
    if (it == kForms.end()) {
      f->fail("expected one of " + quoted_list(kForms) + ", found \"" + f->string() + "\"" +
              did_you_mean(f->string(), kForms));
    }
    pde.form = *it;
  }
  const bool has_c_term = pde.form.find("c*u") != std::string::npos;
  pde.laplacian_sign = pde.form[0] == '-' ? -1 : +1;
  if (has_c_term && !c) m.self().fail("missing required key \"c\" (the form has a c*u term)");
  if (!has_c_term && c)
    c->fail("the form \"" + pde.form + "\" has no c*u term; write form: \"" +
            (pde.laplacian_sign < 0 ? kForms[2] : kForms[3]) + "\"");
  pde.c_given = c ? c->constant(cs.constants) : 0.0;
  pde.c = -pde.laplacian_sign * pde.c_given;
  if (pde.c == 0.0) pde.c = 0.0;  // no -0 in the resolved case

  const Value src = m.get("source");
  pde.source = src.expression(cs.dim(), cs.constants);
  pde.f = pde.laplacian_sign < 0
              ? pde.source
              : Expression::compile("-(" + pde.source.text() + ")", cs.dim(), cs.constants);
  if (auto ex = m.find("exact")) pde.exact = ex->expression(cs.dim(), cs.constants);
}

void parse_boundary(const Value& v, CaseSpec& cs) {
  const auto& all_parts = cs.domain.parts;
  const auto entries = v.items(1, std::size_t(-1));
  for (const auto& e : entries) {
    const MapReader m = e.map(kBoundaryKeys);
    BoundaryCondition bc;
    bc.path = e.path();
    const Value parts = m.get("parts");
    std::vector<Value> items;
    if (parts.is_scalar()) {
      items.push_back(parts);
    } else if (parts.is_list()) {
      items = parts.items(1, std::size_t(-1));
    } else {
      parts.fail_expected("a part name, a list of part names, or \"all\"");
    }
    for (const auto& it : items) {
      const std::string p = it.string();
      if (p == "all") {
        if (items.size() > 1) it.fail("\"all\" stands alone: it already names every part");
        bc.parts = all_parts;
        continue;
      }
      if (std::find(all_parts.begin(), all_parts.end(), p) == all_parts.end()) {
        std::vector<std::string> any;
        for (const auto& o : cs.domain.operands) collect_parts(o, any);
        if (std::find(any.begin(), any.end(), p) != any.end())
          it.fail("boundary part \"" + p + "\" does not survive on the boundary of the " +
                  to_string(cs.domain.type) + " (no piece of it is on the result's boundary); " +
                  "the domain's parts are " + quoted_list(all_parts, " and "));
        it.fail("unknown boundary part \"" + p + "\"" + did_you_mean(p, all_parts) +
                "; the domain's parts are " + quoted_list(all_parts, " and ") + " (or \"all\")");
      }
      if (std::find(bc.parts.begin(), bc.parts.end(), p) != bc.parts.end())
        it.fail("boundary part \"" + p + "\" is listed twice");
      bc.parts.push_back(p);
    }
    const std::string type = m.get("type").choice({"dirichlet", "neumann", "robin", "equation"});
    bc.type = type == "dirichlet"  ? BcType::dirichlet
              : type == "neumann"  ? BcType::neumann
              : type == "equation" ? BcType::equation
                                   : BcType::robin;
    if (bc.type == BcType::equation) {
      for (const char* k : {"value", "a", "b", "enforce"})
        if (auto x = m.find(k))
          x->fail(std::string("\"") + k +
                  "\" does not belong to an equation condition: write the whole condition in "
                  "its equation (e.g. \"dot(grad(u), n) + u^4 = g\")");
      const expr::EquationOptions o = equation_options(cs, true);
      const Value eq = m.get("equation");
      if (cs.dim() > 3)
        eq.fail("the equation language works in 1 to 3 dimensions, this case has " +
                std::to_string(cs.dim()) + "; above 3D use type: dirichlet, neumann or robin");
      bc.compiled = std::make_shared<const expr::Equation>(
          eq.compiled([&](const std::string& text) { return expr::Equation::compile(text, o); }));
      bc.equation = eq.string();
      bc.weight = -1.0;
      if (auto w = m.find("weight")) bc.weight = w->number(Range::positive());
      cs.boundary.push_back(bc);
      continue;
    }
    if (auto x = m.find("equation"))
      x->fail("\"equation\" belongs to conditions of type: equation");
    const bool reads_unknowns = cs.mentions_unknown(m.get("value").string());
    bc.value = m.get("value").expression(
        cs.dim(), reads_unknowns ? cs.constants_and_unknowns() : cs.constants);
    if (bc.type == BcType::robin) {
      bc.a = m.get("a").constant(cs.constants);
      bc.b = m.get("b").constant(cs.constants);
      if (bc.a == 0.0 && bc.b == 0.0) m.get("b").fail("a and b are both 0: no condition left");
    } else {
      for (const char* k : {"a", "b"})
        if (auto x = m.find(k))
          x->fail(std::string("\"") + k + "\" belongs to robin conditions (a u + b du/dn = g)");
    }
    // enforce: "auto" (the default) imposes a Dirichlet condition exactly
    // (u = G + D N) unless the entry gives a loss weight (a soft term was
    // asked for) or its value cannot be imposed exactly (hard_value_problem).
    std::string enforce = "auto";
    if (auto en = m.find("enforce")) {
      if (bc.type != BcType::dirichlet)
        en->fail("enforce applies to Dirichlet conditions only (others are always soft)");
      enforce = en->choice({"auto", "soft", "hard"});
    }
    // An equation in Hessian jets has no exact enforcement yet (the trial
    // function's product rule is written for Laplacian jets): auto is soft.
    const bool hessian = cs.pde.general() && cs.pde.compiled->mode() == expr::JetMode::hessian;
    const bool imposable = bc.type == BcType::dirichlet && !reads_unknowns &&
                           hard_value_problem(bc.value, cs.dim(), cs.constants).empty() && !hessian;
    if (enforce == "hard" && reads_unknowns)
      m.get("enforce").fail(
          "a value that reads unknown scalars is learned with them, not imposed exactly: use "
          "enforce: soft (or auto)");
    if (enforce == "hard" && hessian)
      m.get("enforce").fail(
          "enforce: hard is not available with an equation that needs single second "
          "derivatives of u (Hessian jets) yet; use enforce: soft (or auto)");
    bc.enforce = enforce == "hard" || (enforce == "auto" && imposable && !m.find("weight"))
                     ? Enforcement::hard
                     : Enforcement::soft;
    bc.enforce_auto = enforce == "auto";
    bc.weight = -1.0;
    if (auto w = m.find("weight")) {
      if (bc.enforce == Enforcement::hard)
        w->fail("a hard (exactly enforced) condition has no loss term and no weight");
      bc.weight = w->number(Range::positive());
    }
    if (reads_unknowns) {
      // The condition as an equation of the language, so that dr/dk reaches
      // the unknowns (its text the one of the resolved case's entry).
      const std::string g = "(" + bc.value.text() + ")";
      const std::string eq = bc.type == BcType::dirichlet ? "u = " + g
                             : bc.type == BcType::neumann
                                 ? "dot(grad(u), n) = " + g
                                 : "(" + format_number(bc.a) + ")*u + (" + format_number(bc.b) +
                                       ")*dot(grad(u), n) = " + g;
      bc.compiled =
          std::make_shared<const expr::Equation>(m.get("value").compiled([&](const std::string&) {
            return expr::Equation::compile(eq, equation_options(cs, true));
          }));
    }
    cs.boundary.push_back(bc);
  }
}

void check_boundary_coverage(const Value& v, const CaseSpec& cs) {
  const auto entries = v.items();
  std::map<std::string, std::size_t> owner;
  for (std::size_t i = 0; i < cs.boundary.size(); ++i) {
    const Value parts = entries[i].map(kBoundaryKeys).get("parts");
    for (const auto& p : cs.boundary[i].parts) {
      const auto it = owner.find(p);
      if (it != owner.end()) {
        Value at = parts;
        if (parts.is_list())
          for (const auto& item : parts.items())
            if (item.is_scalar() && item.node().Scalar() == p) at = item;
        at.fail("boundary part \"" + p + "\" already has a condition in boundary[" +
                std::to_string(it->second) + "]: every part needs exactly one");
      }
      owner.emplace(p, i);
    }
  }
  std::vector<std::string> missing;
  for (const auto& p : cs.domain.parts)
    if (owner.find(p) == owner.end()) missing.push_back(p);
  if (!missing.empty()) {
    v.fail("boundary part" + std::string(missing.size() > 1 ? "s " : " ") +
           quoted_list(missing, " and ") + (missing.size() > 1 ? " have" : " has") +
           " no condition: every part needs exactly one (the domain's parts are " +
           quoted_list(cs.domain.parts, " and ") + ")");
  }
  // Exact enforcement (u = G + D N, solver/pde/HardBoundary.hpp): each hard
  // entry's value must have exact jets; any parts, any number of entries,
  // different values on each.
  for (std::size_t i = 0; i < cs.boundary.size(); ++i) {
    const BoundaryCondition& bc = cs.boundary[i];
    if (bc.enforce != Enforcement::hard) continue;
    const std::string why = hard_value_problem(bc.value, cs.dim(), cs.constants);
    if (!why.empty()) entries[i].map(kBoundaryKeys).get("value").fail(why);
  }
  // (A general equation or an equation condition may pin the value through
  // any term: not second-guessed here.)
  bool pins_value = cs.pde.c != 0.0 || cs.pde.general();
  for (const auto& bc : cs.boundary)
    pins_value = pins_value || bc.type == BcType::dirichlet || bc.type == BcType::equation ||
                 (bc.type == BcType::robin && bc.a != 0.0);
  if (!pins_value) {
    v.fail(
        "only Neumann conditions and c = 0: the solution is determined only up to a "
        "constant; make one part Dirichlet or Robin (a != 0), or use c != 0");
  }
}

}  // namespace kanpde::solver::Impl
