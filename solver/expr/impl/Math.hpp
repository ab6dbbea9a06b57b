#pragma once
// The value of every scalar operation and its first and second partial
// derivatives, callable on the host and on the device. One table for the
// folding of constants, the host evaluator and the device programs, so all
// agree bit for bit.
//
// Non-smooth operations take the piecewise derivative: abs' = sign (0 at 0);
// sign, floor, ceil, rint, comparisons and logic have derivative 0; min and max
// follow the argument they select; fmod(a, b) = a - trunc(a/b) b has
// d/da = 1, d/db = -trunc(a/b).

#include <Kokkos_Core.hpp>

#include "solver/expr/Op.hpp"

namespace kanpde::solver::expr::Impl {

#if KOKKOS_VERSION >= 30700
#define KANPDE_EXPR_MATH Kokkos
#else
#define KANPDE_EXPR_MATH Kokkos::Experimental
#endif

constexpr double kLn2 = 0.693147180559945309417232121458176568;
constexpr double kLn10 = 2.30258509299404568401799145468436421;
constexpr double kTwoOverSqrtPi = 1.12837916709551257389615890312154517;

KOKKOS_INLINE_FUNCTION double sign(double a) {
  return a < 0.0 ? -1.0 : a > 0.0 ? 1.0 : 0.0;
}
KOKKOS_INLINE_FUNCTION double truth(bool b) {
  return b ? 1.0 : 0.0;
}

// The value of op at its arguments (b, c unused below their arity).
KOKKOS_INLINE_FUNCTION double apply(Op op, double a, double b = 0.0, double c = 0.0) {
  namespace M = KANPDE_EXPR_MATH;
  switch (op) {
    case Op::Neg:
      return -a;
    case Op::Sin:
      return M::sin(a);
    case Op::Cos:
      return M::cos(a);
    case Op::Tan:
      return M::tan(a);
    case Op::Asin:
      return M::asin(a);
    case Op::Acos:
      return M::acos(a);
    case Op::Atan:
      return M::atan(a);
    case Op::Sinh:
      return M::sinh(a);
    case Op::Cosh:
      return M::cosh(a);
    case Op::Tanh:
      return M::tanh(a);
    case Op::Asinh:
      return M::asinh(a);
    case Op::Acosh:
      return M::acosh(a);
    case Op::Atanh:
      return M::atanh(a);
    case Op::Exp:
      return M::exp(a);
    case Op::Log:
      return M::log(a);
    case Op::Log2:
      return M::log2(a);
    case Op::Log10:
      return M::log10(a);
    case Op::Sqrt:
      return M::sqrt(a);
    case Op::Cbrt:
      return M::cbrt(a);
    case Op::Abs:
      return a < 0.0 ? -a : a;
    case Op::Sign:
      return sign(a);
    case Op::Floor:
      return M::floor(a);
    case Op::Ceil:
      return M::ceil(a);
    case Op::Rint:
      return M::floor(a + 0.5);
    case Op::Erf:
      return M::erf(a);
    case Op::Erfc:
      return M::erfc(a);
    case Op::Add:
      return a + b;
    case Op::Sub:
      return a - b;
    case Op::Mul:
      return a * b;
    case Op::Div:
      return a / b;
    case Op::Pow:
      return M::pow(a, b);
    case Op::Hypot:
      return M::hypot(a, b);
    case Op::Fmod:
      return M::fmod(a, b);
    case Op::Atan2:
      return M::atan2(a, b);
    case Op::Min:
      return b < a ? b : a;
    case Op::Max:
      return a < b ? b : a;
    case Op::Lt:
      return truth(a < b);
    case Op::Le:
      return truth(a <= b);
    case Op::Gt:
      return truth(a > b);
    case Op::Ge:
      return truth(a >= b);
    case Op::Eq:
      return truth(a == b);
    case Op::Ne:
      return truth(a != b);
    case Op::And:
      return truth(a != 0.0 && b != 0.0);
    case Op::Or:
      return truth(a != 0.0 || b != 0.0);
    case Op::Cond:
      return a != 0.0 ? b : c;
    default:
      return 0.0;  // leaves are not operations
  }
}

// f = op(a): f' and f'' at a, given the value f.
KOKKOS_INLINE_FUNCTION void unary_partials(Op op, double a, double f, double& d1, double& d2) {
  namespace M = KANPDE_EXPR_MATH;
  d1 = 0.0;
  d2 = 0.0;
  switch (op) {
    case Op::Neg:
      d1 = -1.0;
      break;
    case Op::Sin:
      d1 = M::cos(a), d2 = -f;
      break;
    case Op::Cos:
      d1 = -M::sin(a), d2 = -f;
      break;
    case Op::Tan:
      d1 = 1.0 + f * f, d2 = 2.0 * f * d1;
      break;
    case Op::Asin:
    case Op::Acos: {
      const double q = 1.0 - a * a, s = M::sqrt(q);
      d1 = 1.0 / s, d2 = a / (q * s);
      if (op == Op::Acos) d1 = -d1, d2 = -d2;
      break;
    }
    case Op::Atan: {
      const double q = 1.0 + a * a;
      d1 = 1.0 / q, d2 = -2.0 * a / (q * q);
      break;
    }
    case Op::Sinh:
      d1 = M::cosh(a), d2 = f;
      break;
    case Op::Cosh:
      d1 = M::sinh(a), d2 = f;
      break;
    case Op::Tanh:
      d1 = 1.0 - f * f, d2 = -2.0 * f * d1;
      break;
    case Op::Asinh:
    case Op::Acosh: {
      const double q = op == Op::Asinh ? a * a + 1.0 : a * a - 1.0, s = M::sqrt(q);
      d1 = 1.0 / s, d2 = -a / (q * s);
      break;
    }
    case Op::Atanh: {
      const double q = 1.0 - a * a;
      d1 = 1.0 / q, d2 = 2.0 * a / (q * q);
      break;
    }
    case Op::Exp:
      d1 = f, d2 = f;
      break;
    case Op::Log:
    case Op::Log2:
    case Op::Log10: {
      const double k = op == Op::Log ? 1.0 : op == Op::Log2 ? kLn2 : kLn10;
      d1 = 1.0 / (k * a), d2 = -d1 / a;
      break;
    }
    case Op::Sqrt:
      d1 = 0.5 / f, d2 = -0.5 * d1 / a;
      break;
    case Op::Cbrt:
      d1 = 1.0 / (3.0 * f * f), d2 = -2.0 * d1 / (3.0 * a);
      break;
    case Op::Abs:
      d1 = sign(a);
      break;
    case Op::Erf:
    case Op::Erfc:
      d1 = kTwoOverSqrtPi * M::exp(-a * a), d2 = -2.0 * a * d1;
      if (op == Op::Erfc) d1 = -d1, d2 = -d2;
      break;
    default:
      break;  // steps: 0
  }
}

// f = op(a, b): first and second partials at (a, b), given the value f.
// a_var / b_var: whether the argument varies; partials in an argument that
// does not vary are not formed (x^2 needs no log x, 2^x no derivative in 2).
struct Partials2 {
  double fa = 0.0, fb = 0.0, faa = 0.0, fab = 0.0, fbb = 0.0;
};

KOKKOS_INLINE_FUNCTION Partials2 binary_partials(Op op, double a, double b, double f, bool a_var,
                                                 bool b_var) {
  namespace M = KANPDE_EXPR_MATH;
  Partials2 p;
  switch (op) {
    case Op::Add:
      p.fa = 1.0, p.fb = 1.0;
      break;
    case Op::Sub:
      p.fa = 1.0, p.fb = -1.0;
      break;
    case Op::Mul:
      p.fa = b, p.fb = a, p.fab = 1.0;
      break;
    case Op::Div: {
      const double r = 1.0 / b;
      p.fa = r, p.fb = -f * r, p.fab = -r * r, p.fbb = 2.0 * f * r * r;
      break;
    }
    case Op::Pow:
      if (a_var) {
        if (b == 1.0) {
          p.fa = 1.0;
        } else if (b != 0.0) {
          p.fa = b * M::pow(a, b - 1.0);
          p.faa = b == 2.0 ? 2.0 : b * (b - 1.0) * M::pow(a, b - 2.0);
        }
      }
      if (b_var) {
        const double l = M::log(a);
        p.fb = f * l, p.fbb = f * l * l;
        if (a_var) p.fab = M::pow(a, b - 1.0) * (1.0 + b * l);
      }
      break;
    case Op::Hypot: {
      const double r = 1.0 / f, r3 = r * r * r;
      p.fa = a * r, p.fb = b * r, p.faa = b * b * r3, p.fab = -a * b * r3, p.fbb = a * a * r3;
      break;
    }
    case Op::Fmod:
      p.fa = 1.0, p.fb = -M::trunc(a / b);
      break;
    case Op::Atan2: {  // atan2(y = a, x = b)
      const double q = a * a + b * b, q2 = q * q;
      p.fa = b / q, p.fb = -a / q, p.faa = -2.0 * a * b / q2, p.fbb = 2.0 * a * b / q2;
      p.fab = (a * a - b * b) / q2;
      break;
    }
    case Op::Min:
      (b < a ? p.fb : p.fa) = 1.0;
      break;
    case Op::Max:
      (a < b ? p.fb : p.fa) = 1.0;
      break;
    default:
      break;  // comparisons and logic: 0
  }
  return p;
}

#undef KANPDE_EXPR_MATH

}  // namespace kanpde::solver::expr::Impl
