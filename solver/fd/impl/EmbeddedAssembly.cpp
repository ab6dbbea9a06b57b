// General domains on the box grid. A node is active when contains(x). Along each
// axis direction, the link to the neighbour is cut when the boundary lies closer
// than h (boundary_distance), or the neighbour is outside or off the grid; the
// cut sits at theta·h with 0 ≤ theta ≤ 1.
//
// Dirichlet cuts: Shortley–Weller,
//   -u_xx ≈ 2/(hl hr) u0 - 2/(hl (hl+hr)) uL - 2/(hr (hl+hr)) uR,
// with the boundary value g at the cut in place of the missing neighbour
// (truncation O(h) at those nodes, O(h²) global error). A node closer to a
// Dirichlet cut than theta_snap = 1e-3/n (i.e. within 1e-3 h²/L of the
// boundary) takes the boundary value g at the cut itself (an O(h²) perturbation
// three orders below the discretisation error), which keeps the matrix entries
// bounded by O(1e3 n/h²) and the nodes on the boundary out of the unknowns.
//
// Nodes on the boundary: a node that lies on a Dirichlet part takes its value
// even when no grid line leaves the domain there. A re-entrant corner on a node
// (the L-shape's origin) has all its axis neighbours in the closed domain, so
// no cut is found; such a node is recognised by a point of the outside among
// the offsets x + 1e-7 h s (s in {-1, 0, 1}^dim, not 0), tested only where one
// of its 3^dim grid neighbours is inactive or off the grid. It takes the value
// of the Dirichlet part part_at(x) names there; on a Neumann or Robin part it
// keeps its row.
//
// Neumann/Robin cuts (first order): the node's equation is replaced by the
// boundary condition at the nearest cut point xb with normal n, with one-sided
// differences towards the inside:  sum_a |n_a| (u0 - u_in,a)/h_a + alpha u0 = s g(xb).

#include <cmath>
#include <limits>

#include "common/Error.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"

