// 1 rank vs N ranks in the same run: the Assembler on the whole point set
// with a serial communicator against the Assembler on this rank's slice with
// the world communicator. Loss terms, gradient, J^T J and J^T r agree bit for
// bit (the fixed block tree of solver/parallel/BlockSum.hpp); a short
// training (Adam, L-BFGS, LM) gives bitwise the same parameters, on every
// rank and for any rank count (run under 2 and 3 ranks).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "solver/optim/Adam.hpp"
#include "solver/optim/Lbfgs.hpp"
#include "solver/optim/LevenbergMarquardt.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/run/Problem.hpp"
#include "solver/train/Trainer.hpp"

namespace {

using namespace kanpde;
using Net = solver::Trainer::Net;
using parallel::Comm;

bool same_bits(const double* a, const double* b, std::size_t n) {
  return std::memcmp(a, b, n * sizeof(double)) == 0;
}

double uniform(std::uint64_t& s) {
  s = s * 6364136223846793005ull + 1442695040888963407ull;
  return static_cast<double>(s >> 11) * 0x1.0p-53;
}

// A 2D problem on the unit square with interior, Dirichlet and Neumann terms
// of uneven sizes (several blocks of 256 points that the ranks share, one
// term smaller than the rank count), optionally with a
// hard constraint D = x (1 - x).
solver::SampledProblem make_problem(bool hard) {
  std::uint64_t s = 12345;
  solver::SampledProblem sp;
  std::vector<double> x, f;
  for (int i = 0; i < 1001; ++i) {
    x.push_back(uniform(s));
    x.push_back(uniform(s));
    f.push_back(std::sin(3 * x[x.size() - 2]) * x.back());
  }
  sp.interior.x = x;
  sp.terms.push_back(solver::interior_term("pde", 1.0, 2, x, f, 0.5));
  std::vector<double> xb, g;
  for (int i = 0; i < 583; ++i) {
    const double t = uniform(s);
    xb.insert(xb.end(), {i % 2 ? 0.0 : 1.0, t});
    g.push_back(t * t);
  }
  sp.terms.push_back(solver::dirichlet_term("dirichlet", 10.0, 2, xb, g));
  std::vector<double> xn, nn, gn;
  for (int i = 0; i < 41; ++i) {
    const double t = uniform(s);
    xn.insert(xn.end(), {t, 1.0});
    nn.insert(nn.end(), {0.0, 1.0});
    gn.push_back(std::cos(t));
  }
  sp.terms.push_back(solver::neumann_term("neumann", 2.0, 2, xn, nn, gn));
  sp.terms.push_back(solver::dirichlet_term("corner", 5.0, 2, {0.0, 0.0}, {0.25}));
  if (hard) {
    solver::HardConstraint hc;
    for (const solver::PointTerm& t : sp.terms) {
      std::vector<double> dj, gj;
      for (std::size_t p = 0; p < t.size(); ++p) {
        const double a = t.x[2 * p], b = t.x[2 * p + 1];
        dj.insert(dj.end(), {a * (1 - a), 1 - 2 * a, 0.0, -2.0});
        gj.insert(gj.end(), {0.1 + a * b, b, a, 0.0});  // G = 0.1 + x y
      }
      hc.djet.push_back(dj);
      hc.gjet.push_back(gj);
    }
    sp.hard = hc;
  }
  return sp;
}

Net make_net() {
  kan::NetworkSpec spec;
  spec.widths = {2, 4, 1};
  spec.grid_size = 5;
  spec.input_ranges = {{0.0, 1.0}, {0.0, 1.0}};
  spec.seed = 7;
  return Net(spec);
}

double rel_diff(const double* a, const double* b, std::size_t n) {
  double d = 0, m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    d = std::max(d, std::abs(a[i] - b[i]));
    m = std::max(m, std::abs(b[i]));
  }
  return m > 0 ? d / m : d;
}

// Largest |v - v on rank 0| over all ranks and entries.
double spread_over_ranks(const Comm& world, std::vector<double> v) {
  std::vector<double> root(v.size(), 0.0);
  if (world.is_root()) root = v;
  world.allreduce_sum(root.data(), root.size());  // x + 0 + ... + 0 = x exactly
  double d = 0;
  for (std::size_t i = 0; i < v.size(); ++i) d = std::max(d, std::abs(v[i] - root[i]));
  return world.allreduce_max(d);
}

