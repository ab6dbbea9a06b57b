#pragma once
// Refitting a symbolic model's affine parameters jointly (Levenberg-Marquardt
// on the free parameters, exact Jacobians from SymbolicModel::evaluate):
//
//   refit_values  to target values at points (the trained KAN's output), and
//   refit_pde     to the PDE loss itself: the loss terms of solver/pde/PointTerm.hpp,
//                 sum_terms weight * mean_p r_p^2 with
//                 r_p = A_u u + A_grad . grad u + A_lap lap u - rhs,
//                 the trial function u = S (the model) or, under a hard
//                 Dirichlet constraint, u = g0 + D S with the distance jets D.
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

// A hard constraint u = g0 + D S: per term, N x (dim + 2) jets of D (empty:
// no constraint).
struct TrialConstraint {
  double g0 = 0.0;
  std::vector<std::vector<double>> djet;
  bool active() const { return !djet.empty(); }
};

// The jets of the trial function at one point from the model's jets s
// (u, grad, lap; dim + 2 values) and the distance jets dj; the same linear map
// applies to parameter derivatives (with g0 = 0).
void compose_trial(int dim, double g0, const double* dj, const double* s, double* u);

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

}  // namespace kanpde::solver::symbolic
