// Training end to end without case files: a 1D Poisson problem solved by the
// stage sequence, reproducibility, grid extension during training, and the
// non-finite-loss recovery.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "common/Error.hpp"
#include "kan/Evaluate.hpp"
#include "solver/optim/Adam.hpp"
#include "solver/optim/Bfgs.hpp"
#include "solver/optim/Lbfgs.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"
#include "solver/train/Trainer.hpp"

namespace {

using namespace kanpde;
using Net = solver::Trainer::Net;
constexpr double pi = 3.141592653589793;

struct Problem1d {
  std::vector<double> x;
  std::vector<solver::PointTerm> terms;
  Problem1d() {
    std::vector<double> f;
    for (int i = 0; i < 100; ++i) {
      x.push_back((i + 0.5) / 100);
      f.push_back(pi * pi * std::sin(pi * x.back()));
    }
    terms.push_back(solver::interior_term("pde", 1.0, 1, x, f));
    terms.push_back(solver::dirichlet_term("bc", 10.0, 1, {0.0, 1.0}, {0.0, 0.0}));
  }
};

Net make_net(std::uint64_t seed) {
  kan::NetworkSpec spec;
  spec.widths = {1, 5, 1};
  spec.grid_size = 5;
  spec.input_ranges = {{0.0, 1.0}};
  spec.seed = seed;
  return Net(spec);
}

double rel_l2(const Net& net) {
  std::vector<double> xs;
  for (int i = 0; i <= 1000; ++i) xs.push_back(i / 1000.0);
  Kokkos::View<double**, Kokkos::DefaultExecutionSpace::memory_space> xv("x", xs.size(), 1);
  auto hx = Kokkos::create_mirror_view(xv);
  for (std::size_t i = 0; i < xs.size(); ++i) hx(i, 0) = xs[i];
  Kokkos::deep_copy(xv, hx);
  Kokkos::View<double***, Kokkos::DefaultExecutionSpace::memory_space> u("u", xs.size(), 1, 1);
  kan::evaluate(Kokkos::DefaultExecutionSpace(), net, xv, kan::JetMode::value, u);
  auto hu = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), u);
  double e = 0, n = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double ex = std::sin(pi * xs[i]);
    e += (hu(i, 0, 0) - ex) * (hu(i, 0, 0) - ex);
    n += ex * ex;
  }
  return std::sqrt(e / n);
}

solver::TrainOptions schedule() {
  solver::TrainOptions o;
  solver::Stage adam;
  adam.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
  adam.steps = 200;
  adam.optimizer.options<solver::optim::Adam>().lr = 1e-2;
  solver::Stage lbfgs;
  lbfgs.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Lbfgs>();
  lbfgs.steps = 200;
  solver::Stage lm;
  lm.optimizer = solver::optim::OptimizerConfig::of<solver::optim::LevenbergMarquardt>();
  lm.steps = 30;
  lm.grid_size = 10;
  o.stages = {adam, lbfgs, lm};
  o.grid_update_every = 50;
  o.grid_update_until = 150;
  return o;
}

TEST(Trainer, Solves1dPoissonToRelativeL2Below1e4) {
  Problem1d pb;
  const auto as =
      std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  Net net = make_net(3);
  solver::Trainer tr(as, net, pb.x, schedule());
  int extended = 0, updated = 0;
  tr.run([&](const solver::Progress& p) {
    extended += p.event.find("grid extended") != std::string::npos;
    updated += p.event.find("grid updated") != std::string::npos;
  });
  EXPECT_EQ(net.layout().grid_size(), 10);
  EXPECT_EQ(extended, 1);
  EXPECT_EQ(updated, 2);  // after steps 50 and 100; one after 150 would precede step 151
  const double e = rel_l2(net);
  EXPECT_LT(e, 1e-4) << "final loss " << tr.final_loss();
  std::printf("rel L2 %.3e after %d steps, loss %.3e\n", e, tr.steps_done(), tr.final_loss());
}

TEST(Trainer, SameSeedSameResult) {
  Problem1d pb;
  const auto as =
      std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  auto o = schedule();
  o.stages.resize(2);
  o.stages[1].steps = 30;
  Net a = make_net(9), b = make_net(9);
  solver::Trainer(as, a, pb.x, o).run();
  solver::Trainer(as, b, pb.x, o).run();
  EXPECT_EQ(a.params_host(), b.params_host());
  EXPECT_EQ(a.knots_host(), b.knots_host());
}

