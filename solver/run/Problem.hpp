#pragma once
// A case made concrete: the domain, the collocation points, the loss terms
// with their right-hand sides evaluated, and the hard-constraint data.
//
// Loss terms: "pde" over the interior points (-lap u + c u = f, weight
// training.loss_weights.pde), then one term per boundary condition entry over
// the boundary points of its parts ("bc[i]:<parts>", the entry's weight),
// then one term per measurement data entry ("data[i]", solver/run/DataTerms.hpp).
// Dirichlet conditions enforced "hard" get no term: the trial function is
// u = G + D N with D vanishing on their parts and G their data there
// (solver/pde/HardBoundary.hpp), each entry with its own value.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geometry/Domain.hpp"
#include "geometry/PointSet.hpp"
#include "solver/case/CaseSpec.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/pde/Assembler.hpp"
#include "solver/pde/CornerEnrichment.hpp"
#include "solver/pde/HardBoundary.hpp"
#include "solver/pde/Interfaces.hpp"

namespace kanpde::solver {

struct SampledProblem {
  geometry::PointSet interior;
  geometry::PointSet boundary;
  std::vector<PointTerm> terms;
  std::optional<HardConstraint> hard;
  // The interface terms (solver/pde/Interfaces.hpp): term index, interface,
  // the flux coefficient on both sides at its points.
  struct InterfaceTerm {
    std::size_t term = 0;
    int interface = 0;
    std::vector<double> kplus, kminus;
  };
  std::vector<InterfaceTerm> interface_terms;
};

struct FrozenSum;  // solver/run/Refinement.hpp

// The trial function's data: the hard-Dirichlet entries of a case, one group
// (parts, data) per entry, and after a multi-stage refinement the frozen
// networks, so that u = G + D (sum_i s_i N_i) + s D N with N the network in
// training (solver/run/Refinement.hpp).
// A corner enrichment (solver/case/Corners.hpp) adds sum_c a_c S_c to u.
struct HardDirichlet {
  std::vector<HardGroup> groups;
  std::shared_ptr<const FrozenSum> frozen;
  std::shared_ptr<const CornerEnrichment> corners;
  // Interfaces (solver/pde/Interfaces.hpp): u += sum_i D |phi_i| N_i.
  std::shared_ptr<const InterfaceSet> interfaces;
  bool active() const {
    return !groups.empty() || frozen != nullptr || corners != nullptr || interfaces != nullptr;
  }
};
HardDirichlet hard_dirichlet(const CaseSpec& spec);

// Samples with the case's sampling settings; `round` (0 for the first draw)
// shifts the seed for fresh draws during training; interior_count > 0 draws
// that many interior points instead of sampling.interior.count (a stage's
// `points`). The result is the GLOBAL problem: deterministic and the same on
// every rank, whatever the rank count.
SampledProblem sample_problem(const CaseSpec& spec, const geometry::Domain& domain, int round = 0,
                              int interior_count = 0, const HardDirichlet* trial = nullptr);
// The jets of the trial function's G and D at every term's points
// (sp.hard), for `trial` (or none when it is not active); sample_problem
// does this with hard_dirichlet(spec) unless given `trial`.
void set_trial(SampledProblem& sp, const geometry::Domain& domain, const HardDirichlet& trial);

// This rank's part of a global problem: every term (and its hard-constraint
// jets) keeps the contiguous block parallel::split_aligned(N_term, rank, size)
// of its points, so that the union over ranks, in rank order, is the global
// term, cut at the boundaries of the reduction blocks (every sum over points
// is then bitwise the same for any rank count, solver/parallel/BlockSum.hpp).
// The interior and boundary point sets stay whole (grid updates and output
// use them). With one rank the result equals `global`.
SampledProblem local_part(const SampledProblem& global, const parallel::Comm& comm);

// The interior equation of a case as a loss term at points x (N x dim): the
// hard-wired -lap u + c u = f of the shorthand form, or the compiled
// pde.equation with its coefficients tabulated at x. The one place the run
// turns the case's operator into residuals (training, adaptive refinement,
// validation, the residual field).
PointTerm pde_term(const CaseSpec& spec, std::string name, double weight,
                   const std::vector<double>& x);
// An unknown field's network as the assemblers built here read it
// (solver/pde/Assembler.hpp set_field; net null: no field).
struct FieldBinding {
  const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>* net = nullptr;
  bool positive = false;
};
// The residuals of one term for the network (u = G + D N under a hard
// constraint), computed by the training kernel itself.
std::vector<double> term_residuals(
    const PointTerm& term, const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net,
    const geometry::Domain& domain, const HardDirichlet& hard, const FieldBinding& field = {});
// RMS of an equation term's residual at u = 0 (its scale; for the shorthand
// form the RMS of f).
double zero_residual_rms(const PointTerm& term);

// The loss of this rank's part, summed over the ranks of comm (collective).
std::shared_ptr<const Assembler<>> make_assembler(const SampledProblem& global,
                                                  const parallel::Comm& comm,
                                                  const FieldBinding& field = {});

// Laplacian jets (value, gradient, Laplacian) of the trial function's D and G
// at points (N x dim): N x (dim + 2) each. With frozen networks, G is the
// frozen solution G + D sum_i s_i N_i and D is s D.
// With a corner enrichment, sum_c a_c S_c at the current amplitudes is
// folded into G (then D and G exist even without hard parts); or, with
// fold_corners false (training: the amplitudes change), left out of G and
// the functions' own jets given in s (N x m x (dim + 2)).
// With interfaces, k holds the kink weights' jets (N x m x (dim + 2)).
struct TrialJets {
  std::vector<double> d, g, s, k;
};
TrialJets trial_jets(const geometry::Domain& domain, const HardDirichlet& hd,
                     const std::vector<double>& x, bool fold_corners = true);
// The trial function's constraint at one set of points x (corners folded
// into G), for an assembler over a single term; none when hd is inactive.
std::optional<HardConstraint> one_term_constraint(const geometry::Domain& domain,
                                                  const HardDirichlet& hd,
                                                  const std::vector<double>& x);

}  // namespace kanpde::solver
