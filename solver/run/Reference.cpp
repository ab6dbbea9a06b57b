#include "solver/run/Reference.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "common/Error.hpp"
#include "solver/case/Defaults.hpp"

namespace kanpde::solver {

std::vector<int> reference_resolution(const CaseSpec& spec) {
  std::vector<int> r = spec.reference.resolution;
  const int d = spec.dim();
  if (r.empty()) r = default_reference_resolution(d);  // solver/case/Defaults.hpp
  if (r.size() == 1) r.assign(static_cast<std::size_t>(d), r.front());
  return r;
}

namespace {

bool is_box(const DomainSpec& d) {
  return d.type == DomainType::box || d.type == DomainType::interval;
}

fd::BoundaryCondition fd_condition(const BoundaryCondition& bc) {
  fd::BoundaryCondition c;
  if (bc.type == BcType::equation) {
    c.kind = fd::BcKind::equation;
    c.equation = bc.compiled;
    return c;
  }
  c.kind = bc.type == BcType::dirichlet ? fd::BcKind::dirichlet
           : bc.type == BcType::neumann ? fd::BcKind::neumann
                                        : fd::BcKind::robin;
  c.a = bc.a;
  c.b = bc.b;
  const Expression g = bc.value;
  const int dim = g.dim();
  c.g = [g, dim](const double* x) { return g.eval(x, dim); };
  return c;
}

// -lap(u) + c*u = f of the shorthand form as a compiled equation (c and f
// under names the case cannot use, so they meet none of its constants).
std::shared_ptr<const expr::Equation> shorthand_equation(const CaseSpec& spec) {
  const int d = spec.dim();
  expr::EquationOptions o;
  o.dim = d;
  for (const auto& c : spec.constants) o.constants.emplace_back(c.name, c.value);
  o.constants.emplace_back("kanpde_c", spec.pde.c);
  o.coefficients.push_back(
      expr::Coefficient::compile("kanpde_f", spec.pde.f.text(), d, o.constants));
  return std::make_shared<const expr::Equation>(
      expr::Equation::compile("-lap(u) + kanpde_c*u = kanpde_f", o));
}

}  // namespace

fd::FdProblem make_fd_problem(const CaseSpec& spec, const geometry::DomainPtr& domain, int refine) {
  const int d = spec.dim();
  fd::FdProblem p;
  p.dim = d;
  const geometry::BoundingBox bb = domain->bounding_box();
  const std::vector<int> res = reference_resolution(spec);
  for (int a = 0; a < d; ++a) {
    p.lo[static_cast<std::size_t>(a)] = bb.lo[static_cast<std::size_t>(a)];
    p.hi[static_cast<std::size_t>(a)] = bb.hi[static_cast<std::size_t>(a)];
    p.intervals[static_cast<std::size_t>(a)] = (res[static_cast<std::size_t>(a)] - 1) << refine;
  }
  p.c = spec.pde.c;
  const Expression f = spec.pde.f;
  p.f = [f, d](const double* x) { return f.eval(x, d); };
  if (spec.pde.general()) {
    // The equation carries its own source; c and f are unused.
    p.equation = spec.pde.compiled;
    p.f = nullptr;
  } else if (std::any_of(spec.boundary.begin(), spec.boundary.end(),
                         [](const BoundaryCondition& bc) { return bc.type == BcType::equation; })) {
    // Equation conditions are discretised with general equations only: the
    // shorthand -lap(u) + c u = f written as one.
    p.equation = shorthand_equation(spec);
    p.f = nullptr;
  }
  const std::vector<std::string>& names = domain->part_names();
  // One FD condition per domain part, in the domain's part order.
  for (const std::string& part : names) {
    const BoundaryCondition* bc = spec.condition_for(part);
    KANPDE_ASSERT(bc != nullptr, "boundary part " << part << " has no condition");
    p.parts.push_back(fd_condition(*bc));
    p.part_names.push_back(part);
  }
  if (is_box(spec.domain)) {
    // Box parts are the faces xmin xmax ymin ymax zmin zmax, which is the FD
    // solver's order; renamed faces keep their position.
    KANPDE_ASSERT(static_cast<int>(p.parts.size()) == 2 * d, "a box has 2*dim faces");
  } else {
    const double scale =
        std::max({bb.extent(0), d > 1 ? bb.extent(1) : 0.0, d > 2 ? bb.extent(2) : 0.0});
    p.contains = [domain](const double* x) { return domain->contains(x); };
    p.boundary_distance = [domain, scale](const double* x, int axis, int dir) {
      return domain->grid_line_distance(x, axis, dir, 2.0 * scale).distance;
    };
    p.part_at = [domain, scale, d](const double* x) {
      // Step slightly back along each axis and look for the crossing at x.
      const double eps = 1e-9 * scale;
      for (int a = 0; a < d; ++a)
        for (int dir : {1, -1}) {
          double y[3] = {x[0], d > 1 ? x[1] : 0.0, d > 2 ? x[2] : 0.0};
          y[a] -= dir * eps;
          if (!domain->contains(y)) continue;
          const geometry::GridLineHit h = domain->grid_line_distance(y, a, dir, 4 * eps);
          if (h.hit()) return h.part;
        }
      return 0;
    };
    p.normal_at = [domain, d, part_at = p.part_at](const double* x) {
      std::array<double, 3> n{0.0, 0.0, 0.0};
      domain->outward_normal(part_at(x), x, n.data());
      (void)d;
      return n;
    };
  }
  p.solver.choice = spec.reference.solver == "cg"       ? fd::SolverChoice::cg
                    : spec.reference.solver == "direct" ? fd::SolverChoice::direct
                                                        : fd::SolverChoice::automatic;
  p.solver.tolerance = spec.reference.tolerance;
  return p;
}

std::vector<double> fd_at_points(const fd::FdSolution& solution, const std::vector<double>& x) {
  const std::size_t d = static_cast<std::size_t>(solution.dim);
  std::vector<double> v(x.size() / d);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = fd::interpolate(solution, &x[i * d]);
  return v;
}

}  // namespace kanpde::solver
