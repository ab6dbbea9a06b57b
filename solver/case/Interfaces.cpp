#include "solver/case/Interfaces.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "common/Error.hpp"
#include "solver/case/CaseSpec.hpp"
#include "solver/expr/Equation.hpp"
#include "solver/expr/Field.hpp"
#include "solver/expr/Parse.hpp"
#include "solver/expr/Tree.hpp"

namespace kanpde::solver {

namespace {

const std::vector<std::string> kCoordinateNames = {"x", "y", "z"};

bool is_comparison(expr::Op op) {
  return op == expr::Op::Lt || op == expr::Op::Le || op == expr::Op::Gt || op == expr::Op::Ge;
}

// A discontinuity whose location kanpde does not derive.
bool is_unlocated_step(expr::Op op) {
  return op == expr::Op::Eq || op == expr::Op::Ne || op == expr::Op::Sign ||
         op == expr::Op::Floor || op == expr::Op::Ceil || op == expr::Op::Rint ||
         op == expr::Op::Fmod;
}

bool has_comparison(const expr::NodePtr& n) {
  if (is_comparison(n->op) || n->op == expr::Op::Cond) return true;
  for (const auto& a : n->args)
    if (has_comparison(a)) return true;
  return false;
}

// A crude look at a text (no parse): no comparison operator or ternary.
bool comparison_free(const std::string& text) {
  return text.find_first_of("<>?") == std::string::npos;
}

}  // namespace

std::vector<std::string> comparison_level_sets(
    const std::string& text, int dim,
    const std::vector<std::pair<std::string, double>>& constants) {
  expr::Scope scope = expr::Scope::coordinates(dim);
  for (const auto& c : constants) scope.add_constant(c.first, c.second);
  const expr::Value v = expr::parse(text, scope);
  std::vector<std::string> out;
  std::set<const expr::Node*> seen;
  const std::vector<std::string> names(kCoordinateNames.begin(), kCoordinateNames.begin() + dim);
  std::function<void(const expr::NodePtr&)> walk = [&](const expr::NodePtr& n) {
    if (!seen.insert(n.get()).second) return;
    if (is_unlocated_step(n->op) && expr::uses_any_slot(n))
      throw expr::ExpressionError(n->pos, std::string("\"") + expr::op_name(n->op) +
                                              "\" makes the coefficient jump where kanpde "
                                              "cannot locate it; write the pieces with "
                                              "comparisons (g < h ? p : q)");
    if (is_comparison(n->op)) {
      for (const auto& a : n->args)
        if (has_comparison(a))
          throw expr::ExpressionError(
              a->pos,
              "a comparison inside a comparison: the interface is not a level set "
              "kanpde can derive; write one comparison g < h per condition");
      // Oriented so that at phi = 0 the comparison has its value of the side
      // phi > 0, the side whose jets the kink weight |phi| takes there
      // (g < h, g >= h: phi = g - h; g > h, g <= h: phi = h - g).
      const bool flip = n->op == expr::Op::Gt || n->op == expr::Op::Le;
      const expr::NodePtr& g = n->args[flip ? 1 : 0];
      const expr::NodePtr& h = n->args[flip ? 0 : 1];
      const expr::NodePtr phi = expr::sub(g, h);
      if (!expr::uses_any_slot(phi)) return;
      const std::string t = expr::to_string(phi, names);
      const std::string neg = expr::to_string(expr::sub(h, g), names);
      if (std::find(out.begin(), out.end(), t) == out.end() &&
          std::find(out.begin(), out.end(), neg) == out.end())
        out.push_back(t);
      return;
    }
    for (const auto& a : n->args) walk(a);
  };
  for (const auto& c : v.c) walk(c);
  return out;
}

bool level_set_crosses(const std::string& phi, const geometry::Domain& domain) {
  const int d = domain.dim();
  const expr::Field f = expr::Field::compile(phi, d);
  const geometry::BoundingBox bb = domain.bounding_box();
  const int n = d == 1 ? 257 : d == 2 ? 65 : 17;
  bool pos = false, neg = false;
  std::size_t total = 1;
  for (int a = 0; a < d; ++a) total *= static_cast<std::size_t>(n);
  for (std::size_t k = 0; k < total && !(pos && neg); ++k) {
    double x[3] = {0, 0, 0};
    std::size_t r = k;
    for (int a = 0; a < d; ++a) {
      const auto i = static_cast<double>(r % static_cast<std::size_t>(n));
      r /= static_cast<std::size_t>(n);
      const auto ua = static_cast<std::size_t>(a);
      x[a] = bb.lo[ua] + (bb.hi[ua] - bb.lo[ua]) * i / (n - 1);
    }
    if (!domain.contains(x)) continue;
    const double v = f.value(x);
    pos = pos || v > 0;
    neg = neg || v < 0;
  }
  return pos && neg;
}

KanModelSpec kan_with_interfaces(const CaseSpec& cs) {
  KanModelSpec k = cs.model.kan;
  k.widths.back() = 1 + static_cast<int>(cs.pde.interface_list.size());
  return k;
}

void detect_interfaces(CaseSpec& cs, const geometry::Domain& domain) {
  PdeSpec& pde = cs.pde;
  pde.interface_list.clear();
  if (!pde.general() || pde.interfaces == "none") return;
  const expr::Equation& eq = *pde.compiled;
  // The coefficients (flat components) the flux terms read.
  std::set<int> flux_components;
  for (const expr::FluxTerm& ft : eq.flux_terms()) {
    bool reads_u = false;
    std::vector<int> comps;
    for (int s : expr::slots_used(ft.k)) {
      const int a = s - eq.jet_size();
      if (a < 0) reads_u = true;
      if (a < 0 || a >= eq.num_aux()) continue;
      const expr::AuxInput& in = eq.aux()[static_cast<std::size_t>(a)];
      if (in.kind == expr::AuxInput::Kind::coefficient && in.d1 < 0) comps.push_back(in.index);
    }
    if (reads_u && !comps.empty()) {
      bool piecewise = false;
      for (const auto& c : pde.coefficients) piecewise = piecewise || !comparison_free(c.second);
      if (piecewise)
        cs.fail("pde.equation",
                "a flux coefficient that reads u and a coefficient field with comparisons: "
                "interfaces are found only in flux coefficients of x alone; expected "
                "pde.interfaces: none, or a flux coefficient of x");
      continue;
    }
    flux_components.insert(comps.begin(), comps.end());
  }
  std::vector<std::pair<std::string, double>> constants;
  for (const auto& c : cs.constants) constants.emplace_back(c.name, c.value);
  int flat = 0;
  for (std::size_t i = 0; i < pde.coefficient_fields.size(); ++i) {
    const expr::Coefficient& co = pde.coefficient_fields[i];
    const int first = flat;
    flat += static_cast<int>(co.components.size());
    bool used = false;
    for (int k = first; k < flat; ++k) used = used || flux_components.count(k) > 0;
    if (!used) continue;
    const std::string path = "pde.coefficients." + co.name;
    const std::string& text = pde.coefficients[i].second;
    std::vector<std::string> sets;
    try {
      sets = comparison_level_sets(text, cs.dim(), constants);
    } catch (const expr::ExpressionError& e) {
      cs.fail(path, std::string(e.what()) + " (at character " + std::to_string(e.pos() + 1) +
                        " of \"" + text + "\"; or set pde.interfaces: none)");
    }
    for (const std::string& phi : sets) {
      if (!level_set_crosses(phi, domain)) continue;
      bool dup = false;
      for (const InterfaceSpec& s : pde.interface_list) dup = dup || s.level_set == phi;
      if (!dup) pde.interface_list.push_back({phi, co.name});
    }
  }
  if (pde.interface_list.size() > 4)
    cs.fail("pde.coefficients." + pde.interface_list.front().coefficient,
            std::to_string(pde.interface_list.size()) +
                " interfaces found, at most 4 are supported; or set pde.interfaces: none to "
                "solve without interface terms");
}

void check_interface_support(const CaseSpec& cs) {
  const PdeSpec& pde = cs.pde;
  if (pde.interface_list.empty()) return;
  const std::string first = "pde.coefficients." + pde.interface_list.front().coefficient;
  const std::string none = "; or set pde.interfaces: none to solve without interface terms";
  if (pde.compiled->mode() != expr::JetMode::laplacian)
    cs.fail(
        "pde.equation",
        "interfaces need an equation in Laplacian jets (no single second derivative of u)" + none);
  if (!cs.field_unknowns.empty())
    cs.fail(first, "interfaces are not supported with an unknown field" + none);
  if (cs.interpret.enabled)
    cs.fail("interpret.enabled", "interpret does not carry the interface kink yet" + none);
  for (const StageSpec& st : cs.training.stages)
    if (st.refine)
      cs.fail(st.path + ".refine",
              "refinement stages are not supported with interfaces; expected no `refine`" + none);
}

}  // namespace kanpde::solver