TEST(Parallel, SplitTilesTheRange) {
  for (std::size_t n : {0, 1, 5, 41, 1000})
    for (int size = 1; size <= 7; ++size) {
      std::size_t next = 0;
      for (int r = 0; r < size; ++r) {
        const parallel::Range b = parallel::split(n, r, size);
        EXPECT_EQ(b.begin, next);
        EXPECT_LE(b.size(), n / size + 1);
        EXPECT_GE(b.size(), n / size);
        next = b.end;
      }
      EXPECT_EQ(next, n);
    }
}

TEST(Parallel, LocalPartsTileTheTerms) {
  const Comm world = Comm::world();
  const solver::SampledProblem sp = make_problem(true);
  const solver::SampledProblem mine = solver::local_part(sp, world);
  ASSERT_EQ(mine.terms.size(), sp.terms.size());
  for (std::size_t t = 0; t < sp.terms.size(); ++t) {
    const double n = world.allreduce_sum(static_cast<double>(mine.terms[t].size()));
    EXPECT_EQ(n, static_cast<double>(sp.terms[t].size())) << sp.terms[t].name;
    EXPECT_EQ(mine.hard->djet[t].size(), mine.terms[t].size() * 4);
  }
}

void compare_assemblers(bool hard) {
  const Comm world = Comm::world();
  const solver::SampledProblem sp = make_problem(hard);
  const auto one = solver::make_assembler(sp, Comm::serial());
  const auto all = solver::make_assembler(sp, world);
  EXPECT_EQ(all->global_points(), one->num_points());
  const Net net = make_net();
  const std::size_t P = net.num_params();

  const solver::LossTerms a = one->loss(net), b = all->loss(net);
  ASSERT_EQ(a.values.size(), b.values.size());
  for (std::size_t t = 0; t < a.values.size(); ++t)
    EXPECT_EQ(b.values[t], a.values[t]) << a.names[t];
  EXPECT_EQ(b.total, a.total);

  Kokkos::View<double*, Net::memory_space> ga("ga", P), gb("gb", P);
  one->loss_and_gradient(net, ga);
  all->loss_and_gradient(net, gb);
  auto ha = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), ga);
  auto hb = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), gb);
  EXPECT_TRUE(same_bits(hb.data(), ha.data(), P));
  EXPECT_GT(rel_diff(hb.data(), std::vector<double>(P, 0.0).data(), P), 0.0);

  Eigen::MatrixXd Ja, Jb;
  Eigen::VectorXd ra, rb;
  one->gauss_newton(net, Ja, ra);
  all->gauss_newton(net, Jb, rb);
  EXPECT_TRUE(same_bits(Jb.data(), Ja.data(), P * P));
  EXPECT_TRUE(same_bits(rb.data(), ra.data(), P));
  EXPECT_EQ(one->jacobian_traces(net), all->jacobian_traces(net));
  // The device path (solver/pde/DeviceGram.hpp: the block tree in the
  // execution space, the ranks' subtrees gathered): the same bits, with one
  // block per batch and with all of them.
  for (const std::size_t bytes : {std::size_t(1), std::size_t(256) << 20}) {
    solver::Assembler<> dev(*all);
    dev.set_gram_path(solver::GramPath::device);
    dev.set_device_gram(bytes, solver::GramKernel::team);
    Eigen::MatrixXd Jc;
    Eigen::VectorXd rc;
    dev.gauss_newton(net, Jc, rc);
    EXPECT_TRUE(same_bits(Jc.data(), Ja.data(), P * P)) << bytes;
    EXPECT_TRUE(same_bits(rc.data(), ra.data(), P)) << bytes;
  }
  EXPECT_EQ((Jb - Jb.transpose()).norm(), 0.0);
  // Every rank holds the same reduced numbers, bit for bit.
  EXPECT_EQ(spread_over_ranks(world, std::vector<double>(hb.data(), hb.data() + P)), 0.0);
  EXPECT_EQ(spread_over_ranks(world, std::vector<double>(Jb.data(), Jb.data() + P * P)), 0.0);
}

