#pragma once
// The training loop: stages of optimizers run in sequence (for example Adam,
// then L-BFGS, then Levenberg-Marquardt), with grid extensions at given global
// steps, periodic grid updates from the samples early in training, periodic
// renewal of the collocation points (fresh draws or residual-based adaptive
// refinement, through a callback that builds the new loss), and recovery from
// non-finite losses (roll back to the last good parameters, damp, say so;
// give up with a RuntimeFailure after too many in a row).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kan/Grid.hpp"
#include "solver/optim/Adam.hpp"
#include "solver/optim/Lbfgs.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"
#include "solver/optim/Method.hpp"
#include "solver/pde/Assembler.hpp"

namespace kanpde::solver {

struct Stage {
  optim::Method optimizer = optim::Method::adam;
  int steps = 100;
  int grid_size = 0;  // extend the grid to this size before the stage (0: keep)
  optim::AdamOptions adam;
  optim::LbfgsOptions lbfgs;
  optim::LmOptions lm;
};

struct GridExtensionAt {
  int after_step = 0;  // global step count at which it happens (0: before training)
  int grid_size = 0;
};

struct TrainOptions {
  std::vector<Stage> stages;
  std::vector<GridExtensionAt> grid_schedule;  // besides Stage::grid_size
  int grid_update_every = 0;                   // steps between grid updates (0: never)
  int grid_update_until = 0;  // no grid update after this global step (0: no limit)
  kan::GridUpdateOptions grid_update;
  int renew_every = 0;      // steps between calls of the renew callback (0: never)
  double stop_loss = 0.0;   // stop once the total loss is at or below
  int max_recoveries = 10;  // consecutive non-finite recoveries before giving up
};

struct Progress {
  int step = 0;        // global step, 1-based after the step
  int stage = 0;       // index into TrainOptions::stages
  int stage_step = 0;  // 1-based within the stage
  int stage_steps = 0;
  optim::Method optimizer = optim::Method::adam;
  int grid_size = 0;
  std::size_t params = 0;
  LossTerms terms;     // at the parameters after the step (Adam: before it)
  double seconds = 0;  // since the start of run()
  bool recovered = false;
  bool stage_end = false;
  std::string event;  // "grid extended to 10", "grid updated", "points renewed", ...
};

class Trainer {
 public:
  using Net = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>;
  using Callback = std::function<void(const Progress&)>;
  // Builds the loss anew (new collocation points) for the current network.
  using Renew = std::function<std::shared_ptr<const Assembler<>>(int step, const Net& net)>;

  // samples: points (N x d) whose layer inputs drive grid updates.
  Trainer(std::shared_ptr<const Assembler<>> assembler, Net& net, std::vector<double> samples,
          TrainOptions o, Renew renew = {});
  void run(const Callback& on_step = {});
  int steps_done() const { return steps_; }
  double final_loss() const { return final_loss_; }
  const Assembler<>& assembler() const { return *as_; }

 private:
  std::shared_ptr<const Assembler<>> as_;
  Net& net_;
  std::vector<double> samples_;
  TrainOptions o_;
  Renew renew_;
  int steps_ = 0;
  double final_loss_ = 0.0;
};

}  // namespace kanpde::solver
