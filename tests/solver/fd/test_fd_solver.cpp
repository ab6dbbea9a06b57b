// The assembled systems and the linear solvers: exact symmetry where the
// discretisation is symmetric, agreement of direct and iterative solves,
// reports, the refinement table.

#include <gtest/gtest.h>

#include "FdTestProblems.hpp"
#include "solver/fd/FdAssembly.hpp"

namespace kanpde::solver::fd::test {
namespace {

using K = BcKind;

bool exactly_symmetric(const RowMatrix& A) {
  const RowMatrix At = A.transpose();
  return (A - At).norm() == 0.0;
}

// Box systems are exactly symmetric after eliminating Dirichlet values and
// halving the Neumann/Robin face rows, in every dimension.
TEST(FdSystem, BoxMatricesAreExactlySymmetric) {
  for (int dim = 1; dim <= 3; ++dim) {
    Manufactured m;
    m.dim = dim;
    const std::vector<std::vector<K>> cases = {
        std::vector<K>(2 * dim, K::dirichlet),
        {K::neumann, K::robin, K::dirichlet, K::neumann, K::robin, K::neumann},
        std::vector<K>(2 * dim, K::neumann)};
    for (std::vector<K> kinds : cases) {
      kinds.resize(2 * dim);
      FdProblem p = box_problem(m, kinds, 1.5, dim == 3 ? 6 : 9);
      p.intervals[0] += 2;  // unequal spacings
      const FdSystem s = assemble_fd(p);
      EXPECT_TRUE(s.symmetric);
      EXPECT_TRUE(exactly_symmetric(s.A)) << dim << "D";
      EXPECT_EQ(s.A.rows(), static_cast<long>(s.b.size()));
    }
  }
}

// Direct (Cholesky) and multigrid-preconditioned CG agree to 1e-8 relative when
// CG runs to a 1e-13 residual (the system's condition number is ~1e3 on this
// grid): mixed conditions with and without the screened term, and pure Neumann
// (pinned node).
TEST(FdSolver, DirectAndConjugateGradientAgree) {
  Manufactured m;
  const std::vector<std::pair<double, std::vector<K>>> cases = {
      {0.0, {K::dirichlet, K::neumann, K::robin, K::neumann}},
      {3.0, {K::dirichlet, K::neumann, K::robin, K::neumann}},
      {0.0, std::vector<K>(4, K::neumann)}};
  for (const auto& [c, kinds] : cases) {
    FdProblem p = box_problem(m, kinds, c, 48);
    p.solver.choice = SolverChoice::direct;
    const FdSolution d = solve_fd(p);
    p.solver.choice = SolverChoice::cg;
    p.solver.tolerance = 1e-13;
    const FdSolution i = solve_fd(p);
    EXPECT_EQ(d.report.iterations, 0);
    EXPECT_GT(i.report.iterations, 0);
    EXPECT_NE(i.report.solver.find("cg"), std::string::npos) << i.report.solver;
    double num = 0.0, den = 0.0;
    for (std::size_t k = 0; k < d.nodes(); ++k) {
      num += (d.u[k] - i.u[k]) * (d.u[k] - i.u[k]);
      den += d.u[k] * d.u[k];
    }
    EXPECT_LT(std::sqrt(num / den), 1e-8) << "c = " << c;
    EXPECT_LT(d.report.residual, 1e-12);
    EXPECT_LT(i.report.residual, 1e-12);
  }
}

// Non-symmetric (Shortley–Weller) systems: sparse LU against BiCGSTAB.
TEST(FdSolver, DirectAndIterativeAgreeOnNonSymmetricSystem) {
  Manufactured m;
  const double c0[2] = {0.0, 0.0};
  FdProblem p = box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 40);
  p.lo = {-1.0, -1.0, 0.0};
  p.contains = [c0](const double* x) { return std::hypot(x[0], x[1]) < 0.9; };
  p.boundary_distance = [c0](const double* x, int a, int dir) {
    return ray_circle(x, a, dir, c0, 0.9);
  };
  p.part_at = [](const double*) { return 0; };
  p.parts.resize(1);
  p.solver.choice = SolverChoice::direct;
  const FdSolution d = solve_fd(p);
  p.solver.choice = SolverChoice::cg;
  p.solver.tolerance = 1e-13;
  const FdSolution i = solve_fd(p);
  EXPECT_FALSE(d.report.symmetric);
  EXPECT_EQ(d.report.solver, "eigen-sparselu");
  EXPECT_EQ(i.report.solver, "bicgstab+jacobi");
  double num = 0.0, den = 0.0;
  for (std::size_t k = 0; k < d.nodes(); ++k) {
    if (!d.active[k]) {
      EXPECT_TRUE(std::isnan(d.u[k]));
      continue;
    }
    num += (d.u[k] - i.u[k]) * (d.u[k] - i.u[k]);
    den += d.u[k] * d.u[k];
  }
  EXPECT_LT(std::sqrt(num / den), 1e-8);
}

TEST(FdSolver, ReportAndAutomaticChoice) {
  Manufactured m;
  FdProblem p = box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 20);
  FdSolution s = solve_fd(p);
  EXPECT_EQ(s.report.unknowns, 19u * 19u);
  EXPECT_EQ(s.report.nonzeros, 5u * 19u * 19u - 4u * 19u);
  EXPECT_EQ(s.report.iterations, 0);  // small: direct
  EXPECT_EQ(s.report.solver, fd_have_cholmod() ? "cholmod-supernodal-llt" : "eigen-simplicial-llt");
  EXPECT_GE(s.report.assembly_seconds, 0.0);
  EXPECT_TRUE(s.report.symmetric);
  p.solver.multigrid_above = 100;  // larger box systems: multigrid CG
  s = solve_fd(p);
  EXPECT_GT(s.report.iterations, 0);
  EXPECT_LT(s.report.iterations, 20);  // a working multigrid needs ~10
  EXPECT_EQ(s.report.solver.rfind("cg+multigrid", 0), 0u) << s.report.solver;
  EXPECT_LT(s.report.residual, 1e-9);
  // An indefinite system (c below -2π²) goes to LDLᵀ.
  p = box_problem(m, std::vector<K>(4, K::dirichlet), -25.0, 20);
  s = solve_fd(p);
  EXPECT_EQ(s.report.solver, "eigen-simplicial-ldlt");
}

