#pragma once
// The trainer's options as the case's training: and sampling: sections
// give them (stages, optimizers, grid schedule, balance, stop, renewal).

#include "solver/case/CaseSpec.hpp"
#include "solver/train/Trainer.hpp"

namespace kanpde::solver {

// The interior point count in force during stage s (-1: before training):
// the stage's `points`, or sampling.interior.count.
int stage_points(const CaseSpec& spec, int s);

// checkpoint_every, unknowns and field are left for the caller.
TrainOptions train_options(const CaseSpec& spec);

}  // namespace kanpde::solver
