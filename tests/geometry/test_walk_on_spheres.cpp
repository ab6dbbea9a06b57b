// Walk on spheres against known solutions, within its error bar: a harmonic
// function on the 5D cube (Laplace, the boundary data only) and a Poisson
// problem with a source on the 5D ball; the error bar shrinks like
// 1/sqrt(walks), and a seed reproduces the estimate bitwise.
#include <gtest/gtest.h>

#include <cmath>

#include "Shapes.hpp"

namespace kanpde::test {
namespace {

// u = x1^2 - x2^2 + x3 x4 + x5 (harmonic) on (0, 1)^5, g = u.
double harmonic(const double* x) {
  return x[0] * x[0] - x[1] * x[1] + x[2] * x[3] + x[4];
}

// u = (1 - |x|^2)(1 + x1/2) on the unit 5D ball: -lap u = 10 + 7 x1, g = 0.
double ball_exact(const double* x) {
  double r2 = 0.0;
  for (int a = 0; a < 5; ++a) r2 += x[a] * x[a];
  return (1.0 - r2) * (1.0 + 0.5 * x[0]);
}

// |estimate - exact| < 4 standard errors (a 4-sigma miss has probability
// 6e-5 per point) plus the stopping bias (eps = 1e-4 times |grad u| <= 3).
TEST(WalkOnSpheres, HarmonicFunctionOnThe5DCube) {
  const Box cube(std::vector<double>(5, 0.0), std::vector<double>(5, 1.0));
  const double points[3][5] = {
      {0.5, 0.5, 0.5, 0.5, 0.5}, {0.2, 0.7, 0.4, 0.9, 0.3}, {0.8, 0.1, 0.6, 0.25, 0.55}};
  WalkOnSpheresOptions o;
  o.walks = 2000;
  for (const auto& p : points) {
    const auto e = walk_on_spheres(cube, p, {}, harmonic, o);
    EXPECT_LT(std::abs(e.mean - harmonic(p)), 4 * e.std_error + 3e-4)
        << e.mean << " +- " << e.std_error << " against " << harmonic(p);
    EXPECT_GT(e.std_error, 0.0);
    EXPECT_LT(e.std_error, 0.02);
  }
}

TEST(WalkOnSpheres, PoissonWithASourceOnThe5DBall) {
  const Ball ball(std::vector<double>(5, 0.0), 1.0);
  const double points[3][5] = {
      {0.0, 0.0, 0.0, 0.0, 0.0}, {0.4, -0.2, 0.1, 0.3, 0.0}, {-0.5, 0.3, -0.2, 0.1, 0.4}};
  auto f = [](const double* x) { return 10.0 + 7.0 * x[0]; };
  auto g = [](const double*) { return 0.0; };
  WalkOnSpheresOptions o;
  o.walks = 2000;
  for (const auto& p : points) {
    const auto e = walk_on_spheres(ball, p, f, g, o);
    EXPECT_LT(std::abs(e.mean - ball_exact(p)), 4 * e.std_error + 3e-4)
        << e.mean << " +- " << e.std_error << " against " << ball_exact(p);
    EXPECT_LT(e.std_error, 0.02);
  }
  // Four times the walks halve the error bar (within 20 %); the same seed
  // gives the same estimate.
  const double p0[5] = {0.4, -0.2, 0.1, 0.3, 0.0};
  o.walks = 1000;
  const auto a = walk_on_spheres(ball, p0, f, g, o);
  o.walks = 4000;
  const auto b = walk_on_spheres(ball, p0, f, g, o);
  EXPECT_NEAR(b.std_error / a.std_error, 0.5, 0.1);
  EXPECT_EQ(walk_on_spheres(ball, p0, f, g, o).mean, b.mean);
  EXPECT_THROW(walk_on_spheres(ball, std::vector<double>{2, 0, 0, 0, 0}.data(), f, g, o),
               InputError);
}

}  // namespace
}  // namespace kanpde::test
