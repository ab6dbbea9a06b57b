#include "geometry/WalkOnSpheres.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/Error.hpp"
#include "common/Random.hpp"

namespace kanpde::geometry {

namespace {

// t = |z - y| / r from the radial density of the ball's Green's function.
double green_radius(int d, SplitMix64& rng) {
  auto density = [d](double t) { return d == 2 ? -t * std::log(t) : t - std::pow(t, d - 1); };
  const double t_max = d == 2 ? std::exp(-1.0) : std::pow(1.0 / (d - 1), 1.0 / (d - 2));
  const double p_max = density(t_max);
  for (;;) {
    const double t = rng.uniform();
    if (t > 0.0 && rng.uniform() * p_max <= density(t)) return t;
  }
}

// A uniform unit vector (normalised Gaussian).
void direction(int d, SplitMix64& rng, double* n) {
  double s = 0.0;
  do {
    s = 0.0;
    for (int a = 0; a < d; ++a) {
      n[a] = rng.normal();
      s += n[a] * n[a];
    }
  } while (!(s > 0.0));
  const double inv = 1.0 / std::sqrt(s);
  for (int a = 0; a < d; ++a) n[a] *= inv;
}

}  // namespace

WalkOnSpheresEstimate walk_on_spheres(const Domain& domain, const double* x, const PointFunction& f,
                                      const PointFunction& g, const WalkOnSpheresOptions& o) {
  const int d = domain.dim();
  KANPDE_REQUIRE(o.walks >= 2, "walk on spheres needs at least 2 walks, found " << o.walks);
  KANPDE_REQUIRE(o.eps > 0.0 && o.eps < 1.0, "walk on spheres: eps must be in (0, 1)");
  KANPDE_REQUIRE(g, "walk on spheres needs the boundary data g");
  KANPDE_REQUIRE(domain.signed_distance(x) < 0.0, "walk on spheres starts inside the domain");
  const BoundingBox bb = domain.bounding_box();
  double scale = 0.0;
  for (int a = 0; a < d; ++a) scale = std::max(scale, bb.extent(a));
  const double eps = o.eps * scale, vol_factor = 1.0 / (2.0 * d);
  SplitMix64 rng(o.seed);
  std::vector<double> y(static_cast<std::size_t>(d)), n(y.size()), z(y.size());
  double sum = 0.0, sum2 = 0.0, steps = 0.0;
  for (int w = 0; w < o.walks; ++w) {
    std::copy(x, x + d, y.begin());
    double value = 0.0;
    int k = 0;
    for (;; ++k) {
      KANPDE_REQUIRE(k < o.max_steps,
                     "a walk on spheres did not reach the boundary in " << o.max_steps << " steps");
      const double r = -domain.signed_distance(y.data());
      if (r <= eps) {
        value += g(y.data());
        break;
      }
      if (f) {
        const double t = green_radius(d, rng);
        direction(d, rng, n.data());
        for (int a = 0; a < d; ++a)
          z[std::size_t(a)] = y[std::size_t(a)] + r * t * n[std::size_t(a)];
        value += r * r * vol_factor * f(z.data());
      }
      direction(d, rng, n.data());
      for (int a = 0; a < d; ++a) y[std::size_t(a)] += r * n[std::size_t(a)];
    }
    sum += value;
    sum2 += value * value;
    steps += k;
  }
  WalkOnSpheresEstimate e;
  const double m = static_cast<double>(o.walks);
  e.mean = sum / m;
  const double var = std::max(0.0, (sum2 - m * e.mean * e.mean) / (m - 1.0));
  e.std_error = std::sqrt(var / m);
  e.mean_steps = steps / m;
  return e;
}

}  // namespace kanpde::geometry
