#include "solver/fd/impl/EquationAssembly.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "common/Error.hpp"
#include "solver/expr/Diff.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"
#include "solver/fd/impl/DataJumps.hpp"
#include "solver/fd/impl/MixedDerivatives.hpp"

namespace kanpde::solver::fd::Impl {

namespace {

// Box grids: every node active; a node on a Dirichlet face takes the value of
// its first Dirichlet face (xmin xmax ymin ymax zmin zmax), any other node is
// an unknown (face nodes of Neumann, Robin and equation faces included).
FdSystem box_layout(const FdGrid& grid, const std::vector<Bc>& bcs, long& unknowns) {
  FdSystem s;
  s.grid = grid;
  s.box = true;
  s.unknown.assign(grid.nodes, -1);
  s.value.assign(grid.nodes, std::numeric_limits<double>::quiet_NaN());
  s.active.assign(grid.nodes, 1);
  unknowns = 0;
  int ijk[3];
  double x[3];
  for (std::size_t node = 0; node < grid.nodes; ++node) {
    grid.ijk(node, ijk);
    int face = -1;
    for (int a = 0; a < grid.dim && face < 0; ++a) {
      if (ijk[a] == 0 && bcs[std::size_t(2 * a)].dirichlet) face = 2 * a;
      if (face < 0 && ijk[a] == grid.n[a] && bcs[std::size_t(2 * a + 1)].dirichlet)
        face = 2 * a + 1;
    }
    if (face < 0) {
      s.unknown[node] = unknowns++;
      continue;
    }
    grid.point(ijk, x);
    s.value[node] = bcs[static_cast<std::size_t>(face)].value(x);
    KANPDE_REQUIRE(std::isfinite(s.value[node]), "fd: boundary value is not finite at ("
                                                     << x[0] << ", " << x[1] << ", " << x[2]
                                                     << ")");
  }
  KANPDE_REQUIRE(unknowns > 0, "fd: the grid has no interior node; refine it");
  return s;
}

// A first-difference stencil along one axis at grid index i of 0..n: central
// where both neighbours are on the grid, else the one-sided second-order
// formula (−3 u0 + 4 u1 − u2)/(2h) towards the inside. Offsets and weights.
int first_difference(int i, int n, double h, int* off, double* w) {
  if (i > 0 && i < n) {
    off[0] = -1, off[1] = 1, w[0] = -0.5 / h, w[1] = 0.5 / h;
    return 2;
  }
  const int s = i == 0 ? 1 : -1;
  off[0] = 0, off[1] = s, off[2] = 2 * s;
  w[0] = -1.5 * s / h, w[1] = 2.0 * s / h, w[2] = -0.5 * s / h;
  return 3;
}

}  // namespace

EquationSystem::EquationSystem(const FdProblem& p)
    : p_(p), eq_(*p.equation), bcs_(normal_forms(p)), bnd_(p, bcs_) {
  const FdGrid grid = make_grid(p);
  KANPDE_REQUIRE(eq_.dim() == grid.dim,
                 "fd: a " << eq_.dim() << "D equation on a " << grid.dim << "D grid");
  const int d = grid.dim;
  nc_ = eq_.jet_size();
  na_ = eq_.num_aux();
  const bool hessian = eq_.mode() == expr::JetMode::hessian;
  std::vector<long> cut_slot;
  std::vector<Cuts> cuts;
  if (p.contains) {
    EmbeddedNodes en = embedded_nodes(p, grid, bcs_);
    s_ = std::move(en.s);
    cut_slot = std::move(en.cut_slot);
    cuts = std::move(en.cuts);
    unknowns_ = en.unknowns;
  } else {
    s_ = box_layout(grid, bcs_, unknowns_);
  }
  const double h_min =
      std::min({grid.h[0], d > 1 ? grid.h[1] : grid.h[0], d > 2 ? grid.h[2] : grid.h[0]});

  start_.assign(1, 0);
  std::vector<double> xs;
  xu_.clear();
  int ijk[3];
  double x[3], xb[3];
  auto add_point = [&](long col, double known) {
    col_.push_back(col);
    known_.push_back(known);
    w_.resize(w_.size() + static_cast<std::size_t>(nc_), 0.0);
    return static_cast<long>(col_.size()) - 1;
  };
  auto weight = [&](long pt, int c) -> double& {
    return w_[static_cast<std::size_t>(pt * nc_ + c)];
  };
  std::vector<Neighbour> neighbours;
  auto node_point = [&](std::size_t q) {
    KANPDE_VERIFY(s_.unknown[q] >= 0 || std::isfinite(s_.value[q]),
                  "fd: internal error: a stencil reaches a node without a value");
    return s_.unknown[q] >= 0 ? add_point(s_.unknown[q], 0.0) : add_point(-1, s_.value[q]);
  };
  // Box ghosts: per ghost, its node's row, its face and the opposite point.
  struct Ghost {
    long row;
    int face;
  };
  std::vector<Ghost> ghosts;
  for (std::size_t node = 0; node < grid.nodes; ++node) {
    const long i = s_.unknown[node];
    if (i < 0) continue;
    grid.ijk(node, ijk);
    grid.point(ijk, x);
    for (int a = 0; a < 3; ++a) xu_.push_back(x[a]);
    for (int a = 0; a < d; ++a) xs.push_back(x[a]);
    const Cuts c =
        !cut_slot.empty() && cut_slot[node] >= 0 ? cuts[std::size_t(cut_slot[node])] : Cuts{};
    const long p0 = add_point(i, 0.0);
    weight(p0, 0) = 1.0;
    int nr = -1;  // the nearest cut on a part that is not Dirichlet
    for (int e = 0; e < 2 * d; ++e)
      if (c.theta[std::size_t(e)] >= 0 && !bcs_[std::size_t(c.part[std::size_t(e)])].dirichlet &&
          (nr < 0 || c.theta[std::size_t(e)] < c.theta[std::size_t(nr)]))
        nr = e;
    if (nr >= 0) {
      // The condition at the nearest cut point replaces the equation (first order).
      KANPDE_REQUIRE(p.normal_at,
                     "fd: a Neumann, Robin or equation part on a general domain needs normal_at");
      boundary_order_ = 1;
      embedded_cut_point(grid, ijk, nr, c.theta[std::size_t(nr)], xb);
      const std::array<double, 3> nrm = p.normal_at(xb);
      bool used = false;
      for (int a = 0; a < d; ++a) {
        double hs[2];
        long pts[2] = {-1, -1};
        for (int side = 0; side < 2; ++side) {
          const int e = 2 * a + side;
          const double th = c.theta[std::size_t(e)];
          if (th < 0) {
            hs[side] = grid.h[a];
            pts[side] = node_point(side ? node + grid.stride[a] : node - grid.stride[a]);
          } else if (bcs_[std::size_t(c.part[std::size_t(e)])].dirichlet) {
            double yb[3];
            embedded_cut_point(grid, ijk, e, th, yb);
            hs[side] = th * grid.h[a];
            pts[side] = add_point(-1, bcs_[std::size_t(c.part[std::size_t(e)])].value(yb));
          }
        }
        const bool normal = std::abs(nrm[std::size_t(a)]) > 1e-14;
        const int in = nrm[std::size_t(a)] > 0 ? 0 : 1;  // the inward side
        int one = -1;                                    // a one-sided difference
        if (normal && pts[in] >= 0)
          one = in;
        else if (!(pts[0] >= 0 && pts[1] >= 0))
          one = pts[0] >= 0 ? 0 : pts[1] >= 0 ? 1 : -1;
        if (normal && one >= 0) used = true;
        if (one >= 0) {
          const double sg = one ? 1.0 : -1.0;
          weight(pts[one], 1 + a) += sg / hs[one];
          weight(p0, 1 + a) -= sg / hs[one];
        } else if (pts[0] >= 0 && pts[1] >= 0) {
          const double hl = hs[0], hr = hs[1];
          weight(pts[1], 1 + a) += hl / (hr * (hl + hr));
          weight(pts[0], 1 + a) += -hr / (hl * (hl + hr));
          weight(p0, 1 + a) += (hr - hl) / (hl * hr);
        }
      }
      KANPDE_VERIFY(used, "fd: no inward neighbour for the boundary condition's row at ("
                              << x[0] << ", " << x[1] << ", " << x[2]
                              << "); the domain is too thin for the grid: refine it");
      brow_.push_back(bnd_.add(c.part[std::size_t(nr)], xb, nrm.data(), 1.0 / h_min));
      for (int e = 0; e < 2 * d; ++e) neighbours.push_back({-1, 0.0, {0.0, 0.0, 0.0}});
      start_.push_back(static_cast<long>(col_.size()));
      continue;
    }
    brow_.push_back(-1);
    for (int a = 0; a < d; ++a) {
      double hs[2];
      long pts[2];
      for (int side = 0; side < 2; ++side) {
        const int e = 2 * a + side;
        const bool face = !p.contains && ijk[a] == (side ? grid.n[a] : 0);
        std::copy_n(x, 3, xb);
        if (face) {  // a ghost beyond a Neumann, Robin or equation face
          hs[side] = grid.h[a];
          pts[side] = add_point(unknowns_ + long(ghosts.size()), 0.0);
          ghosts.push_back({i, e});
          xb[a] += side ? grid.h[a] : -grid.h[a];
        } else if (c.theta[std::size_t(e)] >= 0) {
          embedded_cut_point(grid, ijk, e, c.theta[std::size_t(e)], xb);
          hs[side] = c.theta[std::size_t(e)] * grid.h[a];
          pts[side] = add_point(-1, bcs_[std::size_t(c.part[std::size_t(e)])].value(xb));
        } else {
          hs[side] = grid.h[a];
          pts[side] = node_point(side ? node + grid.stride[a] : node - grid.stride[a]);
          xb[a] += side ? grid.h[a] : -grid.h[a];
        }
        neighbours.push_back({pts[side], hs[side], {xb[0], xb[1], xb[2]}});
      }
      if (!p.contains)
        for (int side = 0; side < 2; ++side)
          if (ijk[a] == (side ? grid.n[a] : 0)) mirror_.push_back(pts[1 - side]);
      const double hl = hs[0], hr = hs[1];
      // u_a and u_aa (see the header).
      weight(pts[1], 1 + a) += hl / (hr * (hl + hr));
      weight(pts[0], 1 + a) += -hr / (hl * (hl + hr));
      weight(p0, 1 + a) += (hr - hl) / (hl * hr);
      const int caa = hessian ? expr::hessian_index(d, a, a) : 1 + d;
      weight(pts[1], caa) += 2.0 / (hr * (hl + hr));
      weight(pts[0], caa) += 2.0 / (hl * (hl + hr));
      weight(p0, caa) += -2.0 / (hl * hr);
    }
    if (hessian && p.contains) {
      // Embedded grids: impl/MixedDerivatives.hpp, from the row's points so far.
      const long r1 = static_cast<long>(col_.size());
      for (int a = 0; a < d; ++a)
        for (int b = a + 1; b < d; ++b) {
          const MixedStencil m = mixed_stencil(p, s_, bcs_, node, x, a, b);
          KANPDE_REQUIRE(m.found, "fd: no point of the domain along the diagonals of the node at ("
                                      << x[0] << ", " << x[1] << ", " << x[2]
                                      << ") for the mixed derivative u_"
                                      << "xyz"[a] << "xyz"[b]
                                      << " (the domain is thinner than the grid there); refine it");
          if (m.one_sided) mixed_order_ = 1;
          const int cab = expr::hessian_index(d, a, b);
          const int comps[4] = {1 + a, 1 + b, expr::hessian_index(d, a, a),
                                expr::hessian_index(d, b, b)};
          for (long pt = p0; pt < r1; ++pt) {
            double v = 0.0;
            for (int k = 0; k < 4; ++k) v += m.row[std::size_t(k)] * weight(pt, comps[k]);
            weight(pt, cab) += v;
          }
          weight(p0, cab) += m.w0;
          for (const auto& sw : m.samples) {
            const long pt =
                sw.first.on_node ? node_point(sw.first.node) : add_point(-1, sw.first.value);
            weight(pt, cab) += sw.second;
          }
        }
    } else if (hessian) {
      for (int a = 0; a < d; ++a)
        for (int b = a + 1; b < d; ++b) {
          const int cab = expr::hessian_index(d, a, b);
          int oa[3], ob[3];
          double wa[3], wb[3];
          const int na = first_difference(ijk[a], grid.n[a], grid.h[a], oa, wa);
          const int nb = first_difference(ijk[b], grid.n[b], grid.h[b], ob, wb);
          for (int ka = 0; ka < na; ++ka)
            for (int kb = 0; kb < nb; ++kb) {
              const std::size_t q = std::size_t(long(node) + oa[ka] * long(grid.stride[a]) +
                                                ob[kb] * long(grid.stride[b]));
              KANPDE_ASSERT(s_.active[q] && (s_.unknown[q] >= 0 || std::isfinite(s_.value[q])),
                            "fd: a box node without its diagonal neighbours at ("
                                << x[0] << ", " << x[1] << ", " << x[2] << ")");
              weight(node_point(q), cab) += wa[ka] * wb[kb];
            }
        }
    }
    start_.push_back(static_cast<long>(col_.size()));
  }
  // The ghosts' rows: the condition of the ghost's face at its node, with the
  // node's u and grad u (the first 1 + dim jet components of the node's row).
  for (const Ghost& g : ghosts) {
    const long r0 = start_[std::size_t(g.row)], r1 = start_[std::size_t(g.row) + 1];
    for (long pt = r0; pt < r1; ++pt) {
      const long q = add_point(col_[std::size_t(pt)], known_[std::size_t(pt)]);
      for (int k = 0; k <= d; ++k) weight(q, k) = weight(pt, k);
    }
    start_.push_back(static_cast<long>(col_.size()));
    const double* xn = &xu_[std::size_t(g.row) * 3];
    for (int a = 0; a < 3; ++a) xu_.push_back(xn[a]);
    for (int a = 0; a < d; ++a) xs.push_back(xn[a]);
    double nrm[3] = {0.0, 0.0, 0.0};
    nrm[g.face / 2] = g.face % 2 ? 1.0 : -1.0;
    brow_.push_back(bnd_.add(g.face, xn, nrm, 1.0 / h_min));
  }
  rows_ = unknowns_ + long(ghosts.size());
  bnd_.finish();
  aux_ = eq_.tabulate(xs);
  if (!eq_.flux_terms().empty()) flux_form(neighbours);
}

bool EquationSystem::linear() const {
  bool lin = eq_.linear();
  for (std::size_t k = 0; k < bcs_.size(); ++k)
    lin = lin && (!bcs_[k].equation || p_.parts[k].equation->linear());
  return lin;
}

void EquationSystem::fill_ghosts(Eigen::VectorXd& U) const {
  for (std::size_t g = 0; g < mirror_.size(); ++g) {
    const long pt = mirror_[g], c = col_[std::size_t(pt)];
    U[unknowns_ + long(g)] = c >= 0 ? U[c] : known_[std::size_t(pt)];
  }
}

void EquationSystem::flux_form(const std::vector<Neighbour>& nb) {
  const int d = eq_.dim();
  // Outputs per term: k, then d(nodal)/d(jet component) (k is a field of x,
  // so the expansion is linear in the jet with coefficients of x).
  std::vector<expr::NodePtr> outs;
  for (const expr::FluxTerm& f : eq_.flux_terms()) {
    outs.push_back(f.k);
    for (int c = 0; c < nc_; ++c) outs.push_back(expr::diff(f.nodal, c));
  }
  const expr::Program prog = expr::Program::compile(outs);
  const std::size_t per = std::size_t(1 + nc_), nt = eq_.flux_terms().size();
  std::vector<double> xs;
  for (const Neighbour& n : nb)
    for (int a = 0; a < d; ++a) xs.push_back(n.x[a]);
  const std::vector<double> aux_nb = eq_.tabulate(xs);
  std::vector<double> in(std::size_t(nc_ + na_), 0.0), o0(outs.size()), on(outs.size()), scratch;
  auto eval_at = [&](const double* aux, std::vector<double>& out) {
    std::copy_n(aux, na_, in.begin() + nc_);
    prog.eval(in.data(), out.data(), scratch);
  };
  // Terms whose k reads u are evaluated with U (u_fluxes) when asked for,
  // else keep the nodal expansion; the others here.
  std::vector<std::size_t> xterms;
  for (std::size_t t = 0; t < nt; ++t)
    if (expr::diff(eq_.flux_terms()[t].k, 0)->is_const(0.0))
      xterms.push_back(t);
    else if (p_.u_flux_at_half_links)
      uterms_.push_back(t);
  if (xterms.empty() && uterms_.empty()) return;  // the nodal form, as without flux terms
  if (!uterms_.empty()) {
    std::vector<expr::NodePtr> uouts;
    for (std::size_t t : uterms_) {
      const expr::FluxTerm& f = eq_.flux_terms()[t];
      uouts.push_back(f.k);
      uouts.push_back(expr::diff(f.k, 0));
      uouts.push_back(f.nodal);
      for (int c = 0; c < nc_; ++c) uouts.push_back(expr::diff(f.nodal, c));
    }
    uprog_ = expr::Program::compile(uouts);
    nb_ = nb;
    aux_nb_ = aux_nb;
  }
  cw_.assign(col_.size(), 0.0);
  for (long i = 0; i < unknowns_; ++i) {
    if (brow_[std::size_t(i)] >= 0) continue;  // a condition's row
    eval_at(&aux_[std::size_t(i * na_)], o0);
    const long p0 = start_[std::size_t(i)];
    for (std::size_t t : xterms) {
      const double w = eq_.flux_terms()[t].weight;
      // minus the nodal expansion from the same stencils
      for (long pt = p0; pt < start_[std::size_t(i) + 1]; ++pt) {
        const double* wc = &w_[std::size_t(pt * nc_)];
        double v = 0.0;
        for (int c = 0; c < nc_; ++c) v += o0[t * per + 1 + std::size_t(c)] * wc[c];
        cw_[std::size_t(pt)] -= w * v;
      }
      // plus the fluxes through the half links
      for (int a = 0; a < d; ++a) {
        const Neighbour& L = nb[std::size_t(i * 2 * d + 2 * a)];
        const Neighbour& R = nb[std::size_t(i * 2 * d + 2 * a + 1)];
        for (const Neighbour* n : {&L, &R}) {
          eval_at(&aux_nb[std::size_t(n - nb.data()) * std::size_t(na_)], on);
          const double k0 = o0[t * per], kn = on[t * per];
          const double kh = k0 * kn > 0.0 ? 2.0 * k0 * kn / (k0 + kn) : 0.5 * (k0 + kn);
          const double g = w * 2.0 / (L.h + R.h) * kh / n->h;
          cw_[std::size_t(n->pt)] += g;
          cw_[std::size_t(p0)] -= g;
        }
      }
    }
  }
}

}  // namespace kanpde::solver::fd::Impl
