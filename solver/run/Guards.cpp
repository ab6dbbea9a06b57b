#include "solver/run/Guards.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geometry/Samplers.hpp"
#include "solver/run/Evaluation.hpp"

namespace kanpde::solver {

namespace {

std::string sci(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3e", v);
  return buf;
}

}  // namespace

EquationCount count_equations(const std::vector<PointTerm>& terms) {
  EquationCount e;
  for (const PointTerm& t : terms) {
    e.total += t.size();
    e.per_term.emplace_back(t.name, t.size());
  }
  return e;
}

std::string underdetermined_warning(std::size_t params, const EquationCount& eq, bool lm, int stage,
                                    int step) {
  if (params <= eq.total) return "";
  std::string terms;
  for (std::size_t i = 0; i < eq.per_term.size(); ++i)
    terms += (i ? " + " : "") + std::to_string(eq.per_term[i].second) + " " + eq.per_term[i].first;
  std::string s = std::to_string(params) + " parameters but only " + std::to_string(eq.total) +
                  " equations (" + terms + ") at step " + std::to_string(step) +
                  ": the fit is under-determined, the training loss can reach 0 while the "
                  "solution is wrong";
  if (lm)
    s += "; in Levenberg-Marquardt stage " + std::to_string(stage + 1) +
         " the Gauss-Newton system is under-determined (J^T J is singular, only the damping "
         "chooses the step)";
  return s +
         "; use more collocation points (sampling.interior.count, sampling.boundary.count) or a "
         "smaller network (model.kan.widths, grid sizes)";
}

std::string UnderdeterminationWatch::observe(std::size_t params, int stage, int step, bool lm,
                                             const std::vector<PointTerm>& terms) {
  if (params == params_ && stage == stage_) return "";
  std::string w = underdetermined_warning(params, count_equations(terms), lm, stage, step);
  if (!w.empty() && warned_ && !(lm && stage != stage_)) w.clear();
  if (!w.empty()) warned_ = true;
  params_ = params;
  stage_ = stage;
  return w;
}

std::size_t validation_count(const CaseSpec& spec) {
  return static_cast<std::size_t>(std::clamp(spec.sampling.interior.count, 256, 4096));
}

namespace {

ValidationSet residual_set(const CaseSpec& spec, std::vector<double> x) {
  ValidationSet v;
  v.dim = spec.dim();
  v.x = std::move(x);
  if (spec.pde.general()) {
    v.term = pde_term(spec, "validation", 1.0, v.x);
    v.f_rms = zero_residual_rms(*v.term);
    return v;
  }
  v.f = spec.pde.f.eval_many(v.x, v.dim);
  v.c = spec.pde.c;
  double s = 0.0;
  for (double f : v.f) s += f * f;
  v.f_rms = v.f.empty() ? 0.0 : std::sqrt(s / static_cast<double>(v.f.size()));
  return v;
}

}  // namespace

ValidationSet make_validation_set(const CaseSpec& spec, const geometry::Domain& domain) {
  geometry::SamplerOptions so;
  so.sequence = geometry::Sequence::Random;
  so.seed = spec.sampling.seed + validation_seed_offset;
  return residual_set(spec, geometry::sample_interior(domain, validation_count(spec), so).x);
}

ValidationSet training_subset(const CaseSpec& spec, const std::vector<double>& interior) {
  const std::size_t n =
      std::min(interior.size(), validation_count(spec) * static_cast<std::size_t>(spec.dim()));
  return residual_set(
      spec, std::vector<double>(interior.begin(), interior.begin() + static_cast<long>(n)));
}

ValidationResidual residual_norms(const std::vector<double>& r, double f_rms) {
  ValidationResidual out;
  double s = 0.0;
  for (double v : r) s += v * v;
  out.rms = r.empty() ? 0.0 : std::sqrt(s / static_cast<double>(r.size()));
  out.rel = f_rms > 0.0 ? out.rms / f_rms : std::nan("");
  return out;
}

ValidationResidual validation_residual(
    const kan::Network<Kokkos::DefaultExecutionSpace::memory_space>& net, const ValidationSet& v,
    const geometry::Domain& domain, const HardDirichlet& hard, const FieldBinding& field) {
  if (v.term) return residual_norms(term_residuals(*v.term, net, domain, hard, field), v.f_rms);
  const Field u = evaluate_solution(net, v.x, v.dim, domain, hard);
  std::vector<double> r(u.u.size());
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = -u.lap[i] + v.c * u.u[i] - v.f[i];
  return residual_norms(r, v.f_rms);
}

void OverfitGuard::observe(int step, double loss, double validation, double training_residual) {
  if (!std::isfinite(loss) || !std::isfinite(validation)) return;
  if (best_step_ < 0 || validation < best_) {
    best_ = validation;
    loss_at_best_ = loss;
    best_step_ = step;
    rise_step_ = -1;
    return;
  }
  const bool beyond_training =
      !std::isfinite(training_residual) || validation > factor_ * training_residual;
  const bool holds = validation > factor_ * best_ && validation > floor_ && loss < loss_at_best_ &&
                     beyond_training;
  if (!holds)
    rise_step_ = -1;
  else if (rise_step_ < 0)
    rise_step_ = step;
  last_step_ = step;
  last_validation_ = validation;
  last_loss_ = loss;
  last_training_ = training_residual;
}

std::optional<std::string> OverfitGuard::finish() const {
  if (rise_step_ < 0) return std::nullopt;
  return "the PDE residual on the validation points rose from " + sci(best_) + " (step " +
         std::to_string(best_step_) + ") to " + sci(last_validation_) + " (step " +
         std::to_string(last_step_) + ", high since step " + std::to_string(rise_step_) +
         ") while the training loss fell from " + sci(loss_at_best_) + " to " + sci(last_loss_) +
         " (the residual at the training points is " + sci(last_training_) + ")" +
         ": the network fits the collocation points but not the equation between them; use "
         "more interior points, fresh draws (sampling.resample_every) or a smaller network";
}

}  // namespace kanpde::solver
