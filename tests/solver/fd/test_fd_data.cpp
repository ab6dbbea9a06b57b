// Discontinuous data (solver/fd/impl/DataJumps.hpp): the report says first
// order where f or the Dirichlet data jump, and only there.
#include <gtest/gtest.h>

#include "FdTestProblems.hpp"

namespace kanpde::solver::fd::test {
namespace {

using K = BcKind;

BoundaryCondition constant(double v) {
  return {K::dirichlet, 0, 0, [v](const double*) { return v; }, nullptr};
}

bool mentions(const FdReport& r, const std::string& what) {
  for (const std::string& j : r.data_jumps)
    if (j.find(what) != std::string::npos) return true;
  return false;
}

TEST(FdData, SmoothDataAreSecondOrder) {
  Manufactured m;
  FdProblem p = box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 20);
  FdSolution s = solve_fd(p);
  EXPECT_EQ(s.report.data_order, 2);
  EXPECT_TRUE(s.report.data_jumps.empty());
  EXPECT_EQ(s.report.accuracy(), "second order");
  // A steep but smooth layer (width 1/50, under a grid cell of 1/20) is no jump.
  p.f = [](const double* x) { return std::tanh(50.0 * (x[0] - 0.41)); };
  s = solve_fd(p);
  EXPECT_EQ(s.report.data_order, 2) << s.report.accuracy();
}

TEST(FdData, JumpingSourceIsFirstOrder) {
  Manufactured m;
  FdProblem p = box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 20);
  p.f = [](const double* x) { return x[0] < 0.37 ? 1.0 : -2.0; };
  const FdSolution s = solve_fd(p);
  EXPECT_EQ(s.report.data_order, 1);
  EXPECT_EQ(s.report.expected_order(), 1);
  ASSERT_EQ(s.report.data_jumps.size(), 1u);
  EXPECT_NE(s.report.data_jumps[0].find("the source f jumps by 3 near (0.37"), std::string::npos)
      << s.report.data_jumps[0];
  EXPECT_NE(s.report.accuracy().find("first order"), std::string::npos);
}

TEST(FdData, DirichletJumpsOnABox) {
  // The lid-driven cavity's data: u = 1 on ymax, 0 on the other faces.
  FdProblem p;
  p.dim = 2;
  p.intervals = {16, 16, 0};
  p.parts = {constant(0), constant(0), constant(0), constant(1)};
  p.part_names = {"xmin", "xmax", "ymin", "ymax"};
  FdSolution s = solve_fd(p);
  EXPECT_EQ(s.report.data_order, 1);
  EXPECT_TRUE(mentions(s.report, "jump by 1 between xmin and ymax near (0, 1)"))
      << s.report.accuracy();
  // Consistent corner values, varying along the faces: no jump.
  Manufactured m;
  s = solve_fd(box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 16));
  EXPECT_EQ(s.report.data_order, 2) << s.report.accuracy();
  // A jump inside one face.
  p.parts[2].g = [](const double* x) { return x[0] > 0.6 ? 1.0 : 0.0; };
  p.parts[3] = constant(0);
  s = solve_fd(p);
  EXPECT_TRUE(mentions(s.report, "the Dirichlet data of ymin jump by 1 near (0.6"))
      << s.report.accuracy();
}

const std::vector<std::array<double, 2>> kL = {{-1, -1}, {0, -1}, {0, 0}, {1, 0}, {1, 1}, {-1, 1}};

FdProblem l_shape(int n) {
  FdProblem p;
  p.dim = 2;
  p.lo = {-1.0, -1.0, 0.0};
  p.hi = {1.0, 1.0, 1.0};
  p.intervals = {n, n, 0};
  p.f = [](const double*) { return 1.0; };
  p.contains = [](const double* x) { return in_polygon(x, kL); };
  p.boundary_distance = [](const double* x, int axis, int dir) {
    return ray_polygon(x, axis, dir, kL);
  };
  // Part 1: the top edge y = 1, part 0: the rest.
  p.part_at = [](const double* x) { return x[1] > 1.0 - 1e-9 ? 1 : 0; };
  return p;
}

TEST(FdData, DirichletJumpsBetweenPartsOfAGeneralDomain) {
  FdProblem p = l_shape(20);
  Manufactured m;
  p.parts = {{K::dirichlet, 0, 0, m.exact(), nullptr}, {K::dirichlet, 0, 0, m.exact(), nullptr}};
  FdSolution s = solve_fd(p);
  EXPECT_EQ(s.report.data_order, 2) << s.report.accuracy();  // one smooth function on both
  p.parts = {constant(0), constant(1)};
  p.part_names = {"rest", "top"};
  s = solve_fd(p);
  EXPECT_EQ(s.report.data_order, 1);
  EXPECT_TRUE(mentions(s.report, "jump by 1 between rest and top")) << s.report.accuracy();
}

TEST(FdData, DirichletJumpAlongACurvedPart) {
  const double c[2] = {0.0, 0.0};
  FdProblem p;
  p.dim = 2;
  p.lo = {-1.0, -1.0, 0.0};
  p.hi = {1.0, 1.0, 1.0};
  p.intervals = {24, 24, 0};
  p.contains = [](const double* x) { return std::hypot(x[0], x[1]) < 0.9; };
  p.boundary_distance = [c](const double* x, int axis, int dir) {
    return ray_circle(x, axis, dir, c, 0.9);
  };
  p.part_at = [](const double*) { return 0; };
  p.parts = {{K::dirichlet, 0, 0, [](const double* x) { return x[1] > 0.1 ? 1.0 : 0.0; }, nullptr}};
  p.part_names = {"circle"};
  FdSolution s = solve_fd(p);
  EXPECT_TRUE(mentions(s.report, "the Dirichlet data of circle jump by 1 near ("))
      << s.report.accuracy();
  p.parts[0].g = [](const double* x) { return x[0] * x[1]; };
  s = solve_fd(p);
  EXPECT_EQ(s.report.data_order, 2) << s.report.accuracy();
}

}  // namespace
}  // namespace kanpde::solver::fd::test