TEST(Parallel, AssemblerSoftConstraints) {
  compare_assemblers(false);
}
TEST(Parallel, AssemblerHardConstraint) {
  compare_assemblers(true);
}

TEST(Parallel, TrainingIsRankCountInvariant) {
  const Comm world = Comm::world();
  const solver::SampledProblem sp = make_problem(false);
  solver::TrainOptions o;
  solver::Stage adam, lbfgs, lm;
  adam.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
  adam.steps = 20;
  adam.optimizer.options<solver::optim::Adam>().lr = 0.01;
  lbfgs.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Lbfgs>();
  lbfgs.steps = 10;
  lm.optimizer = solver::optim::OptimizerConfig::of<solver::optim::LevenbergMarquardt>();
  lm.steps = 5;
  o.stages = {adam, lbfgs, lm};
  o.grid_update_every = 15;  // from the full interior set, same on every rank
  // One rank; all ranks; all ranks with the Gauss-Newton systems of the LM
  // stage on the device path (solver/pde/DeviceGram.hpp).
  std::vector<double> params[3];
  double loss[3];
  for (int k = 0; k < 3; ++k) {
    Net net = make_net();
    auto as = std::make_shared<solver::Assembler<>>(
        *solver::make_assembler(sp, k == 0 ? Comm::serial() : world));
    as->set_gram_path(k == 2 ? solver::GramPath::device : solver::GramPath::host);
    solver::Trainer tr(as, net, sp.interior.x, o);
    tr.run();
    params[k] = net.params_host();
    loss[k] = tr.final_loss();
  }
  EXPECT_TRUE(same_bits(params[2].data(), params[0].data(), params[0].size()));
  EXPECT_EQ(loss[2], loss[0]);
  ASSERT_EQ(params[0].size(), params[1].size());
  // Every sum is the same tree of the same blocks: the whole run is bitwise
  // the same (it moved: the parameters are not the initial ones).
  EXPECT_TRUE(same_bits(params[1].data(), params[0].data(), params[0].size()));
  EXPECT_EQ(loss[1], loss[0]);
  EXPECT_GT(rel_diff(params[0].data(), make_net().params_host().data(), params[0].size()), 1e-3);
  EXPECT_EQ(spread_over_ranks(world, params[1]), 0.0);
}

// The sparsity penalty (on the samples every rank holds) and a prune stage:
// still bitwise the same run on every rank and for any rank count.
TEST(Parallel, SparsityAndPruningAreRankCountInvariant) {
  const Comm world = Comm::world();
  const solver::SampledProblem sp = make_problem(false);
  solver::TrainOptions o;
  solver::Stage adam, lbfgs, lm;
  adam.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Adam>();
  adam.steps = 20;
  adam.optimizer.options<solver::optim::Adam>().lr = 0.01;
  adam.sparsity.weight = 0.05;
  lbfgs.optimizer = solver::optim::OptimizerConfig::of<solver::optim::Lbfgs>();
  lbfgs.steps = 10;
  lbfgs.sparsity.weight = 0.05;
  lm.optimizer = solver::optim::OptimizerConfig::of<solver::optim::LevenbergMarquardt>();
  lm.steps = 5;
  lm.prune_threshold = 0.2;
  o.stages = {adam, lbfgs, lm};
  std::vector<double> params[2];
  std::vector<int> widths[2];
  for (int k = 0; k < 2; ++k) {
    Net net = make_net();
    solver::Trainer tr(solver::make_assembler(sp, k == 0 ? Comm::serial() : world), net,
                       sp.interior.x, o);
    tr.run();
    params[k] = net.params_host();
    widths[k] = net.layout().widths();
  }
  EXPECT_EQ(widths[1], widths[0]);
  EXPECT_LT(widths[0][1], 4);  // the prune removed a node
  ASSERT_EQ(params[0].size(), params[1].size());
  EXPECT_TRUE(same_bits(params[1].data(), params[0].data(), params[0].size()));
  EXPECT_EQ(spread_over_ranks(world, params[1]), 0.0);
}

}  // namespace
