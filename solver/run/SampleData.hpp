#pragma once
// Synthetic measurements for inverse cases (`kanpde fd CASE --sample N
// --noise S --out data.csv`): N points drawn in the domain (seeded), the
// value of u there from the forward FD solve (multilinear in its cells) or
// from the case's exact solution, plus Gaussian noise of standard deviation
// S (in units of u; Box-Muller on mt19937_64, so a seed reproduces the file
// bitwise on every platform). Written as CSV with the header x, y(, z), u,
// readable by the case's data: section.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geometry/Domain.hpp"

namespace kanpde::solver {

struct SampleOptions {
  std::size_t count = 100;
  double noise = 0.0;
  std::uint64_t seed = 0;
};

struct Samples {
  std::vector<double> x;  // N x dim
  std::vector<double> u;  // N (noisy)
};

// values(x) gives u at the points (N x dim); points where it is NaN (no FD
// value) are dropped and replaced by further draws.
Samples draw_samples(const geometry::Domain& domain, const SampleOptions& o,
                     const std::function<std::vector<double>(const std::vector<double>&)>& values);

// Writes the CSV (to a temporary name, then renamed); RuntimeFailure on I/O errors.
void write_samples_csv(const std::string& path, int dim, const Samples& s);

}  // namespace kanpde::solver
