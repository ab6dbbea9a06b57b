// SparseGram: J^T J and J^T R from sparse rows, against a dense reference,
// and bitwise independence of the column blocking.

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "solver/pde/SparseGram.hpp"

namespace {

using kanpde::solver::SparseGram;

// Rows shaped like KAN Jacobian rows: a few runs of consecutive parameters
// (some of length one), listed in a shuffled order, plus empty rows.
struct Rows {
  std::size_t n = 0, stride = 0;
  std::vector<int> cols, nnz;
  std::vector<double> vals, R;
};

Rows random_rows(std::size_t P, std::size_t n, std::size_t stride, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Rows r;
  r.n = n;
  r.stride = stride;
  r.cols.assign(n * stride, -7);  // padding past nnz must never be read
  r.vals.assign(n * stride, 1e300);
  r.nnz.assign(n, 0);
  r.R.resize(n);
  for (std::size_t q = 0; q < n; ++q) {
    r.R[q] = u(gen);
    if (q % 5 == 3) continue;  // an empty row
    std::vector<int> c;
    while (c.size() + 4 < stride) {
      const int len = 1 + static_cast<int>(gen() % 4);
      const int s = static_cast<int>(gen() % P);
      for (int a = 0; a < len && s + a < static_cast<int>(P); ++a)
        if (std::find(c.begin(), c.end(), s + a) == c.end()) c.push_back(s + a);
      if (gen() % 3 == 0) break;
    }
    std::shuffle(c.begin(), c.end(), gen);
    r.nnz[q] = static_cast<int>(c.size());
    for (std::size_t a = 0; a < c.size(); ++a) {
      r.cols[q * stride + a] = c[a];
      r.vals[q * stride + a] = u(gen);
    }
  }
  return r;
}

void accumulate(SparseGram& sg, const Rows& r, std::size_t rows_per_call, Eigen::MatrixXd& A,
                Eigen::VectorXd& g) {
  const auto P = static_cast<Eigen::Index>(sg.num_params());
  A.setConstant(P, P, -1.0);
  g.setConstant(P, -1.0);
  sg.reset();
  for (std::size_t q0 = 0; q0 < r.n; q0 += rows_per_call) {
    const std::size_t b = std::min(rows_per_call, r.n - q0);
    sg.add(b, r.cols.data() + q0 * r.stride, r.vals.data() + q0 * r.stride, r.stride,
           r.nnz.data() + q0, r.R.data() + q0);
  }
  sg.result(A.data(), g.data());
}

std::vector<int> random_order(std::size_t P, unsigned seed) {
  std::vector<int> order(P);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(seed));
  return order;
}

TEST(SparseGram, MatchesDenseReference) {
  const std::size_t P = 61, n = 240, stride = 24;
  const Rows r = random_rows(P, n, stride, 11);
  Eigen::MatrixXd J =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(P));
  for (std::size_t q = 0; q < n; ++q)
    for (int a = 0; a < r.nnz[q]; ++a)
      J(static_cast<Eigen::Index>(q), r.cols[q * stride + static_cast<std::size_t>(a)]) =
          r.vals[q * stride + static_cast<std::size_t>(a)];
  const Eigen::VectorXd R =
      Eigen::Map<const Eigen::VectorXd>(r.R.data(), static_cast<Eigen::Index>(n));
  const Eigen::MatrixXd ref = J.transpose() * J;
  const Eigen::VectorXd gref = J.transpose() * R;
  for (const bool permuted : {false, true}) {
    SparseGram sg(P, 64, stride, permuted ? random_order(P, 3) : std::vector<int>{}, 3);
    Eigen::MatrixXd A;
    Eigen::VectorXd g;
    accumulate(sg, r, 64, A, g);
    for (Eigen::Index j = 0; j < A.cols(); ++j)
      for (Eigen::Index i = 0; i < A.rows(); ++i)
        EXPECT_NEAR(A(i, j), ref(i, j), 1e-13 * (1 + std::abs(ref(i, j)))) << i << "," << j;
    EXPECT_TRUE(A == A.transpose());
    EXPECT_LT((g - gref).cwiseAbs().maxCoeff(), 1e-13 * (1 + gref.cwiseAbs().maxCoeff()));
    // A second sum starts from zero.
    Eigen::MatrixXd A2;
    Eigen::VectorXd g2;
    accumulate(sg, r, 64, A2, g2);
    EXPECT_TRUE(A2 == A && g2 == g);
  }
}

