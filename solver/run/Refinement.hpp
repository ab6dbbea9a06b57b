#pragma once
// Multi-stage refinement: a trained solution u1 = G + D N_0 is frozen and a
// second network N_1, scaled by s_1, is trained on the same loss with
//   u = G + D (N_0 + s_1 N_1)
// and so on: after k refinements u = G + D (N_0 + sum_i s_i N_i). s_i is the
// scale of the residual u1 leaves (refinement_scale), so that N_i is O(1)
// while the correction it makes is small.
//
// The trial function u = G + D N (solver/pde/TrialFunction.hpp) carries it
// unchanged: with the frozen part as G' = G + D sum_{i<k} s_i N_i and
// D' = s_k D, u = G' + D' N_k, so training, evaluation and `kanpde eval` run
// their one code path; the frozen sum lives in HardDirichlet::frozen and
// trial_jets (solver/run/Problem.hpp) folds it in. Without a hard constraint
// D = 1 and G = 0.

#include <memory>
#include <string>
#include <vector>

#include "common/H5.hpp"
#include "geometry/Domain.hpp"
#include "kan/Network.hpp"
#include "solver/case/CaseSpec.hpp"
#include "solver/io/Results.hpp"
#include "solver/run/Problem.hpp"

namespace kanpde::solver {

struct FrozenSum {
  using Net = kan::Network<Kokkos::DefaultExecutionSpace::memory_space>;
  std::vector<Net> nets;       // N_0, ..., N_{k-1}
  std::vector<double> scales;  // their scales (N_0's is 1)
  double scale = 1.0;          // s_k, the scale of the network in training
};

// Laplacian jets (N x (dim + 2)) of sum_i s_i N_i at points x (N x dim).
std::vector<double> frozen_jets(const FrozenSum& f, const std::vector<double>& x, int dim);

// G' = G + D (sum_i s_i N_i) and D' = s D in place, at points x; empty jets
// stand for D = 1, G = 0.
void fold_frozen(const FrozenSum& f, const std::vector<double>& x, int dim, TrialJets& tj);

// The scale of the next network: RMS(u) * RMS(r) / RMS(r at u = 0) over the
// interior points x, r the PDE residual of the current solution (the
// relative residual times the solution's size). Where the residual at u = 0
// or u itself vanishes (a source-free problem), RMS(r) times the squared
// largest extent of the domain's bounding box; 1 if that is 0 too.
double refinement_scale(const CaseSpec& spec, const geometry::Domain& domain,
                        const HardDirichlet& hd, const FrozenSum::Net& net,
                        const std::vector<double>& x);

// One refinement: net (the network trained so far) joins the frozen sum of
// hd with the scale it was trained at, and net is replaced by a new network
// of rs.kan that starts at zero (start_at_zero). Returns the new network's
// scale: rs.scale, or refinement_scale over the interior points x. The
// caller rebuilds the trial jets (set_trial) and the loss.
double freeze_and_restart(const CaseSpec& spec, const RefineSpec& rs,
                          const geometry::Domain& domain, HardDirichlet& hd, FrozenSum::Net& net,
                          const std::vector<double>& x);

// Zeroes the last layer's spline coefficients and base weights of a new
// refinement network, so that N = 0 exactly and the sum starts at the frozen
// solution (its first Levenberg-Marquardt step is a least-squares fit of the
// last layer; the spline scales stay, so the inner layers follow).
void start_at_zero(FrozenSum::Net& net);

// The networks of a results file's /refinement group (absent: empty): the
// file's /model network is N_0.
std::vector<RefinementNetwork> read_refinements(const h5::Group& root);

// The trial function of a saved result: frozen = /model and every refinement
// network but the last, with scale the last's; `last` is the network then to
// evaluate with evaluate_solution. Without refinements `last` is /model and
// frozen is null.
struct SavedSolution {
  FrozenSum::Net last;
  std::shared_ptr<const FrozenSum> frozen;
};
SavedSolution saved_solution(const FrozenSum::Net& model,
                             const std::vector<RefinementNetwork>& refinements);

}  // namespace kanpde::solver
