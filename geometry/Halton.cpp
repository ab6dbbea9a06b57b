#include "geometry/Halton.hpp"

#include <cmath>

#include "common/Error.hpp"
#include "common/Random.hpp"

namespace kanpde::geometry {

namespace {
constexpr int kPrimes[Halton::kMaxDim] = {2,  3,  5,  7,  11, 13, 17, 19,
                                          23, 29, 31, 37, 41, 43, 47, 53};

void make_shift(std::uint64_t seed, double* shift) {
  SplitMix64 rng(seed);
  for (int j = 0; j < Halton::kMaxDim; ++j)
    shift[j] = seed == 0 ? 0.0 : static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
}
double wrap(double v) {
  return v >= 1.0 ? v - 1.0 : v;
}
}  // namespace

double radical_inverse(std::uint64_t index, int base) {
  const auto b = static_cast<std::uint64_t>(base);
  std::uint64_t reversed = 0;
  double denom = 1.0;
  while (index > 0) {
    reversed = reversed * b + index % b;
    index /= b;
    denom *= base;
  }
  return static_cast<double>(reversed) / denom;
}

Halton::Halton(int dim, std::uint64_t shift_seed) : dim_(dim) {
  KANPDE_REQUIRE(dim >= 1 && dim <= kMaxDim,
                 "Halton sequence supports 1 to " << kMaxDim << " dimensions, asked for " << dim);
  make_shift(shift_seed, shift_);
}

void Halton::point(std::uint64_t index, double* u) const {
  for (int j = 0; j < dim_; ++j) u[j] = wrap(radical_inverse(index, kPrimes[j]) + shift_[j]);
}

Hammersley::Hammersley(int dim, std::uint64_t n, std::uint64_t shift_seed) : dim_(dim), n_(n) {
  KANPDE_REQUIRE(dim >= 1 && dim <= Halton::kMaxDim, "Hammersley set supports 1 to "
                                                         << Halton::kMaxDim
                                                         << " dimensions, asked for " << dim);
  KANPDE_REQUIRE(n > 0, "Hammersley set needs at least one point");
  make_shift(shift_seed, shift_);
}

void Hammersley::point(std::uint64_t index, double* u) const {
  u[0] = wrap((static_cast<double>(index) + 0.5) / static_cast<double>(n_) + shift_[0]);
  for (int j = 1; j < dim_; ++j)
    u[j] = wrap(radical_inverse(index + 1, kPrimes[j - 1]) + shift_[j]);
}

}  // namespace kanpde::geometry