TEST(SparseGram, BitwiseTheSameForAnyBlockingAndChunking) {
  const std::size_t P = 97, n = 300, stride = 30;
  const Rows r = random_rows(P, n, stride, 5);
  Eigen::MatrixXd A1;
  Eigen::VectorXd g1;
  SparseGram one(P, n, stride, {}, 1);
  accumulate(one, r, n, A1, g1);
  for (const int blocks : {0, 2, 7, 97, 150})
    for (const std::size_t per_call : {std::size_t(1), std::size_t(13), n})
      for (const unsigned seed : {0u, 9u}) {
        SparseGram sg(P, per_call, stride, seed ? random_order(P, seed) : std::vector<int>{},
                      blocks);
        Eigen::MatrixXd A;
        Eigen::VectorXd g;
        accumulate(sg, r, per_call, A, g);
        EXPECT_TRUE(A == A1) << blocks << " blocks, " << per_call << " rows per call, order "
                             << seed;
        EXPECT_TRUE(g == g1) << blocks << " blocks, " << per_call << " rows per call, order "
                             << seed;
      }
}

// The packed form (one block's leaf of the assembler's block tree) holds the
// same sums, bit for bit, for any column blocking and order.
TEST(SparseGram, PackedSumsAreTheHeldSums) {
  const std::size_t P = 97, n = 300, stride = 30;
  const Rows r = random_rows(P, n, stride, 6);
  for (const int blocks : {1, 7, 150})
    for (const unsigned seed : {0u, 4u}) {
      SparseGram sg(P, 64, stride, seed ? random_order(P, seed) : std::vector<int>{}, blocks);
      Eigen::MatrixXd A, A2;
      Eigen::VectorXd g, g2;
      accumulate(sg, r, 64, A, g);
      std::vector<double> packed(sg.packed_size(), 0.0);
      for (std::size_t q0 = 0; q0 < n; q0 += 64)
        sg.add_packed(std::min<std::size_t>(64, n - q0), r.cols.data() + q0 * stride,
                      r.vals.data() + q0 * stride, stride, r.nnz.data() + q0, r.R.data() + q0,
                      packed.data());
      A2.setConstant(static_cast<Eigen::Index>(P), static_cast<Eigen::Index>(P), -1.0);
      g2.setConstant(static_cast<Eigen::Index>(P), -1.0);
      sg.unpack(packed.data(), A2.data(), g2.data());
      EXPECT_TRUE(A2 == A) << blocks << " blocks, order " << seed;
      EXPECT_TRUE(g2 == g) << blocks << " blocks, order " << seed;
    }
}

TEST(SparseGram, RejectsRowsThatDoNotFit) {
  SparseGram sg(10, 2, 4, {}, 1);
  std::vector<int> cols{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1};
  std::vector<double> vals(12, 1.0), R(3, 1.0), A(100, -1.0), g(10, -1.0);
  std::vector<int> nnz{4, 4, 4};
  EXPECT_ANY_THROW(sg.add(3, cols.data(), vals.data(), 4, nnz.data(), R.data()));
  nnz = {5, 1};
  EXPECT_ANY_THROW(sg.add(2, cols.data(), vals.data(), 4, nnz.data(), R.data()));
  nnz = {1, 1};
  cols[4] = 10;  // past P
  EXPECT_ANY_THROW(sg.add(2, cols.data(), vals.data(), 4, nnz.data(), R.data()));
  sg.reset();
  sg.add(0, cols.data(), vals.data(), 4, nnz.data(), R.data());
  sg.result(A.data(), g.data());
  EXPECT_EQ(std::accumulate(A.begin(), A.end(), 0.0), 0.0);
  EXPECT_EQ(std::accumulate(g.begin(), g.end(), 0.0), 0.0);
  EXPECT_ANY_THROW(SparseGram(3, 1, 1, {0, 2, 2}));  // not a permutation
  EXPECT_ANY_THROW(SparseGram(3, 1, 1, {0, 1}));
}

}  // namespace
