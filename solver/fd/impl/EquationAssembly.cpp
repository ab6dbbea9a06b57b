#include "solver/fd/impl/EquationAssembly.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "common/Error.hpp"
#include "solver/expr/Diff.hpp"
#include "solver/fd/impl/AssemblyTools.hpp"
#include "solver/fd/impl/DataJumps.hpp"

namespace kanpde::solver::fd::Impl {

namespace {

std::string part_name(const FdProblem& p, std::size_t part) {
  return part < p.part_names.size() ? "\"" + p.part_names[part] + "\""
                                    : "boundary part " + std::to_string(part);
}

// Box grids: every node active; a node on a face takes the value of its first
// Dirichlet face (all faces are Dirichlet here).
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
      if (ijk[a] == 0)
        face = 2 * a;
      else if (ijk[a] == grid.n[a])
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

}  // namespace

EquationSystem::EquationSystem(const FdProblem& p) : eq_(*p.equation) {
  const FdGrid grid = make_grid(p);
  const std::vector<Bc> bcs = normal_forms(p);
  for (std::size_t k = 0; k < bcs.size(); ++k)
    KANPDE_REQUIRE(bcs[k].dirichlet,
                   "fd: the finite-difference reference of a general equation "
                   "takes Dirichlet conditions only so far; "
                       << part_name(p, k) << " is Neumann or Robin");
  KANPDE_REQUIRE(eq_.dim() == grid.dim,
                 "fd: a " << eq_.dim() << "D equation on a " << grid.dim << "D grid");
  const int d = grid.dim;
  nc_ = eq_.jet_size();
  na_ = eq_.num_aux();
  const bool hessian = eq_.mode() == expr::JetMode::hessian;
  std::vector<long> cut_slot;
  std::vector<Cuts> cuts;
  if (p.contains) {
    EmbeddedNodes en = embedded_nodes(p, grid, bcs);
    s_ = std::move(en.s);
    cut_slot = std::move(en.cut_slot);
    cuts = std::move(en.cuts);
    unknowns_ = en.unknowns;
  } else {
    s_ = box_layout(grid, bcs, unknowns_);
  }

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
    for (int a = 0; a < d; ++a) {
      double hs[2];
      long pts[2];
      for (int side = 0; side < 2; ++side) {
        const int e = 2 * a + side;
        if (c.theta[std::size_t(e)] >= 0) {
          embedded_cut_point(grid, ijk, e, c.theta[std::size_t(e)], xb);
          hs[side] = c.theta[std::size_t(e)] * grid.h[a];
          pts[side] = add_point(-1, bcs[std::size_t(c.part[std::size_t(e)])].value(xb));
        } else {
          hs[side] = grid.h[a];
          pts[side] = node_point(side ? node + grid.stride[a] : node - grid.stride[a]);
          std::copy_n(x, 3, xb);
          xb[a] += side ? grid.h[a] : -grid.h[a];
        }
        neighbours.push_back({pts[side], hs[side], {xb[0], xb[1], xb[2]}});
      }
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
    if (hessian) {
      for (int a = 0; a < d; ++a)
        for (int b = a + 1; b < d; ++b) {
          const int cab = expr::hessian_index(d, a, b);
          for (int sa : {-1, 1})
            for (int sb : {-1, 1}) {
              const int ia = ijk[a] + sa, ib = ijk[b] + sb;
              KANPDE_REQUIRE(ia >= 0 && ia <= grid.n[a] && ib >= 0 && ib <= grid.n[b],
                             "fd: a mixed derivative at (" << x[0] << ", " << x[1] << ", " << x[2]
                                                           << ") needs a node off the grid");
              const std::size_t q =
                  std::size_t(long(node) + sa * long(grid.stride[a]) + sb * long(grid.stride[b]));
              KANPDE_REQUIRE(s_.active[q] && (s_.unknown[q] >= 0 || std::isfinite(s_.value[q])),
                             "fd: the mixed derivatives of this equation need the diagonal "
                             "neighbours of the node at ("
                                 << x[0] << ", " << x[1] << ", " << x[2]
                                 << ") in the domain; the finite-difference reference takes "
                                    "Hessian equations on boxes and away from curved "
                                    "boundaries only");
              weight(node_point(q), cab) += sa * sb / (4.0 * grid.h[a] * grid.h[b]);
            }
        }
    }
    start_.push_back(static_cast<long>(col_.size()));
  }
  aux_ = eq_.tabulate(xs);
  if (!eq_.flux_terms().empty()) flux_form(neighbours);
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
  cw_.assign(col_.size(), 0.0);
  for (long i = 0; i < unknowns_; ++i) {
    eval_at(&aux_[std::size_t(i * na_)], o0);
    const long p0 = start_[std::size_t(i)];
    for (std::size_t t = 0; t < nt; ++t) {
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

void EquationSystem::jet_at(long i, const Eigen::VectorXd& U, double* jet) const {
  std::fill(jet, jet + nc_, 0.0);
  for (long pt = start_[std::size_t(i)]; pt < start_[std::size_t(i) + 1]; ++pt) {
    const long c = col_[std::size_t(pt)];
    const double v = c >= 0 ? U[c] : known_[std::size_t(pt)];
    const double* w = &w_[std::size_t(pt * nc_)];
    for (int k = 0; k < nc_; ++k) jet[k] += w[k] * v;
  }
}

void EquationSystem::evaluate(const Eigen::VectorXd& U, Eigen::VectorXd& F, RowMatrix* J) const {
  F.resize(unknowns_);
  std::vector<double> in(std::size_t(nc_ + na_)), out(std::size_t(1 + nc_)), scratch;
  std::vector<Eigen::Triplet<double, int>> t;
  if (J) t.reserve(std::size_t(start_.back()));
  for (long i = 0; i < unknowns_; ++i) {
    jet_at(i, U, in.data());
    std::copy_n(aux_.begin() + i * na_, na_, in.begin() + nc_);
    eq_.program().eval(in.data(), out.data(), scratch);
    F[i] = out[0];
    if (!cw_.empty())
      for (long pt = start_[std::size_t(i)]; pt < start_[std::size_t(i) + 1]; ++pt) {
        const long c = col_[std::size_t(pt)];
        F[i] += cw_[std::size_t(pt)] * (c >= 0 ? U[c] : known_[std::size_t(pt)]);
      }
    if (!J) continue;
    for (long pt = start_[std::size_t(i)]; pt < start_[std::size_t(i) + 1]; ++pt) {
      const long c = col_[std::size_t(pt)];
      if (c < 0) continue;
      const double* w = &w_[std::size_t(pt * nc_)];
      double v = 0.0;
      for (int k = 0; k < nc_; ++k) v += out[std::size_t(1 + k)] * w[k];
      if (!cw_.empty()) v += cw_[std::size_t(pt)];
      t.emplace_back(int(i), int(c), v);
    }
  }
  if (J) {
    J->resize(unknowns_, unknowns_);
    J->setFromTriplets(t.begin(), t.end());
  }
}

double EquationSystem::peclet(const Eigen::VectorXd& U) const {
  const int d = eq_.dim();
  const bool hessian = eq_.mode() == expr::JetMode::hessian;
  std::vector<double> in(std::size_t(nc_ + na_)), out(std::size_t(1 + nc_)), scratch;
  double pe = 0.0;
  for (long i = 0; i < unknowns_; ++i) {
    jet_at(i, U, in.data());
    std::copy_n(aux_.begin() + i * na_, na_, in.begin() + nc_);
    eq_.program().eval(in.data(), out.data(), scratch);
    for (int a = 0; a < d; ++a) {
      const double b = std::abs(out[std::size_t(2 + a)]);
      const double k =
          std::abs(out[std::size_t(1 + (hessian ? expr::hessian_index(d, a, a) : 1 + d))]);
      if (b > 0.0 && k > 0.0) pe = std::max(pe, b * s_.grid.h[a] / (2.0 * k));
    }
  }
  return pe;
}

std::vector<std::string> EquationSystem::data_jumps(std::size_t max_notes) const {
  const FdGrid& g = s_.grid;
  const int d = g.dim;
  const std::vector<std::string> names = eq_.input_names();
  // Output m of the program at u = 0 as a function of x.
  std::vector<double> in(std::size_t(nc_ + na_), 0.0), out(std::size_t(1 + nc_)), scratch;
  auto at_aux = [&](const double* aux, int m) {
    std::fill(in.begin(), in.begin() + nc_, 0.0);
    std::copy_n(aux, na_, in.begin() + nc_);
    eq_.program().eval(in.data(), out.data(), scratch);
    return out[std::size_t(m)];
  };
  std::vector<std::pair<double, std::string>> found;
  std::vector<double> fv(g.nodes, 0.0);
  FdSystem links = s_;  // links between unknown nodes only
  for (std::size_t n = 0; n < g.nodes; ++n) links.active[n] = s_.unknown[n] >= 0 ? 1 : 0;
  for (int m = 0; m <= nc_; ++m) {
    double lo = 0.0, hi = 0.0;
    for (std::size_t n = 0; n < g.nodes; ++n) {
      const long i = s_.unknown[n];
      if (i < 0) continue;
      fv[n] = at_aux(&aux_[std::size_t(i * na_)], m);
      lo = std::min(lo, fv[n]);
      hi = std::max(hi, fv[n]);
    }
    if (!(hi > lo)) continue;
    const auto F = [&](const double* x) {
      const std::vector<double> aux = eq_.tabulate(std::vector<double>(x, x + d));
      return at_aux(aux.data(), m);
    };
    double size = 0.0;
    std::string where;
    if (!find_field_jump(links, fv, F, size, where)) continue;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3g", size);
    const std::string what = m == 0 ? "the equation's source terms jump"
                                    : "the coefficient of " + names[std::size_t(m - 1)] + " jumps";
    found.emplace_back(size, what + " by " + buf + " near " + where);
  }
  std::sort(found.begin(), found.end(),
            [](const auto& x, const auto& y) { return x.first > y.first; });
  std::vector<std::string> notes;
  for (std::size_t k = 0; k < found.size() && k < max_notes; ++k) notes.push_back(found[k].second);
  return notes;
}

}  // namespace kanpde::solver::fd::Impl
