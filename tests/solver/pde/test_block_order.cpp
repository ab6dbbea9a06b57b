// The argument for thread-count independence of the assembler's sums: every
// block of points is summed by one work item into its own row and the rows
// meet in the fixed block tree, so neither the order in which the blocks run
// nor how many run per launch changes a bit of the gradient, and J^T J, J^T r
// do not depend on how many blocks share a Jacobian chunk. (Kokkos OpenMP
// maps blocks to threads in some such way; the Serial build runs them here in
// several orders.)
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "Helpers.hpp"
#include "solver/pde/Assembler.hpp"

namespace {

using namespace kanpde;
using Asm = solver::Assembler<test::Exec>;
using Mem = test::Exec::memory_space;

// Several blocks per term, the last ones short (1100 = 4 x 256 + 76).
std::vector<solver::PointTerm> many_point_terms() {
  const auto xi = test::random_points(1100, 2, -1, 1, 5);
  std::vector<double> f(1100);
  for (std::size_t p = 0; p < f.size(); ++p) f[p] = std::sin(3 * xi[2 * p]) * xi[2 * p + 1];
  const auto xb = test::random_points(300, 2, -1, 1, 6);
  std::vector<double> g(300);
  for (std::size_t p = 0; p < g.size(); ++p) g[p] = xb[2 * p] * xb[2 * p];
  return {solver::interior_term("pde", 1.0, 2, xi, f, 0.5),
          solver::dirichlet_term("dirichlet", 10.0, 2, xb, g)};
}

std::vector<double> gradient(const Asm& as, const kan::Network<Mem>& net, double* loss) {
  Kokkos::View<double*, Mem> g("g", net.num_params());
  *loss = as.loss_and_gradient(net, g).total;
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), g);
  return std::vector<double>(h.data(), h.data() + h.size());
}

bool same_bits(const double* a, const double* b, std::size_t n) {
  return std::memcmp(a, b, n * sizeof(double)) == 0;
}

TEST(AssemblerBlocks, GradientIsTheSameForAnyBlockSchedule) {
  const auto net = test::random_network({2, 5, 1}, 6, 3, 21);
  Asm as(test::Exec(), many_point_terms());
  ASSERT_EQ(as.num_blocks(), 7u);
  ASSERT_EQ(as.global_blocks(), 7u);
  double l0 = 0;
  const std::vector<double> g0 = gradient(as, net, &l0);
  for (std::size_t per : {1, 2, 3, 7})
    for (bool reversed : {false, true}) {
      as.set_block_schedule(per, reversed);
      double l = 0;
      const std::vector<double> g = gradient(as, net, &l);
      EXPECT_TRUE(same_bits(g.data(), g0.data(), g0.size())) << per << " " << reversed;
      EXPECT_EQ(l, l0);
    }
  // And it is the plain sum 2 J^T R of the dense Jacobian to round-off (sums
  // of 1400 terms of mixed sign: 1e-12 of the largest entry).
  Eigen::MatrixXd J;
  Eigen::VectorXd R;
  EXPECT_EQ(as.jacobian(net, J, R).total, l0);
  const Eigen::VectorXd plain = 2.0 * J.transpose() * R;
  const double scale = plain.cwiseAbs().maxCoeff();
  for (std::size_t i = 0; i < g0.size(); ++i)
    EXPECT_NEAR(g0[i], plain(static_cast<Eigen::Index>(i)), 1e-12 * scale) << i;
}

TEST(AssemblerBlocks, GaussNewtonIsTheSameForAnyChunking) {
  const auto net = test::random_network({2, 5, 1}, 6, 3, 22);
  const Asm as(test::Exec(), many_point_terms());
  Eigen::MatrixXd A0, A1;
  Eigen::VectorXd b0, b1;
  const double l0 = as.gauss_newton(net, A0, b0).total;
  // One block per chunk (a chunk smaller than a block is one block).
  const double l1 = as.gauss_newton(net, A1, b1, 1).total;
  EXPECT_EQ(l0, l1);
  ASSERT_EQ(A0.size(), A1.size());
  EXPECT_TRUE(same_bits(A0.data(), A1.data(), static_cast<std::size_t>(A0.size())));
  EXPECT_TRUE(same_bits(b0.data(), b1.data(), static_cast<std::size_t>(b0.size())));
  EXPECT_EQ((A0 - A0.transpose()).norm(), 0.0);
  // The plain J^T J and J^T R to round-off.
  Eigen::MatrixXd J;
  Eigen::VectorXd R;
  as.jacobian(net, J, R);
  const Eigen::MatrixXd plain = J.transpose() * J;
  EXPECT_LT((plain - A0).cwiseAbs().maxCoeff(), 1e-12 * plain.cwiseAbs().maxCoeff());
  const Eigen::VectorXd plain_b = J.transpose() * R;
  EXPECT_LT((plain_b - b0).cwiseAbs().maxCoeff(), 1e-12 * plain_b.cwiseAbs().maxCoeff());
}

}  // namespace
