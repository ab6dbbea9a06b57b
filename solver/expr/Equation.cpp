#include "solver/expr/Equation.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "solver/expr/Diff.hpp"
#include "solver/expr/Parse.hpp"

namespace kanpde::solver::expr {

int jet_size(JetMode mode, int dim) {
  return mode == JetMode::laplacian ? 2 + dim : 1 + dim + dim * (dim + 1) / 2;
}

int hessian_index(int dim, int a, int b) {
  if (a > b) std::swap(a, b);
  return 1 + dim + a * dim - a * (a - 1) / 2 + (b - a);
}

Coefficient Coefficient::compile(const std::string& name, const std::string& text, int dim,
                                 const std::vector<std::pair<std::string, double>>& constants) {
  Coefficient c;
  c.name = name;
  c.components = Field::compile_components(text, dim, constants);
  return c;
}

namespace {

const char* const kAxes = "xyz";

const std::vector<std::string>& operator_names() {
  static const std::vector<std::string> n = {"grad", "div", "lap", "dx",  "dy",  "dz",
                                             "dxx",  "dyy", "dzz", "dxy", "dxz", "dyz"};
  return n;
}

// Builds the residual over provisional slots:
//   0: u, 1..d: u_i, then H_ab (upper triangle), then L = lap u, then aux.
class Builder {
 public:
  Builder(const std::string& text, const EquationOptions& o) : text_(text), o_(o), d_(o.dim) {
    base_ = 2 + d_ + d_ * (d_ + 1) / 2;
  }

  int lap_slot() const { return base_ - 1; }
  int base() const { return base_; }
  bool is_hessian_slot(int s) const { return s > d_ && s < lap_slot(); }
  std::vector<AuxInput> aux;
  std::vector<Field> fields;
  // div(k grad u) terms with k a non-constant field of x: (k, expansion).
  std::vector<std::pair<NodePtr, NodePtr>> fluxes;

  Scope scope() {
    Scope s;
    s.dim = d_;
    s.hook.names = operator_names();
    s.hook.call = [this](const std::string& name, const std::vector<Value>& args, int pos,
                         Value& out) { return call(name, args, pos, out); };
    for (int a = 0; a < d_; ++a) {
      AuxInput in;
      in.kind = AuxInput::Kind::coordinate;
      in.index = a;
      in.name = std::string(1, kAxes[a]);
      s.add(in.name, {variable(new_aux(in))});
    }
    s.add("pi", {constant(M_PI)});
    s.add("e", {constant(M_E)});
    s.add("u", {variable(0)});
    if (o_.boundary) {
      std::vector<NodePtr> n;
      for (int a = 0; a < d_; ++a) {
        AuxInput in;
        in.kind = AuxInput::Kind::normal;
        in.index = a;
        in.name = std::string("n_") + kAxes[a];
        n.push_back(variable(new_aux(in)));
      }
      s.add("n", n);
    }
    for (const auto& c : o_.constants) s.add_constant(c.first, c.second);
    const int nu = o_.unknowns ? o_.unknowns->size() : 0;
    for (int i = 0; i < nu; ++i) {
      AuxInput in;
      in.kind = AuxInput::Kind::unknown;
      in.index = i;
      in.name = o_.unknowns->names[std::size_t(i)];
      s.add(in.name, {variable(new_aux(in))});
    }
    for (int f = 0; f < static_cast<int>(o_.fields.size()); ++f)
      s.add(o_.fields[std::size_t(f)], {variable(field_slot(f, -1))});
    const double origin[3] = {0.0, 0.0, 0.0};
    for (const auto& c : o_.coefficients) {
      if (!c.inline_text.empty()) {  // reads unknowns: part of the equation
        s.add(c.name, parse(c.inline_text, s).c);
        continue;
      }
      std::vector<NodePtr> comps;
      const int nc = static_cast<int>(c.components.size());
      for (int k = 0; k < nc; ++k) {
        const Field& f = c.components[std::size_t(k)];
        if (f.is_constant()) {
          comps.push_back(constant(f.value(origin)));
          continue;
        }
        fields.push_back(f);
        names_.push_back(nc == 1 ? c.name : c.name + "[" + std::to_string(k) + "]");
        comps.push_back(variable(coef_slot(static_cast<int>(fields.size()) - 1, -1, -1)));
      }
      s.add(c.name, comps);
    }
    return s;
  }

 private:
  const std::string& text_;
  const EquationOptions& o_;
  int d_;
  int base_;
  std::vector<std::string> names_;  // of the coefficient fields
  std::map<std::tuple<int, int, int>, int> coef_slots_;
  std::map<std::pair<int, int>, int> field_slots_;

