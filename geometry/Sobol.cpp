#include "geometry/Sobol.hpp"

#include "common/Error.hpp"
#include "common/Random.hpp"

namespace kanpde::geometry {

namespace {
// Joe & Kuo (2008), new-joe-kuo-6.21201, dimensions 2..16: degree s, polynomial
// coefficients a, initial direction numbers m_1..m_s (the published table's
// numbers).
struct Primitive {
  int s;
  unsigned a;
  unsigned m[6];
};
constexpr Primitive kJoeKuo[Sobol::kMaxDim - 1] = {
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
};
}  // namespace

Sobol::Sobol(int dim, std::uint64_t shift_seed) : dim_(dim) {
  KANPDE_REQUIRE(dim >= 1 && dim <= kMaxDim,
                 "Sobol sequence supports 1 to " << kMaxDim << " dimensions, asked for " << dim);
  for (int k = 0; k < 32; ++k) v_[0][k] = 1u << (31 - k);
  for (int j = 1; j < dim; ++j) {
    const Primitive& p = kJoeKuo[j - 1];
    std::uint32_t m[32];
    for (int k = 0; k < p.s; ++k) m[k] = p.m[k];
    for (int k = p.s; k < 32; ++k) {
      std::uint32_t mk = m[k - p.s] ^ (m[k - p.s] << p.s);
      for (int i = 1; i < p.s; ++i)
        if ((p.a >> (p.s - 1 - i)) & 1u) mk ^= m[k - i] << i;
      m[k] = mk;
    }
    for (int k = 0; k < 32; ++k) v_[j][k] = m[k] << (31 - k);
  }
  SplitMix64 rng(shift_seed);
  for (int j = 0; j < kMaxDim; ++j)
    shift_[j] = shift_seed == 0 ? 0u : static_cast<std::uint32_t>(rng.next() >> 32);
}

void Sobol::point(std::uint64_t index, double* u) const {
  std::uint64_t g = index ^ (index >> 1);
  for (int j = 0; j < dim_; ++j) {
    std::uint32_t x = shift_[j];
    std::uint64_t h = g;
    for (int k = 0; h != 0 && k < 32; ++k, h >>= 1)
      if (h & 1u) x ^= v_[j][k];
    u[j] = static_cast<double>(x) * 0x1.0p-32;
  }
}

void Sobol::points(std::uint64_t first, std::size_t n, double* u) const {
  if (n == 0) return;
  std::uint32_t x[kMaxDim];
  const std::uint64_t g = first ^ (first >> 1);
  for (int j = 0; j < dim_; ++j) {
    x[j] = shift_[j];
    std::uint64_t h = g;
    for (int k = 0; h != 0 && k < 32; ++k, h >>= 1)
      if (h & 1u) x[j] ^= v_[j][k];
  }
  const auto d = static_cast<std::size_t>(dim_);
  for (std::size_t i = 0;; ++i) {
    for (std::size_t j = 0; j < d; ++j) u[i * d + j] = static_cast<double>(x[j]) * 0x1.0p-32;
    if (i + 1 == n) break;
    // gray(m) = gray(m - 1) ^ 2^c with c the lowest set bit of m.
    std::uint64_t m = first + i + 1;
    int c = 0;
    while ((m & 1u) == 0) m >>= 1, ++c;
    for (std::size_t j = 0; j < d; ++j) x[j] ^= v_[j][c];
  }
}

}  // namespace kanpde::geometry
