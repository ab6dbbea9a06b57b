// Flux terms w·div(k grad u) whose k reads u (impl/EquationAssembly.hpp): the
// nodal expansion of the term is replaced by
//   w Σ_links 2/(hl + hr) · k_half (un − u0)/hn,
//   k_half = H(k(ū, x0), k(ū, xn)),  ū = (u0 + un)/2,
// H the harmonic mean (the arithmetic one where the two differ in sign), so
// a k of u alone is k at the half link's average of u, and a k of x alone
// would give the x-only flux form's harmonic mean. The Jacobian is exact:
//   d/dun = c (k_half + ½ dk_half/dū (un − u0)),
//   d/du0 = c (−k_half + ½ dk_half/dū (un − u0)),
// with dk_half/dū = H_a k_u(ū, x0) + H_b k_u(ū, xn).

#include <algorithm>

#include "solver/fd/impl/EquationAssembly.hpp"

namespace kanpde::solver::fd::Impl {

void EquationSystem::u_fluxes(long i, const Eigen::VectorXd& U, const double* in, double& Fi,
                              std::vector<Eigen::Triplet<double, int>>* t) const {
  const int d = eq_.dim();
  const std::size_t per = std::size_t(3 + nc_), nu = uterms_.size();
  fo0_.resize(per * nu);
  fon_.resize(per * nu);
  fin_.assign(std::size_t(nc_ + na_), 0.0);
  auto val = [&](long pt) {
    const long c = col_[std::size_t(pt)];
    return c >= 0 ? U[c] : known_[std::size_t(pt)];
  };
  // The nodal expansions and their partials at the row's jet.
  uprog_.eval(in, fo0_.data(), fscratch_);
  const long p0 = start_[std::size_t(i)], p1 = start_[std::size_t(i) + 1];
  const double u0 = val(p0);
  const double* aux0 = &aux_[std::size_t(i * na_)];
  // k and dk/du of every u-term at (ub, aux): into out.
  std::vector<double> ka(per * nu), kb(per * nu);
  auto k_at = [&](double ub, const double* aux, std::vector<double>& out) {
    std::fill(fin_.begin(), fin_.begin() + nc_, 0.0);
    fin_[0] = ub;
    std::copy_n(aux, na_, fin_.begin() + nc_);
    uprog_.eval(fin_.data(), out.data(), fscratch_);
  };
  for (std::size_t m = 0; m < nu; ++m) {
    const double w = eq_.flux_terms()[uterms_[m]].weight;
    Fi -= w * fo0_[m * per + 2];
    if (t)
      for (long pt = p0; pt < p1; ++pt) {
        const long c = col_[std::size_t(pt)];
        if (c < 0) continue;
        const double* wc = &w_[std::size_t(pt * nc_)];
        double v = 0.0;
        for (int k = 0; k < nc_; ++k) v += fo0_[m * per + 3 + std::size_t(k)] * wc[k];
        t->emplace_back(int(i), int(c), -w * v);
      }
  }
  for (int a = 0; a < d; ++a) {
    const Neighbour& L = nb_[std::size_t(i * 2 * d + 2 * a)];
    const Neighbour& R = nb_[std::size_t(i * 2 * d + 2 * a + 1)];
    for (const Neighbour* n : {&L, &R}) {
      const double un = val(n->pt), ub = 0.5 * (u0 + un);
      k_at(ub, aux0, ka);
      k_at(ub, &aux_nb_[std::size_t(n - nb_.data()) * std::size_t(na_)], kb);
      for (std::size_t m = 0; m < nu; ++m) {
        const double w = eq_.flux_terms()[uterms_[m]].weight;
        const double k0 = ka[m * per], kn = kb[m * per];
        double H = 0.5 * (k0 + kn), Ha = 0.5, Hb = 0.5;
        if (k0 * kn > 0.0) {
          const double s = k0 + kn;
          H = 2.0 * k0 * kn / s;
          Ha = 2.0 * kn * kn / (s * s);
          Hb = 2.0 * k0 * k0 / (s * s);
        }
        const double c = w * 2.0 / (L.h + R.h) / n->h;
        Fi += c * H * (un - u0);
        if (!t) continue;
        const double dH = Ha * ka[m * per + 1] + Hb * kb[m * per + 1];
        const long cn = col_[std::size_t(n->pt)], c0 = col_[std::size_t(p0)];
        if (cn >= 0) t->emplace_back(int(i), int(cn), c * (H + 0.5 * dH * (un - u0)));
        if (c0 >= 0) t->emplace_back(int(i), int(c0), c * (-H + 0.5 * dH * (un - u0)));
      }
    }
  }
}

}  // namespace kanpde::solver::fd::Impl
