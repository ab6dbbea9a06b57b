#pragma once
// A scalar field of the case's expression language: an expression of the
// coordinates x, y, z (the first `dim`) and named constants, compiled once on
// the host and evaluated with its exact derivatives.
//
// Derivatives are forward-mode second-order jets through the compiled
// program, never finite differences. Non-smooth functions take their
// piecewise derivatives: abs' = sign (0 at 0); sign, floor, ceil, rint,
// comparisons, && and || have derivative 0; c ? a : b, min and max take the
// derivatives of the branch they select; fmod(a, b) has d/da = 1,
// d/db = -trunc(a/b). Where a function is not differentiable (sqrt at 0) the
// derivative is what the formula gives (inf or NaN).
//
// A Field is cheap to copy (copies share the compiled form) and safe to
// evaluate from several threads.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "solver/expr/Error.hpp"

namespace kanpde::solver::expr {

class Field {  // an expression of the coordinates x, y, z (first `dim`) and named constants
 public:
  Field() = default;
  // Throws ExpressionError (with the 0-based character position) for a syntax
  // error, an unknown name, or a vector where a scalar is expected.
  static Field compile(const std::string& text, int dim,
                       const std::vector<std::pair<std::string, double>>& constants = {});

  // A scalar or a vector "[e1, e2(, e3)]": one Field per component (all with
  // the whole text as their text()).
  static std::vector<Field> compile_components(
      const std::string& text, int dim,
      const std::vector<std::pair<std::string, double>>& constants = {});

  bool empty() const { return impl_ == nullptr; }
  const std::string& text() const;
  int dim() const;
  bool is_constant() const;  // uses no coordinate
  // x: dim() coordinates.
  double value(const double* x) const;
  // value, gradient (dim), Hessian (dim*dim, row-major): exact, never finite differences
  void jet(const double* x, double* out) const;
  // n = x.size()/dim points, row-major; returns n x (dim + 2): [v, grad v, lap v]
  std::vector<double> laplacian_jets(const std::vector<double>& x) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace kanpde::solver::expr
