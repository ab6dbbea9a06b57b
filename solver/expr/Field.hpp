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
//
// A Field may also be given by a host function of many points at once
// (from_function): a tabulated coefficient such as a trained network (the
// FD re-solve of an inverse problem with its recovered field,
// solver/case/ForwardCase.hpp). Its derivatives are what the function gives;
// it is not constant, and batch evaluations (jets) call it once.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "solver/expr/Error.hpp"

namespace kanpde::solver::expr {

class Field {  // an expression of the coordinates x, y, z (first `dim`) and named constants
 public:
  Field() = default;
  // jets(x, n, out): n points x (n x dim, row-major) -> out (n x (1 + dim +
  // dim*dim)): value, gradient, Hessian (row-major), as jet() below.
  using JetFunction = std::function<void(const double* x, std::size_t n, double* out)>;
  // Throws ExpressionError (with the 0-based character position) for a syntax
  // error, an unknown name, or a vector where a scalar is expected.
  static Field compile(const std::string& text, int dim,
                       const std::vector<std::pair<std::string, double>>& constants = {});

  // A field given by a host function; text names it in messages.
  static Field from_function(const std::string& text, int dim, JetFunction jets);

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
  // n = x.size()/dim points, row-major; returns n x (1 + dim + dim*dim): jet() at each
  std::vector<double> jets(const std::vector<double>& x) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace kanpde::solver::expr
