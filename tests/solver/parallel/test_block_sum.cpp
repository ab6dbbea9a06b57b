// The fixed block tree of parallel::BlockSum: the same bits however the
// blocks are spread over (stand-in) ranks, the same bits as a plain
// recursive evaluation of the tree, the plain sum to round-off; and
// split_aligned cuts only at block boundaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/Error.hpp"
#include "solver/parallel/BlockSum.hpp"

namespace {

using namespace kanpde;
using parallel::BlockSum;
using parallel::Comm;

std::uint64_t next(std::uint64_t& s) {
  s = s * 6364136223846793005ull + 1442695040888963407ull;
  return s >> 11;
}

// Leaves whose sum is sensitive to the order: magnitudes over 12 decades.
std::vector<std::vector<double>> leaves(std::size_t blocks, std::size_t length,
                                        std::uint64_t seed) {
  std::vector<std::vector<double>> out(blocks, std::vector<double>(length));
  for (auto& v : out)
    for (double& x : v) {
      const double u = static_cast<double>(next(seed)) * 0x1.0p-53;
      x = (u - 0.3) * std::pow(10.0, static_cast<double>(next(seed) % 13) - 6.0);
    }
  return out;
}

// The tree written out recursively: node (l, i) covers blocks
// [i 2^l, (i+1) 2^l); an empty right child leaves the left one alone.
std::vector<double> tree(const std::vector<std::vector<double>>& v, int level, std::size_t i) {
  if (level == 0) return v[i];
  std::vector<double> a = tree(v, level - 1, 2 * i);
  if (((2 * i + 1) << (level - 1)) >= v.size()) return a;
  const std::vector<double> b = tree(v, level - 1, 2 * i + 1);
  for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k];
  return a;
}

std::vector<double> reference(const std::vector<std::vector<double>>& v) {
  int levels = 0;
  while ((std::size_t(1) << levels) < v.size()) ++levels;
  return tree(v, levels, 0);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Blocks spread over `ranks` stand-in ranks by owner[b]; the subtrees of the
// ranks are concatenated in reverse rank order (finish sorts them).
std::vector<double> spread_sum(const std::vector<std::vector<double>>& v,
                               const std::vector<int>& owner, int ranks) {
  const std::size_t L = v.empty() ? 1 : v.front().size();
  std::vector<double> all;
  for (int r = ranks - 1; r >= 0; --r) {
    BlockSum s(v.size(), L);
    for (std::size_t b = 0; b < v.size(); ++b)
      if (owner[b] == r) s.add(b, v[b].data());
    const std::vector<double> mine = s.subtrees();
    all.insert(all.end(), mine.begin(), mine.end());
  }
  BlockSum s(v.size(), L);
  std::vector<double> out(L);
  s.finish(all, out.data());
  return out;
}

TEST(BlockSum, OneRankIsTheFixedTree) {
  for (std::size_t n : {1, 2, 3, 5, 7, 8, 9, 13, 64, 100}) {
    const auto v = leaves(n, 3, 17 + n);
    BlockSum s(n, 3);
    for (std::size_t b = 0; b < n; ++b) s.add(b, v[b].data());
    EXPECT_TRUE(same_bits(s.result(Comm::serial()), reference(v))) << n << " blocks";
  }
}

TEST(BlockSum, AnySpreadOverRanksGivesTheSameBits) {
  std::uint64_t seed = 99;
  for (std::size_t n : {1, 2, 3, 6, 11, 37, 100}) {
    const auto v = leaves(n, 4, 5 + n);
    const std::vector<double> want = reference(v);
    for (int ranks = 1; ranks <= 7; ++ranks) {
      // Contiguous ranges (as split_aligned gives), and blocks dealt at
      // random (several ranges per rank, as with several loss terms).
      std::vector<int> contiguous(n), random(n);
      for (int r = 0; r < ranks; ++r) {
        const parallel::Range g = parallel::split(n, r, ranks);
        for (std::size_t b = g.begin; b < g.end; ++b) contiguous[b] = r;
      }
      for (std::size_t b = 0; b < n; ++b)
        random[b] = static_cast<int>(next(seed) % static_cast<std::uint64_t>(ranks));
      EXPECT_TRUE(same_bits(spread_sum(v, contiguous, ranks), want)) << n << " " << ranks;
      EXPECT_TRUE(same_bits(spread_sum(v, random, ranks), want)) << n << " " << ranks;
    }
  }
}

TEST(BlockSum, EqualsThePlainSumToRoundOff) {
  // Positive leaves: the relative error of any summation order is below
  // (blocks - 1) eps; 1e-13 for 1000 blocks leaves a margin of 2.
  std::uint64_t seed = 3;
  const std::size_t n = 1000;
  std::vector<std::vector<double>> v(n, std::vector<double>(2));
  for (auto& x : v) {
    x[0] = 1.0 + static_cast<double>(next(seed)) * 0x1.0p-53;
    x[1] = 1e-8 * x[0];
  }
  BlockSum s(n, 2);
  long double plain[2] = {0, 0};
  for (std::size_t b = 0; b < n; ++b) {
    s.add(b, v[b].data());
    plain[0] += v[b][0];
    plain[1] += v[b][1];
  }
  const std::vector<double> got = s.result(Comm::serial());
  for (int k = 0; k < 2; ++k)
    EXPECT_NEAR(got[k], static_cast<double>(plain[k]), 1e-13 * static_cast<double>(plain[k]));
}

TEST(BlockSum, EmptySumIsZeroAndMisuseIsAnInternalError) {
  BlockSum empty(0, 2);
  EXPECT_EQ(empty.result(Comm::serial()), (std::vector<double>{0.0, 0.0}));
  const double one[1] = {1.0};
  BlockSum missing(3, 1);
  missing.add(0, one);
  missing.add(2, one);
  EXPECT_THROW(missing.result(Comm::serial()), InternalError);
  BlockSum backwards(3, 1);
  backwards.add(1, one);
  EXPECT_THROW(backwards.add(0, one), InternalError);
  BlockSum twice(3, 1);
  twice.add(1, one);
  EXPECT_THROW(twice.add(1, one), InternalError);
}

TEST(BlockSum, SplitAlignedCutsAtBlockBoundaries) {
  for (std::size_t n : {0, 1, 255, 256, 257, 1000, 5000})
    for (int size = 1; size <= 7; ++size) {
      std::size_t next_begin = 0;
      for (int r = 0; r < size; ++r) {
        const parallel::Range g = parallel::split_aligned(n, r, size, 256);
        EXPECT_EQ(g.begin, next_begin);
        EXPECT_TRUE(g.begin % 256 == 0 || g.begin == n) << n << " " << r << "/" << size;
        EXPECT_TRUE(g.end == n || g.end % 256 == 0) << n << " " << r << "/" << size;
        // Balanced to one block.
        EXPECT_LE(g.size(), (parallel::num_blocks(n) / size + 1) * 256);
        next_begin = g.end;
      }
      EXPECT_EQ(next_begin, n);
    }
}

}  // namespace