// grid_update.until: 200 with every: 20 updates the grid after steps 20, 40,
// ..., 180 and never before step 201, also when the grid is extended there.
TEST(Trainer, GridUpdateUntilIsTheLastStepAnUpdateMayPrecede) {
  Problem1d pb;
  const auto as =
      std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  solver::TrainOptions o;
  solver::Stage adam;
  adam.steps = 200;
  adam.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
  adam.optimizer.options<solver::optim::Adam>().lr = 1e-2;
  solver::Stage adam2 = adam;
  adam2.steps = 30;
  adam2.grid_size = 8;  // extended before step 201
  o.stages = {adam, adam2};
  o.grid_update_every = 20;
  o.grid_update_until = 200;
  Net net = make_net(2);
  std::vector<int> at;
  solver::Trainer(as, net, pb.x, o).run([&](const solver::Progress& p) {
    if (p.event.find("grid updated") != std::string::npos) at.push_back(p.step);
  });
  std::vector<int> expected;
  for (int s = 20; s < 200; s += 20) expected.push_back(s + 1);
  EXPECT_EQ(at, expected);
}

// Self-balancing weights on a problem whose good weights are known: the same
// 1D problem with its equation multiplied by c = 100 (-100 u'' = 100 f) is
// the original one with PDE weight 1e4. Balancing makes the factor of the PDE
// term 1e-4 times the original's at the first update (gradients scale by
// c^2), so both runs solve the same problem (their paths differ a little:
// Adam's eps and LM's damping floor are not scale invariant); without it the
// scaled equation drowns the boundary term.
TEST(Trainer, BalancedWeightsUndoTheScaleOfAnEquation) {
  auto terms_scaled = [](double c) {
    Problem1d pb;
    for (double& v : pb.terms[0].coef) v *= c;
    for (double& v : pb.terms[0].rhs) v *= c;
    return pb;
  };
  for (auto method : {solver::BalanceMethod::ntk, solver::BalanceMethod::gradient}) {
    SCOPED_TRACE(method == solver::BalanceMethod::ntk ? "ntk" : "gradient");
    auto run = [&](double c, bool balance, std::vector<double>* first_weights) {
      Problem1d pb = terms_scaled(c);
      const auto as =
          std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
      solver::TrainOptions o;
      solver::Stage adam;
      adam.steps = 100;
      adam.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
      adam.optimizer.options<solver::optim::Adam>().lr = 1e-2;
      solver::Stage lm;
      lm.optimizer = solver::optim::OptimizerConfig::of<solver::optim::LevenbergMarquardt>();
      lm.steps = 20;
      o.stages = {adam, lm};
      o.balance.every = balance ? 10 : 0;
      o.balance.method = method;
      Net net = make_net(6);
      bool seen = false;
      solver::Trainer(as, net, pb.x, o).run([&](const solver::Progress& p) {
        if (!seen && first_weights) *first_weights = p.weights;
        seen = true;
      });
      return rel_l2(net);
    };
    std::vector<double> w1, w100;
    const double e1 = run(1.0, true, &w1), e100 = run(100.0, true, &w100);
    ASSERT_EQ(w1.size(), 2u);
    ASSERT_EQ(w100.size(), 2u);
    // Weight 1 x factor; the factors of the scaled run: pde / 1e4 relative to
    // bc. Round-off only (the gradients are the same numbers times 1e4).
    EXPECT_NEAR((w100[0] / w100[1]) / (w1[0] / w1[1]), 1e-4, 1e-12);
    EXPECT_NEAR(e100, e1, 0.3 * e1);  // measured: 1.12e-5 and 1.07e-5
    EXPECT_LT(e1, 1e-3);
    std::printf("balanced: rel L2 %.3e (c = 1), %.3e (c = 100); weights %.3e/%.3e, %.3e/%.3e\n", e1,
                e100, w1[0], w1[1], w100[0], w100[1]);
    // Without balancing the scaled equation drowns the boundary term.
    const double u100 = run(100.0, false, nullptr);
    std::printf("unbalanced, c = 100: rel L2 %.3e\n", u100);
    EXPECT_GT(u100, 10 * e1);
  }
}

TEST(Trainer, RecoversFromADivergingLearningRateOrSaysSo) {
  Problem1d pb;
  const auto as =
      std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  solver::TrainOptions o;
  solver::Stage adam;
  adam.steps = 60;
  adam.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
  adam.optimizer.options<solver::optim::Adam>().lr = 1e200;  // absurd: the loss overflows to inf
  o.stages = {adam};
  o.max_recoveries = 100;
  Net net = make_net(1);
  int recovered = 0;
  solver::Trainer(as, net, pb.x, o).run([&](const solver::Progress& p) {
    recovered += p.recovered;
  });
  for (double v : net.params_host()) ASSERT_TRUE(std::isfinite(v));
  // With no tolerance for recoveries the run stops with a message.
  o.max_recoveries = 0;
  Net net2 = make_net(1);
  EXPECT_GT(recovered, 0);
  { EXPECT_THROW(solver::Trainer(as, net2, pb.x, o).run(), RuntimeFailure); }
}

}  // namespace

