#pragma once
// Sobol: the Sobol' sequence in up to 16 dimensions with the Joe-Kuo direction
// numbers (new-joe-kuo-6.21201; dimension 1 is the van der Corput sequence),
// in Gray-code order (Antonov-Saleev), 32 bits, random access by index.
// Point 0 is the origin; samplers start at index 1. An optional digital
// shift (XOR of each coordinate with 32 fixed bits) keeps the net structure.
#include <cstddef>
#include <cstdint>

namespace kanpde::geometry {

class Sobol {
 public:
  static constexpr int kMaxDim = 16;
  // shift_seed 0: the published, unshifted sequence.
  explicit Sobol(int dim, std::uint64_t shift_seed = 0);
  int dim() const { return dim_; }
  // Point `index` (< 2^32) into u[0..dim).
  void point(std::uint64_t index, double* u) const;
  // Points [first, first + n) into u (row-major n x dim), generated in
  // Gray-code order (one XOR per coordinate and point); equal to point().
  void points(std::uint64_t first, std::size_t n, double* u) const;

 private:
  int dim_;
  std::uint32_t v_[kMaxDim][32];
  std::uint32_t shift_[kMaxDim];
};

}  // namespace kanpde::geometry
