#pragma once
// One interface for the optimizers a training stage can run
// (solver/optim/OptimizerConfig.hpp builds them from a stage's options).
//
// A stage calls step() once per training step. Between steps the trainer may
//   - reset():        the parameter vector changed (grid extension, update,
//                     renewal, pruning, refinement): forget everything;
//   - loss_changed(): the same parameters but a reweighted loss, or theta
//                     rolled back after a non-finite loss: drop what was
//                     measured on the old function (cached values,
//                     gradients, curvature pairs); keep the rest (Adam's
//                     moments, LM's damping);
//   - state()/set_state(): flatten for a checkpoint and restore, so that the
//                     steps after a resume are bitwise those of an
//                     uninterrupted run. The state's vectors all have the
//                     length of theta (the checkpoint stores them as rows).

#include "solver/optim/Objective.hpp"

namespace kanpde::solver::optim {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual const char* name() const = 0;  // as in case files
  // One step from theta (updated in place).
  virtual StepResult step(Objective& f, Vector& theta) = 0;
  virtual void reset() = 0;
  virtual void loss_changed() {}
  virtual OptimizerState state() const = 0;
  virtual void set_state(const OptimizerState& s) = 0;
};

}  // namespace kanpde::solver::optim