namespace {

TEST(Trainer, MidStageGridExtensionAndRenewedPoints) {
  Problem1d pb;
  auto as = std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  solver::TrainOptions o;
  solver::Stage adam;
  adam.steps = 120;
  adam.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
  adam.optimizer.options<solver::optim::Adam>().lr = 1e-2;
  solver::Stage lbfgs;
  lbfgs.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Lbfgs>();
  lbfgs.steps = 150;
  o.stages = {adam, lbfgs};
  o.grid_schedule = {{60, 8}};
  o.renew_every = 100;
  int renewals = 0;
  auto renew = [&](int step, int, const Net&) {
    ++renewals;
    // Fresh interior points, shifted by the step so they differ each time.
    std::vector<double> x, f;
    for (int i = 0; i < 90; ++i) {
      x.push_back(std::fmod((i + 0.37 * step) / 90.0, 1.0));
      f.push_back(pi * pi * std::sin(pi * x.back()));
    }
    std::vector<solver::PointTerm> terms{
        solver::interior_term("pde", 1.0, 1, x, f),
        solver::dirichlet_term("bc", 10.0, 1, {0.0, 1.0}, {0.0, 0.0})};
    return std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), terms);
  };
  Net net = make_net(5);
  solver::Trainer tr(as, net, pb.x, o, renew);
  std::vector<std::string> events;
  tr.run([&](const solver::Progress& p) {
    if (!p.event.empty()) events.push_back(std::to_string(p.step) + ": " + p.event);
  });
  EXPECT_EQ(net.layout().grid_size(), 8);
  EXPECT_EQ(renewals, 2);  // after steps 100 and 200
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0], "61: grid extended to 8");
  EXPECT_EQ(events[1], "101: collocation points renewed");
  EXPECT_LT(rel_l2(net), 1e-3);
}

// A stage's grid extension comes at the stage's start even when the stage
// before it stopped early (here L-BFGS converges at once on its gradient
// tolerance): it is not tied to the step count the schedule planned.
TEST(Trainer, StageGridExtensionAfterAnEarlyStop) {
  Problem1d pb;
  auto as = std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  solver::TrainOptions o = schedule();
  o.grid_update_every = 0;
  o.stages[0].steps = 20;
  o.stages[1].optimizer.options<solver::optim::Lbfgs>().tolerance_grad =
      1e30;  // converged at its first step
  o.stages[2].steps = 3;
  Net net = make_net(5);
  solver::Trainer tr(as, net, pb.x, o);
  std::vector<std::string> events;
  int last = 0;
  tr.run([&](const solver::Progress& p) {
    last = p.step;
    if (!p.event.empty()) events.push_back(std::to_string(p.step) + ": " + p.event);
  });
  EXPECT_LT(last, 200);  // the L-BFGS stage stopped early
  EXPECT_EQ(net.layout().grid_size(), 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("grid extended to 10"), std::string::npos) << events[0];
}

// A stage that trains on other points renews the loss once, before its first
// step, and the callback is told which stage it is for.
TEST(Trainer, StageStartRenewal) {
  Problem1d pb;
  auto as = std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  solver::TrainOptions o;
  solver::Stage adam;
  adam.steps = 30;
  adam.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
  adam.optimizer.options<solver::optim::Adam>().lr = 1e-2;
  solver::Stage lbfgs;
  lbfgs.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Lbfgs>();
  lbfgs.steps = 40;
  lbfgs.renew_at_start = true;
  o.stages = {adam, lbfgs};
  std::vector<std::pair<int, int>> calls;
  auto renew = [&](int step, int stage, const Net&) {
    calls.emplace_back(step, stage);
    return std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  };
  Net net = make_net(5);
  solver::Trainer tr(as, net, pb.x, o, renew);
  std::vector<std::string> events;
  tr.run([&](const solver::Progress& p) {
    if (!p.event.empty()) events.push_back(std::to_string(p.step) + ": " + p.event);
  });
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0], std::make_pair(30, 1));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], "31: collocation points renewed");
  // Without a callback the option is refused.
  Net net2 = make_net(5);
  EXPECT_THROW(solver::Trainer(as, net2, pb.x, o), InputError);
}

}  // namespace

