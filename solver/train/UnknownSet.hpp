#pragma once
// The unknown scalars of an inverse problem as optimizer variables.
//
// Layout: the optimizers see one vector theta = [network parameters (P),
// s_0 .. s_{m-1}], one unconstrained variable s_i per unknown k_i, in the
// order of the case's `unknowns:`. Bounds are kept by a smooth map k(s)
// rather than by projection, so that Adam, L-BFGS (its line search and
// curvature pairs) and Levenberg-Marquardt (its Gauss-Newton model) all see
// a smooth objective without a bound-aware step:
//   min and max:  k = min + (max - min) sigmoid(s)
//   min only:     k = min + softplus(s)
//   max only:     k = max - softplus(-s)
//   neither:      k = s
// k never leaves its bounds (it approaches a bound only as s -> -/+inf); the
// derivative dk/ds (chain rule of the gradient entries and of the Jacobian
// columns) is exact. The values k are written into the shared
// expr::UnknownValues that the equations read.

#include <limits>
#include <memory>
#include <vector>

#include "solver/expr/Unknowns.hpp"

namespace kanpde::solver {

struct UnknownBounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};

class UnknownSet {
 public:
  // values: names and initial values (strictly inside their bounds).
  UnknownSet(std::shared_ptr<expr::UnknownValues> values, std::vector<UnknownBounds> bounds);
  // Several groups of values (the equations' unknowns, the corner
  // amplitudes of solver/pde/CornerEnrichment.hpp), one after the other in
  // theta; bounds for all of them in that order.
  UnknownSet(std::vector<std::shared_ptr<expr::UnknownValues>> groups,
             std::vector<UnknownBounds> bounds);
  int size() const { return static_cast<int>(s_.size()); }
  const std::vector<double>& variables() const { return s_; }
  // Sets s (size() values) and so the values k(s).
  void set_variables(const double* s);
  // The values k, all groups in order.
  std::vector<double> values() const;
  // dk_i/ds_i at the current s.
  std::vector<double> derivatives() const;
  // The maps themselves (for tests): k(s), dk/ds, and s(k) for k inside.
  static double value(const UnknownBounds& b, double s);
  static double derivative(const UnknownBounds& b, double s);
  static double variable(const UnknownBounds& b, double k);

 private:
  std::vector<std::shared_ptr<expr::UnknownValues>> groups_;
  std::vector<UnknownBounds> bounds_;
  // Value i lives in groups_[slot_[i].first]->values[slot_[i].second].
  std::vector<std::pair<std::size_t, std::size_t>> slot_;
  std::vector<double> s_;
};

}  // namespace kanpde::solver
