// The Gauss-Newton system on the device path (solver/pde/DeviceGram.hpp)
// against the host path (SparseGram): bitwise the same J^T J, J^T R and loss
// for both kernel shapes and any batching, several blocks per term; and the
// KANPDE_GRAM values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "Helpers.hpp"
#include "common/Error.hpp"
#include "solver/pde/Assembler.hpp"

namespace {

using namespace kanpde;
using Asm = solver::Assembler<test::Exec>;
using solver::GramKernel;
using solver::GramPath;

// 1100 = 4 x 256 + 76 interior and 300 boundary points: 7 blocks, two short.
std::vector<solver::PointTerm> many_point_terms() {
  const auto xi = test::random_points(1100, 2, -1, 1, 15);
  std::vector<double> f(1100);
  for (std::size_t p = 0; p < f.size(); ++p) f[p] = std::cos(2 * xi[2 * p]) + xi[2 * p + 1];
  const auto xb = test::random_points(300, 2, -1, 1, 16);
  std::vector<double> g(300);
  for (std::size_t p = 0; p < g.size(); ++p) g[p] = xb[2 * p] * xb[2 * p + 1];
  return {solver::interior_term("pde", 1.0, 2, xi, f, -1.5),
          solver::dirichlet_term("dirichlet", 10.0, 2, xb, g)};
}

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

TEST(DeviceGram, SameBitsAsTheHostPathForAnyBatchAndKernel) {
  const auto net = test::random_network({2, 5, 1}, 6, 3, 41);
  Asm as(test::Exec(), many_point_terms());
  ASSERT_EQ(as.num_blocks(), 7u);
  as.set_gram_path(GramPath::host);
  Eigen::MatrixXd A0;
  Eigen::VectorXd b0;
  const solver::LossTerms l0 = as.gauss_newton(net, A0, b0);
  ASSERT_GT(b0.cwiseAbs().maxCoeff(), 0.0);
  const std::size_t n = net.num_params() + 1;
  const std::size_t per_block = 8 * (256 * n + n * (n + 1) / 2);
  as.set_gram_path(GramPath::device);
  EXPECT_EQ(as.gram_path(), GramPath::device);
  // Batches of 1, 3 (7 = 3 + 3 + 1) and all 7 blocks.
  for (const std::size_t bytes : {std::size_t(1), 3 * per_block, std::size_t(64) << 20})
    for (const GramKernel kernel : {GramKernel::flat, GramKernel::team})
      for (int call = 0; call < 2; ++call) {
        as.set_device_gram(bytes, kernel);
        Eigen::MatrixXd A;
        Eigen::VectorXd b;
        const solver::LossTerms l = as.gauss_newton(net, A, b);
        const std::string what = std::to_string(bytes) + " bytes, kernel " +
                                 std::to_string(static_cast<int>(kernel)) + ", call " +
                                 std::to_string(call);
        EXPECT_TRUE(same_bits(A, A0)) << what;
        EXPECT_TRUE(same_bits(b, b0)) << what;
        EXPECT_EQ(l.values, l0.values) << what;
        EXPECT_EQ(l.total, l0.total) << what;
      }
  // And a plain J^T J of the dense Jacobian to round-off (sums of 1400
  // products of mixed sign in another order: 1e-12 of the largest entry).
  Eigen::MatrixXd J;
  Eigen::VectorXd R;
  as.jacobian(net, J, R);
  const Eigen::MatrixXd plain = J.transpose() * J;
  EXPECT_LT((plain - A0).cwiseAbs().maxCoeff(), 1e-12 * plain.cwiseAbs().maxCoeff());
}

TEST(DeviceGram, PackedTriangleUnpacksToBothTriangles) {
  // Columns 3 (P = 2, no unknowns): [a00 a01 a11 | g0 g1 rr].
  const std::vector<double> packed = {1, 2, 3, 4, 5, 6};
  Eigen::MatrixXd A;
  Eigen::VectorXd g;
  double rr = 0;
  solver::DeviceGram<test::Exec>::unpack(packed, 3, A, g, &rr);
  ASSERT_EQ(A.rows(), 2);
  EXPECT_EQ(A(0, 0), 1);
  EXPECT_EQ(A(0, 1), 2);
  EXPECT_EQ(A(1, 0), 2);
  EXPECT_EQ(A(1, 1), 3);
  EXPECT_EQ(g(0), 4);
  EXPECT_EQ(g(1), 5);
  EXPECT_EQ(rr, 6);
}

TEST(DeviceGram, EnvironmentChoosesThePath) {
  using solver::parse_gram_path;
  EXPECT_EQ(parse_gram_path(nullptr, false), GramPath::host);
  EXPECT_EQ(parse_gram_path(nullptr, true), GramPath::device);
  EXPECT_EQ(parse_gram_path("auto", false), GramPath::host);
  EXPECT_EQ(parse_gram_path("auto", true), GramPath::device);
  EXPECT_EQ(parse_gram_path("host", true), GramPath::host);
  EXPECT_EQ(parse_gram_path("device", false), GramPath::device);
  EXPECT_THROW(parse_gram_path("gpu", false), InputError);
  // This build's default (no KANPDE_GRAM in the test environment): the device
  // path only where the memory is not the host's.
  const bool device = !Kokkos::SpaceAccessibility<Kokkos::HostSpace, test::Mem>::accessible;
  const Asm as(test::Exec(), many_point_terms());
  EXPECT_EQ(as.gram_path(), device ? GramPath::device : GramPath::host);
}

}  // namespace