namespace {

// A run stopped at a checkpoint and resumed from it ends with exactly the
// parameters of the uninterrupted run, for a checkpoint inside each stage.
TEST(Trainer, ResumeFromACheckpointIsBitwiseIdentical) {
  Problem1d pb;
  auto as = std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  solver::TrainOptions o = schedule();
  o.stages[0].steps = 60;
  o.stages[1].steps = 40;
  o.stages[2].steps = 15;
  o.grid_update_every = 20;
  o.grid_update_until = 40;
  o.balance.every = 7;                     // smoothed factors carried across the checkpoint
  for (int at : {30, 60, 75, 100, 105}) {  // 60, 100: where stages end
    SCOPED_TRACE("checkpoint after step " + std::to_string(at));
    o.checkpoint_every = at;
    Net full = make_net(4);
    solver::Trainer a(as, full, pb.x, o);
    solver::TrainerState saved;
    kan::Layout layout;
    std::vector<double> params, knots;
    bool have = false;
    a.set_checkpoint([&](const solver::TrainerState& st) {
      if (have) return;
      have = true;
      saved = st;
      layout = full.layout();
      params = full.params_host();
      knots = full.knots_host();
    });
    a.run();
    ASSERT_TRUE(have);
    Net resumed(layout, params, knots);
    solver::TrainOptions o2 = o;
    o2.checkpoint_every = 0;
    solver::Trainer b(as, resumed, pb.x, o2);
    b.resume(saved);
    b.run();
    EXPECT_EQ(b.steps_done(), a.steps_done());
    EXPECT_EQ(resumed.params_host(), full.params_host());
    EXPECT_EQ(resumed.knots_host(), full.knots_host());
  }
}

// A dense BFGS stage after Adam trains the network, and a run resumed from
// a checkpoint inside it (H and the cached gradient in the optimizer state)
// ends bitwise where the uninterrupted run ends.
TEST(Trainer, BfgsStageTrainsAndResumesBitwise) {
  Problem1d pb;
  auto as = std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  solver::Stage adam;
  adam.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
  adam.steps = 100;
  adam.optimizer.options<solver::optim::Adam>().lr = 1e-2;
  solver::Stage bfgs;
  bfgs.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Bfgs>();
  bfgs.steps = 60;
  double after_adam = 0.0;
  {
    solver::TrainOptions oa;
    oa.stages = {adam};
    Net net = make_net(4);
    solver::Trainer t(as, net, pb.x, oa);
    t.run();
    after_adam = t.final_loss();
  }
  // balance.every = 7: the loss is reweighted inside the stage (H dropped
  // and rebuilt), across the checkpoint too.
  for (int balance : {0, 7}) {
    for (int at : {50, 130}) {
      SCOPED_TRACE("balance every " + std::to_string(balance) + ", checkpoint after step " +
                   std::to_string(at));
      solver::TrainOptions o;
      o.stages = {adam, bfgs};
      o.balance.every = balance;
      o.checkpoint_every = at;
      Net full = make_net(4);
      solver::Trainer a(as, full, pb.x, o);
      solver::TrainerState saved;
      std::vector<double> params;
      bool have = false;
      a.set_checkpoint([&](const solver::TrainerState& st) {
        if (have) return;
        have = true;
        saved = st;
        params = full.params_host();
      });
      a.run();
      ASSERT_TRUE(have);
      // 60 BFGS steps lower Adam's loss by more than 10x on this problem
      // (the same weights: without balancing).
      if (balance == 0) {
        EXPECT_LT(a.final_loss(), 0.1 * after_adam);
      }
      if (at == 130) {  // inside the BFGS stage: the gradient and H's columns
        EXPECT_EQ(saved.optimizer.vectors.size(), full.num_params() + 1);
      }
      Net resumed(full.layout(), params, full.knots_host());
      o.checkpoint_every = 0;
      solver::Trainer b(as, resumed, pb.x, o);
      b.resume(saved);
      b.run();
      EXPECT_EQ(b.steps_done(), a.steps_done());
      EXPECT_EQ(resumed.params_host(), full.params_host());
    }
  }
}

TEST(Trainer, StopRequestWritesACheckpointAndInterrupts) {
  Problem1d pb;
  auto as = std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), pb.terms);
  Net net = make_net(2);
  solver::Trainer tr(as, net, pb.x, schedule());
  int calls = 0, checkpoints = 0;
  tr.set_checkpoint(
      [&](const solver::TrainerState& st) {
        ++checkpoints;
        EXPECT_EQ(st.step, 7);
      },
      [&] { return ++calls == 7 ? 15 : 0; });
  try {
    tr.run();
    ADD_FAILURE() << "no interruption";
  } catch (const Interrupted& e) {
    EXPECT_EQ(e.exit_status(), 143);
  }
  EXPECT_EQ(checkpoints, 1);
}

}  // namespace
