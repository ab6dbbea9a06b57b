#include "solver/run/PointRenewal.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "geometry/Samplers.hpp"
#include "solver/run/TrainSettings.hpp"

namespace kanpde::solver {

PointRenewal::PointRenewal(const CaseSpec& spec, const geometry::Domain& domain,
                           const HardDirichlet& hd, SampledProblem& current,
                           const FieldBinding& field)
    : spec_(spec),
      domain_(domain),
      hd_(hd),
      sp_(current),
      field_(field),
      count_(stage_points(spec, -1)) {}

std::shared_ptr<const Assembler<>> PointRenewal::operator()(int step, int stage, const Net& net) {
  const int r = spec_.sampling.resample_every;
  const bool fresh = r > 0 && step > 0 && step % r == 0;
  const int n = stage_points(spec_, stage);
  if (fresh) ++round_;
  if (fresh || n != count_) sp_ = sample_problem(spec_, domain_, round_, n, &hd_);
  count_ = n;
  const AdaptiveSpec& ad = spec_.sampling.adaptive;
  // (A stage's own count may renew at step 0; refinement never comes first.)
  if (ad.enabled && step > 0 && step % ad.every == 0 &&
      static_cast<int>(sp_.interior.size()) < ad.max_points)
    refine(net);
  // MPI (ARCHITECTURE decision 9): sp_ is the global problem, the same on
  // every rank; each rank assembles its slice.
  return make_assembler(sp_, parallel::Comm::world(), field_);
}

void PointRenewal::refine(const Net& net) {
  const int d = spec_.dim();
  ++refine_round_;
  geometry::SamplerOptions so;
  so.sequence = geometry::Sequence::Random;
  so.seed = spec_.sampling.seed + 7777ull * static_cast<std::uint64_t>(refine_round_) + 1;
  const geometry::PointSet pool = geometry::sample_interior(
      domain_, static_cast<std::size_t>(spec_.sampling.adaptive.candidates), so);
  // Residuals of the PDE at the candidates.
  std::vector<PointTerm> t{pde_term(spec_, "candidates", 1.0, pool.x)};
  const std::optional<HardConstraint> hc = one_term_constraint(domain_, hd_, pool.x);
  const Assembler<> as(Kokkos::DefaultExecutionSpace(), t, hc ? &*hc : nullptr);
  const std::vector<double> res = as.residuals(net);
  std::vector<std::size_t> idx(res.size());
  std::iota(idx.begin(), idx.end(), 0);
  const std::size_t m =
      std::min<std::size_t>(static_cast<std::size_t>(spec_.sampling.adaptive.add), idx.size());
  std::partial_sort(
      idx.begin(), idx.begin() + static_cast<long>(m), idx.end(),
      [&](std::size_t a, std::size_t b) { return std::abs(res[a]) > std::abs(res[b]); });
  for (std::size_t q = 0; q < m; ++q) {
    const double* p = pool.point(idx[q]);
    sp_.interior.x.insert(sp_.interior.x.end(), p, p + d);
    sp_.interior.part.push_back(-1);
  }
  rebuild_pde_term();
}

void PointRenewal::rebuild_pde_term() {
  const std::vector<double>& x = sp_.interior.x;
  sp_.terms.front() = pde_term(spec_, "pde", spec_.training.loss_weights.pde, x);
  if (sp_.hard) {
    TrialJets tj = trial_jets(domain_, hd_, x, false);
    sp_.hard->djet.front() = std::move(tj.d);
    sp_.hard->gjet.front() = std::move(tj.g);
    if (!sp_.hard->sjet.empty()) sp_.hard->sjet.front() = std::move(tj.s);
    if (sp_.hard->kinks > 0) sp_.hard->kjet.front() = std::move(tj.k);
  }
}

void PointRenewal::restore(int round, int refine_round, const std::vector<double>& interior,
                           int stage) {
  round_ = round;
  refine_round_ = refine_round;
  count_ = stage_points(spec_, stage);
  sp_ = sample_problem(spec_, domain_, round_, count_, &hd_);
  if (interior != sp_.interior.x) {
    sp_.interior.x = interior;
    sp_.interior.part.assign(interior.size() / static_cast<std::size_t>(spec_.dim()), -1);
    rebuild_pde_term();
  }
}

}  // namespace kanpde::solver
