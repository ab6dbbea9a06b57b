#include "solver/expr/Diff.hpp"

#include <map>

#include "common/Error.hpp"
#include "solver/expr/impl/Math.hpp"

namespace kanpde::solver::expr {

namespace {

NodePtr sq(const NodePtr& a) {
  return mul(a, a);
}
NodePtr num(double v) {
  return constant(v);
}

// f'(a) as a tree, for the one-argument operation of node n = f(a).
NodePtr derivative1(const NodePtr& n) {
  const NodePtr& a = n->args[0];
  switch (n->op) {
    case Op::Neg:
      return num(-1.0);
    case Op::Sin:
      return fn(Op::Cos, a);
    case Op::Cos:
      return neg(fn(Op::Sin, a));
    case Op::Tan:
      return add(num(1.0), sq(n));
    case Op::Asin:
      return div(num(1.0), fn(Op::Sqrt, sub(num(1.0), sq(a))));
    case Op::Acos:
      return div(num(-1.0), fn(Op::Sqrt, sub(num(1.0), sq(a))));
    case Op::Atan:
      return div(num(1.0), add(num(1.0), sq(a)));
    case Op::Sinh:
      return fn(Op::Cosh, a);
    case Op::Cosh:
      return fn(Op::Sinh, a);
    case Op::Tanh:
      return sub(num(1.0), sq(n));
    case Op::Asinh:
      return div(num(1.0), fn(Op::Sqrt, add(sq(a), num(1.0))));
    case Op::Acosh:
      return div(num(1.0), fn(Op::Sqrt, sub(sq(a), num(1.0))));
    case Op::Atanh:
      return div(num(1.0), sub(num(1.0), sq(a)));
    case Op::Exp:
      return n;
    case Op::Log:
      return div(num(1.0), a);
    case Op::Log2:
      return div(num(1.0 / Impl::kLn2), a);
    case Op::Log10:
      return div(num(1.0 / Impl::kLn10), a);
    case Op::Sqrt:
      return div(num(0.5), n);
    case Op::Cbrt:
      return div(num(1.0 / 3.0), sq(n));
    case Op::Abs:
      return fn(Op::Sign, a);
    case Op::Erf:
      return mul(num(Impl::kTwoOverSqrtPi), fn(Op::Exp, neg(sq(a))));
    case Op::Erfc:
      return mul(num(-Impl::kTwoOverSqrtPi), fn(Op::Exp, neg(sq(a))));
    default:
      return num(0.0);  // steps
  }
}

class Differentiator {
 public:
  explicit Differentiator(int slot) : slot_(slot) {}

  NodePtr d(const NodePtr& n) {
    const auto it = memo_.find(n.get());
    if (it != memo_.end()) return it->second;
    NodePtr r = compute(n);
    memo_.emplace(n.get(), r);
    keep_.push_back(n);
    return r;
  }

 private:
  int slot_;
  std::map<const Node*, NodePtr> memo_;
  std::vector<NodePtr> keep_;  // keeps memo keys alive

  NodePtr compute(const NodePtr& n) {
    if (n->op == Op::Const) return num(0.0);
    if (n->op == Op::Var) return num(n->slot == slot_ ? 1.0 : 0.0);
    if (is_step(n->op)) return num(0.0);
    const int k = arity(n->op);
    if (k == 1) {
      const NodePtr da = d(n->args[0]);
      if (da->is_const(0.0)) return da;
      return mul(derivative1(n), da);
    }
    if (k == 3) {  // c ? a : b
      return cond(n->args[0], d(n->args[1]), d(n->args[2]));
    }
    const NodePtr& a = n->args[0];
    const NodePtr& b = n->args[1];
    const NodePtr da = d(a), db = d(b);
    const bool za = da->is_const(0.0), zb = db->is_const(0.0);
    if (za && zb) return num(0.0);
    switch (n->op) {
      case Op::Add:
        return add(da, db);
      case Op::Sub:
        return sub(da, db);
      case Op::Mul:
        return add(mul(da, b), mul(a, db));
      case Op::Div:  // (da - n db) / b
        return div(sub(da, mul(n, db)), b);
      case Op::Pow: {
        NodePtr r = num(0.0);
        if (!za) {
          if (b->is_const()) {
            r = b->value == 1.0 ? da : mul(mul(b, make(Op::Pow, {a, num(b->value - 1.0)})), da);
          } else {
            r = mul(mul(b, make(Op::Pow, {a, sub(b, num(1.0))})), da);
          }
        }
        if (!zb) r = add(r, mul(mul(n, fn(Op::Log, a)), db));
        return r;
      }
      case Op::Hypot:
        return div(add(mul(a, da), mul(b, db)), n);
      case Op::Fmod:  // a - trunc(a/b) b, trunc(a/b) = (a - fmod(a, b)) / b
        return zb ? da : sub(da, mul(div(sub(a, n), b), db));
      case Op::Atan2:  // atan2(y = a, x = b): (b da - a db) / (a^2 + b^2)
        return div(sub(mul(b, da), mul(a, db)), add(sq(a), sq(b)));
      case Op::Min:
        return cond(make(Op::Lt, {b, a}), db, da);
      case Op::Max:
        return cond(make(Op::Lt, {a, b}), db, da);
      default:
        break;
    }
    KANPDE_VERIFY(false, "no derivative for the operation " << op_name(n->op));
    return nullptr;
  }
};

}  // namespace

NodePtr diff(const NodePtr& n, int slot) {
  return Differentiator(slot).d(n);
}

}  // namespace kanpde::solver::expr
