#pragma once
// The scalar expression tree: immutable nodes shared between trees (a DAG once
// derivatives are taken). Built by the parser (Parse.hpp) and by symbolic
// differentiation (Diff.hpp); compiled to flat programs (Program.hpp).
//
// The builders fold constants: an operation whose arguments are all numbers
// becomes a number, computed by the same code the evaluators run, so folding
// never changes a value. The simplifying builders (add, mul, ...) also apply
// the identities 0 + a = a, 1 * a = a, 0 * a = 0 (used for derivatives, where
// a dropped NaN of a multiplied-away term is what is meant).

#include <memory>
#include <string>
#include <vector>

#include "solver/expr/Op.hpp"

namespace kanpde::solver::expr {

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Node {
  Op op = Op::Const;
  double value = 0.0;  // Const
  int slot = -1;       // Var: the input slot
  int pos = -1;        // 0-based character position in the source text (-1: generated)
  std::vector<NodePtr> args;

  bool is_const() const { return op == Op::Const; }
  bool is_const(double v) const { return op == Op::Const && value == v; }
};

// Leaves.
NodePtr constant(double value, int pos = -1);
NodePtr variable(int slot, int pos = -1);
// op over args (arity(op) of them), constants folded; nothing else changed.
NodePtr make(Op op, std::vector<NodePtr> args, int pos = -1);

// Simplifying builders (constants folded, identities applied).
NodePtr neg(const NodePtr& a);
NodePtr add(const NodePtr& a, const NodePtr& b);
NodePtr sub(const NodePtr& a, const NodePtr& b);
NodePtr mul(const NodePtr& a, const NodePtr& b);
NodePtr div(const NodePtr& a, const NodePtr& b);
NodePtr fn(Op op, const NodePtr& a);  // one-argument operations
NodePtr cond(const NodePtr& c, const NodePtr& a, const NodePtr& b);

// The tree with every Var of a slot in `map` (slot -> node; nullptr: keep)
// replaced, constants folded again. Shared sub-trees stay shared.
NodePtr substitute(const NodePtr& n, const std::vector<NodePtr>& map);

// Whether the tree reads the slot / any slot.
bool uses_slot(const NodePtr& n, int slot);
bool uses_any_slot(const NodePtr& n);
// The slots the tree reads, ascending.
std::vector<int> slots_used(const NodePtr& n);
// A fully parenthesised rendering, for messages and tests (slot names given).
std::string to_string(const NodePtr& n, const std::vector<std::string>& slot_names = {});
// Host evaluation of the tree itself (the slow reference of the compiled
// programs): slots[i] is the value of slot i.
double evaluate(const NodePtr& n, const double* slots);

}  // namespace kanpde::solver::expr