  int new_aux(const AuxInput& in) {
    aux.push_back(in);
    return base_ + static_cast<int>(aux.size()) - 1;
  }
  int coef_slot(int field, int d1, int d2) {
    const auto key = std::make_tuple(field, d1, d2);
    const auto it = coef_slots_.find(key);
    if (it != coef_slots_.end()) return it->second;
    AuxInput in;
    in.kind = AuxInput::Kind::coefficient;
    in.index = field;
    in.d1 = d1;
    in.d2 = d2;
    const std::string& n = names_[std::size_t(field)];
    in.name = d1 < 0   ? n
              : d2 < 0 ? "d" + n + "/d" + kAxes[d1]
                       : "d2" + n + "/d" + kAxes[d1] + "d" + kAxes[d2];
    const int slot = new_aux(in);
    coef_slots_.emplace(key, slot);
    return slot;
  }

  // Unknown field f, or its derivative along x_d1.
  int field_slot(int f, int d1) {
    const auto key = std::make_pair(f, d1);
    const auto it = field_slots_.find(key);
    if (it != field_slots_.end()) return it->second;
    AuxInput in;
    in.kind = AuxInput::Kind::field;
    in.index = f;
    in.d1 = d1;
    const std::string& n = o_.fields[std::size_t(f)];
    in.name = d1 < 0 ? n : "d" + n + "/d" + kAxes[d1];
    const int slot = new_aux(in);
    field_slots_.emplace(key, slot);
    return slot;
  }

  std::string in() const { return " in \"" + text_ + "\""; }

  // The derivative of slot t along x_i (nullptr: constant along x_i).
  NodePtr slot_derivative(int t, int i, int pos, const std::string& op, bool skip_grad_u) {
    if (t == 0) return variable(1 + i);
    if (t >= 1 && t <= d_) {
      if (skip_grad_u) return nullptr;
      if (o_.boundary)
        throw ExpressionError(pos, op +
                                       ": a boundary equation uses u and grad(u), not second "
                                       "derivatives of u" +
                                       in());
      return variable(hessian_index(d_, i, t - 1));
    }
    if (t < base_)
      throw ExpressionError(pos, op + ": a derivative of u above second order" + in() +
                                     " (the equation may use u, its first and its second "
                                     "derivatives)");
    const AuxInput a = aux[std::size_t(t - base_)];
    switch (a.kind) {
      case AuxInput::Kind::coordinate:
        return constant(a.index == i ? 1.0 : 0.0);
      case AuxInput::Kind::unknown:
        return constant(0.0);
      case AuxInput::Kind::field:
        if (a.d1 < 0) return variable(field_slot(a.index, i));
        throw ExpressionError(pos, op + ": a second derivative of the unknown field \"" +
                                       o_.fields[std::size_t(a.index)] + "\"" + in() +
                                       " (an equation may use an unknown field and its first "
                                       "derivatives)");
      case AuxInput::Kind::normal:
        throw ExpressionError(pos, op + ": the normal n has no derivatives" + in());
      case AuxInput::Kind::coefficient:
        if (a.d1 < 0) return variable(coef_slot(a.index, i, -1));
        if (a.d2 < 0) return variable(coef_slot(a.index, std::min(a.d1, i), std::max(a.d1, i)));
        throw ExpressionError(pos, op + ": a derivative of the coefficient \"" +
                                       names_[std::size_t(a.index)] + "\" above second order" +
                                       in());
    }
    return nullptr;
  }

  NodePtr D(const NodePtr& s, int i, int pos, const std::string& op, bool skip_grad_u = false) {
    return total_derivative(s, [&](int t) { return slot_derivative(t, i, pos, op, skip_grad_u); });
  }

  Value grad(const Value& s, int pos, const std::string& op) {
    Value v;
    for (int i = 0; i < d_; ++i) v.c.push_back(D(s.c[0], i, pos, op));
    return v;
  }

