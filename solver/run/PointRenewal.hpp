#pragma once
// Collocation points renewed during training, as the trainer's renew
// callback: fresh draws (sampling.resample_every), the stages' own point
// counts (a stage's `points`: a draw of that many interior points, of the
// current round, replacing refined ones) and residual-based adaptive
// refinement (sampling.adaptive: the largest PDE residuals of a candidate
// pool join the interior points). A checkpoint restores its state.

#include <memory>
#include <vector>

#include "geometry/Domain.hpp"
#include "solver/case/CaseSpec.hpp"
#include "solver/run/Problem.hpp"
#include "solver/train/Trainer.hpp"

namespace kanpde::solver {

class PointRenewal {
 public:
  using Net = Trainer::Net;
  // hd: the trial function's data, refinements included (kept by the
  // caller); current: the point sets in use, replaced in place.
  PointRenewal(const CaseSpec& spec, const geometry::Domain& domain, const HardDirichlet& hd,
               SampledProblem& current, const FieldBinding& field);
  // Trainer::Renew: the loss over the points in force after `step` steps,
  // before a step of stage `stage`.
  std::shared_ptr<const Assembler<>> operator()(int step, int stage, const Net& net);

  int round() const { return round_; }
  int refine_round() const { return refine_round_; }
  // The point sets of a checkpoint: the draw of `round`, with the interior
  // points it had then (refinements included). `stage` is the stage whose
  // point count was in force (-1: before training).
  void restore(int round, int refine_round, const std::vector<double>& interior, int stage);

 private:
  void refine(const Net& net);
  // The PDE term (and its distance jets) over the current interior points.
  void rebuild_pde_term();

  const CaseSpec& spec_;
  const geometry::Domain& domain_;
  const HardDirichlet& hd_;
  SampledProblem& sp_;
  int round_ = 0;
  int refine_round_ = 0;
  FieldBinding field_;
  int count_;  // the interior count of the draw in use (before refinement)
};

}  // namespace kanpde::solver
