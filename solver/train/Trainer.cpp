#include "solver/train/Trainer.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "common/Error.hpp"
#include "common/Profiling.hpp"
#include "solver/train/PinnObjective.hpp"
#include "solver/train/PruneStage.hpp"
#include "solver/train/SparsityObjective.hpp"

namespace kanpde::solver {
namespace {

std::string sci(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3e", v);
  return b;
}

}  // namespace

Trainer::Trainer(std::shared_ptr<const Assembler<>> assembler, Net& net,
                 std::vector<double> samples, TrainOptions o, Renew renew)
    : as_(assembler),
      base_(std::move(assembler)),
      net_(net),
      samples_(std::move(samples)),
      o_(std::move(o)),
      renew_(std::move(renew)) {
  KANPDE_REQUIRE(as_ != nullptr, "training needs a loss");
  KANPDE_REQUIRE(!o_.stages.empty(), "training needs at least one stage");
  int total = 0;
  for (const Stage& s : o_.stages) {
    KANPDE_REQUIRE(s.steps >= 0, "stage steps must be >= 0, found " << s.steps);
    KANPDE_REQUIRE(s.grid_size >= 0, "stage grid size must be >= 0, found " << s.grid_size);
    if (s.grid_size > 0)
      o_.grid_schedule.push_back({total, s.grid_size, static_cast<int>(&s - o_.stages.data())});
    total += s.steps;
  }
  for (const auto& g : o_.grid_schedule)
    KANPDE_REQUIRE(g.grid_size >= 1 && g.after_step >= 0, "bad grid extension entry");
  KANPDE_REQUIRE(o_.max_recoveries >= 0, "max_recoveries must be >= 0");
  KANPDE_REQUIRE(o_.renew_every == 0 || renew_, "renew_every is set but no renew callback");
  for (const Stage& s : o_.stages) {
    KANPDE_REQUIRE(!s.renew_at_start || renew_, "a stage renews its points but no renew callback");
    KANPDE_REQUIRE(!s.optimizer.empty(), "a stage without an optimizer");
    KANPDE_REQUIRE(!s.sparsity.active() || !s.optimizer.least_squares(),
                   "the sparsity penalty is not a sum of squares: not on a " << s.optimizer.name()
                                                                             << " stage");
    KANPDE_REQUIRE(s.sparsity.weight >= 0 && s.sparsity.l1 >= 0 && s.sparsity.entropy >= 0,
                   "sparsity weights must be >= 0");
    KANPDE_REQUIRE(s.prune_threshold >= 0 && s.prune_threshold < 1,
                   "a prune threshold is in [0, 1), found " << s.prune_threshold);
    KANPDE_REQUIRE(!(s.sparsity.active() || s.prune_threshold > 0) || !samples_.empty(),
                   "sparsity and pruning need sample points");
  }
  KANPDE_REQUIRE(o_.balance.every >= 0 && o_.balance.smoothing >= 0 && o_.balance.smoothing < 1,
                 "balance: every >= 0 and smoothing in [0, 1) expected");
}

void Trainer::run(const Callback& on_step) {
  const Region whole("kanpde::train");
  const auto t0 = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  UnknownSet* unknowns = o_.unknowns && o_.unknowns->size() > 0 ? o_.unknowns.get() : nullptr;
  std::unique_ptr<PinnObjective<>> obj;
  optim::Vector theta, good;
  // theta into the network (and the unknowns).
  auto store = [&](const optim::Vector& t) { obj->load(t); };
  auto rebind = [&] {  // after the network or the loss changed
    obj = std::make_unique<PinnObjective<>>(*as_, net_, unknowns, o_.field);
    theta = obj->parameters();
    good = theta;
  };
  rebind();
  std::size_t first_stage = 0;
  if (resuming_) {
    KANPDE_REQUIRE(resume_.stage >= 0 && resume_.stage <= static_cast<int>(o_.stages.size()),
                   "checkpoint stage " << resume_.stage << " is not a stage of this case");
    KANPDE_REQUIRE(resume_.good.size() == static_cast<std::size_t>(theta.size()),
                   "checkpoint parameters do not match the network");
    first_stage = static_cast<std::size_t>(resume_.stage);
    steps_ = resume_.step;
    final_loss_ = resume_.final_loss;
    balance_ = resume_.balance;
    if (!balance_.empty()) {
      as_ = base_->reweighted(balance_);
      rebind();
    }
    good = Eigen::Map<const optim::Vector>(resume_.good.data(),
                                           static_cast<Eigen::Index>(resume_.good.size()));
    // The unknowns continue from the checkpoint's (the network holds its
    // parameters already).
    if (unknowns || o_.field) {
      store(good);
      theta = obj->parameters();
    }
  }
  // Stage-start extensions of the stages before the first one (a resumed
  // run's network has them already).
  std::vector<char> extended(o_.grid_schedule.size(), 0);
  for (std::size_t gi = 0; gi < extended.size(); ++gi)
    extended[gi] = o_.grid_schedule[gi].at_stage >= 0 &&
                   o_.grid_schedule[gi].at_stage < static_cast<int>(first_stage);
  for (std::size_t si = first_stage; si < o_.stages.size(); ++si) {
    const Stage& stage = o_.stages[si];
    const std::unique_ptr<optim::Optimizer> opt = stage.optimizer.create();
    auto reset_all = [&] { opt->reset(); };
    int recoveries = 0;
    int k0 = 0;
    if (resuming_ && si == first_stage) {
      k0 = resume_.stage_step;
      recoveries = resume_.recoveries;
      // A checkpoint taken where a stage ended holds no optimizer state: the
      // next stage starts with a fresh optimizer, as without the interruption.
      const bool fresh = resume_.optimizer.scalars.empty() && resume_.optimizer.vectors.empty();
      if (!fresh) opt->set_state(resume_.optimizer);
      resuming_ = false;
    }
    auto state_after = [&](int k) {
      TrainerState st;
      st.step = steps_;
      st.stage = static_cast<int>(si);
      st.stage_step = k + 1;
      st.recoveries = recoveries;
      st.final_loss = final_loss_;
      st.optimizer = opt->state();
      st.good.assign(good.data(), good.data() + good.size());
      st.balance = balance_;
      return st;
    };
    for (int k = k0; k < stage.steps; ++k) {
      Progress pr;
      auto note = [&](const std::string& e) { pr.event += (pr.event.empty() ? "" : ", ") + e; };
      // Changes scheduled before this step.
      if (k == 0 && stage.refine_at_start) {
        KANPDE_ASSERT(refine_, "a stage refines but no refine callback is set");
        store(theta);
        base_ = refine_(steps_, static_cast<int>(si), net_);
        KANPDE_ASSERT(base_ != nullptr, "the refinement gave no loss");
        as_ = balance_.empty() ? base_ : base_->reweighted(balance_);
        rebind();
        reset_all();
        note("solution frozen; refinement network of " + std::to_string(net_.num_params()) +
             " parameters added");
      }
      if (k == 0 && stage.prune_threshold > 0) {
        const Region region("kanpde::prune");
        const double before = obj->value(theta);
        const PruneReport rep = prune_network(net_, samples_, stage.prune_threshold);
        rebind();
        reset_all();
        const double after = obj->value(theta);
        pruned_loss_ = before;
        pruned_stage_ = static_cast<int>(si);
        note(rep.describe() + "; loss " + sci(before) + " -> " + sci(after));
      }
      for (std::size_t gi = 0; gi < o_.grid_schedule.size(); ++gi) {
        const GridExtensionAt& g = o_.grid_schedule[gi];
        // A stage's extension comes at the stage's start (once: the stage
        // may have no steps, then it comes with the next stage's start).
        const bool due = g.at_stage >= 0
                             ? k == 0 && !extended[gi] && g.at_stage <= static_cast<int>(si)
                             : g.after_step == steps_;
        if (!due) continue;
        if (g.at_stage >= 0) extended[gi] = 1;
        if (g.grid_size != net_.layout().grid_size()) {
          const Region region("kanpde::grid_extension");
          store(theta);
          net_ = kan::extend_grid(net_, g.grid_size);
          rebind();
          reset_all();
          note("grid extended to " + std::to_string(g.grid_size));
        }
      }
      // An update here comes before step steps_ + 1: "no grid update after
      // step until" admits it only while steps_ + 1 <= until.
      const bool update = o_.grid_update_every > 0 && steps_ > 0 &&
                          steps_ % o_.grid_update_every == 0 &&
                          (o_.grid_update_until == 0 || steps_ < o_.grid_update_until);
      if (update && !samples_.empty()) {
        const Region region("kanpde::grid_update");
        store(theta);
        kan::update_grid(net_, samples_, o_.grid_update);
        rebind();
        reset_all();
        note("grid updated");
      }
      const bool periodic_renew = o_.renew_every > 0 && steps_ > 0 && steps_ % o_.renew_every == 0;
      if (periodic_renew || (k == 0 && stage.renew_at_start)) {
        store(theta);
        base_ = renew_(steps_, static_cast<int>(si), net_);
        KANPDE_ASSERT(base_ != nullptr, "renewing the collocation points gave no loss");
        as_ = balance_.empty() ? base_ : base_->reweighted(balance_);
        rebind();
        reset_all();
        note("collocation points renewed");
      }
      if (o_.balance.every > 0 && base_->term_names().size() > 1 &&
          steps_ % o_.balance.every == 0) {
        store(theta);
        balance_ = balance_factors(*base_, net_, balance_, o_.balance);
        as_ = base_->reweighted(balance_);
        rebind();
        opt->loss_changed();  // cached gradients belong to the old weights
      }
      // The stage's objective: the loss, plus the sparsity penalty.
      std::optional<SparsityObjective> sparse;
      optim::Objective* f = obj.get();
      if (stage.sparsity.active()) {
        sparse.emplace(*obj, net_.layout(), net_.knots_host(), samples_, stage.sparsity);
        f = &*sparse;
      }
      const optim::StepResult r = opt->step(*f, theta);
      ++steps_;
      if (!std::isfinite(r.loss) || !theta.allFinite()) {
        theta = good;
        opt->loss_changed();
        ++recoveries;
        pr.recovered = true;
        note("non-finite loss: rolled back to the last good parameters and damped");
        KANPDE_VERIFY(recoveries <= o_.max_recoveries,
                      "training diverged: " << recoveries << " non-finite losses in a row at step "
                                            << steps_ << " (" << stage.optimizer.name()
                                            << "); try a smaller learning rate or a different "
                                               "loss weighting");
      } else {
        recoveries = 0;
        good = theta;
        if (r.recovered) note("non-finite trial step rejected");
      }
      store(theta);
      pr.step = steps_;
      pr.stage = static_cast<int>(si);
      pr.stage_step = k + 1;
      pr.stage_steps = stage.steps;
      pr.optimizer = stage.optimizer.name();
      pr.least_squares = stage.optimizer.least_squares();
      pr.grid_size = net_.layout().grid_size();
      pr.params = net_.num_params();
      pr.terms = obj->last_terms();
      if (sparse) pr.penalty = sparse->last_penalty();
      pr.weights = as_->term_weights();
      if (unknowns) pr.unknowns = unknowns->values();
      pr.seconds = seconds();
      if (std::isfinite(r.loss)) final_loss_ = r.loss;
      const bool stop = o_.stop_loss > 0 && std::isfinite(r.loss) && r.loss <= o_.stop_loss;
      pr.stage_end = r.converged || stop || k + 1 == stage.steps;
      // After a prune: does the loss at the end of training come back to the
      // loss before it? (The loss without the sparsity penalty.)
      if (pruned_loss_ >= 0 && pr.stage_end && (stop || si + 1 == o_.stages.size())) {
        const double now = pr.terms.total;
        if (now <= pruned_loss_)
          note("accuracy kept after the prune before stage " + std::to_string(pruned_stage_ + 1) +
               ": loss " + sci(now) + " against " + sci(pruned_loss_) + " before it");
        else
          pr.warning = "the pruned network's loss " + sci(now) +
                       " at the end of training is above " + sci(pruned_loss_) +
                       " before the prune before stage " + std::to_string(pruned_stage_ + 1) +
                       ": accuracy was not kept; train the pruned network longer or lower "
                       "the prune threshold";
      }
      if (on_step) on_step(pr);
      const int signal = stop_ ? stop_() : 0;
      const bool periodic = o_.checkpoint_every > 0 && steps_ % o_.checkpoint_every == 0;
      if (checkpoint_ && (periodic || signal != 0)) {
        // A stage that ends here continues with the next one on resume.
        TrainerState st = state_after(k);
        if (r.converged || st.stage_step >= stage.steps) {
          st.stage += 1;
          st.stage_step = 0;
          st.optimizer = {};
          st.recoveries = 0;
        }
        checkpoint_(st);
      }
      if (signal != 0) throw Interrupted(signal);
      if (stop) return;
      if (r.converged) break;
    }
  }
}

}  // namespace kanpde::solver
