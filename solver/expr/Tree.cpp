#include "solver/expr/Tree.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "common/Error.hpp"
#include "solver/expr/impl/Math.hpp"

namespace kanpde::solver::expr {

NodePtr constant(double value, int pos) {
  auto n = std::make_shared<Node>();
  n->op = Op::Const;
  n->value = value;
  n->pos = pos;
  return n;
}

NodePtr variable(int slot, int pos) {
  auto n = std::make_shared<Node>();
  n->op = Op::Var;
  n->slot = slot;
  n->pos = pos;
  return n;
}

NodePtr make(Op op, std::vector<NodePtr> args, int pos) {
  KANPDE_VERIFY(static_cast<int>(args.size()) == arity(op),
                "expression node " << op_name(op) << " given " << args.size() << " arguments");
  const bool all_const =
      std::all_of(args.begin(), args.end(), [](const NodePtr& a) { return a->is_const(); });
  if (all_const) {
    double v[3] = {0.0, 0.0, 0.0};
    for (std::size_t i = 0; i < args.size(); ++i) v[i] = args[i]->value;
    return constant(Impl::apply(op, v[0], v[1], v[2]), pos);
  }
  auto n = std::make_shared<Node>();
  n->op = op;
  n->pos = pos;
  n->args = std::move(args);
  return n;
}

NodePtr neg(const NodePtr& a) {
  if (a->op == Op::Neg) return a->args[0];
  return make(Op::Neg, {a});
}
NodePtr add(const NodePtr& a, const NodePtr& b) {
  if (a->is_const(0.0)) return b;
  if (b->is_const(0.0)) return a;
  if (b->op == Op::Neg) return sub(a, b->args[0]);
  return make(Op::Add, {a, b});
}
NodePtr sub(const NodePtr& a, const NodePtr& b) {
  if (b->is_const(0.0)) return a;
  if (a->is_const(0.0)) return neg(b);
  if (b->op == Op::Neg) return add(a, b->args[0]);
  return make(Op::Sub, {a, b});
}
NodePtr mul(const NodePtr& a, const NodePtr& b) {
  if (a->is_const(0.0) || b->is_const(0.0)) return constant(0.0);
  if (a->is_const(1.0)) return b;
  if (b->is_const(1.0)) return a;
  if (a->is_const(-1.0)) return neg(b);
  if (b->is_const(-1.0)) return neg(a);
  return make(Op::Mul, {a, b});
}
NodePtr div(const NodePtr& a, const NodePtr& b) {
  if (a->is_const(0.0)) return constant(0.0);
  if (b->is_const(1.0)) return a;
  return make(Op::Div, {a, b});
}
NodePtr fn(Op op, const NodePtr& a) {
  KANPDE_VERIFY(arity(op) == 1, "fn() takes a one-argument operation, not " << op_name(op));
  if (op == Op::Neg) return neg(a);
  return make(op, {a});
}
NodePtr cond(const NodePtr& c, const NodePtr& a, const NodePtr& b) {
  if (a == b || (a->is_const() && b->is_const() && a->value == b->value)) return a;
  return make(Op::Cond, {c, a, b});
}

namespace {
NodePtr substitute_memo(const NodePtr& n, const std::vector<NodePtr>& map,
                        std::map<const Node*, NodePtr>& memo) {
  const auto it = memo.find(n.get());
  if (it != memo.end()) return it->second;
  NodePtr r = n;
  if (n->op == Op::Var) {
    if (n->slot >= 0 && n->slot < static_cast<int>(map.size()) && map[std::size_t(n->slot)])
      r = map[std::size_t(n->slot)];
  } else if (!n->args.empty()) {
    std::vector<NodePtr> args;
    bool changed = false;
    for (const auto& a : n->args) {
      args.push_back(substitute_memo(a, map, memo));
      changed = changed || args.back() != a;
    }
    if (changed) r = make(n->op, std::move(args), n->pos);
  }
  memo.emplace(n.get(), r);
  return r;
}

void collect_slots(const NodePtr& n, std::set<int>& out, std::set<const Node*>& seen) {
  if (!seen.insert(n.get()).second) return;
  if (n->op == Op::Var) out.insert(n->slot);
  for (const auto& a : n->args) collect_slots(a, out, seen);
}
}  // namespace

NodePtr substitute(const NodePtr& n, const std::vector<NodePtr>& map) {
  std::map<const Node*, NodePtr> memo;
  return substitute_memo(n, map, memo);
}

std::vector<int> slots_used(const NodePtr& n) {
  std::set<int> out;
  std::set<const Node*> seen;
  collect_slots(n, out, seen);
  return {out.begin(), out.end()};
}
bool uses_slot(const NodePtr& n, int slot) {
  const auto s = slots_used(n);
  return std::find(s.begin(), s.end(), slot) != s.end();
}
bool uses_any_slot(const NodePtr& n) {
  return !slots_used(n).empty();
}

std::string to_string(const NodePtr& n, const std::vector<std::string>& slot_names) {
  std::ostringstream os;
  os.precision(17);
  std::function<void(const NodePtr&)> put = [&](const NodePtr& m) {
    switch (m->op) {
      case Op::Const:
        os << m->value;
        return;
      case Op::Var:
        if (m->slot >= 0 && m->slot < static_cast<int>(slot_names.size()))
          os << slot_names[std::size_t(m->slot)];
        else
          os << "$" << m->slot;
        return;
      case Op::Neg:
        os << "(-";
        put(m->args[0]);
        os << ")";
        return;
      case Op::Cond:
        os << "(";
        put(m->args[0]);
        os << " ? ";
        put(m->args[1]);
        os << " : ";
        put(m->args[2]);
        os << ")";
        return;
      default:
        break;
    }
    const bool infix = arity(m->op) == 2 && info(m->op).symbol[0] != '\0';
    if (infix) {
      os << "(";
      put(m->args[0]);
      os << " " << op_name(m->op) << " ";
      put(m->args[1]);
      os << ")";
    } else {
      os << op_name(m->op) << "(";
      for (std::size_t i = 0; i < m->args.size(); ++i) {
        if (i) os << ", ";
        put(m->args[i]);
      }
      os << ")";
    }
  };
  put(n);
  return os.str();
}

double evaluate(const NodePtr& n, const double* slots) {
  switch (n->op) {
    case Op::Const:
      return n->value;
    case Op::Var:
      return slots[n->slot];
    default:
      break;
  }
  double v[3] = {0.0, 0.0, 0.0};
  for (std::size_t i = 0; i < n->args.size(); ++i) v[i] = evaluate(n->args[i], slots);
  return Impl::apply(n->op, v[0], v[1], v[2]);
}

}  // namespace kanpde::solver::expr
