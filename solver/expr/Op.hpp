#pragma once
// The operations of the expression language's scalar tree and of its compiled
// programs. Vectors never reach this level: the parser lowers a vector to its
// scalar components (see Parse.hpp).
//
// KANPDE_EXPR_OPS is the one table of the operations: enumerator, operator
// symbol, function name, number of arguments, the argument counts a call by
// name accepts (max -1: any number, a left-to-right chain of the two-argument
// operation), and whether it is a step (piecewise constant: derivative 0).
// A new built-in function is one row here, its value and partial derivatives
// in impl/Math.hpp and its symbolic derivative in Diff.cpp; the parser, the
// printer, the host and device evaluators and the jets follow from these.

#include <cstdint>

namespace kanpde::solver::expr {

// X(enumerator, symbol, function, arity, min_args, max_args, step)
#define KANPDE_EXPR_OPS(X)               \
  X(Const, "number", "", 0, 0, 0, false) \
  X(Var, "variable", "", 0, 0, 0, false) \
  X(Neg, "-", "", 1, 0, 0, false)        \
  X(Sin, "", "sin", 1, 1, 1, false)      \
  X(Cos, "", "cos", 1, 1, 1, false)      \
  X(Tan, "", "tan", 1, 1, 1, false)      \
  X(Asin, "", "asin", 1, 1, 1, false)    \
  X(Acos, "", "acos", 1, 1, 1, false)    \
  X(Atan, "", "atan", 1, 1, 1, false)    \
  X(Atan2, "", "atan2", 2, 2, 2, false)  \
  X(Sinh, "", "sinh", 1, 1, 1, false)    \
  X(Cosh, "", "cosh", 1, 1, 1, false)    \
  X(Tanh, "", "tanh", 1, 1, 1, false)    \
  X(Asinh, "", "asinh", 1, 1, 1, false)  \
  X(Acosh, "", "acosh", 1, 1, 1, false)  \
  X(Atanh, "", "atanh", 1, 1, 1, false)  \
  X(Exp, "", "exp", 1, 1, 1, false)      \
  X(Log, "", "log", 1, 1, 1, false)      \
  X(Log2, "", "log2", 1, 1, 1, false)    \
  X(Log10, "", "log10", 1, 1, 1, false)  \
  X(Sqrt, "", "sqrt", 1, 1, 1, false)    \
  X(Cbrt, "", "cbrt", 1, 1, 1, false)    \
  X(Abs, "", "abs", 1, 1, 1, false)      \
  X(Sign, "", "sign", 1, 1, 1, true)     \
  X(Floor, "", "floor", 1, 1, 1, true)   \
  X(Ceil, "", "ceil", 1, 1, 1, true)     \
  X(Rint, "", "rint", 1, 1, 1, true)     \
  X(Pow, "^", "pow", 2, 2, 2, false)     \
  X(Hypot, "", "hypot", 2, 2, 2, false)  \
  X(Fmod, "", "fmod", 2, 2, 2, false)    \
  X(Min, "", "min", 2, 1, -1, false)     \
  X(Max, "", "max", 2, 1, -1, false)     \
  X(Erf, "", "erf", 1, 1, 1, false)      \
  X(Erfc, "", "erfc", 1, 1, 1, false)    \
  X(Add, "+", "", 2, 0, 0, false)        \
  X(Sub, "-", "", 2, 0, 0, false)        \
  X(Mul, "*", "", 2, 0, 0, false)        \
  X(Div, "/", "", 2, 0, 0, false)        \
  X(Lt, "<", "", 2, 0, 0, true)          \
  X(Le, "<=", "", 2, 0, 0, true)         \
  X(Gt, ">", "", 2, 0, 0, true)          \
  X(Ge, ">=", "", 2, 0, 0, true)         \
  X(Eq, "==", "", 2, 0, 0, true)         \
  X(Ne, "!=", "", 2, 0, 0, true)         \
  X(And, "&&", "", 2, 0, 0, true)        \
  X(Or, "||", "", 2, 0, 0, true)         \
  X(Cond, "?:", "", 3, 0, 0, false)

enum class Op : std::uint8_t {
#define KANPDE_EXPR_ENUM(op, symbol, function, n, lo, hi, step) op,
  KANPDE_EXPR_OPS(KANPDE_EXPR_ENUM)
#undef KANPDE_EXPR_ENUM
};

// The table's columns by operation.
struct OpInfo {
  Op op;
  const char* symbol;    // "+", "^" ("": printed as a call)
  const char* function;  // "sin", "pow" ("": not called by name)
  int arity, min_args, max_args;
  bool step;
};
inline constexpr OpInfo kOps[] = {
#define KANPDE_EXPR_INFO(op, symbol, function, n, lo, hi, step) \
  {Op::op, symbol, function, n, lo, hi, step},
    KANPDE_EXPR_OPS(KANPDE_EXPR_INFO)
#undef KANPDE_EXPR_INFO
};
inline constexpr int kNumOps = static_cast<int>(sizeof(kOps) / sizeof(kOps[0]));

constexpr const OpInfo& info(Op op) {
  return kOps[static_cast<int>(op)];
}
constexpr int arity(Op op) {
  return info(op).arity;
}
// Piecewise constant in its arguments: derivatives are 0 (comparisons, logic,
// sign, floor, ceil, rint).
constexpr bool is_step(Op op) {
  return info(op).step;
}

// The name of an operation, for messages and printing ("+", "sin", ...).
constexpr const char* op_name(Op op) {
  return info(op).symbol[0] != '\0' ? info(op).symbol : info(op).function;
}

}  // namespace kanpde::solver::expr
