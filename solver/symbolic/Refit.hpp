#pragma once
// Refitting a symbolic model's affine parameters jointly (Levenberg-Marquardt
// on the free parameters, exact Jacobians from SymbolicModel::evaluate):
//
//   refit_values  to target values at points (the trained KAN's output), and
//   refit_pde     to the PDE loss itself: the loss terms of solver/pde/PointTerm.hpp,
//                 sum_terms weight * mean_p r_p^2 with
//                 r_p = A_u u + A_grad . grad u + A_lap lap u - rhs,
//                 the trial function u = S (the model) or, under a hard
//                 Dirichlet constraint, u = G + D S (solver/pde/TrialFunction.hpp).
//
// The model is updated in place; the report gives the loss before and after.

#include <vector>

#include "solver/pde/PointTerm.hpp"
#include "solver/symbolic/SymbolicModel.hpp"

namespace kanpde::solver::symbolic {

struct RefitOptions {
  int max_iterations = 200;
};

struct RefitReport {
  double initial_loss = 0.0;
  double final_loss = 0.0;
  int iterations = 0;
};

// A hard constraint u = G + D S (solver/pde/TrialFunction.hpp): per term,
// N x (dim + 2) jets of D and of G (empty: no constraint, u = S).
struct TrialConstraint {
  std::vector<std::vector<double>> djet, gjet;
  bool active() const { return !djet.empty(); }
};

// Loss of the model on the terms (same definition as the trainer's).
double pde_loss(const SymbolicModel& m, const std::vector<PointTerm>& terms,
                const TrialConstraint& hard = {});

// Residual vector sqrt(w_t / N_t) r_p over all terms' points and its Jacobian
// with respect to ALL parameters (num_params columns).
void pde_residuals(const SymbolicModel& m, const std::vector<PointTerm>& terms,
                   const TrialConstraint& hard, std::vector<double>& r, std::vector<double>* jac);

RefitReport refit_values(SymbolicModel& m, const std::vector<double>& x,
                         const std::vector<double>& target, const RefitOptions& o = {});
RefitReport refit_pde(SymbolicModel& m, const std::vector<PointTerm>& terms,
                      const TrialConstraint& hard = {}, const RefitOptions& o = {});

// Choosing the edges' functions by what the PDE says. The edge fits rank
// functions by how well they match the KAN's (approximate) edges; two
// functions can match equally well while only one makes the formula an exact
// solution (c cos(eps t) and t^2 are indistinguishable for small eps t, and
// an exact structure may need several edges changed together). Each pass
// tries, per layer, giving every free edge that accepts a function f
// (1 - R^2 <= max_unexplained among its first `alternatives` candidates) that
// f at once, then each free edge alone with each of its candidates. A trial
// fits the new function to the current edge on its current inputs, refits
// the whole formula on the PDE loss (`iterations` LM steps; the baseline gets
// the same budget) and is kept when the loss falls by the factor `gain`.
// At most max_trials trials in all, so large networks stay affordable.
// m must be refit already; loss is updated to its PDE loss on the terms.
struct SelectionOptions {
  int alternatives = 4;
  double max_unexplained = 1e-2;
  int passes = 2;
  int iterations = 60;
  double gain = 1e-2;
  int max_trials = 40;  // refits in all (whole layers come first)
};
struct Swap {
  int edge = 0;
  int from = 0, to = 0;  // library functions
  double loss_before = 0.0, loss_after = 0.0;
};
std::vector<Swap> select_by_pde(SymbolicModel& m,
                                const std::vector<std::vector<EdgeFormula>>& candidates,
                                const std::vector<bool>& pinned, const std::vector<double>& points,
                                const std::vector<PointTerm>& terms, const TrialConstraint& hard,
                                double& loss, const SelectionOptions& o = {});

}  // namespace kanpde::solver::symbolic