// 3D embedded grids (non-symmetric Shortley-Weller rows): the automatic
// choice solves directly up to direct_limit[2] = 5 000 unknowns and iterates
// beyond (sparse LU took 58 s on a 41^3 grid, BiCGSTAB+Jacobi 0.17 s); both
// give the same solution.
TEST(FdSolver, AutomaticChoiceIterates3DEmbeddedSystems) {
  Manufactured m;
  m.dim = 3;
  const double r = 0.9;
  FdProblem p = box_problem(m, std::vector<K>(6, K::dirichlet), 0.0, 24);
  p.lo = {-1.0, -1.0, -1.0};
  p.contains = [r](const double* x) { return x[0] * x[0] + x[1] * x[1] + x[2] * x[2] < r * r; };
  p.boundary_distance = [r](const double* x, int a, int dir) {
    double q = r * r;
    for (int b = 0; b < 3; ++b)
      if (b != a) q -= x[b] * x[b];
    return q > 0.0 ? std::sqrt(q) - dir * x[a] : 10.0;
  };
  p.part_at = [](const double*) { return 0; };
  p.parts.resize(1);
  EXPECT_EQ(p.solver.direct_limit[2], 5000);
  const FdSolution it = solve_fd(p);
  EXPECT_GT(it.report.unknowns, 5000u);
  EXPECT_EQ(it.report.solver, "bicgstab+jacobi");
  EXPECT_GT(it.report.iterations, 0);
  p.solver.direct_limit[2] = 100000;  // the old limit: sparse LU
  const FdSolution lu = solve_fd(p);
  EXPECT_EQ(lu.report.solver, "eigen-sparselu");
  double num = 0.0, den = 0.0;
  for (std::size_t k = 0; k < lu.nodes(); ++k)
    if (lu.active[k]) {
      num += (lu.u[k] - it.u[k]) * (lu.u[k] - it.u[k]);
      den += lu.u[k] * lu.u[k];
    }
  // Residual tolerance 1e-10 times the condition number (~1e3 here): 1.3e-8
  // measured, five orders below the discretisation error (~1e-3).
  EXPECT_LT(std::sqrt(num / den), 1e-6);
}

