// Second-order convergence of the finite-difference solver on boxes: every
// dimension and every boundary-condition kind, the screened term of both signs,
// pure Neumann. Orders are between the two finest of three grids (n, 2n, 4n);
// the band [1.9, 2.1] is the acceptance criterion.

#include <gtest/gtest.h>

#include "FdTestProblems.hpp"
#include "common/Error.hpp"

namespace kanpde::solver::fd::test {
namespace {

using K = BcKind;
constexpr double kLow = 1.9, kHigh = 2.1;

double order(const Manufactured& m, const std::vector<BcKind>& kinds, double c, int n) {
  return observed_l2_order(box_problem(m, kinds, c, n), m.exact());
}

TEST(FdBox, Dirichlet1D) {
  Manufactured m;
  m.dim = 1;
  const double o = order(m, {K::dirichlet, K::dirichlet}, 0.0, 16);
  EXPECT_GE(o, kLow);
  EXPECT_LE(o, kHigh);
}

TEST(FdBox, NeumannDirichlet1D) {
  Manufactured m;
  m.dim = 1;
  const double o = order(m, {K::neumann, K::dirichlet}, 0.0, 16);
  EXPECT_GE(o, kLow);
  EXPECT_LE(o, kHigh);
}

TEST(FdBox, Robin1D) {
  Manufactured m;
  m.dim = 1;
  const double o = order(m, {K::robin, K::robin}, 0.0, 16);
  EXPECT_GE(o, kLow);
  EXPECT_LE(o, kHigh);
}

TEST(FdBox, Dirichlet2D) {
  Manufactured m;
  const double o = order(m, {K::dirichlet, K::dirichlet, K::dirichlet, K::dirichlet}, 0.0, 16);
  EXPECT_GE(o, kLow);
  EXPECT_LE(o, kHigh);
}

TEST(FdBox, MixedDirichletNeumannRobin2D) {
  Manufactured m;
  const double o = order(m, {K::dirichlet, K::neumann, K::robin, K::neumann}, 0.0, 16);
  EXPECT_GE(o, kLow);
  EXPECT_LE(o, kHigh);
}

// c > 0, and c < 0 on both sides of the first Dirichlet eigenvalue 2π² ≈ 19.74
// of -Δ on the unit square (c = -25 gives an indefinite but regular system,
// solved by LDLᵀ).
TEST(FdBox, Screened2D) {
  Manufactured m;
  for (double c : {10.0, -5.0, -25.0}) {
    const double o = order(m, {K::dirichlet, K::dirichlet, K::dirichlet, K::dirichlet}, c, 16);
    EXPECT_GE(o, kLow) << "c = " << c;
    EXPECT_LE(o, kHigh) << "c = " << c;
  }
  const double o = order(m, {K::neumann, K::robin, K::dirichlet, K::neumann}, 4.0, 16);
  EXPECT_GE(o, kLow);
  EXPECT_LE(o, kHigh);
}

TEST(FdBox, Dirichlet3D) {
  Manufactured m;
  m.dim = 3;
  const double o = order(m, std::vector<K>(6, K::dirichlet), 0.0, 8);
  EXPECT_GE(o, kLow);
  EXPECT_LE(o, kHigh);
}

TEST(FdBox, NeumannRobinFaces3D) {
  Manufactured m;
  m.dim = 3;
  const double o = order(
      m, {K::neumann, K::dirichlet, K::dirichlet, K::neumann, K::robin, K::dirichlet}, 0.0, 8);
  EXPECT_GE(o, kLow);
  EXPECT_LE(o, kHigh);
}

TEST(FdBox, PureNeumann2D) {
  Manufactured m;
  const std::vector<K> kinds(4, K::neumann);
  const double o = order(m, kinds, 0.0, 16);
  EXPECT_GE(o, kLow);
  EXPECT_LE(o, kHigh);

  // The constant is fixed by the requested (trapezoid) mean.
  FdProblem p = box_problem(m, kinds, 0.0, 32);
  p.neumann_mean = 0.25;
  const FdSolution s = solve_fd(p);
  EXPECT_TRUE(s.report.pure_neumann);
  EXPECT_LT(s.report.compatibility, 1e-3);
  double mean = 0.0, wsum = 0.0;
  const std::size_t nx = s.coords[0].size(), ny = s.coords[1].size();
  for (std::size_t j = 0; j < ny; ++j)
    for (std::size_t i = 0; i < nx; ++i) {
      const double w = (i == 0 || i == nx - 1 ? 0.5 : 1.0) * (j == 0 || j == ny - 1 ? 0.5 : 1.0);
      mean += w * s.u[s.index(static_cast<int>(i), static_cast<int>(j))];
      wsum += w;
    }
  EXPECT_NEAR(mean / wsum, 0.25, 1e-10);
}

TEST(FdBox, PureNeumannIncompatibleIsInputError) {
  Manufactured m;
  FdProblem p = box_problem(m, std::vector<K>(4, K::neumann), 0.0, 32);
  const ScalarField f = p.f;
  p.f = [f](const double* x) { return f(x) + 1.0; };  // ∫f + ∮g = 1 instead of 0
  try {
    solve_fd(p);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("incompatible"), std::string::npos) << e.what();
  }
}

// A screened pure-Neumann problem (c > 0) is regular: no constant mode.
TEST(FdBox, ScreenedNeumannIsRegular) {
  Manufactured m;
  const FdSolution s = solve_fd(box_problem(m, std::vector<K>(4, K::neumann), 2.0, 32));
  EXPECT_FALSE(s.report.pure_neumann);
  EXPECT_LT(fd_errors(s, m.exact()).rel_l2, 1e-3);
}

TEST(FdBox, BadInputIsInputError) {
  Manufactured m;
  FdProblem p = box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 8);
  p.parts.pop_back();
  EXPECT_THROW(solve_fd(p), InputError);
  p = box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 1);
  EXPECT_THROW(solve_fd(p), InputError);
  p = box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 8);
  p.parts[1] = BoundaryCondition{K::robin, 0.0, 0.0, {}, nullptr};
  EXPECT_THROW(solve_fd(p), InputError);
  p = box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 8);
  p.hi[1] = p.lo[1];
  EXPECT_THROW(solve_fd(p), InputError);
}

}  // namespace
}  // namespace kanpde::solver::fd::test