  // sum_i d/dx_i V_i. The part through grad u, sum_ij (dV_i/du_j) u_ij, is
  // k lap u when dV_i/du_j = k delta_ij (no single second derivative needed).
  Value div(const Value& V, int pos, const std::string& op) {
    NodePtr r = constant(0.0);
    const std::size_t nd = static_cast<std::size_t>(d_);
    std::vector<std::vector<NodePtr>> M(nd, std::vector<NodePtr>(nd));
    bool any = false;
    for (int i = 0; i < d_; ++i) {
      const NodePtr& vi = V.c[std::size_t(i)];
      r = add(r, D(vi, i, pos, op, true));
      for (int j = 0; j < d_; ++j) {
        M[std::size_t(i)][std::size_t(j)] = diff(vi, 1 + j);
        any = any || !M[std::size_t(i)][std::size_t(j)]->is_const(0.0);
      }
    }
    if (!any) return {{r}, pos};
    if (o_.boundary)
      throw ExpressionError(pos, op +
                                     ": a boundary equation uses u and grad(u), not second "
                                     "derivatives of u" +
                                     in());
    bool isotropic = true;
    const NodePtr& k = M[0][0];
    const std::string ks = to_string(k);
    for (int i = 0; i < d_ && isotropic; ++i)
      for (int j = 0; j < d_ && isotropic; ++j) {
        const NodePtr& m = M[std::size_t(i)][std::size_t(j)];
        isotropic = i == j ? (m == k || to_string(m) == ks) : m->is_const(0.0);
      }
    if (isotropic) {
      const NodePtr e = add(r, mul(k, variable(lap_slot())));
      bool flux = !k->is_const();
      // x, coefficients and u; not an unknown field (the FD reference has no
      // values for it).
      for (int s : slots_used(k))
        flux = flux && (s == 0 ||
                        (s >= base_ && aux[std::size_t(s - base_)].kind != AuxInput::Kind::field));
      for (int i = 0; i < d_ && flux; ++i)
        flux = to_string(V.c[std::size_t(i)]) == to_string(mul(k, variable(1 + i)));
      if (flux) fluxes.emplace_back(k, e);
      return {{e}, pos};
    }
    for (int i = 0; i < d_; ++i)
      for (int j = 0; j < d_; ++j)
        r = add(r, mul(M[std::size_t(i)][std::size_t(j)], variable(hessian_index(d_, i, j))));
    return {{r}, pos};
  }

