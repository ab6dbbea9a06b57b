#include "solver/fd/FdAssembly.hpp"

#include <cmath>
#include <string>

#include "common/Error.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"

namespace kanpde::solver::fd {

FdGrid make_grid(const FdProblem& p) {
  KANPDE_REQUIRE(p.dim >= 1 && p.dim <= 3, "fd: dimension must be 1, 2 or 3, got " << p.dim);
  FdGrid g;
  g.dim = p.dim;
  static const char* axis_name[3] = {"x", "y", "z"};
  for (int a = 0; a < p.dim; ++a) {
    const double len = p.hi[a] - p.lo[a];
    KANPDE_REQUIRE(std::isfinite(len) && len > 0.0, "fd: box " << axis_name[a] << " range ["
                                                               << p.lo[a] << ", " << p.hi[a]
                                                               << "] is empty");
    long n = p.intervals[a];
    if (n == 0) {
      KANPDE_REQUIRE(p.spacing > 0.0 && std::isfinite(p.spacing),
                     "fd: give the intervals on axis " << axis_name[a] << " or a spacing > 0");
      n = std::lround(len / p.spacing);
    }
    KANPDE_REQUIRE(n >= 2 && n <= 100'000'000,
                   "fd: axis " << axis_name[a] << " needs 2 to 1e8 intervals, got " << n);
    g.n[a] = static_cast<int>(n);
    g.lo[a] = p.lo[a];
    g.h[a] = len / static_cast<double>(n);
  }
  g.stride[1] = static_cast<std::size_t>(g.n[0] + 1);
  g.stride[2] = g.stride[1] * static_cast<std::size_t>(g.n[1] + 1);
  g.nodes = g.stride[2] * static_cast<std::size_t>(g.n[2] + 1);
  KANPDE_REQUIRE(g.nodes <= 400'000'000ul, "fd: " << g.nodes << " grid nodes is too many");
  KANPDE_REQUIRE(std::isfinite(p.c), "fd: the screening coefficient c is not finite");
  return g;
}

namespace Impl {

std::vector<Bc> normal_forms(const FdProblem& p) {
  std::vector<Bc> out;
  for (std::size_t i = 0; i < p.parts.size(); ++i) {
    const BoundaryCondition& bc = p.parts[i];
    KANPDE_REQUIRE(std::isfinite(bc.a) && std::isfinite(bc.b),
                   "fd: boundary part " << i << " has non-finite Robin coefficients");
    Bc n;
    n.g = &bc.g;
    switch (bc.kind) {
      case BcKind::dirichlet:
        break;
      case BcKind::neumann:
        n.dirichlet = false;
        break;
      case BcKind::robin:
        KANPDE_REQUIRE(bc.a != 0.0 || bc.b != 0.0,
                       "fd: boundary part " << i << ": Robin condition with a = b = 0");
        if (bc.b == 0.0) {
          n.scale = 1.0 / bc.a;  // a u = g
        } else {
          n.dirichlet = false;
          n.alpha = bc.a / bc.b;
          n.scale = 1.0 / bc.b;
        }
        break;
      case BcKind::equation:
        KANPDE_REQUIRE(bc.equation != nullptr,
                       "fd: boundary part " << i << ": an equation condition without its equation");
        n.dirichlet = false;
        n.equation = true;
        break;
    }
    out.push_back(n);
  }
  return out;
}

}  // namespace Impl

FdSystem assemble_fd(const FdProblem& problem) {
  const FdGrid grid = make_grid(problem);
  for (std::size_t i = 0; i < problem.parts.size(); ++i)
    KANPDE_REQUIRE(problem.parts[i].kind != BcKind::equation,
                   "fd: boundary part " << i
                                        << " is an equation condition, which needs a general "
                                           "equation (FdProblem::equation)");
  if (!problem.contains) {
    KANPDE_REQUIRE(problem.parts.size() == static_cast<std::size_t>(2 * problem.dim),
                   "fd: a box in " << problem.dim << "D needs " << 2 * problem.dim
                                   << " boundary conditions (xmin xmax ymin ymax zmin zmax), got "
                                   << problem.parts.size());
    return Impl::assemble_box(problem, grid);
  }
  KANPDE_REQUIRE(problem.boundary_distance && problem.part_at,
                 "fd: a general domain needs boundary_distance and part_at");
  KANPDE_REQUIRE(!problem.parts.empty(), "fd: a general domain needs at least one boundary part");
  return Impl::assemble_embedded(problem, grid);
}

}  // namespace kanpde::solver::fd
