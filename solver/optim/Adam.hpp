#pragma once
// Adam with bias correction and a learning-rate schedule.

#include <string>

#include "solver/optim/Optimizer.hpp"

namespace kanpde::solver::optim {

enum class LrSchedule { constant, exponential, cosine };

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  LrSchedule schedule = LrSchedule::constant;
  double decay_rate = 0.1;  // exponential: lr * decay_rate^(step / decay_steps)
  int decay_steps = 1000;
  int total_steps = 1000;  // cosine: from lr to lr_min over total_steps
  double lr_min = 0.0;
};

class Adam : public Optimizer {
 public:
  explicit Adam(const AdamOptions& o = {});
  using Options = AdamOptions;
  static constexpr const char* kName = "adam";  // in case files
  static constexpr bool kLeastSquares = false;
  const char* name() const override { return kName; }
  // One step from theta (updated in place). The returned loss is the one at
  // the parameters the step started from (Adam evaluates once per step). A
  // non-finite loss or gradient leaves theta unchanged, halves the learning
  // rate, and is reported as recovered.
  StepResult step(Objective& f, Vector& theta) override;
  double learning_rate() const;
  void reset() override;  // forget moments (after the parameter vector changed shape)
  OptimizerState state() const override;
  void set_state(const OptimizerState& s) override;

 private:
  AdamOptions o_;
  Vector m_, v_;
  long t_ = 0;
  double damping_ = 1.0;
};

}  // namespace kanpde::solver::optim
