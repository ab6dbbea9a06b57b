#pragma once
// Halton sequence (the first 16 primes as bases, 2 .. 53) and Hammersley
// point sets. Random access by index. A non-zero shift seed adds a fixed
// Cranley-Patterson shift (mod 1) per coordinate.
#include <cstdint>

namespace kanpde::geometry {

// Radical inverse of `index` in `base`: the digits mirrored about the point.
double radical_inverse(std::uint64_t index, int base);

class Halton {
 public:
  static constexpr int kMaxDim = 16;
  explicit Halton(int dim, std::uint64_t shift_seed = 0);
  int dim() const { return dim_; }
  void point(std::uint64_t index, double* u) const;

 private:
  int dim_;
  double shift_[kMaxDim];
};

// The Hammersley set of n points: point i = ((i + 1/2)/n, phi_2(i+1),
// phi_3(i+1), ...). The radical inverses start at i+1 rather than i, so no
// point lies on the faces u_j = 0 (a half-cell offset in the first
// coordinate for the same reason); the set keeps its stratification.
class Hammersley {
 public:
  Hammersley(int dim, std::uint64_t n, std::uint64_t shift_seed = 0);
  void point(std::uint64_t index, double* u) const;

 private:
  int dim_;
  std::uint64_t n_;
  double shift_[Halton::kMaxDim];
};

}  // namespace kanpde::geometry