  bool call(const std::string& name, const std::vector<Value>& args, int pos, Value& out) {
    const std::string op = name + "()";
    if (args.size() != 1)
      throw ExpressionError(pos,
                            op + " takes 1 argument, found " + std::to_string(args.size()) + in());
    const Value& a = args[0];
    // Directions named in dx .. dyz.
    std::vector<int> dirs;
    if (name.size() >= 2 && name[0] == 'd' && name != "div") {
      for (std::size_t k = 1; k < name.size(); ++k) {
        const int axis = name[k] - 'x';
        if (axis >= d_)
          throw ExpressionError(
              pos, op + ": a " + std::to_string(d_) + "-dimensional case has no " + name[k] + in());
        dirs.push_back(axis);
      }
    }
    if (name == "div") {
      if (a.size() != d_)
        throw ExpressionError(a.pos, "div(V): expected a vector of " + std::to_string(d_) +
                                         " components (one per coordinate), found " +
                                         describe_type(a.size()) + in());
      out = div(a, pos, op);
      return true;
    }
    if (!a.is_scalar())
      throw ExpressionError(a.pos,
                            op + ": expected a scalar, found " + describe_type(a.size()) + in());
    if (name == "grad") {
      out = grad(a, pos, op);
    } else if (name == "lap") {
      out = div(grad(a, pos, op), pos, op);
    } else {
      NodePtr r = a.c[0];
      for (int axis : dirs) r = D(r, axis, pos, op);
      out = {{r}, pos};
    }
    return true;
  }
};

// n with the sub-tree `target` (by identity) replaced by `by`.
NodePtr replace_node(const NodePtr& n, const NodePtr& target, const NodePtr& by) {
  if (n == target) return by;
  if (n->args.empty()) return n;
  std::vector<NodePtr> args;
  bool changed = false;
  for (const NodePtr& a : n->args) {
    args.push_back(replace_node(a, target, by));
    changed = changed || args.back() != a;
  }
  return changed ? make(n->op, args, n->pos) : n;
}

}  // namespace

const std::vector<std::string>& equation_names() {
  static const std::vector<std::string> n = [] {
    std::vector<std::string> v{"u", "n"};
    v.insert(v.end(), operator_names().begin(), operator_names().end());
    return v;
  }();
  return n;
}

Equation Equation::compile(const std::string& text, const EquationOptions& o) {
  KANPDE_VERIFY(o.dim >= 1 && o.dim <= 3, "an equation in " << o.dim << " dimensions");
  Builder b(text, o);
  const Scope scope = b.scope();
  const auto sides = parse_equation(text, scope);
  if (!sides.first.is_scalar())
    throw ExpressionError(sides.first.pos,
                          "expected a scalar equation, found " + describe_type(sides.first.size()) +
                              " = " + describe_type(sides.second.size()) + " in \"" + text + "\"");
  NodePtr r = make(Op::Sub, {sides.first.c[0], sides.second.c[0]});
  const int d = o.dim;
  bool uses_u = false, hessian = false, uses_field = false;
  for (int s : slots_used(r)) {
    uses_u = uses_u || s < b.base();
    hessian = hessian || b.is_hessian_slot(s);
    uses_field = uses_field ||
                 (s >= b.base() && b.aux[std::size_t(s - b.base())].kind == AuxInput::Kind::field);
  }
  if (!uses_u && !uses_field)
    throw ExpressionError(-1, "the equation \"" + text + "\" does not involve u" +
                                  (o.fields.empty() ? "" : " or an unknown field"));

  Equation e;
  e.text_ = text;
  e.dim_ = d;
  e.mode_ = hessian ? JetMode::hessian : JetMode::laplacian;
  const int nc = expr::jet_size(e.mode_, d);
  // Final inputs: the jet in kan/Jet.hpp's layout, then the aux inputs used.
  std::vector<NodePtr> map(std::size_t(b.base()) + b.aux.size());
  for (int s = 0; s <= d; ++s) map[std::size_t(s)] = variable(s);
  if (hessian) {
    NodePtr lap = constant(0.0);
    for (int a = 0; a < d; ++a) lap = add(lap, variable(hessian_index(d, a, a)));
    map[std::size_t(b.lap_slot())] = lap;
  } else {
    map[std::size_t(b.lap_slot())] = variable(1 + d);
  }
  e.unknowns_ = o.unknowns;
  e.field_names_ = o.fields;
  e.uses_u_ = uses_u;
  const auto used = slots_used(r);
  for (int s : used) {
    if (s < b.base()) continue;
    const std::size_t k = std::size_t(s - b.base());
    if (b.aux[k].kind == AuxInput::Kind::unknown || b.aux[k].kind == AuxInput::Kind::field)
      continue;
    map[std::size_t(s)] = variable(nc + e.num_aux());
    e.aux_.push_back(b.aux[k]);
  }
  // Unknown scalars after the aux inputs, in the options' order.
  for (int s : used) {
    if (s < b.base()) continue;
    const AuxInput& a = b.aux[std::size_t(s - b.base())];
    if (a.kind == AuxInput::Kind::unknown)
      map[std::size_t(s)] = variable(nc + e.num_aux() + a.index);
    if (a.kind == AuxInput::Kind::field)
      map[std::size_t(s)] =
          variable(nc + e.num_aux() + e.num_unknowns() + a.index * (1 + d) + (a.d1 + 1));
  }
  // Coefficient fields: keep those the inputs read, renumbered.
  std::map<int, int> field_index;
  for (auto& a : e.aux_) {
    if (a.kind != AuxInput::Kind::coefficient) continue;
    auto it = field_index.find(a.index);
    if (it == field_index.end()) {
      it = field_index.emplace(a.index, static_cast<int>(e.fields_.size())).first;
      e.fields_.push_back(b.fields[std::size_t(a.index)]);
    }
    a.index = it->second;
  }
  e.residual_ = substitute(r, map);
  // Flux terms: r affine in the term's expansion (found by identity).
  const int placeholder = b.base() + static_cast<int>(b.aux.size());
  for (const auto& f : b.fluxes) {
    const NodePtr rp = replace_node(r, f.second, variable(placeholder));
    if (!uses_slot(rp, placeholder)) continue;
    const NodePtr w = diff(rp, placeholder);
    if (!w->is_const() || w->is_const(0.0)) continue;
    e.flux_terms_.push_back({w->value, substitute(f.first, map), substitute(f.second, map)});
  }
  e.finish();
  return e;
}

void Equation::finish() {
  const int nc = jet_size();
  partials_.clear();
  linear_ = true;
  std::vector<NodePtr> outs{residual_};
  for (int c = 0; c < nc; ++c) {
    partials_.push_back(diff(residual_, c));
    outs.push_back(partials_.back());
    for (int s : slots_used(partials_.back())) linear_ = linear_ && s >= nc;
  }
  for (int k = 0; k < num_unknowns(); ++k) outs.push_back(diff(residual_, nc + num_aux() + k));
  for (int k = 0; k < num_field_inputs(); ++k)
    outs.push_back(diff(residual_, nc + num_aux() + num_unknowns() + k));
  program_ = Program::compile(outs);
}

Equation Equation::with_mode(JetMode mode) const {
  if (mode == mode_) return *this;
  KANPDE_VERIFY(mode_ == JetMode::laplacian && mode == JetMode::hessian,
                "an equation in Hessian jets cannot be written in Laplacian jets");
  Equation e = *this;
  e.mode_ = mode;
  const int d = dim_, nl = expr::jet_size(mode_, d), nh = expr::jet_size(mode, d);
  const int extra = num_aux() + num_unknowns() + num_field_inputs();
  std::vector<NodePtr> map(std::size_t(nl + extra));
  NodePtr lap = constant(0.0);
  for (int a = 0; a < d; ++a) lap = add(lap, variable(hessian_index(d, a, a)));
  map[std::size_t(1 + d)] = lap;
  for (int k = 0; k < extra; ++k) map[std::size_t(nl + k)] = variable(nh + k);
  e.residual_ = substitute(residual_, map);
  for (FluxTerm& f : e.flux_terms_) {
    f.k = substitute(f.k, map);
    f.nodal = substitute(f.nodal, map);
  }
  e.finish();
  return e;
}

std::vector<std::string> Equation::input_names() const {
  std::vector<std::string> n{"u"};
  for (int a = 0; a < dim_; ++a) n.push_back(std::string("u_") + kAxes[a]);
  if (mode_ == JetMode::laplacian) {
    n.push_back("lap_u");
  } else {
    for (int a = 0; a < dim_; ++a)
      for (int b = a; b < dim_; ++b) n.push_back(std::string("u_") + kAxes[a] + kAxes[b]);
  }
  for (const auto& a : aux_) n.push_back(a.name);
  if (unknowns_) n.insert(n.end(), unknowns_->names.begin(), unknowns_->names.end());
  for (const std::string& f : field_names_) {
    n.push_back(f);
    for (int a = 0; a < dim_; ++a) n.push_back("d" + f + "/d" + kAxes[a]);
  }
  return n;
}

std::string Equation::describe() const {
  return residual_ ? to_string(residual_, input_names()) : std::string();
}

std::vector<double> Equation::tabulate(const std::vector<double>& x,
                                       const std::vector<double>& normals) const {
  const std::size_t d = std::size_t(dim_);
  KANPDE_VERIFY(x.size() % d == 0, "tabulate: " << x.size() << " coordinates in " << d << "D");
  const std::size_t n = x.size() / d, na = aux_.size();
  bool need_normals = false;
  for (const auto& a : aux_) need_normals = need_normals || a.kind == AuxInput::Kind::normal;
  KANPDE_VERIFY(!need_normals || normals.size() == x.size(),
                "the equation \"" << text_ << "\" needs one normal per point");
  std::vector<double> out(n * na);
  const std::size_t jl = 1 + d + d * d;
  // Each field's jets in blocks of points (a field given by a function, e.g.
  // a trained network, is evaluated once per block).
  constexpr std::size_t block = 4096;
  std::vector<std::vector<double>> jets(fields_.size());
  for (std::size_t p0 = 0; p0 < n; p0 += block) {
    const std::size_t p1 = std::min(n, p0 + block);
    const std::vector<double> xb(x.begin() + std::ptrdiff_t(p0 * d),
                                 x.begin() + std::ptrdiff_t(p1 * d));
    for (std::size_t f = 0; f < fields_.size(); ++f) jets[f] = fields_[f].jets(xb);
    for (std::size_t p = p0; p < p1; ++p) {
      const double* xp = x.data() + p * d;
      for (std::size_t k = 0; k < na; ++k) {
        const AuxInput& a = aux_[k];
        double v = 0.0;
        switch (a.kind) {
          case AuxInput::Kind::coordinate:
            v = xp[a.index];
            break;
          case AuxInput::Kind::normal:
            v = normals[p * d + std::size_t(a.index)];
            break;
          case AuxInput::Kind::unknown:  // never tabulated (program inputs of their own)
          case AuxInput::Kind::field:
            break;
          case AuxInput::Kind::coefficient: {
            const double* j = jets[std::size_t(a.index)].data() + (p - p0) * jl;
            v = a.d1 < 0   ? j[0]
                : a.d2 < 0 ? j[1 + a.d1]
                           : j[1 + d + std::size_t(a.d1) * d + std::size_t(a.d2)];
            break;
          }
        }
        out[p * na + k] = v;
      }
    }
  }
  return out;
}

void Equation::eval(const double* inputs, double* out) const {
  std::vector<double> scratch;
  program_.eval(inputs, out, scratch);
}

}  // namespace kanpde::solver::expr
