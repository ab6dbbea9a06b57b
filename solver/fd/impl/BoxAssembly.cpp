// Box domains: every node of the grid is in the domain. Dirichlet face nodes
// carry known values and are eliminated; Neumann and Robin face nodes are
// unknowns whose equation uses a ghost node, u_ghost = u_inner + 2h (s g - alpha u),
// from the central difference of ∂u/∂n (second order). Each row of a node on k
// Neumann/Robin faces is scaled by 2^-k, which makes A symmetric (these are the
// trapezoid weights of the node).

#include <cmath>
#include <limits>

#include "common/Error.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"

namespace kanpde::solver::fd::Impl {

FdSystem assemble_box(const FdProblem& p, const FdGrid& grid) {
  const std::vector<Bc> bcs = normal_forms(p);
  const int dim = grid.dim;
  FdSystem s;
  s.grid = grid;
  s.unknown.assign(grid.nodes, -1);
  s.value.assign(grid.nodes, std::numeric_limits<double>::quiet_NaN());
  s.active.assign(grid.nodes, 1);

  // Pass 1: Dirichlet nodes (the first Dirichlet face in the order xmin xmax
  // ymin ... gives the value at edges and corners) and numbering of unknowns.
  long unknowns = 0;
  bool any_dirichlet = false;
  int ijk[3];
  double x[3];
  for (std::size_t node = 0; node < grid.nodes; ++node) {
    grid.ijk(node, ijk);
    int face = -1;
    for (int a = 0; a < dim && face < 0; ++a) {
      if (ijk[a] == 0 && bcs[2 * a].dirichlet) face = 2 * a;
      if (face < 0 && ijk[a] == grid.n[a] && bcs[2 * a + 1].dirichlet) face = 2 * a + 1;
    }
    if (face >= 0) {
      grid.point(ijk, x);
      s.value[node] = bcs[face].value(x);
      KANPDE_REQUIRE(std::isfinite(s.value[node]),
                     "fd: boundary value on face " << face << " is not finite at node " << node);
      any_dirichlet = true;
    } else {
      s.unknown[node] = unknowns++;
    }
  }
  bool any_robin = false;
  for (int f = 0; f < 2 * dim; ++f)
    any_robin = any_robin || (!bcs[f].dirichlet && bcs[f].alpha != 0.0);
  s.pure_neumann = !any_dirichlet && !any_robin && p.c == 0.0;
  s.symmetric = true;
  s.box = true;
  s.boundary_order = 2;

  // Pass 2: one row per unknown, in node order (so columns come sorted).
  s.A.resize(unknowns, unknowns);
  s.A.reserve(static_cast<long>(unknowns) * (2 * dim + 1));
  s.b.resize(unknowns);
  s.weight.resize(static_cast<std::size_t>(unknowns));
  double rhs_scale = 0.0;
  Row row;
  for (std::size_t node = 0; node < grid.nodes; ++node) {
    const long r = s.unknown[node];
    if (r < 0) continue;
    grid.ijk(node, ijk);
    grid.point(ijk, x);
    row.clear();
    double w = 1.0;
    const double fx = eval(p.f, x);
    double rhs = fx;
    double rhs_abs = std::abs(fx);
    double diag = p.c;
    auto neighbour = [&](std::size_t q, double coef) {  // coef: entry of A before scaling
      if (s.unknown[q] >= 0) {
        row.add(s.unknown[q], coef);
      } else {
        rhs -= coef * s.value[q];
        rhs_abs += std::abs(coef * s.value[q]);
      }
    };
    for (int a = 0; a < dim; ++a) {
      const double ih2 = 1.0 / (grid.h[a] * grid.h[a]);
      const std::size_t st = grid.stride[a];
      const bool low = ijk[a] == 0, high = ijk[a] == grid.n[a];
      diag += 2.0 * ih2;
      if (!low && !high) {
        neighbour(node - st, -ih2);
        neighbour(node + st, -ih2);
        continue;
      }
      const Bc& bc = bcs[2 * a + (high ? 1 : 0)];  // Neumann or Robin (Dirichlet nodes are known)
      w *= 0.5;
      neighbour(high ? node - st : node + st, -2.0 * ih2);
      diag += 2.0 * bc.alpha / grid.h[a];
      const double gb = 2.0 * bc.value(x) / grid.h[a];
      KANPDE_REQUIRE(std::isfinite(gb),
                     "fd: boundary value on face " << 2 * a + (high ? 1 : 0) << " is not finite");
      rhs += gb;
      rhs_abs += std::abs(gb);
    }
    row.add(r, diag);
    row.scale(w);
    row.emit(s.A, r);
    s.b[r] = w * rhs;
    s.weight[static_cast<std::size_t>(r)] = w;
    rhs_scale += w * rhs_abs;
    KANPDE_REQUIRE(std::isfinite(s.b[r]), "fd: the source f is not finite at ("
                                              << x[0] << ", " << x[1] << ", " << x[2] << ")");
  }
  s.A.finalize();
  s.rhs_scale = rhs_scale;
  return s;
}

}  // namespace kanpde::solver::fd::Impl