namespace kanpde::solver::fd::Impl {

EmbeddedNodes embedded_nodes(const FdProblem& p, const FdGrid& grid, const std::vector<Bc>& bcs) {
  const int dim = grid.dim;
  EmbeddedNodes out;
  FdSystem& s = out.s;
  std::vector<long>& cut_slot = out.cut_slot;
  std::vector<Cuts>& cuts = out.cuts;
  s.grid = grid;
  s.unknown.assign(grid.nodes, -1);
  s.value.assign(grid.nodes, std::numeric_limits<double>::quiet_NaN());
  s.active.assign(grid.nodes, 0);
  int ijk[3];
  double x[3], xb[3];
  for (std::size_t node = 0; node < grid.nodes; ++node) {
    grid.ijk(node, ijk);
    grid.point(ijk, x);
    s.active[node] = p.contains(x) ? 1 : 0;
  }
  auto part_of = [&](const double* y) {
    const int part = p.part_at(y);
    KANPDE_REQUIRE(part >= 0 && static_cast<std::size_t>(part) < bcs.size(),
                   "fd: part_at returned " << part << " at (" << y[0] << ", " << y[1] << ", "
                                           << y[2] << "); the problem has " << bcs.size()
                                           << " boundary parts");
    return part;
  };
  auto cut_point = [&](const int* ij, int e, double theta, double* y) {
    embedded_cut_point(grid, ij, e, theta, y);
  };

  // Offsets s in {-1, 0, 1}^dim (0 on missing axes), numbered q < 3^dim.
  const int blocks = dim == 1 ? 3 : dim == 2 ? 9 : 27;
  auto offset = [dim](int q, int* o) {
    for (int a = 0; a < 3; ++a, q /= 3) o[a] = a < dim ? q % 3 - 1 : 0;
  };
  // A neighbour within the 3^dim block around ijk that is inactive or off the grid.
  auto near_outside = [&](const int* ij) {
    for (int q = 0; q < blocks; ++q) {
      int o[3], n[3] = {ij[0], ij[1], ij[2]};
      offset(q, o);
      bool off = false;
      for (int a = 0; a < dim; ++a) {
        n[a] += o[a];
        off = off || n[a] < 0 || n[a] > grid.n[a];
      }
      if (off) return true;
      const std::size_t m = static_cast<std::size_t>(n[0]) + grid.stride[1] * n[1] +
                            grid.stride[2] * static_cast<std::size_t>(n[2]);
      if (!s.active[m]) return true;
    }
    return false;
  };
  auto on_boundary = [&](const double* y) {
    for (int q = 0; q < blocks; ++q) {
      int o[3];
      offset(q, o);
      if (o[0] == 0 && o[1] == 0 && o[2] == 0) continue;
      double z[3] = {y[0], y[1], y[2]};
      for (int a = 0; a < dim; ++a) z[a] += 1e-7 * grid.h[a] * o[a];
      if (!p.contains(z)) return true;
    }
    return false;
  };

  // Pass 1: cuts, snapped Dirichlet nodes, numbering of the unknowns.
  cut_slot.assign(grid.nodes, -1);
  long unknowns = 0;
  bool any_dirichlet = false;
  for (std::size_t node = 0; node < grid.nodes; ++node) {
    if (!s.active[node]) continue;
    grid.ijk(node, ijk);
    grid.point(ijk, x);
    Cuts c;
    bool cut = false;
    int snap_e = -1;
    for (int e = 0; e < 2 * dim; ++e) {
      const int a = e / 2, dir = e % 2 ? 1 : -1;
      const bool on_grid = ijk[a] + dir >= 0 && ijk[a] + dir <= grid.n[a];
      const double d = p.boundary_distance(x, a, dir);
      KANPDE_REQUIRE(!std::isnan(d), "fd: boundary_distance is NaN at node " << node);
      const bool neighbour_in =
          on_grid && s.active[dir > 0 ? node + grid.stride[a] : node - grid.stride[a]];
      if (neighbour_in && d >= grid.h[a] * (1.0 - 1e-9)) continue;
      cut = true;
      c.theta[e] = std::min(std::max(d / grid.h[a], 0.0), 1.0);
      cut_point(ijk, e, c.theta[e], xb);
      c.part[e] = part_of(xb);
      const bool dirichlet = bcs[c.part[e]].dirichlet;
      any_dirichlet = any_dirichlet || dirichlet;
      if (dirichlet) s.dirichlet_samples.push_back({node, c.part[e], {xb[0], xb[1], xb[2]}});
      if (dirichlet && c.theta[e] < 1e-3 / grid.n[a] &&
          (snap_e < 0 || c.theta[e] < c.theta[snap_e]))
        snap_e = e;
    }
    if (snap_e >= 0) {
      cut_point(ijk, snap_e, c.theta[snap_e], xb);
      s.value[node] = bcs[c.part[snap_e]].value(xb);
      KANPDE_REQUIRE(std::isfinite(s.value[node]), "fd: boundary value is not finite");
      continue;
    }
    if (near_outside(ijk) && on_boundary(x)) {
      const int part = part_of(x);
      if (bcs[part].dirichlet) {
        s.dirichlet_samples.push_back({node, part, {x[0], x[1], x[2]}});
        s.value[node] = bcs[part].value(x);
        KANPDE_REQUIRE(std::isfinite(s.value[node]), "fd: boundary value is not finite");
        any_dirichlet = true;
        ++s.boundary_nodes;
        continue;
      }
    }
    s.unknown[node] = unknowns++;
    if (cut) {
      cut_slot[node] = static_cast<long>(cuts.size());
      cuts.push_back(c);
    }
  }
  KANPDE_REQUIRE(unknowns > 0, "fd: no grid node lies inside the domain; refine the grid");
  out.unknowns = unknowns;
  out.any_dirichlet = any_dirichlet;
  return out;
}

FdSystem assemble_embedded(const FdProblem& p, const FdGrid& grid) {
  const std::vector<Bc> bcs = normal_forms(p);
  const int dim = grid.dim;
  EmbeddedNodes nodes = embedded_nodes(p, grid, bcs);
  FdSystem s = std::move(nodes.s);
  const std::vector<long>& cut_slot = nodes.cut_slot;
  const std::vector<Cuts>& cuts = nodes.cuts;
  const long unknowns = nodes.unknowns;
  const bool any_dirichlet = nodes.any_dirichlet;
  int ijk[3];
  double x[3], xb[3];
  auto cut_point = [&](const int* ij, int e, double theta, double* y) {
    embedded_cut_point(grid, ij, e, theta, y);
  };

  // Pass 2: rows.
  s.A.resize(unknowns, unknowns);
  s.A.reserve(static_cast<long>(unknowns) * (2 * dim + 1));
  s.b.resize(unknowns);
  s.weight.assign(static_cast<std::size_t>(unknowns), 1.0);
  const double h_min =
      std::min({grid.h[0], dim > 1 ? grid.h[1] : grid.h[0], dim > 2 ? grid.h[2] : grid.h[0]});
  bool any_robin = false, first_order = false;
  double rhs_scale = 0.0;
  Row row;
  for (std::size_t node = 0; node < grid.nodes; ++node) {
    const long r = s.unknown[node];
    if (r < 0) continue;
    grid.ijk(node, ijk);
    grid.point(ijk, x);
    const Cuts c = cut_slot[node] >= 0 ? cuts[cut_slot[node]] : Cuts{};
    row.clear();
    double diag = 0.0, rhs = 0.0;
    auto neighbour = [&](std::size_t q, double coef) {
      if (s.unknown[q] >= 0)
        row.add(s.unknown[q], coef);
      else
        rhs -= coef * s.value[q];
    };
    int nr = -1;  // nearest Neumann/Robin cut
    for (int e = 0; e < 2 * dim; ++e)
      if (c.theta[e] >= 0 && !bcs[c.part[e]].dirichlet && (nr < 0 || c.theta[e] < c.theta[nr]))
        nr = e;
    if (nr >= 0) {
      KANPDE_REQUIRE(p.normal_at,
                     "fd: a Neumann or Robin part on a general domain needs normal_at");
      first_order = true;
      cut_point(ijk, nr, c.theta[nr], xb);
      const Bc& bc = bcs[c.part[nr]];
      const std::array<double, 3> nrm = p.normal_at(xb);
      diag = bc.alpha;
      any_robin = any_robin || bc.alpha != 0.0;
      rhs = bc.value(xb);
      bool used = false;
      for (int a = 0; a < dim; ++a) {
        const double na = std::abs(nrm[a]);
        if (!(na > 1e-14)) continue;
        const int in = nrm[a] > 0 ? -1 : 1, e = 2 * a + (in > 0 ? 1 : 0);
        if (c.theta[e] < 0) {
          diag += na / grid.h[a];
          neighbour(in > 0 ? node + grid.stride[a] : node - grid.stride[a], -na / grid.h[a]);
          used = true;
        } else if (bcs[c.part[e]].dirichlet) {
          double yb[3];
          cut_point(ijk, e, c.theta[e], yb);
          const double hd = c.theta[e] * grid.h[a];
          diag += na / hd;
          rhs += na * bcs[c.part[e]].value(yb) / hd;
          used = true;
        }
      }
      KANPDE_VERIFY(used, "fd: no inward neighbour for the Neumann/Robin row at ("
                              << x[0] << ", " << x[1] << ", " << x[2]
                              << "); the domain is too thin for the grid: refine it");
      row.add(r, diag);
      row.scale(h_min > 0 ? 1.0 / h_min : 1.0);
      rhs /= h_min;
    } else {
      diag = p.c;
      rhs = eval(p.f, x);
      for (int a = 0; a < dim; ++a) {
        const double h = grid.h[a];
        const double hl = c.theta[2 * a] >= 0 ? c.theta[2 * a] * h : h;
        const double hr = c.theta[2 * a + 1] >= 0 ? c.theta[2 * a + 1] * h : h;
        diag += 2.0 / (hl * hr);
        for (int e = 2 * a; e <= 2 * a + 1; ++e) {
          const double hs = e % 2 ? hr : hl;
          const double coef = -2.0 / (hs * (hl + hr));
          if (c.theta[e] >= 0) {
            cut_point(ijk, e, c.theta[e], xb);
            rhs -= coef * bcs[c.part[e]].value(xb);
          } else {
            neighbour(e % 2 ? node + grid.stride[a] : node - grid.stride[a], coef);
          }
        }
      }
      row.add(r, diag);
    }
    KANPDE_REQUIRE(std::isfinite(rhs), "fd: non-finite source or boundary value at ("
                                           << x[0] << ", " << x[1] << ", " << x[2] << ")");
    row.emit(s.A, r);
    s.b[r] = rhs;
    rhs_scale += std::abs(rhs);
  }
  s.A.finalize();
  s.rhs_scale = rhs_scale;
  s.pure_neumann = !any_dirichlet && !any_robin && p.c == 0.0;
  s.boundary_order = first_order ? 1 : 2;
  const RowMatrix At = s.A.transpose();
  s.symmetric = (s.A - At).norm() == 0.0;
  return s;
}

}  // namespace kanpde::solver::fd::Impl
