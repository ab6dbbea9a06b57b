#pragma once
// Symbolic differentiation of a scalar tree with respect to one input slot.
// The result shares the unchanged sub-trees of its argument (a DAG) and is
// simplified by the builders of Tree.hpp. Non-smooth operations take the
// piecewise derivatives of impl/Math.hpp (abs' = sign; 0 for steps; min, max
// and c ? a : b follow the selected argument).

#include "solver/expr/Tree.hpp"

namespace kanpde::solver::expr {

// d n / d slot.
NodePtr diff(const NodePtr& n, int slot);

// The total derivative d n / d s = sum over the slots t that n reads of
// (d n / d t) * dt(t), where dt(t) is the derivative of slot t along s (a
// node; nullptr: the slot does not change along s).
template <class SlotDerivative>
NodePtr total_derivative(const NodePtr& n, SlotDerivative&& dt) {
  NodePtr r = constant(0.0);
  for (int t : slots_used(n)) {
    NodePtr d = dt(t);
    if (!d || d->is_const(0.0)) continue;
    r = add(r, mul(diff(n, t), d));
  }
  return r;
}

}  // namespace kanpde::solver::expr
