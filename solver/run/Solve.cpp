#include "solver/run/Solve.hpp"

#include <unistd.h>

#include <Kokkos_Core.hpp>

#include <sys/stat.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <numeric>
#include <optional>
#include <ostream>
#include <sstream>

#include "common/Coordinates.hpp"
#include "common/Error.hpp"
#include "geometry/Samplers.hpp"
#include "kan/Network.hpp"
#include "solver/case/BuildDomain.hpp"
#include "solver/case/Corners.hpp"
#include "solver/case/ForwardCase.hpp"
#include "solver/fd/FdSolve.hpp"
#include "solver/metrics/Metrics.hpp"
#include "solver/run/Checkpoint.hpp"
#include "solver/run/Evaluation.hpp"
#include "solver/run/Guards.hpp"
#include "solver/run/OutputSelection.hpp"
#include "solver/run/Problem.hpp"
#include "solver/run/RecoveredField.hpp"
#include "solver/run/Reference.hpp"
#include "solver/run/Refinement.hpp"
#include "solver/run/RunOutput.hpp"
#include "solver/run/Signals.hpp"
#include "solver/train/Trainer.hpp"

namespace kanpde::solver {
namespace {

using Clock = std::chrono::steady_clock;
using Net = Trainer::Net;

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string sci(double v) {
  return std::isfinite(v) ? fmt("%.3e", v) : std::string("-");
}

std::string widths_text(const std::vector<int>& w) {
  std::string s = "[";
  for (std::size_t i = 0; i < w.size(); ++i) s += (i ? "," : "") + std::to_string(w[i]);
  return s + "]";
}

optim::LrSchedule schedule_of(const std::string& s) {
  if (s == "exponential") return optim::LrSchedule::exponential;
  if (s == "cosine") return optim::LrSchedule::cosine;
  return optim::LrSchedule::constant;
}

// The interior point count in force during stage s (-1: before training).
int stage_points(const CaseSpec& spec, int s) {
  const auto& st = spec.training.stages;
  if (s >= 0 && s < static_cast<int>(st.size()) && st[static_cast<std::size_t>(s)].points > 0)
    return st[static_cast<std::size_t>(s)].points;
  return spec.sampling.interior.count;
}

TrainOptions train_options(const CaseSpec& spec) {
  TrainOptions o;
  for (const StageSpec& s : spec.training.stages) {
    Stage st;
    st.steps = s.steps;
    const int si = static_cast<int>(o.stages.size());
    st.renew_at_start = stage_points(spec, si) != stage_points(spec, si - 1);
    st.refine_at_start = s.refine.has_value();
    if (s.sparsity) {
      st.sparsity.weight = s.sparsity->weight;
      st.sparsity.l1 = s.sparsity->l1;
      st.sparsity.entropy = s.sparsity->entropy;
    }
    if (s.prune) st.prune_threshold = s.prune->threshold;
    switch (s.optimizer) {
      case OptimizerKind::adam:
        st.optimizer = optim::Method::adam;
        break;
      case OptimizerKind::lbfgs:
        st.optimizer = optim::Method::lbfgs;
        break;
      case OptimizerKind::lm:
        st.optimizer = optim::Method::lm;
        break;
    }
    st.adam.lr = s.adam.lr;
    st.adam.beta1 = s.adam.beta1;
    st.adam.beta2 = s.adam.beta2;
    st.adam.eps = s.adam.eps;
    st.adam.schedule = schedule_of(s.adam.schedule);
    st.adam.decay_rate = s.adam.decay_rate;
    st.adam.decay_steps = s.adam.decay_steps;
    st.adam.total_steps = std::max(1, s.steps);
    st.adam.lr_min = s.adam.lr_min;
    st.lbfgs.history = s.lbfgs.history;
    st.lbfgs.tolerance_grad = s.lbfgs.tolerance_grad;
    st.lbfgs.tolerance_change = s.lbfgs.tolerance_change;
    st.lbfgs.line_search.kind = s.lbfgs.line_search == "backtracking"
                                    ? optim::LineSearchKind::backtracking
                                    : optim::LineSearchKind::strong_wolfe;
    st.lm.lambda_init = s.lm.damping_init;
    st.lm.lambda_min = s.lm.damping_min;
    st.lm.lambda_max = s.lm.damping_max;
    st.lm.increase = s.lm.increase;
    st.lm.max_tries = s.lm.max_tries;
    st.lm.tolerance_change = s.lm.tolerance_change;
    st.lm.solve = s.lm.solve == "qr"        ? optim::LmSolve::qr
                  : s.lm.solve == "refined" ? optim::LmSolve::refined
                                            : optim::LmSolve::cholesky;
    o.stages.push_back(st);
  }
  for (const GridExtension& g : spec.training.grid_schedule)
    o.grid_schedule.push_back({g.step, g.grid_size, g.at_stage});
  o.grid_update_every = spec.training.grid_update.every;
  if (spec.training.balance.method != "none") o.balance.every = spec.training.balance.every;
  o.balance.method =
      spec.training.balance.method == "gradient" ? BalanceMethod::gradient : BalanceMethod::ntk;
  o.balance.smoothing = spec.training.balance.smoothing;
  o.grid_update_until = spec.training.grid_update.until;
  o.grid_update.grid_eps = spec.training.grid_update.grid_eps;
  o.stop_loss = spec.training.stop.loss;
  o.max_recoveries = spec.training.stop.max_recoveries;
  const int r = spec.sampling.resample_every;
  const int k = spec.sampling.adaptive.enabled ? spec.sampling.adaptive.every : 0;
  o.renew_every = r > 0 && k > 0 ? std::gcd(r, k) : std::max(r, k);
  return o;
}

kan::NetworkSpec network_spec(const KanModelSpec& m, const geometry::Domain& domain) {
  kan::NetworkSpec n;
  n.widths = m.widths;
  n.grid_size = m.grid_size;
  n.order = m.spline_order;
  n.base = m.base_function;
  n.seed = m.seed;
  n.coef_noise = m.coef_noise;
  n.base_scale = m.base_scale;
  n.spline_scale = m.spline_scale;
  if (!m.grid_range.empty()) {
    n.input_ranges = m.grid_range;
  } else {
    const geometry::BoundingBox bb = domain.bounding_box();
    for (int a = 0; a < domain.dim(); ++a)
      n.input_ranges.push_back(
          {bb.lo[static_cast<std::size_t>(a)], bb.hi[static_cast<std::size_t>(a)]});
  }
  return n;
}

// MPI (ARCHITECTURE decision 9): sp is the global problem, the same on every
// rank; each rank assembles its slice, the sums are reduced over all ranks.
std::shared_ptr<const Assembler<>> make_assembler(const SampledProblem& sp,
                                                  const FieldBinding& field) {
  return solver::make_assembler(sp, parallel::Comm::world(), field);
}

// Residual-based adaptive refinement, fresh draws and the stages' own point
// counts (a stage's `points`: a draw of that many interior points, of the
// current round, replacing refined ones), for the Trainer.
class Renewer {
 public:
  // hd: the trial function's data, refinements included (kept by the caller).
  Renewer(const CaseSpec& spec, const geometry::Domain& domain, const HardDirichlet& hd,
          SampledProblem& current, const FieldBinding& field)
      : spec_(spec),
        domain_(domain),
        hd_(hd),
        sp_(current),
        field_(field),
        count_(stage_points(spec, -1)) {}
  std::shared_ptr<const Assembler<>> operator()(int step, int stage, const Net& net) {
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
    return make_assembler(sp_, field_);
  }

