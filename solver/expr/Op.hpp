#pragma once
// The operations of the expression language's scalar tree and of its compiled
// programs. Vectors never reach this level: the parser lowers a vector to its
// scalar components (see Parse.hpp).

#include <cstdint>

namespace kanpde::solver::expr {

enum class Op : std::uint8_t {
  // leaves
  Const,  // a number
  Var,    // an input slot (a coordinate, later u and its derivatives)
  // one argument
  Neg,
  Sin,
  Cos,
  Tan,
  Asin,
  Acos,
  Atan,
  Sinh,
  Cosh,
  Tanh,
  Asinh,
  Acosh,
  Atanh,
  Exp,
  Log,  // natural (also "ln")
  Log2,
  Log10,
  Sqrt,
  Cbrt,
  Abs,
  Sign,
  Floor,
  Ceil,
  Rint,  // nearest integer, halves upwards: floor(a + 0.5)
  Erf,
  Erfc,
  // two arguments
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  Hypot,
  Fmod,
  Atan2,  // atan2(y, x)
  Min,
  Max,
  Lt,
  Le,
  Gt,
  Ge,
  Eq,
  Ne,
  And,
  Or,
  // three arguments
  Cond  // c ? a : b (c != 0 selects a)
};

constexpr int arity(Op op) {
  return op <= Op::Var ? 0 : op <= Op::Erfc ? 1 : op <= Op::Or ? 2 : 3;
}

// Piecewise constant in its arguments: derivatives are 0 (comparisons, logic,
// sign, floor, ceil, rint).
constexpr bool is_step(Op op) {
  return op == Op::Sign || op == Op::Floor || op == Op::Ceil || op == Op::Rint ||
         (op >= Op::Lt && op <= Op::Or);
}

// The name of an operation, for messages and printing ("+", "sin", ...).
const char* op_name(Op op);

}  // namespace kanpde::solver::expr
