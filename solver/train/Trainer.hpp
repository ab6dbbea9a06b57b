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
#include "solver/optim/OptimizerConfig.hpp"
#include "solver/pde/Assembler.hpp"
#include "solver/train/Balance.hpp"
#include "solver/train/Sparsity.hpp"
#include "solver/train/UnknownSet.hpp"

namespace kanpde::solver {

// A stage: the optimizer (built from its options at the stage's start) and
// what happens around its steps.
struct Stage {
  optim::OptimizerConfig optimizer;  // required
  int steps = 100;
  int grid_size = 0;  // extend the grid to this size before the stage (0: keep)
  // Renew the loss (the renew callback) before the stage's first step: the
  // stage trains on other collocation points than the one before it.
  bool renew_at_start = false;
  // Multi-stage refinement before the stage's first step (the refine
  // callback): the network and the loss are replaced.
  bool refine_at_start = false;
  // The KAN paper's sparsity penalty added to the loss during the stage
  // (solver/train/Sparsity.hpp, over the samples' points); not on a
  // least-squares optimizer's stage (it is not a sum of squares).
  SparsityOptions sparsity;
  // > 0: before the stage's first step (after a refinement, before the
  // stage's grid extension) the network is pruned at this attribution
  // threshold (solver/train/PruneStage.hpp) and the stage trains the smaller
  // network.
  double prune_threshold = 0.0;
};

struct GridExtensionAt {
  int after_step = 0;  // global step count at which it happens (0: before training)
  int grid_size = 0;
  // >= 0: at the start of this stage instead (before its first step, however
  // many steps the stages before it took: a stage may stop early).
  int at_stage = -1;
};

struct TrainOptions {
  std::vector<Stage> stages;
  std::vector<GridExtensionAt> grid_schedule;  // besides Stage::grid_size
  int grid_update_every = 0;                   // steps between grid updates (0: never)
  // No grid update after this global step (0: no limit): updates come after
  // steps every, 2 every, ... while the step after them is <= until.
  int grid_update_until = 0;
  kan::GridUpdateOptions grid_update;
  int renew_every = 0;       // steps between calls of the renew callback (0: never)
  double stop_loss = 0.0;    // stop once the total loss is at or below
  int max_recoveries = 10;   // consecutive non-finite recoveries before giving up
  int checkpoint_every = 0;  // steps between checkpoint callbacks (0: never)
  // Self-balancing term weights (before steps 0, every, 2 every, ...), for
  // losses of more than one term.
  BalanceOptions balance;
  // Unknown scalars trained with the network (null or empty: none); their
  // optimizer variables follow the network's parameters in theta and in
  // TrainerState::good.
  std::shared_ptr<UnknownSet> unknowns;
  // An unknown field's network (null: none), read by the assemblers (their
  // set_field); its parameters sit between the network's and the unknown
  // scalars' in theta and in TrainerState::good. Its grid stays as built.
  kan::Network<Kokkos::DefaultExecutionSpace::memory_space>* field = nullptr;
};

// Where training stands after a step: with the network's parameters and
// knots (kept by the caller) enough to continue exactly as an uninterrupted
// run would.
struct TrainerState {
  int step = 0;        // global steps done
  int stage = 0;       // the stage to continue in
  int stage_step = 0;  // steps done within that stage
  int recoveries = 0;  // consecutive non-finite recoveries so far
  double final_loss = 0.0;
  optim::OptimizerState optimizer;  // the stage's optimizer
  std::vector<double> good;         // the last good parameters
  std::vector<double> balance;      // the term weights' balance factors (empty: none yet)
};

struct Progress {
  int step = 0;        // global step, 1-based after the step
  int stage = 0;       // index into TrainOptions::stages
  int stage_step = 0;  // 1-based within the stage
  int stage_steps = 0;
  const char* optimizer = "";  // the stage's optimizer's name
  bool least_squares = false;  // ... and whether it minimises a sum of squares
  int grid_size = 0;
  std::size_t params = 0;
  LossTerms terms;               // at the parameters after the step (Adam: before it)
  std::vector<double> weights;   // the terms' weights: case weight times balance factor
  std::vector<double> unknowns;  // the unknown scalars' values after the step
  double seconds = 0;            // since the start of run()
  bool recovered = false;
  bool stage_end = false;
  std::string event;     // "grid extended to 10", "grid updated", "points renewed", ...
  double penalty = 0.0;  // the sparsity penalty in the step's loss (0: none)
  // Something the user should see: at the end of training after a prune,
  // that the loss did not come back to the loss before pruning.
  std::string warning;
};

class Trainer {
 public:
  using Net = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>;
  using Callback = std::function<void(const Progress&)>;
  // Builds the loss anew (new collocation points) for the current network,
  // after `step` global steps, before a step of stage `stage`.
  using Renew =
      std::function<std::shared_ptr<const Assembler<>>(int step, int stage, const Net& net)>;
  // Freezes the solution so far and replaces `net` by a new network to train
  // on the loss it returns (multi-stage refinement), before stage `stage`.
  using Refine = std::function<std::shared_ptr<const Assembler<>>(int step, int stage, Net& net)>;
  // Receives the state after a step (every checkpoint_every steps, and when a
  // stop is requested); the network holds the matching parameters.
  using Checkpoint = std::function<void(const TrainerState&)>;
  // Polled after every step; true ends training (after the checkpoint
  // callback) with kanpde::Interrupted.
  using StopRequested = std::function<int()>;

  // samples: points (N x d) whose layer inputs drive grid updates.
  Trainer(std::shared_ptr<const Assembler<>> assembler, Net& net, std::vector<double> samples,
          TrainOptions o, Renew renew = {});
  void run(const Callback& on_step = {});
  void set_refine(Refine r) { refine_ = std::move(r); }
  void set_checkpoint(Checkpoint c, StopRequested stop = {}) {
    checkpoint_ = std::move(c);
    stop_ = std::move(stop);
  }
  // Continue from a checkpoint: call before run(), with the network already
  // holding the checkpoint's parameters and knots, and the loss built from
  // the checkpoint's collocation points.
  void resume(const TrainerState& s) {
    resume_ = s;
    resuming_ = true;
  }
  int steps_done() const { return steps_; }
  double final_loss() const { return final_loss_; }
  const Assembler<>& assembler() const { return *as_; }

 private:
  std::shared_ptr<const Assembler<>> as_;    // the loss optimised: base_ reweighted
  std::shared_ptr<const Assembler<>> base_;  // the loss as built (or renewed)
  std::vector<double> balance_;
  Net& net_;
  std::vector<double> samples_;
  TrainOptions o_;
  Renew renew_;
  Refine refine_;
  Checkpoint checkpoint_;
  StopRequested stop_;
  TrainerState resume_;
  bool resuming_ = false;
  int steps_ = 0;
  double final_loss_ = 0.0;
  // The loss just before the latest prune of this run (< 0: none), and the
  // stage it came before.
  double pruned_loss_ = -1.0;
  int pruned_stage_ = -1;
};

}  // namespace kanpde::solver
