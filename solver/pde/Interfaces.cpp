#include "solver/pde/Interfaces.hpp"

#include <cmath>

#include "common/Error.hpp"
#include "geometry/Samplers.hpp"
#include "solver/expr/Tree.hpp"
#include "solver/pde/TrialFunction.hpp"

namespace kanpde::solver {

InterfaceSet::InterfaceSet(const std::vector<std::string>& level_sets, int dim) : dim_(dim) {
  for (const std::string& t : level_sets) phi_.push_back(expr::Field::compile(t, dim));
}

void InterfaceSet::jet(int i, const double* x, double* out) const {
  phi_[static_cast<std::size_t>(i)].jet(x, out);
}

std::vector<double> InterfaceSet::kink_jets(const std::vector<double>& x,
                                            const std::vector<double>& d) const {
  const std::size_t dim = static_cast<std::size_t>(dim_), nc = dim + 2;
  const std::size_t n = x.size() / dim, m = phi_.size();
  KANPDE_REQUIRE(d.empty() || d.size() == n * nc,
                 "interfaces: " << d.size() << " distance jets for " << n << " points");
  std::vector<double> out(n * m * nc), pj(1 + dim + dim * dim), a(nc), one(nc, 0.0), zero(nc, 0.0);
  one[0] = 1.0;
  for (std::size_t p = 0; p < n; ++p) {
    const double* dp = d.empty() ? one.data() : &d[p * nc];
    for (std::size_t i = 0; i < m; ++i) {
      phi_[i].jet(&x[p * dim], pj.data());
      // |phi|: sign(phi) times phi's jet (phi = 0 exactly: the + side).
      const double sg = pj[0] < 0 ? -1.0 : 1.0;
      a[0] = sg * pj[0];
      double lap = 0.0;
      for (std::size_t b = 0; b < dim; ++b) {
        a[1 + b] = sg * pj[1 + b];
        lap += pj[1 + dim + b * dim + b];
      }
      a[dim + 1] = sg * lap;
      trial_compose_laplacian(dim_, zero.data(), dp, a.data(), &out[(p * m + i) * nc]);
    }
  }
  return out;
}

bool InterfaceSet::project(int i, double* x, double tol, int max_iter) const {
  const std::size_t dim = static_cast<std::size_t>(dim_);
  std::vector<double> pj(1 + dim + dim * dim);
  for (int it = 0; it <= max_iter; ++it) {
    jet(i, x, pj.data());
    double g2 = 0.0;
    for (std::size_t b = 0; b < dim; ++b) g2 += pj[1 + b] * pj[1 + b];
    if (!(g2 > 0.0) || !std::isfinite(pj[0])) return false;
    if (std::abs(pj[0]) <= tol * std::sqrt(g2)) return true;
    if (it == max_iter) break;
    for (std::size_t b = 0; b < dim; ++b) x[b] -= pj[0] * pj[1 + b] / g2;
  }
  return false;
}

void InterfaceSet::sample(int i, const geometry::Domain& domain, std::size_t n, std::uint64_t seed,
                          std::vector<double>& x, std::vector<double>& normals) const {
  const std::size_t dim = static_cast<std::size_t>(dim_);
  x.clear();
  normals.clear();
  const geometry::BoundingBox bb = domain.bounding_box();
  double scale = 0.0;
  for (int a = 0; a < dim_; ++a) scale = std::max(scale, bb.extent(a));
  geometry::SamplerOptions o;
  o.seed = seed;
  // Four candidates per point: projections that leave the domain or do not
  // converge are dropped.
  const geometry::PointSet cand = geometry::sample_interior(domain, 4 * n, o);
  std::vector<double> pj(1 + dim + dim * dim), y(dim);
  for (std::size_t c = 0; c < cand.size() && x.size() < n * dim; ++c) {
    for (std::size_t b = 0; b < dim; ++b) y[b] = cand.point(c)[b];
    if (!project(i, y.data(), 1e-13 * scale) || !domain.contains(y.data())) continue;
    jet(i, y.data(), pj.data());
    double g = 0.0;
    for (std::size_t b = 0; b < dim; ++b) g += pj[1 + b] * pj[1 + b];
    g = std::sqrt(g);
    x.insert(x.end(), y.begin(), y.end());
    for (std::size_t b = 0; b < dim; ++b) normals.push_back(pj[1 + b] / g);
  }
}

void flux_sides(const expr::Equation& equation, const std::vector<double>& x,
                const std::vector<double>& normals, double delta, std::vector<double>& kplus,
                std::vector<double>& kminus) {
  const std::size_t dim = static_cast<std::size_t>(equation.dim()), n = x.size() / dim;
  const std::size_t nj = static_cast<std::size_t>(equation.jet_size()),
                    na = static_cast<std::size_t>(equation.num_aux());
  std::vector<double> slots(static_cast<std::size_t>(equation.num_inputs()), 0.0);
  if (equation.unknowns())
    for (std::size_t k = 0; k < equation.unknowns()->values.size(); ++k)
      slots[nj + na + k] = equation.unknowns()->values[k];
  for (int side = 0; side < 2; ++side) {
    std::vector<double> xs(x);
    const double s = side == 0 ? delta : -delta;
    for (std::size_t q = 0; q < xs.size(); ++q) xs[q] += s * normals[q];
    const std::vector<double> aux = equation.tabulate(xs, normals);
    std::vector<double>& k = side == 0 ? kplus : kminus;
    k.assign(n, 0.0);
    for (std::size_t p = 0; p < n; ++p) {
      for (std::size_t a = 0; a < na; ++a) slots[nj + a] = aux[p * na + a];
      for (const expr::FluxTerm& ft : equation.flux_terms())
        k[p] += ft.weight * expr::evaluate(ft.k, slots.data());
    }
  }
}

void flux_jump_jets(const InterfaceSet& set, int i, const std::vector<double>& x,
                    const std::vector<double>& kplus, const std::vector<double>& kminus,
                    std::vector<double>& d, std::vector<double>& g, std::vector<double>& s,
                    std::vector<double>& k) {
  const std::size_t dim = static_cast<std::size_t>(set.dim()), nc = dim + 2;
  const std::size_t n = x.size() / dim, m = static_cast<std::size_t>(set.size());
  const std::size_t ms = n > 0 ? s.size() / (n * nc) : 0;
  KANPDE_REQUIRE(d.size() == n * nc && g.size() == n * nc && k.size() == n * m * nc,
                 "interface term: trial jets of the wrong size");
  std::vector<double> pj(1 + dim + dim * dim);
  for (std::size_t p = 0; p < n; ++p) {
    const double kbar = 0.5 * (kplus[p] + kminus[p]);
    KANPDE_REQUIRE(kbar != 0.0 && std::isfinite(kbar),
                   "interface term: the mean flux coefficient is " << kbar);
    const double jump = (kplus[p] - kminus[p]) / kbar, sum = (kplus[p] + kminus[p]) / kbar;
    const double d0 = d[p * nc];
    for (std::size_t c = 0; c < nc; ++c) {
      d[p * nc + c] *= jump;
      g[p * nc + c] *= jump;
    }
    for (std::size_t c = 0; c < ms * nc; ++c) s[p * ms * nc + c] *= jump;
    for (std::size_t j = 0; j < m; ++j) {
      double* e = &k[(p * m + j) * nc];
      if (j != static_cast<std::size_t>(i)) {
        for (std::size_t c = 0; c < nc; ++c) e[c] *= jump;
        continue;
      }
      set.jet(i, &x[p * dim], pj.data());
      e[0] = 0.0;
      for (std::size_t b = 0; b < dim; ++b) e[1 + b] = sum * d0 * pj[1 + b];
      e[dim + 1] = 0.0;
    }
  }
}

}  // namespace kanpde::solver