TEST(FdSolver, RefinementTable) {
  Manufactured m;
  const std::vector<ConvergenceRow> rows =
      fd_refine(box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 8), m.exact(), 3);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].intervals, 32);
  EXPECT_DOUBLE_EQ(rows[2].h, 1.0 / 32);
  EXPECT_TRUE(std::isnan(rows[0].order_l2));
  EXPECT_NEAR(rows[2].order_max, 2.0, 0.15);
  const std::string table = format_convergence_table(rows);
  EXPECT_NE(table.find("rel L2"), std::string::npos);
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 4);
  EXPECT_NEAR(observed_order(0.1, 4e-2, 0.05, 1e-2), 2.0, 1e-12);
  EXPECT_TRUE(std::isnan(observed_order(0.1, 0.0, 0.05, 1e-2)));
}

TEST(FdSolver, ErrorsAgainstExactSolution) {
  Manufactured m;
  const FdSolution s = solve_fd(box_problem(m, std::vector<K>(4, K::dirichlet), 0.0, 16));
  const FdErrors exact = fd_errors(s, m.exact());
  EXPECT_EQ(exact.nodes, 17u * 17u);
  EXPECT_GT(exact.rel_l2, 0.0);
  EXPECT_LT(exact.rel_l2, 1e-3);
  const ScalarField shifted = [m](const double* x) { return m.u(x) + 0.1; };
  EXPECT_NEAR(fd_errors(s, shifted).max_abs, 0.1, 1e-3);
}

}  // namespace
}  // namespace kanpde::solver::fd::test

namespace kanpde::solver::fd::test {
namespace {

// fd::interpolate is multilinear in the cell: exact for u = a + b x + c y +
// d x y; corners outside the domain (NaN) are dropped with the other weights
// renormalised; outside the box, NaN.
TEST(FdSolver, InterpolationIsMultilinearAndSkipsInactiveCorners) {
  FdSolution s;
  s.dim = 2;
  s.coords[0] = {0.0, 0.5, 1.0};
  s.coords[1] = {-1.0, 0.0, 1.0, 2.0};
  s.coords[2] = {0.0};
  auto u = [](double x, double y) { return 0.3 + 2.0 * x - 1.5 * y + 4.0 * x * y; };
  s.u.resize(12);
  s.active.assign(12, 1);
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 3; ++i) s.u[s.index(i, j)] = u(s.coords[0][i], s.coords[1][j]);
  for (const auto& p : std::vector<std::array<double, 2>>{
           {0.1, -0.7}, {0.75, 1.9}, {1.0, 2.0}, {0.0, -1.0}, {0.5, 0.25}}) {
    const double x[2] = {p[0], p[1]};
    EXPECT_NEAR(interpolate(s, x), u(p[0], p[1]), 1e-14) << p[0] << ", " << p[1];
  }
  s.u[s.index(1, 1)] = std::nan("");  // node (0.5, 0) outside the domain
  const double x[2] = {0.25, -0.5};   // cell [0,0.5]x[-1,0], all weights 1/4
  const double rest = (s.u[s.index(0, 0)] + s.u[s.index(1, 0)] + s.u[s.index(0, 1)]) / 3.0;
  EXPECT_NEAR(interpolate(s, x), rest, 1e-14);
  const double on_it[2] = {0.5, 0.0};
  EXPECT_TRUE(std::isnan(interpolate(s, on_it)));  // its only weighted corner is outside
  const double out[2] = {1.2, 0.0};
  EXPECT_TRUE(std::isnan(interpolate(s, out)));
}

}  // namespace
}  // namespace kanpde::solver::fd::test
