// Training stages with the sparsity penalty and with pruning
// (solver/train/PruneStage.hpp): the penalty concentrates the edges'
// magnitudes, a prune stage shrinks the hidden widths and the later stages
// retrain the smaller network, the run says whether the loss came back, and
// a run resumed from a checkpoint on either side of the prune ends bitwise
// like the uninterrupted one.
#include <gtest/gtest.h>

#include <cmath>

#include "solver/optim/Adam.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"
#include "solver/train/Sparsity.hpp"
#include "solver/train/Trainer.hpp"

namespace {

using namespace kanpde;
using Net = solver::Trainer::Net;
constexpr double pi = 3.141592653589793;

struct Problem {
  std::vector<double> x;
  std::shared_ptr<const solver::Assembler<>> as;
  Problem() {
    std::vector<double> f;
    for (int i = 0; i < 60; ++i) {
      x.push_back((i + 0.5) / 60);
      f.push_back(pi * pi * std::sin(pi * x.back()));
    }
    std::vector<solver::PointTerm> terms;
    terms.push_back(solver::interior_term("pde", 1.0, 1, x, f));
    terms.push_back(solver::dirichlet_term("bc", 10.0, 1, {0.0, 1.0}, {0.0, 0.0}));
    as = std::make_shared<const solver::Assembler<>>(Kokkos::DefaultExecutionSpace(), terms);
  }
};

Net make_net(int hidden) {
  kan::NetworkSpec spec;
  spec.widths = {1, hidden, 1};
  spec.grid_size = 5;
  spec.input_ranges = {{0.0, 1.0}};
  spec.seed = 7;
  return Net(spec);
}

solver::Stage adam(int steps, double weight) {
  solver::Stage s;
  s.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
  s.steps = steps;
  s.optimizer.options<solver::optim::Adam>().lr = 1e-2;
  s.sparsity.weight = weight;
  return s;
}

solver::Stage lm(int steps, double prune) {
  solver::Stage s;
  s.optimizer = solver::optim::OptimizerConfig::of<solver::optim::LevenbergMarquardt>();
  s.steps = steps;
  s.prune_threshold = prune;
  return s;
}

double l1_of(const Net& n, const std::vector<double>& x) {
  const std::vector<double> p = n.params_host(), t = n.knots_host();
  double s = 0.0;
  for (double a : solver::edge_magnitudes({n.layout(), p, t}, x)) s += a;
  return s;
}

TEST(PruneStage, SparsityConcentratesTheEdgesAndPruningShrinksTheNetwork) {
  Problem pb;
  solver::TrainOptions o;
  o.stages = {adam(150, 0.0)};
  Net plain = make_net(6);
  solver::Trainer(pb.as, plain, pb.x, o).run();
  o.stages = {adam(150, 1.0)};
  Net sparse = make_net(6);
  double penalty = 0.0;
  solver::Trainer(pb.as, sparse, pb.x, o).run([&](const solver::Progress& p) {
    penalty = p.penalty;
  });
  EXPECT_GT(penalty, 0.0);
  // The penalty's effect: a smaller sum of the magnitudes.
  EXPECT_LT(l1_of(sparse, pb.x), 0.9 * l1_of(plain, pb.x));

  // The same, then a pruning LM stage and a plain LM stage.
  o.stages = {adam(150, 1.0), lm(30, 0.05), lm(30, 0.0)};
  Net net = make_net(6);
  std::string pruned, kept, warning;
  solver::Trainer(pb.as, net, pb.x, o).run([&](const solver::Progress& p) {
    if (p.event.find("pruned") != std::string::npos) pruned = p.event;
    if (p.event.find("accuracy kept") != std::string::npos) kept = p.event;
    if (!p.warning.empty()) warning = p.warning;
  });
  ASSERT_EQ(net.layout().widths().size(), 3u);
  EXPECT_LT(net.layout().width(1), 6);
  EXPECT_GE(net.layout().width(1), 1);
  EXPECT_NE(
      pruned.find("pruned: widths [1,6,1] -> [1," + std::to_string(net.layout().width(1)) + ",1]"),
      std::string::npos)
      << pruned;
  // LM retrains the smaller network below the loss before the prune.
  EXPECT_FALSE(kept.empty()) << warning;
  EXPECT_TRUE(warning.empty()) << warning;
}

TEST(PruneStage, SaysSoWhenTheLossDoesNotComeBack) {
  Problem pb;
  solver::TrainOptions o;
  // A prune that keeps only the strongest node, and one Adam step after it.
  o.stages = {adam(150, 0.0), adam(1, 0.0)};
  o.stages[1].prune_threshold = 0.99;
  Net net = make_net(6);
  std::string warning;
  solver::Trainer(pb.as, net, pb.x, o).run([&](const solver::Progress& p) {
    if (!p.warning.empty()) warning = p.warning;
  });
  EXPECT_EQ(net.layout().width(1), 1);
  EXPECT_NE(warning.find("accuracy was not kept"), std::string::npos) << warning;
}

TEST(PruneStage, ResumeAcrossThePruneIsBitwiseIdentical) {
  Problem pb;
  solver::TrainOptions o;
  o.stages = {adam(150, 1.0), lm(10, 0.05), lm(5, 0.0)};
  for (int at : {75, 150, 155, 160}) {  // before, at the stage end before, after the prune
    SCOPED_TRACE("checkpoint after step " + std::to_string(at));
    o.checkpoint_every = at;
    Net full = make_net(6);
    solver::Trainer a(pb.as, full, pb.x, o);
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
    EXPECT_EQ(layout.width(1) < 6, at > 150);  // the checkpoint holds the pruned network
    Net resumed(layout, params, knots);
    solver::TrainOptions o2 = o;
    o2.checkpoint_every = 0;
    solver::Trainer b(pb.as, resumed, pb.x, o2);
    b.resume(saved);
    b.run();
    EXPECT_EQ(b.steps_done(), a.steps_done());
    EXPECT_EQ(resumed.layout(), full.layout());
    EXPECT_EQ(resumed.params_host(), full.params_host());
  }
}

}  // namespace