 private:
  void refine(const Net& net) {
    const int d = spec_.dim();
    ++refine_round_;
    geometry::SamplerOptions so;
    so.sequence = geometry::Sequence::Random;
    so.seed = spec_.sampling.seed + 7777ull * static_cast<std::uint64_t>(refine_round_) + 1;
    const geometry::PointSet pool = geometry::sample_interior(
        domain_, static_cast<std::size_t>(spec_.sampling.adaptive.candidates), so);
    // Residuals of the PDE at the candidates.
    std::vector<PointTerm> t{pde_term(spec_, "candidates", 1.0, pool.x)};
    std::optional<HardConstraint> hc;
    if (hd_.active()) {
      TrialJets tj = trial_jets(domain_, hd_, pool.x);
      hc = HardConstraint{{std::move(tj.d)}, {std::move(tj.g)}};
    }
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

  // The PDE term (and its distance jets) over the current interior points.
  void rebuild_pde_term() {
    const std::vector<double>& x = sp_.interior.x;
    sp_.terms.front() = pde_term(spec_, "pde", spec_.training.loss_weights.pde, x);
    if (sp_.hard) {
      TrialJets tj = trial_jets(domain_, hd_, x, false);
      sp_.hard->djet.front() = std::move(tj.d);
      sp_.hard->gjet.front() = std::move(tj.g);
      if (!sp_.hard->sjet.empty()) sp_.hard->sjet.front() = std::move(tj.s);
    }
  }

 public:
  int round() const { return round_; }
  int refine_round() const { return refine_round_; }
  // The point sets of a checkpoint: the draw of `round`, with the interior
  // points it had then (refinements included).
  // `stage` is the stage whose point count was in force (-1: before training).
  void restore(int round, int refine_round, const std::vector<double>& interior, int stage) {
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

 private:
  const CaseSpec& spec_;
  const geometry::Domain& domain_;
  const HardDirichlet& hd_;
  SampledProblem& sp_;
  int round_ = 0;
  int refine_round_ = 0;
  FieldBinding field_;
  int count_;  // the interior count of the draw in use (before refinement)
};

}  // namespace

SolveSummary solve_case(const CaseSpec& spec, const SolveOptions& opt, std::ostream& out) {
  const auto t_start = Clock::now();
  const int d = spec.dim();
  // MPI: every rank trains; rank 0 alone runs the FD reference and writes
  // (the other ranks' std::cout is silenced by the kanpde program).
  const parallel::Comm world = parallel::Comm::world();
  const bool live = opt.progress == 1 || (opt.progress == -1 && isatty(STDOUT_FILENO));
  auto say = [&](const std::string& s) {
    if (!opt.quiet) out << s << std::flush;
  };

  // 1. The configuration.
  say("kanpde solve: " + spec.name + (spec.file.empty() ? "" : " (" + spec.file + ")") + "\n");
  say("  domain " + std::string(to_string(spec.domain.type)) + ", dimension " + std::to_string(d) +
      (spec.pde.general()
           ? ", equation " + spec.pde.equation + " (" +
                 (spec.pde.compiled->mode() == expr::JetMode::hessian ? "Hessian" : "Laplacian") +
                 " jets" + (spec.pde.compiled->linear() ? ", linear" : ", nonlinear") + ")\n"
           : ", equation -lap(u) + " + fmt("%g", spec.pde.c) + " u = f (case form \"" +
                 spec.pde.form + "\")\n"));
  for (const InterfaceSpec& i : spec.pde.interface_list)  // solver/case/Interfaces.hpp
    say("  interface " + i.level_set + " = 0 (a jump of " + i.coefficient + "): kink output\n");
  say("  KAN " + widths_text(kan_with_interfaces(spec).widths) +
      ", G=" + std::to_string(spec.model.kan.grid_size) +
      ", k=" + std::to_string(spec.model.kan.spline_order) + "; " +
      std::to_string(spec.sampling.interior.count) + " interior + " +
      std::to_string(spec.sampling.boundary.count) + " boundary points; Kokkos " +
      Kokkos::DefaultExecutionSpace::name() + "\n");
  for (const UnknownSpec& u : spec.unknowns)
    say("  unknown " + u.name + ": init " + fmt("%g", u.init) +
        (std::isfinite(u.min) ? ", min " + fmt("%g", u.min) : std::string()) +
        (std::isfinite(u.max) ? ", max " + fmt("%g", u.max) : std::string()) +
        (u.exact ? ", exact " + fmt("%g", *u.exact) : std::string()) + "\n");
  for (const geometry::CornerSite& c : enriched_corners(spec))  // solver/case/Corners.hpp
    say("  corner enrichment at vertex " + std::to_string(c.vertex) + ": angle " +
        fmt("%.6g", c.omega * 180.0 / M_PI) + " deg, exponent " + fmt("%.6g", c.exponent()) +
        ", support radius " + fmt("%.6g", c.radius) + "\n");
  if (const std::size_t left = corners_left_out(spec); left > 0)
    say("  " + std::to_string(left) + " more re-entrant corner(s) not enriched: at most " +
        std::to_string(kMaxExtraScalars) + " corner amplitudes and unknown scalars together\n");
  for (std::size_t i = 0; i < spec.training.stages.size(); ++i)
    say("  stage " + std::to_string(i + 1) + ": " + to_string(spec.training.stages[i].optimizer) +
        ", " + std::to_string(spec.training.stages[i].steps) + " steps" +
        (spec.training.stages[i].points > 0
             ? ", " + std::to_string(spec.training.stages[i].points) + " interior points"
             : std::string()) +
        (spec.training.stages[i].prune
             ? ", pruned first (threshold " + fmt("%g", spec.training.stages[i].prune->threshold) +
                   ")"
             : std::string()) +
        (spec.training.stages[i].sparsity
             ? ", sparsity weight " + fmt("%g", spec.training.stages[i].sparsity->weight) +
                   " (l1 " + fmt("%g", spec.training.stages[i].sparsity->l1) + ", entropy " +
                   fmt("%g", spec.training.stages[i].sparsity->entropy) + ")"
             : std::string()) +
        "\n");

  // 2. The output directory, claimed before any work; never overwrite results
  // by surprise.
  const std::string dir = opt.out_dir.empty() ? spec.output.directory : opt.out_dir;
  const std::unique_ptr<OutputDir> outdir = claim_output(world, dir, opt, say);

  // Unknown scalars (inverse problems): trained from their initial values,
  // kept inside their bounds (solver/train/UnknownSet.hpp).
  // The corner enrichment's amplitudes (solver/pde/CornerEnrichment.hpp)
  // follow them, unbounded, from 0.
  std::shared_ptr<UnknownSet> unknowns;
  {
    std::vector<std::shared_ptr<expr::UnknownValues>> groups;
    std::vector<UnknownBounds> bounds;
    if (spec.unknown_values) {
      for (std::size_t i = 0; i < spec.unknowns.size(); ++i) {
        spec.unknown_values->values[i] = spec.unknowns[i].init;
        bounds.push_back({spec.unknowns[i].min, spec.unknowns[i].max});
      }
      groups.push_back(spec.unknown_values);
    }
    if (spec.corner_amplitudes) {
      for (double& a : spec.corner_amplitudes->values) {
        a = 0.0;
        bounds.push_back({});
      }
      groups.push_back(spec.corner_amplitudes);
    }
    if (!groups.empty()) unknowns = std::make_shared<UnknownSet>(groups, bounds);
  }
  const std::size_t n_corners = spec.corner_amplitudes ? spec.corner_amplitudes->values.size() : 0;

  // 3. Domain and collocation points.
  const geometry::DomainPtr domain = build_domain(spec.domain);
  SampledProblem sp = sample_problem(spec, *domain, 0);
  // The trial function's data; a refinement stage adds the frozen networks.
  HardDirichlet hd = hard_dirichlet(spec);

  // 4. Network and loss.
  Net net(network_spec(kan_with_interfaces(spec), *domain));
  // An unknown field's network (`unknowns: a: {field: true}`): u's spline
  // order, base function and initialisation, its own widths and grid.
  std::unique_ptr<Net> field_net;
  FieldBinding fb;
  if (!spec.field_unknowns.empty()) {
    const FieldUnknownSpec& fu = spec.field_unknowns.front();
    KanModelSpec fm = spec.model.kan;
    fm.widths = fu.widths;
    fm.grid_size = fu.grid_size;
    fm.seed = spec.model.kan.seed + 1;
    field_net = std::make_unique<Net>(network_spec(fm, *domain));
    fb = {field_net.get(), fu.positive};
    say("  unknown field " + fu.name + ": KAN " + widths_text(fu.widths) +
        " G=" + std::to_string(fu.grid_size) + ", " + std::to_string(field_net->num_params()) +
        " params" + (fu.positive ? ", positive (softplus)" : "") + "\n");
  }
  std::shared_ptr<const Assembler<>> as = make_assembler(sp, fb);

  // Evaluation grid and exact solution.
  std::vector<int> eval_n =
      spec.output.grid.empty() ? reference_resolution(spec) : spec.output.grid;
  if (eval_n.size() == 1) eval_n.assign(static_cast<std::size_t>(d), eval_n.front());
  // Above 3D no grid covers the domain: the accuracy is taken at Halton
  // points, the fields go on a 2D slice (step 6).
  const bool sliced = d > 3;
  const EvalGrid grid =
      sliced ? make_eval_points(*domain, static_cast<std::size_t>(kAccuracyPointsAbove3D))
             : make_eval_grid(*domain, eval_n);
  std::optional<Field> exact;
  if (spec.pde.exact) exact = evaluate_exact(*spec.pde.exact, grid.x, *domain);

  // 5. Training.
  RunResults R;
  R.history_columns = {"step", "stage", "grid_size", "params", "loss"};
  for (const PointTerm& t : sp.terms) R.history_columns.push_back("loss_" + t.name);
  for (const PointTerm& t : sp.terms) R.history_columns.push_back("weight_" + t.name);
  for (const UnknownSpec& u : spec.unknowns) R.history_columns.push_back("unknown_" + u.name);
  for (std::size_t c = 0; c < n_corners; ++c)
    R.history_columns.push_back(spec.corner_amplitudes->names[c] + "_amplitude");
  const std::size_t nterms = sp.terms.size();
  for (const char* c : {"rel_l2", "max_abs", "mse", "h1_semi_rel", "val_residual",
                        "val_residual_rel", "train_residual", "seconds"})
    R.history_columns.push_back(c);
  const int every = std::max(1, spec.output.history_every);
  const int total = spec.training.total_steps();
  auto last_print = Clock::now() - std::chrono::seconds(10);
  Renewer renewer(spec, *domain, hd, sp, fb);
  const bool refines = std::any_of(spec.training.stages.begin(), spec.training.stages.end(),
                                   [](const StageSpec& st) { return st.refine.has_value(); });
  TrainOptions topt = train_options(spec);
  topt.checkpoint_every = opt.checkpoint_every;
  topt.unknowns = unknowns;
  topt.field = field_net.get();
  std::optional<CheckpointData> resumed;
  if (!opt.resume.empty() && refines)
    throw InputError(opt.resume +
                     ": resuming is not supported for a case with refine stages (the checkpoint "
                     "holds one network); run it again from the start");
  if (!opt.resume.empty()) {
    resumed = read_checkpoint(opt.resume);
    if (resumed->case_yaml != spec.to_yaml())
      throw InputError(opt.resume +
                       ": the checkpoint was written for a different case (its "
                       "/case differs from the resolved " +
                       (spec.file.empty() ? std::string("case") : spec.file) +
                       "); resume with the same case file and --set options");
    std::vector<int> stage_steps;
    for (const StageSpec& st : spec.training.stages) stage_steps.push_back(st.steps);
    int prune_stage = -1;
    for (std::size_t i = 0; i < spec.training.stages.size() && prune_stage < 0; ++i)
      if (spec.training.stages[i].prune) prune_stage = static_cast<int>(i);
    check_checkpoint_fits(*resumed, opt.resume, d, stage_steps, kan_with_interfaces(spec).widths,
                          spec.model.kan.spline_order, prune_stage);
    if (resumed->history_columns != R.history_columns)
      throw InputError(opt.resume + ": the checkpoint's history columns do not match this case");
    net = Net(resumed->layout, resumed->params, resumed->knots);
    // A checkpoint at a stage's end names the next stage, still on the points
    // of the one that ended.
    const TrainerState& ts = resumed->trainer;
    renewer.restore(resumed->round, resumed->refine_round, resumed->interior,
                    ts.stage_step == 0 ? ts.stage - 1 : ts.stage);
    as = make_assembler(sp, fb);
    R.history = resumed->history;
    say("  resuming from " + opt.resume + " after step " + std::to_string(resumed->trainer.step) +
        "\n");
  }
  // Guards (solver/run/Guards.hpp): a fixed validation draw, the over-fitting
  // watch (replayed over a resumed history) and the under-determination check.
  const ValidationSet vset = make_validation_set(spec, *domain);
  OverfitGuard overfit(10.0, vset.f_rms);
  auto warn = [&](const std::string& w, bool now) {
    if (w.empty()) return;
    R.warnings.push_back(w);
    if (now && !opt.quiet) out << (live ? "\r\033[K" : "") << "  warning: " << w << "\n";
  };
  const std::size_t val_col = static_cast<std::size_t>(
      std::find(R.history_columns.begin(), R.history_columns.end(), "val_residual") -
      R.history_columns.begin());  // then val_residual_rel, train_residual
  for (const auto& row : R.history)
    overfit.observe(static_cast<int>(row[0]), row[4], row[val_col], row[val_col + 2]);
  std::size_t checked_params = 0;
  int checked_stage = -1;
  bool warned_underdetermined = false;
  // Grid updates use the first draw's interior points, also after a resume.
  std::vector<double> grid_samples =
      resumed ? sample_problem(spec, *domain, 0).interior.x : sp.interior.x;
  Trainer trainer(as, net, std::move(grid_samples), topt,
                  [&](int step, int stage, const Net& n) { return renewer(step, stage, n); });
  if (resumed) trainer.resume(resumed->trainer);
  // Multi-stage refinement (solver/run/Refinement.hpp): freeze the solution,
  // train a new network scaled by the residual it leaves.
  trainer.set_refine([&](int, int stage, Net& n) {
    const RefineSpec& rs = *spec.training.stages[static_cast<std::size_t>(stage)].refine;
    const double s =
        rs.scale > 0 ? rs.scale : refinement_scale(spec, *domain, hd, n, sp.interior.x);
    auto f = std::make_shared<FrozenSum>(hd.frozen ? *hd.frozen : FrozenSum{});
    f->nets.push_back(n.clone());
    f->scales.push_back(hd.frozen ? hd.frozen->scale : 1.0);
    f->scale = s;
    hd.frozen = std::move(f);
    n = Net(network_spec(rs.kan, *domain));
    start_at_zero(n);
    set_trial(sp, *domain, hd);
    say("  refinement before stage " + std::to_string(stage + 1) + ": scale " + sci(s) + ", KAN " +
        widths_text(rs.kan.widths) + " G=" + std::to_string(rs.kan.grid_size) + "\n");
    return make_assembler(sp, fb);
  });
  const std::string checkpoint_path = dir + "/checkpoint.h5";
  std::optional<TrainingSignals> signals;
  // Every rank holds the same parameters and the global point set: rank 0
  // writes.
  auto write_state = [&](const TrainerState& st) {
    if (!world.is_root()) return;
    CheckpointData c;
    c.case_yaml = spec.to_yaml();
    c.layout = net.layout();
    c.params = net.params_host();
    c.knots = net.knots_host();
    c.trainer = st;
    c.unknowns = unknowns ? unknowns->size() : 0;
    c.field_params = field_net ? static_cast<int>(field_net->num_params()) : 0;
    c.round = renewer.round();
    c.refine_round = renewer.refine_round();
    c.dim = d;
    c.interior = sp.interior.x;
    c.history_columns = R.history_columns;
    c.history = R.history;
    write_checkpoint(checkpoint_path, c);
  };
  if (opt.write) {
    signals.emplace();
    // A signal stops every rank at the same step, whichever got it.
    trainer.set_checkpoint(write_state, [&] {
      return static_cast<int>(world.allreduce_max(static_cast<double>(pending_signal())));
    });
  }
  try {
    trainer.run([&](const Progress& p) {
      // The history (and the accuracy it needs) is rank 0's: only it writes.
      const bool record = world.is_root() && (p.step % every == 0 || p.stage_end || p.step == 1);
      if (p.params != checked_params || p.stage != checked_stage) {
        // Parameters change with grid extensions, equations with refinement.
        const bool lm = p.optimizer == optim::Method::lm;
        const std::string w =
            underdetermined_warning(p.params, count_equations(sp.terms), lm, p.stage, p.step);
        if (!w.empty() && (!warned_underdetermined || (lm && p.stage != checked_stage))) {
          warn(w, true);
          warned_underdetermined = true;
        }
        checked_params = p.params;
        checked_stage = p.stage;
      }
      Accuracy acc;
      if (record && exact) {
        const Field f = evaluate_solution(net, grid.x, d, *domain, hd);
        acc = accuracy(f.u, exact->u, f.grad, exact->grad);
      }
      if (record) {
        std::vector<double> row{double(p.step), double(p.stage), double(p.grid_size),
                                double(p.params), p.terms.total};
        for (std::size_t t = 0; t < nterms; ++t)
          row.push_back(t < p.terms.values.size() ? p.terms.values[t] : std::nan(""));
        for (std::size_t t = 0; t < nterms; ++t)
          row.push_back(t < p.weights.size() ? p.weights[t] : std::nan(""));
        for (std::size_t k = 0; k < spec.unknowns.size() + n_corners; ++k)
          row.push_back(k < p.unknowns.size() ? p.unknowns[k] : std::nan(""));
        const double nan = std::nan("");
        const ValidationResidual vr = validation_residual(net, vset, *domain, hd, fb);
        const ValidationResidual tr =
            validation_residual(net, training_subset(spec, sp.interior.x), *domain, hd, fb);
        row.insert(row.end(),
                   {exact ? acc.rel_l2 : nan, exact ? acc.max_abs : nan, exact ? acc.mse : nan,
                    exact ? acc.h1_semi_rel : nan, vr.rms, vr.rel, tr.rms, p.seconds});
        R.history.push_back(row);
        overfit.observe(p.step, p.terms.total, vr.rms, tr.rms);
      }
      warn(p.warning, true);
      if (opt.quiet) return;
      const double rate = p.seconds > 0 ? p.step / p.seconds : 0.0;
      const double eta = rate > 0 ? (total - p.step) / rate : 0.0;
      std::string line = "[stage " + std::to_string(p.stage + 1) + "/" +
                         std::to_string(spec.training.stages.size()) + " " +
                         optim::to_string(p.optimizer) + "] step " + std::to_string(p.step) + "/" +
                         std::to_string(total) + "  G=" + std::to_string(p.grid_size) + "  loss " +
                         sci(p.terms.total);
      if (p.penalty > 0) line += "  sparsity " + sci(p.penalty);
      if (record && exact) line += "  rel.L2 " + sci(acc.rel_l2);
      for (std::size_t k = 0; k < p.unknowns.size(); ++k)
        line +=
            "  " +
            (k < spec.unknowns.size() ? spec.unknowns[k].name
                                      : spec.corner_amplitudes->names[k - spec.unknowns.size()]) +
            " " + fmt("%.6g", p.unknowns[k]);
      line += "  " + fmt("%.1f", rate) + " steps/s  ETA " + fmt("%.0f", eta) + " s";
      if (!p.event.empty()) {
        out << (live ? "\r\033[K" : "") << "  " << p.event << " (step " << p.step << ")\n";
      }
      if (live) {
        if (Clock::now() - last_print > std::chrono::milliseconds(200) || p.stage_end) {
          out << "\r\033[K" << line << std::flush;
          last_print = Clock::now();
        }
        if (p.stage_end) out << "\n";
      } else if (record) {
        out << line << "\n";
      }
    });
  } catch (const Interrupted& e) {
    if (live && !opt.quiet) out << "\n";
    throw Interrupted(e.signal(), "interrupted by signal " + std::to_string(e.signal()) +
                                      " after step " + std::to_string(trainer.steps_done()) +
                                      "; checkpoint written to " + checkpoint_path +
                                      "; continue with: kanpde solve " + spec.file + " --out " +
                                      dir + " --resume " + checkpoint_path);
  }
  const double train_seconds = std::chrono::duration<double>(Clock::now() - t_start).count();
  if (auto w = overfit.finish()) warn(*w, true);  // only a rise that lasts to the end
  // The trained model goes into the checkpoint: from here on a signal ends
  // the run at once (the FD reference alone may take minutes), and the run
  // can be finished from the checkpoint without training again.
  std::optional<FinalSignals> final_signals;
  if (opt.write) {
    TrainerState st = trained_state(trainer, net, spec.training.stages.size());
    if (field_net) {  // the field's parameters follow the network's
      const std::vector<double> fp = field_net->params_host();
      st.good.insert(st.good.end(), fp.begin(), fp.end());
    }
    if (unknowns)  // their variables follow the network's parameters
      st.good.insert(st.good.end(), unknowns->variables().begin(), unknowns->variables().end());
    write_state(st);
    signals.reset();
    final_signals.emplace(
        "after training, before the results were written; the trained model "
        "is in " +
        checkpoint_path + "; finish the run with: kanpde solve " + spec.file + " --out " + dir +
        " --resume " + checkpoint_path);
  }

  // 6. The trained KAN on the evaluation grid (above 3D: the accuracy at the
  // evaluation points, the fields on the slice).
  const Field kan_field = evaluate_solution(net, grid.x, d, *domain, hd);
  Accuracy kan_acc;
  if (exact) kan_acc = accuracy(kan_field.u, exact->u, kan_field.grad, exact->grad);
  EvalGrid slice;
  Field kan_slice;
  std::optional<Field> exact_slice;
  if (sliced) {
    const std::vector<int>& ax = spec.output.slice_axes;
    slice = make_slice_grid(
        *domain, ax, spec.output.slice_at,
        {eval_n[static_cast<std::size_t>(ax[0])], eval_n[static_cast<std::size_t>(ax[1])]});
    kan_slice = evaluate_solution(net, slice.x, d, *domain, hd);
    if (spec.pde.exact) exact_slice = evaluate_exact(*spec.pde.exact, slice.x, *domain);
    R.fields.axis_names = {coordinate_name(d, ax[0]), coordinate_name(d, ax[1])};
    std::string at;
    for (double v : spec.output.slice_at) at += (at.empty() ? "" : ", ") + fmt("%.6g", v);
    R.metric_text["fields_slice"] =
        R.fields.axis_names[0] + ", " + R.fields.axis_names[1] + " through (" + at + ")";
  }
  const EvalGrid& fg = sliced ? slice : grid;
  const Field& kf = sliced ? kan_slice : kan_field;
  const Field* ef = sliced ? (exact_slice ? &*exact_slice : nullptr) : (exact ? &*exact : nullptr);
  const std::vector<double> f_grid =
      spec.pde.general() ? std::vector<double>() : spec.pde.f.eval_many(fg.x, d);
  const double nan = std::nan("");
  auto on_grid = [&](const std::vector<double>& v) {
    std::vector<double> full(fg.nodes, nan);
    for (std::size_t i = 0; i < fg.node.size(); ++i) full[fg.node[i]] = v[i];
    return full;
  };
  R.fields.dim = fg.dim;
  R.fields.axes = fg.axes;
  R.fields.fields["u_kan"] = on_grid(kf.u);
  std::vector<double> residual(fg.node.size());
  if (spec.pde.general()) {
    residual = term_residuals(pde_term(spec, "residual", 1.0, fg.x), net, *domain, hd, fb);
  } else {
    for (std::size_t i = 0; i < residual.size(); ++i)
      residual[i] = -kf.lap[i] + spec.pde.c * kf.u[i] - f_grid[i];
  }
  R.fields.fields["residual"] = on_grid(residual);
  const ValidationResidual kan_val = validation_residual(net, vset, *domain, hd, fb);
  // The recovered field on the grid, against its exact values where given.
  if (field_net) {
    const FieldUnknownSpec& fu = spec.field_unknowns.front();
    const RecoveredField rf = recovered_field(*field_net, fu, fg.x, d);
    R.fields.fields[fu.name] = on_grid(rf.a);
    if (fu.exact) {
      std::vector<double> err(rf.a.size());
      for (std::size_t i = 0; i < err.size(); ++i) err[i] = rf.a[i] - rf.exact[i];
      R.fields.fields[fu.name + "_exact"] = on_grid(rf.exact);
      R.fields.fields["err_" + fu.name] = on_grid(err);
    }
    // The accuracy on the full grid (also when the fields are a slice).
    const RecoveredField full = sliced ? recovered_field(*field_net, fu, grid.x, d) : rf;
    R.field_name = fu.name;
    R.field_positive = fu.positive;
    R.field_layout = field_net->layout();
    R.field_params = field_net->params_host();
    R.field_knots = field_net->knots_host();
    R.field_rel_l2 = full.rel_l2;
    R.field_max_abs = full.max_abs;
  }
  if (ef) {
    std::vector<double> err(fg.node.size());
    for (std::size_t i = 0; i < err.size(); ++i) err[i] = kf.u[i] - ef->u[i];
    R.fields.fields["u_exact"] = on_grid(ef->u);
    R.fields.fields["err_kan"] = on_grid(err);
  }

  // 7. The finite-difference reference.
  double fd_seconds = nan, fd_rel = nan, fd_max = nan, kvf_rel = nan, kvf_max = nan;
  std::size_t fd_unknowns = 0;
  std::string fd_solver = "none", fd_grid_text, fd_accuracy;
  int fd_order = 0;
  const ReferenceData* data = spec.reference.data_points.get();
  DataErrors fd_data;
  bool fd_data_done = false;
  // Inverse problems: the reference solves the forward problem of the
  // recovered unknowns (solver/case/ForwardCase.hpp), where the FD module
  // solves that case, and reports how well it reproduces the data.
  std::optional<CaseSpec> forward;
  std::string forward_why;
  const bool inverse = !spec.unknowns.empty() || !spec.field_unknowns.empty();
  if (!spec.field_unknowns.empty()) {
    forward_why = "the finite-difference re-solve with a recovered field is not available yet";
  } else if (!spec.unknowns.empty() && world.is_root()) {
    try {
      forward = forward_case(spec, spec.unknown_values->values);
    } catch (const InputError& e) {
      forward_why = e.what();
    }
  }
  const bool run_fd = (forward || (spec.reference.enabled && !inverse)) && world.is_root();
  double forward_rms = nan;
  std::size_t forward_points = 0;
  if (run_fd) {
    say(forward ? "  finite-difference re-solve with the recovered unknowns ..."
                : "  finite-difference reference ...");
    const fd::FdProblem prob = make_fd_problem(forward ? *forward : spec, domain);
    const fd::FdSolution sol = fd::solve_fd(prob);
    fd_seconds = sol.report.assembly_seconds + sol.report.solve_seconds;
    fd_unknowns = sol.report.unknowns;
    fd_solver = sol.report.solver;
    fd_accuracy = sol.report.accuracy();
    fd_order = sol.report.expected_order();
    for (int a = 0; a < d; ++a)
      fd_grid_text +=
          (a ? "x" : "") + std::to_string(sol.coords[static_cast<std::size_t>(a)].size());
    say(" " + fd_grid_text + " grid, " + std::to_string(fd_unknowns) + " unknowns, " +
        fmt("%.2f", fd_seconds) + " s (" + fd_solver + ")\n");
    std::vector<double> xs, ufd;
    for (std::size_t node = 0; node < sol.nodes(); ++node) {
      if (!sol.active[node]) continue;
      double p[3];
      sol.point(node, p);
      xs.insert(xs.end(), p, p + d);
      ufd.push_back(sol.u[node]);
    }
    const Field kan_fd = evaluate_solution(net, xs, d, *domain, hd);
    const Accuracy kvf = accuracy(kan_fd.u, ufd);
    kvf_rel = kvf.rel_l2;
    kvf_max = kvf.max_abs;
    if (spec.pde.exact) {
      const Expression ex = *spec.pde.exact;
      const fd::FdErrors e = fd::fd_errors(sol, [&](const double* x) { return ex.eval(x, d); });
      fd_rel = e.rel_l2;
      fd_max = e.max_abs;
    }
    if (data) {
      fd_data = data_errors(fd_at_points(sol, data->x), *data);
      fd_data_done = true;
    }
    if (forward) {  // the data misfit of the forward solve (measurements of u)
      double sum = 0.0;
      for (const DataTermSpec& ds : spec.data) {
        if (ds.derivative_axis() >= 0) continue;
        const std::vector<double> u = fd_at_points(sol, ds.points->x);
        for (std::size_t i = 0; i < u.size(); ++i) {
          if (!std::isfinite(u[i])) continue;
          sum += (u[i] - ds.points->u[i]) * (u[i] - ds.points->u[i]);
          ++forward_points;
        }
      }
      if (forward_points > 0) forward_rms = std::sqrt(sum / static_cast<double>(forward_points));
    }
    // FD fields when the FD grid is the evaluation grid.
    bool same = true;
    for (int a = 0; a < d; ++a)
      same = same && sol.coords[static_cast<std::size_t>(a)].size() ==
                         grid.axes[static_cast<std::size_t>(a)].size();
    if (same) {
      std::vector<double> u_fd(grid.nodes, nan), err_fd(grid.nodes, nan), diff(grid.nodes, nan);
      for (std::size_t i = 0; i < grid.node.size(); ++i) {
        const std::size_t node = grid.node[i];
        u_fd[node] = sol.u[node];
        diff[node] = kan_field.u[i] - sol.u[node];
        if (exact) err_fd[node] = sol.u[node] - exact->u[i];
      }
      R.fields.fields["u_fd"] = u_fd;
      R.fields.fields["kan_minus_fd"] = diff;
      if (exact) R.fields.fields["err_fd"] = err_fd;
    }
  }

  // The KAN against the reference data.
  DataErrors kan_data;
  if (data) kan_data = data_errors(evaluate_solution(net, data->x, d, *domain, hd).u, *data);

  // 8. Results.
  R.case_name = spec.name;
  R.case_yaml = spec.to_yaml();
  std::size_t total_params = net.num_params();
  if (hd.frozen) {  // /model is N_0, then the refinement networks with their scales
    const FrozenSum& f = *hd.frozen;
    R.layout = f.nets.front().layout();
    R.params = f.nets.front().params_host();
    R.knots = f.nets.front().knots_host();
    for (std::size_t i = 1; i <= f.nets.size(); ++i) {
      const Net& ni = i < f.nets.size() ? f.nets[i] : net;
      R.refinements.push_back({ni.layout(), ni.params_host(), ni.knots_host(),
                               i < f.nets.size() ? f.scales[i] : f.scale});
      total_params += f.nets[i - 1].num_params();
    }
  } else {
    R.layout = net.layout();
    R.params = net.params_host();
    R.knots = net.knots_host();
  }
  R.dim = d;
  R.interior = sp.interior.x;
  R.boundary = sp.boundary.x;
  R.boundary_part = sp.boundary.part;
  R.part_names = sp.boundary.part_names;
  auto& m = R.metrics;
  m["kan_params"] = static_cast<double>(total_params);
  if (!R.refinements.empty()) m["kan_refinements"] = static_cast<double>(R.refinements.size());
  m["train_steps"] = trainer.steps_done();
  m["train_seconds"] = train_seconds;
  m["train_final_loss"] = trainer.final_loss();
  m["fd_unknowns"] = static_cast<double>(fd_unknowns);
  m["fd_seconds"] = fd_seconds;
  m["fd_rel_l2"] = fd_rel;
  m["fd_max_abs"] = fd_max;
  m["kan_vs_fd_rel_l2"] = kvf_rel;
  m["kan_vs_fd_max_abs"] = kvf_max;
  m["kan_grid_size"] = R.layout.grid_size();
  m["kan_validation_residual"] = kan_val.rms;
  m["kan_validation_residual_rel"] = kan_val.rel;
  m["validation_points"] = static_cast<double>(vset.x.size() / static_cast<std::size_t>(d));
  if (sliced) m["accuracy_points"] = static_cast<double>(grid.node.size());
  if (exact) {
    m["kan_rel_l2"] = kan_acc.rel_l2;
    m["kan_max_abs"] = kan_acc.max_abs;
    m["kan_mse"] = kan_acc.mse;
    m["kan_h1_semi_rel"] = kan_acc.h1_semi_rel;
  }
  if (data) {
    m["data_points"] = static_cast<double>(data->size());
    m["kan_vs_data_rel_l2"] = kan_data.rel_l2;
    m["kan_vs_data_max_abs"] = kan_data.max_abs;
    m["fd_vs_data_rel_l2"] = fd_data_done ? fd_data.rel_l2 : nan;
    m["fd_vs_data_max_abs"] = fd_data_done ? fd_data.max_abs : nan;
    m["fd_vs_data_skipped"] = fd_data_done ? static_cast<double>(fd_data.skipped) : nan;
    R.metric_text["data_file"] = spec.reference.data;
    R.metric_text["data_fd_interpolation"] = "multilinear";
  }
  R.metric_text["fd_solver"] = fd_solver;
  if (fd_order > 0) {
    m["fd_expected_order"] = fd_order;
    R.metric_text["fd_accuracy"] = fd_accuracy;
  }
  R.metric_text["kokkos_backend"] = Kokkos::DefaultExecutionSpace::name();
  if (!R.field_name.empty()) {
    m["field_" + R.field_name + "_rel_l2"] = R.field_rel_l2;
    m["field_" + R.field_name + "_max_abs"] = R.field_max_abs;
    m["field_" + R.field_name + "_params"] = static_cast<double>(R.field_params.size());
  }
  if (inverse) {
    m["fd_forward_data_rms"] = forward_rms;
    m["fd_forward_data_points"] = static_cast<double>(forward_points);
    R.metric_text["fd_forward"] = forward ? "solved" : "not available: " + forward_why;
  }
  for (std::size_t k = 0; k < spec.unknowns.size(); ++k) {
    const UnknownSpec& u = spec.unknowns[k];
    const double v = spec.unknown_values->values[k], ex = u.exact ? *u.exact : nan;
    R.unknown_names.push_back(u.name);
    R.unknown_values.push_back(v);
    R.unknown_exact.push_back(ex);
    m["unknown_" + u.name] = v;
    if (u.exact) m["unknown_" + u.name + "_rel_error"] = std::abs(v - ex) / std::abs(ex);
  }
  // The corner amplitudes (also what `kanpde eval` reads back from /metrics).
  for (std::size_t c = 0; c < n_corners; ++c)
    m[spec.corner_amplitudes->names[c] + "_amplitude"] = spec.corner_amplitudes->values[c];

  std::ostringstream t;
  t << "\n"
    << spec.name << (d > 3 ? ": KAN" : ": KAN vs finite differences")
    << (exact ? " vs exact solution" : " (no exact solution given)") << "\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-26s %11s %11s %11s %11s %11s %16s %9s\n", "", "rel. L2",
                "max abs", "MSE", "H1 semi", "PDE resid.", "size", "time");
  t << line;
  const std::string kan_name =
      "KAN " + widths_text(R.layout.widths()) + " G=" + std::to_string(R.layout.grid_size()) +
      (R.refinements.empty() ? "" : " +" + std::to_string(R.refinements.size()) + " refined");
  std::snprintf(line, sizeof line, "  %-26s %11s %11s %11s %11s %11s %9zu params %8.2fs\n",
                kan_name.c_str(), sci(exact ? kan_acc.rel_l2 : nan).c_str(),
                sci(exact ? kan_acc.max_abs : nan).c_str(), sci(exact ? kan_acc.mse : nan).c_str(),
                sci(exact ? kan_acc.h1_semi_rel : nan).c_str(), sci(kan_val.rms).c_str(),
                total_params, train_seconds);
  t << line;
  if (run_fd) {
    const std::string fd_name = (forward ? "FD (recovered) " : "FD ") + fd_grid_text;
    std::snprintf(line, sizeof line, "  %-26s %11s %11s %11s %11s %11s %9zu unkn.  %8.2fs\n",
                  fd_name.c_str(), sci(fd_rel).c_str(), sci(fd_max).c_str(), "-", "-", "-",
                  fd_unknowns, fd_seconds);
    t << line;
    std::snprintf(line, sizeof line, "  %-26s %11s %11s\n", "KAN vs FD (at FD nodes)",
                  sci(kvf_rel).c_str(), sci(kvf_max).c_str());
    t << line;
    if (fd_order == 1) t << "  FD accuracy: " << fd_accuracy << "\n";
  } else if (d > 3) {
    t << "  FD: not run (" << spec.reference.unknowns_text() << ")\n";
  }
  if (sliced)
    t << "  errors at " << grid.node.size() << " Halton points of the domain (no grid above 3D); "
      << "fields on the slice " << R.metric_text["fields_slice"] << "\n";
  if (data) {
    const std::string kd = "KAN vs data (" + std::to_string(data->size()) + " pts)";
    std::snprintf(line, sizeof line, "  %-26s %11s %11s\n", kd.c_str(),
                  sci(kan_data.rel_l2).c_str(), sci(kan_data.max_abs).c_str());
    t << line;
    if (fd_data_done) {
      std::snprintf(line, sizeof line, "  %-26s %11s %11s\n", "FD vs data (multilinear)",
                    sci(fd_data.rel_l2).c_str(), sci(fd_data.max_abs).c_str());
      t << line;
    }
    t << "  data: " << spec.reference.data << " (" << data->format << ")";
    if (fd_data_done) {
      t << "; FD interpolated multilinearly in its grid cells (corners outside the domain "
           "dropped)";
      if (fd_data.skipped > 0) t << ", " << fd_data.skipped << " points without an FD value";
    }
    t << "\n";
  }
  for (std::size_t c = 0; c < n_corners; ++c) {
    std::snprintf(line, sizeof line, "  corner enrichment at vertex %s: amplitude %.10g\n",
                  spec.corner_amplitudes->names[c].substr(6).c_str(),
                  spec.corner_amplitudes->values[c]);
    t << line;
  }
  for (std::size_t k = 0; k < R.unknown_names.size(); ++k) {
    const double v = R.unknown_values[k], ex = R.unknown_exact[k];
    std::snprintf(line, sizeof line, "  unknown %-18s %.10g", R.unknown_names[k].c_str(), v);
    t << line;
    if (std::isfinite(ex))
      t << "  (exact " << fmt("%.10g", ex) << ", rel. error "
        << sci(std::abs(v - ex) / std::abs(ex)) << ")";
    t << "\n";
  }
  if (!R.field_name.empty()) {
    t << "  unknown field " << R.field_name << ": KAN " << widths_text(R.field_layout.widths())
      << " G=" << R.field_layout.grid_size() << ", " << R.field_params.size() << " params";
    if (std::isfinite(R.field_rel_l2))
      t << ", rel. L2 " << sci(R.field_rel_l2) << ", max abs " << sci(R.field_max_abs)
        << " against its exact values";
    t << "\n";
  }
  if (inverse) {
    if (forward && forward_points > 0)
      t << "  FD re-solve with the recovered unknowns: data misfit RMS " << sci(forward_rms)
        << " at " << forward_points << " measurements of u\n";
    else if (!forward)
      t << "  FD re-solve with the recovered unknowns: not available (the finite-difference "
           "reference does not solve this case yet)\n";
  }
  const std::size_t n_val = vset.x.size() / static_cast<std::size_t>(d);
  if (spec.pde.general())
    t << "  PDE resid.: RMS of LHS - RHS of " << spec.pde.equation << " at " << n_val
      << " validation points (a fixed draw training never sees)";
  else
    t << "  PDE resid.: RMS of -lap u + c u - f at " << n_val
      << " validation points (a fixed draw training never sees)";
  if (std::isfinite(kan_val.rel))
    t << (spec.pde.general() ? "; relative to its RMS at u = 0: " : "; relative to RMS(f): ")
      << sci(kan_val.rel);
  t << "\n";
  for (const std::string& w : R.warnings) t << "  warning: " << w << "\n";
  SolveSummary s;
  select_outputs(spec.output, R);  // output.fields, output.save_collocation
  if (opt.write && world.is_root()) {
    try {
      write_results(dir, R, opt.force || results_state(dir) == ResultsState::incomplete);
    } catch (const RuntimeFailure& e) {
      throw RuntimeFailure(std::string(e.what()) + "; the trained model is in " + checkpoint_path +
                           ": once fixed, finish the run with: kanpde solve " + spec.file +
                           " --out " + dir + " --resume " + checkpoint_path);
    }
    // A checkpoint nobody asked for is not kept once the results are there.
    if (opt.checkpoint_every == 0) std::remove(checkpoint_path.c_str());
    t << "  results: " << dir << "/results.h5 (ParaView: " << dir << "/results.xmf), " << dir
      << "/summary.json\n";
  }
  s.table = t.str();
  out << s.table << std::flush;
  s.results = std::move(R);
  return s;
}

}  // namespace kanpde::solver
