#pragma once
// Expressions of a case file (source f, boundary data g, exact solution u,
// constants): a scalar expression of kanpde's expression language
// (solver/expr/Parse.hpp has its grammar, solver/expr/Op.hpp its operations
// and functions), parsed once into the typed tree, compiled to a host program
// (solver/expr/Program.hpp) and evaluated in double precision. The same text
// gives the same value bit for bit as a solver/expr Field or device program.
//
// Variables: x, y, z (as many as the dimension; x1 .. xd above 3D; none for a
// constant). Constants: pi, e (also _pi, _e), and the case's own constants.
//
// An Expression is cheap to copy (copies share the compiled form) and safe to
// evaluate from several threads (each has its own registers).

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/Error.hpp"
#include "solver/expr/Error.hpp"

namespace kanpde::solver {

struct Constant {
  std::string name;
  std::string text;  // as written (a number or an expression of earlier constants)
  double value = 0.0;
};

// A compile error, with the 0-based character position inside the text
// (-1: the whole expression); the expression language's own error type.
using ExpressionError = expr::ExpressionError;

class Expression {
 public:
  Expression() = default;
  // Compiles text in dim variables (0: a constant expression). Throws
  // ExpressionError naming an unknown variable or function, or the syntax
  // error and where it is.
  static Expression compile(const std::string& text, int dim,
                            const std::vector<Constant>& constants = {});

  bool empty() const { return impl_ == nullptr; }
  const std::string& text() const;
  int dim() const;
  // True when no variable appears (the value is the same everywhere).
  bool is_constant() const;
  // The variables the expression uses ("x", "y", ...).
  std::vector<std::string> variables() const;

  // x: dim() coordinates (dim >= dim(); extra coordinates are ignored).
  double eval(const double* x, int dim) const;
  double eval() const;  // for a constant expression
  // points: n rows of dim coordinates (row-major); out: n values.
  void eval_many(const double* points, std::size_t n, int dim, double* out) const;
  std::vector<double> eval_many(const std::vector<double>& points, int dim) const;

  // The names reserved by the expression language (variables, built-in
  // constants, functions); case constants may not use them.
  static const std::vector<std::string>& reserved_names();
  static const std::vector<std::string>& function_names();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

inline bool operator==(const Expression& a, const Expression& b) {
  return a.empty() == b.empty() && (a.empty() || a.text() == b.text());
}
inline bool operator!=(const Expression& a, const Expression& b) {
  return !(a == b);
}

}  // namespace kanpde::solver
