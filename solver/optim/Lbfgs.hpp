#pragma once
// Limited-memory BFGS with a strong-Wolfe (default) or Armijo backtracking
// line search (LbfgsOptions::line_search.kind).

#include <deque>

#include "solver/optim/LineSearch.hpp"
#include "solver/optim/Optimizer.hpp"

namespace kanpde::solver::optim {

struct LbfgsOptions {
  int history = 20;
  double tolerance_grad = 1e-12;    // stop when max |grad| falls below
  double tolerance_change = 1e-15;  // stop when the loss changes less (relative)
  LineSearchOptions line_search{};
};

class Lbfgs : public Optimizer {
 public:
  explicit Lbfgs(const LbfgsOptions& o = {});
  using Options = LbfgsOptions;
  static constexpr const char* kName = "lbfgs";  // in case files
  static constexpr bool kLeastSquares = false;
  const char* name() const override { return kName; }
  // One iteration: direction from the two-loop recursion, then a line search.
  // When the line search finds no step the history is dropped and the next
  // step starts again from steepest descent; a second failure in a row means
  // converged (no further progress possible at this precision).
  StepResult step(Objective& f, Vector& theta) override;
  void reset() override;
  // The history and the cached loss and gradient belong to the old loss.
  void loss_changed() override { reset(); }
  OptimizerState state() const override;
  void set_state(const OptimizerState& s) override;

 private:
  LbfgsOptions o_;
  std::deque<Vector> s_, y_;
  Vector g_;
  double f_ = 0.0;
  bool have_ = false;
  int failures_ = 0;
};

}  // namespace kanpde::solver::optim
