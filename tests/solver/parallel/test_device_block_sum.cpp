// parallel::DeviceBlockSum against parallel::BlockSum: the same leaves give
// the same bits, for block counts that make every shape of the tree (a lone
// left child at several levels, the in-place merge of a right leaf).
#include <gtest/gtest.h>

#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "solver/parallel/BlockSum.hpp"
#include "solver/parallel/DeviceBlockSum.hpp"

namespace {

using namespace kanpde;
using Exec = Kokkos::DefaultExecutionSpace;
using Mem = Exec::memory_space;

std::uint64_t next(std::uint64_t& s) {
  s = s * 6364136223846793005ull + 1442695040888963407ull;
  return s >> 11;
}

// Magnitudes over 12 decades: the sum depends on the order of the additions.
std::vector<double> leaf(std::size_t length, std::uint64_t& seed) {
  std::vector<double> v(length);
  for (double& x : v) {
    const double u = static_cast<double>(next(seed)) * 0x1.0p-53;
    x = (u - 0.3) * std::pow(10.0, static_cast<double>(next(seed) % 13) - 6.0);
  }
  return v;
}

TEST(DeviceBlockSum, SameBitsAsTheHostTree) {
  const std::size_t length = 37;
  parallel::DeviceBlockSum<Exec> dev(Exec(), 0, length);
  for (std::size_t blocks : {1, 2, 3, 5, 6, 7, 8, 11, 16, 33}) {
    std::uint64_t seed = 1000 + blocks;
    parallel::BlockSum host(blocks, length);
    parallel::DeviceBlockSum<Exec> sum(Exec(), blocks, length);
    Kokkos::View<double*, Mem> d("leaf", length);
    auto h = Kokkos::create_mirror_view(d);
    std::vector<double> plain(length, 0.0);
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::vector<double> v = leaf(length, seed);
      host.add(b, v.data());
      for (std::size_t k = 0; k < length; ++k) {
        h(k) = v[k];
        plain[k] += v[k];
      }
      Kokkos::deep_copy(d, h);
      sum.add(b, d);
    }
    const std::vector<double> a = host.result(parallel::Comm::serial());
    std::vector<double> out(length);
    // Twice: result() starts a new sum, and the reused buffers change nothing.
    for (int round = 0; round < 2; ++round) {
      if (round == 1) {
        seed = 1000 + blocks;
        for (std::size_t b = 0; b < blocks; ++b) {
          const std::vector<double> v = leaf(length, seed);
          for (std::size_t k = 0; k < length; ++k) h(k) = v[k];
          Kokkos::deep_copy(d, h);
          sum.add(b, d);
        }
      }
      sum.result(parallel::Comm::serial(), out.data());
      EXPECT_EQ(std::memcmp(a.data(), out.data(), length * sizeof(double)), 0)
          << blocks << " blocks, round " << round;
    }
    // The plain sum to round-off: the test data are not all the same sum.
    for (std::size_t k = 0; k < length; ++k)
      EXPECT_NEAR(out[k], plain[k], 1e-14 * std::pow(10.0, 6.0) * static_cast<double>(blocks));
    // The tree holds at most about 2 log2(blocks) + 1 vectors.
    EXPECT_LE(sum.buffers(), 2 * static_cast<std::size_t>(std::log2(blocks) + 1) + 1);
  }
  // No blocks at all: zeros.
  std::vector<double> out(length, 1.0);
  dev.result(parallel::Comm::serial(), out.data());
  for (double x : out) EXPECT_EQ(x, 0.0);
}

}  // namespace
