#pragma once
// Guards: signs that a small training loss does not mean a good solution.
//
// 1. Under-determination: a least-squares fit with more parameters than
//    equations (collocation residuals, every loss term counted) has no unique
//    minimum; the loss can reach 0 while the solution is wrong. For a
//    Levenberg-Marquardt stage J^T J is then singular and only the damping
//    picks a step.
// 2. Validation residual: the PDE residual -lap u + c u - f on a fixed,
//    independent draw of interior points that training never sees (seed
//    derived from sampling.seed, the same for every run of the case). Its RMS,
//    and the RMS relative to that of f where f is not zero, is recorded with
//    the history and at the end.
// 3. Over-fitting: the validation residual rising far above its best while
//    the training loss keeps falling.

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "geometry/Domain.hpp"
#include "kan/Network.hpp"
#include "solver/case/CaseSpec.hpp"
#include "solver/pde/PointTerm.hpp"
#include "solver/run/Problem.hpp"

namespace kanpde::solver {

// ------------------------------------------------------------ under-determination
struct EquationCount {
  std::size_t total = 0;
  std::vector<std::pair<std::string, std::size_t>> per_term;  // name, residuals
};
EquationCount count_equations(const std::vector<PointTerm>& terms);

// The warning text when params > equations ("" otherwise). lm: the stage is
// Levenberg-Marquardt (the Gauss-Newton system is then under-determined).
std::string underdetermined_warning(std::size_t params, const EquationCount& eq, bool lm, int stage,
                                    int step);

// The check at each training step whose parameter count or stage is new
// (grid extensions change the parameters, refinement the equations): the
// warning the first time the fit is under-determined, and again at a new
// Levenberg-Marquardt stage that is ("" otherwise).
class UnderdeterminationWatch {
 public:
  std::string observe(std::size_t params, int stage, int step, bool lm,
                      const std::vector<PointTerm>& terms);

 private:
  std::size_t params_ = 0;
  int stage_ = -1;
  bool warned_ = false;
};

// ------------------------------------------------------------ validation residual
struct ValidationSet {
  int dim = 0;
  std::vector<double> x;  // N x dim
  std::vector<double> f;  // f at x (normalised form: -lap u + c u = f)
  double c = 0.0;
  double f_rms = 0.0;  // general equations: RMS of the residual of u = 0
  // A general equation (pde.equation): its term at x (f and c unused).
  std::optional<PointTerm> term;
};

// Points per validation draw: the interior count clamped to [256, 4096].
std::size_t validation_count(const CaseSpec& spec);
// A fixed draw independent of every training draw (seed sampling.seed +
// validation_seed_offset, pseudo-random).
constexpr std::uint64_t validation_seed_offset = 0x9e3779b97f4a7c15ull;
ValidationSet make_validation_set(const CaseSpec& spec, const geometry::Domain& domain);
// The same quantities at the first validation_count(spec) points of a training
// set (the points themselves, f evaluated there).
ValidationSet training_subset(const CaseSpec& spec, const std::vector<double>& interior);

struct ValidationResidual {
  double rms = 0.0;  // sqrt(mean r^2)
  double rel = 0.0;  // rms / RMS(f); NaN when f is 0 at every validation point
};
ValidationResidual validation_residual(
    const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net, const ValidationSet& v,
    const geometry::Domain& domain, const HardDirichlet& hard, const FieldBinding& field = {});
// The same from residual values (host), for tests and for other callers.
ValidationResidual residual_norms(const std::vector<double>& r, double f_rms);

// ------------------------------------------------------------ over-fitting
// Watches (step, training loss, validation residual, training residual)
// rows. The condition: the validation residual is more than `factor` times
// its best while the training loss is below its value at that best, and is
// more than `factor` times the same residual at (a subset of) the training
// points. The last part keeps a residual that grows everywhere alike from
// counting: f = 0 problems start from a residual near 0 that grows while the
// boundary data are learnt. training_residual NaN: not checked.
// Only a rise that persists warns: finish() returns the warning when the
// condition holds at the last row observed (a spike that recovers before the
// end of training, as a Levenberg-Marquardt step after a grid extension can
// make, does not). A residual below min_rel times f_rms (the RMS of the
// source, where known: > 0) does not count either: the default case ends with
// a validation residual 23x its best but 2.3e-3 of RMS(f), at rel. L2 9.5e-6.
class OverfitGuard {
 public:
  static constexpr double min_rel = 1e-2;
  explicit OverfitGuard(double factor = 10.0, double f_rms = 0.0)
      : factor_(factor), floor_(f_rms > 0.0 && std::isfinite(f_rms) ? min_rel * f_rms : 0.0) {}
  void observe(int step, double loss, double validation, double training_residual);
  // After the last row: the warning text when the condition holds there.
  std::optional<std::string> finish() const;
  // The condition holds at the last row observed.
  bool rising() const { return rise_step_ >= 0; }

 private:
  double factor_;
  double floor_;  // validation residuals at or below it never count
  double best_ = 0.0, loss_at_best_ = 0.0;
  int best_step_ = -1;
  // The current uninterrupted rise: its first step (-1: none) and last row.
  int rise_step_ = -1;
  int last_step_ = -1;
  double last_validation_ = 0.0, last_loss_ = 0.0, last_training_ = 0.0;
};

}  // namespace kanpde::solver
