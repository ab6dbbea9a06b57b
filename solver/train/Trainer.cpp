#include "solver/train/Trainer.hpp"

#include <chrono>
#include <cmath>

#include "common/Error.hpp"
#include "solver/train/PinnObjective.hpp"

namespace kanpde::solver {

Trainer::Trainer(const Assembler<>& assembler, Net& net, std::vector<double> samples,
                 TrainOptions o)
    : as_(assembler), net_(net), samples_(std::move(samples)), o_(std::move(o)) {
  KANPDE_REQUIRE(!o_.stages.empty(), "training needs at least one stage");
  for (const Stage& s : o_.stages) {
    KANPDE_REQUIRE(s.steps >= 0, "stage steps must be >= 0, found " << s.steps);
    KANPDE_REQUIRE(s.grid_size >= 0, "stage grid size must be >= 0, found " << s.grid_size);
  }
  KANPDE_REQUIRE(o_.max_recoveries >= 0, "max_recoveries must be >= 0");
}

void Trainer::run(const Callback& on_step) {
  const auto t0 = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  for (std::size_t si = 0; si < o_.stages.size(); ++si) {
    const Stage& stage = o_.stages[si];
    std::string event;
    if (stage.grid_size > 0 && stage.grid_size != net_.layout().grid_size()) {
      net_ = kan::extend_grid(net_, stage.grid_size);
      event = "grid extended to " + std::to_string(stage.grid_size);
    }
    PinnObjective<> obj(as_, net_);
    optim::Vector theta = obj.parameters();
    optim::Vector good = theta;
    optim::Adam adam(stage.adam);
    optim::Lbfgs lbfgs(stage.lbfgs);
    optim::LevenbergMarquardt lm(stage.lm);
    int recoveries = 0;
    for (int k = 0; k < stage.steps; ++k) {
      Progress pr;
      pr.event = event;
      event.clear();
      const bool update = o_.grid_update_every > 0 && steps_ > 0 &&
                          steps_ % o_.grid_update_every == 0 && steps_ <= o_.grid_update_until;
      if (update && !samples_.empty()) {
        net_.set_params(std::vector<double>(theta.data(), theta.data() + theta.size()));
        kan::update_grid(net_, samples_, o_.grid_update);
        theta = obj.parameters();
        good = theta;
        adam.reset();
        lbfgs.reset();
        lm.reset();
        pr.event = pr.event.empty() ? "grid updated" : pr.event + ", grid updated";
      }
      optim::StepResult r;
      switch (stage.optimizer) {
        case optim::Method::adam:
          r = adam.step(obj, theta);
          break;
        case optim::Method::lbfgs:
          r = lbfgs.step(obj, theta);
          break;
        case optim::Method::lm:
          r = lm.step(obj, theta);
          break;
      }
      ++steps_;
      if (!std::isfinite(r.loss) || !theta.allFinite()) {
        theta = good;
        lbfgs.reset();
        ++recoveries;
        pr.recovered = true;
        pr.event = "non-finite loss: rolled back to the last good parameters and damped";
        KANPDE_VERIFY(recoveries <= o_.max_recoveries,
                      "training diverged: " << recoveries << " non-finite losses in a row at step "
                                            << steps_ << " (" << optim::to_string(stage.optimizer)
                                            << "); try a smaller learning rate or a different "
                                               "loss weighting");
      } else {
        recoveries = 0;
        good = theta;
        if (r.recovered) pr.event = "non-finite trial step rejected";
      }
      net_.set_params(std::vector<double>(theta.data(), theta.data() + theta.size()));
      pr.step = steps_;
      pr.stage = static_cast<int>(si);
      pr.stage_step = k + 1;
      pr.stage_steps = stage.steps;
      pr.optimizer = stage.optimizer;
      pr.grid_size = net_.layout().grid_size();
      pr.params = net_.num_params();
      pr.terms = obj.last_terms();
      pr.seconds = seconds();
      final_loss_ = std::isfinite(r.loss) ? r.loss : final_loss_;
      const bool stop = o_.stop_loss > 0 && std::isfinite(r.loss) && r.loss <= o_.stop_loss;
      pr.stage_end = r.converged || stop || k + 1 == stage.steps;
      if (on_step) on_step(pr);
      if (stop) return;
      if (r.converged) break;
    }
  }
}

}  // namespace kanpde::solver
