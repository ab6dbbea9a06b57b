// The nodal residuals of a general equation's finite differences, their
// Jacobian, and the report's Péclet number and data jumps
// (impl/EquationAssembly.hpp).

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/Error.hpp"
#include "solver/fd/impl/DataJumps.hpp"
#include "solver/fd/impl/EquationAssembly.hpp"

namespace kanpde::solver::fd::Impl {

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
  F.resize(rows_);
  std::vector<double> in(std::size_t(nc_ + na_)), out(std::size_t(1 + nc_)), scratch;
  std::vector<double> bout(std::size_t(2 + eq_.dim()));
  std::vector<Eigen::Triplet<double, int>> t;
  if (J) t.reserve(std::size_t(start_.back()));
  for (long i = 0; i < rows_; ++i) {
    jet_at(i, U, in.data());
    if (brow_[std::size_t(i)] >= 0) {  // a boundary condition's row: jet [u, grad u]
      const int m = eq_.dim() + 1;
      bnd_.eval(brow_[std::size_t(i)], in.data(), bout.data());
      F[i] = bout[0];
      if (!J) continue;
      for (long pt = start_[std::size_t(i)]; pt < start_[std::size_t(i) + 1]; ++pt) {
        const long c = col_[std::size_t(pt)];
        if (c < 0) continue;
        const double* w = &w_[std::size_t(pt * nc_)];
        double v = 0.0;
        for (int k = 0; k < m; ++k) v += bout[std::size_t(1 + k)] * w[k];
        t.emplace_back(int(i), int(c), v);
      }
      continue;
    }
    std::copy_n(aux_.begin() + i * na_, na_, in.begin() + nc_);
    eq_.program().eval(in.data(), out.data(), scratch);
    F[i] = out[0];
    if (!cw_.empty())
      for (long pt = start_[std::size_t(i)]; pt < start_[std::size_t(i) + 1]; ++pt) {
        const long c = col_[std::size_t(pt)];
        F[i] += cw_[std::size_t(pt)] * (c >= 0 ? U[c] : known_[std::size_t(pt)]);
      }
    if (!uterms_.empty()) u_fluxes(i, U, in.data(), F[i], J ? &t : nullptr);
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
    J->resize(rows_, rows_);
    J->setFromTriplets(t.begin(), t.end());
  }
}

double EquationSystem::peclet(const Eigen::VectorXd& U) const {
  const int d = eq_.dim();
  const bool hessian = eq_.mode() == expr::JetMode::hessian;
  std::vector<double> in(std::size_t(nc_ + na_)), out(std::size_t(1 + nc_)), scratch;
  double pe = 0.0;
  for (long i = 0; i < unknowns_; ++i) {
    if (brow_[std::size_t(i)] >= 0) continue;  // a boundary condition's row
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
