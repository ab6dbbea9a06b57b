// The finite-difference reference of real case geometries (solver/run/
// Reference.cpp feeding solver/fd): the re-entrant corner of the L-shape.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "solver/case/BuildDomain.hpp"
#include "solver/case/LoadCase.hpp"
#include "solver/fd/FdAssembly.hpp"
#include "solver/fd/FdRefine.hpp"
#include "solver/fd/FdSolve.hpp"
#include "solver/run/Reference.hpp"

namespace kanpde::solver {
namespace {

// The shipped L-shape: [-1,1]^2 without the quadrant x > 0, y < 0; the
// re-entrant corner (0, 0) is a grid node for every odd resolution.
std::string lshape_case() {
  const std::string u = "(x^2 + y^2)^(1/3) * sin(2/3 * (atan2(y, x) + (y < 0 ? 2*pi : 0)))";
  return "domain:\n"
         "  type: polygon\n"
         "  vertices: [[-1, -1], [0, -1], [0, 0], [1, 0], [1, 1], [-1, 1]]\n"
         "pde: {source: \"0\", exact: \"" +
         u +
         "\"}\n"
         "boundary:\n"
         "  - {parts: all, type: dirichlet, value: \"" +
         u + "\"}\n";
}

double exact_u(const double* x) {
  const double th = std::atan2(x[1], x[0]) + (x[1] < 0 ? 2 * M_PI : 0.0);
  return std::cbrt(x[0] * x[0] + x[1] * x[1]) * std::sin(2.0 / 3.0 * th);
}

TEST(FdCases, ReentrantCornerNodeTakesItsBoundaryValue) {
  const CaseSpec spec = load_case_text(lshape_case(), "lshape.yaml", {"reference.resolution=21"});
  const auto domain = build_domain(spec.domain);
  const fd::FdProblem p = make_fd_problem(spec, domain);
  const fd::FdSystem s = fd::assemble_fd(p);
  const std::size_t corner = 10 + 21 * 10;  // node (10, 10) is (0, 0)
  double x[3];
  int ijk[3];
  s.grid.ijk(corner, ijk);
  s.grid.point(ijk, x);
  ASSERT_EQ(x[0], 0.0);
  ASSERT_EQ(x[1], 0.0);
  EXPECT_TRUE(s.active[corner]);
  EXPECT_EQ(s.unknown[corner], -1) << "the corner node must not have an interior row";
  EXPECT_EQ(s.value[corner], 0.0);  // u = r^(2/3) sin(2 theta / 3) = 0 at r = 0
  EXPECT_EQ(s.boundary_nodes, 1u);  // only the corner: the edge nodes are found by their cuts
  const fd::FdSolution sol = fd::solve_fd(p);
  EXPECT_EQ(sol.u[corner], 0.0);
}

// Near a 270-degree corner u ~ r^(2/3): the max-norm error of the 5-point
// scheme converges at order 2/3 (the singular term's Hölder exponent), the
// discrete L2 error faster (the error is concentrated near the corner; about
// 4/3; measured 1.20, 1.26, 1.29, 1.31 from N = 40 to 320, rising towards it).
// Bands: +-0.06 on the max order (measured 0.637-0.665), [1.15, 1.45] on the
// L2 order.
TEST(FdCases, LShapeConvergesAtTheCornerOrder) {
  const CaseSpec spec = load_case_text(lshape_case(), "lshape.yaml", {"reference.resolution=21"});
  const auto domain = build_domain(spec.domain);
  const auto rows = fd::fd_refine(make_fd_problem(spec, domain), exact_u, 4);
  ASSERT_EQ(rows.size(), 4u);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_NEAR(rows[i].order_max, 2.0 / 3.0, 0.06) << "N = " << rows[i].intervals;
    EXPECT_GE(rows[i].order_l2, 1.15) << "N = " << rows[i].intervals;
    EXPECT_LE(rows[i].order_l2, 1.45) << "N = " << rows[i].intervals;
  }
  // The largest error is not at the corner node any more: 0.018 at N = 20
  // (it was 0.109 with an interior row there).
  EXPECT_LT(rows[0].max_abs, 0.03);
}

// The shorthand forms keep the -lap(u) + c u = f path (no equation handed
// to the FD problem: solve_fd takes its old branch, untouched); a case with
// pde.equation hands its compiled equation over, and both agree on the same
// problem written the two ways (the same stencil: to the linear solve's
// rounding).
TEST(FdCases, ShorthandKeepsItsPathAndEquationCasesAgreeWithIt) {
  const std::string rest =
      "boundary:\n  - {parts: all, type: dirichlet, value: \"x*y\"}\n"
      "reference: {resolution: 17, solver: direct}\n";
  const std::string dom = "domain: {type: disk, center: [0, 0], radius: 1}\n";
  const CaseSpec old = load_case_text(
      dom + "pde: {form: \"-laplace(u) + c*u = f\", c: 3, source: \"1 + x\"}\n" + rest, "a.yaml");
  const CaseSpec eq =
      load_case_text(dom + "pde: {equation: \"-lap(u) + 3*u = 1 + x\"}\n" + rest, "b.yaml");
  const auto domain = build_domain(old.domain);
  const fd::FdProblem po = make_fd_problem(old, domain), pe = make_fd_problem(eq, domain);
  EXPECT_EQ(po.equation, nullptr);
  ASSERT_NE(pe.equation, nullptr);
  const fd::FdSolution so = fd::solve_fd(po), se = fd::solve_fd(pe);
  EXPECT_TRUE(so.report.newton_residuals.empty());
  EXPECT_EQ(se.report.newton_iterations, 1);
  ASSERT_EQ(so.u.size(), se.u.size());
  double diff = 0.0;
  for (std::size_t n = 0; n < so.u.size(); ++n)
    if (so.active[n]) diff = std::max(diff, std::abs(so.u[n] - se.u[n]));
  EXPECT_LT(diff, 1e-12);
}

// An equation condition with the shorthand form: the FD problem becomes the
// equation -lap(u) + c*u = f (solver/run/Reference.cpp), its condition a
// ghost-node row; written as a Robin condition instead, the built-in path's
// box rows are what eliminating the ghost gives, so the two agree to the
// linear solves' rounding.
TEST(FdCases, ShorthandWithAnEquationConditionSolvesItAsAnEquation) {
  const std::string head =
      "domain: {type: box, min: [0, 0], max: [1, 1]}\n"
      "pde: {form: \"-laplace(u) + c*u = f\", c: 2, source: \"1 + x\"}\n"
      "boundary:\n  - {parts: [xmin, ymin, ymax], type: dirichlet, value: \"x*y\"}\n";
  const std::string tail = "reference: {resolution: 17, solver: direct}\n";
  const CaseSpec eq = load_case_text(
      head + "  - {parts: xmax, type: equation, equation: \"dot(grad(u), n) + u = y\"}\n" + tail,
      "a.yaml");
  const CaseSpec rb = load_case_text(
      head + "  - {parts: xmax, type: robin, a: 1, b: 1, value: \"y\"}\n" + tail, "b.yaml");
  const auto domain = build_domain(eq.domain);
  const fd::FdProblem pe = make_fd_problem(eq, domain), pr = make_fd_problem(rb, domain);
  ASSERT_NE(pe.equation, nullptr);
  EXPECT_EQ(pr.equation, nullptr);
  EXPECT_EQ(pe.parts[1].kind, fd::BcKind::equation);
  const fd::FdSolution se = fd::solve_fd(pe), sr = fd::solve_fd(pr);
  EXPECT_EQ(se.report.newton_iterations, 1);
  ASSERT_EQ(se.u.size(), sr.u.size());
  double diff = 0.0;
  for (std::size_t n = 0; n < se.u.size(); ++n) diff = std::max(diff, std::abs(se.u[n] - sr.u[n]));
  EXPECT_LT(diff, 1e-12);
}

}  // namespace
}  // namespace kanpde::solver
