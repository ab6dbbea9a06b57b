#pragma once
// Walk on spheres: a pointwise Monte Carlo estimate of the solution of the
// Dirichlet Poisson problem  -lap u = f in the domain, u = g on its boundary,
// in any dimension (the reference above 3D, where finite differences are out
// of reach).
//
// From y_0 = x each step jumps to a uniform point of the largest sphere
// around y_k inside the domain (radius r_k = distance to the boundary, from
// signed_distance: exact for boxes and balls), until y_k is within eps of the
// boundary, where g is taken. The source adds, per step, r_k^2/(2d) f(z_k)
// with z_k drawn from the ball's Green's function G(y_k, .) normalised by
// its integral r_k^2/(2d) (radial density proportional to t - t^(d-1),
// t = |z - y|/r, for d >= 3; t log(1/t) in 2D; drawn by rejection). Each walk
// is an unbiased sample up to the O(eps) stop; the estimate is the mean of n
// walks and its standard error sd / sqrt(n). Host only, serial,
// reproducible for a seed.
#include <cstdint>
#include <functional>

#include "geometry/Domain.hpp"

namespace kanpde::geometry {

struct WalkOnSpheresOptions {
  int walks = 1000;
  double eps = 1e-4;       // stop within eps of the boundary (relative to the box's extent)
  int max_steps = 100000;  // per walk (a walk that does not stop is an error)
  std::uint64_t seed = 1;
};

struct WalkOnSpheresEstimate {
  double mean = 0.0;
  double std_error = 0.0;  // of the mean
  double mean_steps = 0.0;
};

using PointFunction = std::function<double(const double* x)>;

// u(x) for x inside the domain; f may be empty (Laplace).
WalkOnSpheresEstimate walk_on_spheres(const Domain& domain, const double* x, const PointFunction& f,
                                      const PointFunction& g,
                                      const WalkOnSpheresOptions& options = {});

}  // namespace kanpde::geometry
