#include "solver/symbolic/Refit.hpp"

#include <cmath>

#include "common/Error.hpp"
#include "solver/symbolic/impl/DenseLm.hpp"

namespace kanpde::solver::symbolic {
namespace {

std::vector<std::size_t> free_indices(const SymbolicModel& m) {
  const std::vector<bool> mask = m.free_mask();
  std::vector<std::size_t> idx;
  for (std::size_t p = 0; p < mask.size(); ++p)
    if (mask[p]) idx.push_back(p);
  return idx;
}

// LM over the free parameters with a residual function of the full
// parameter vector.
using FullResidual = std::function<bool(const SymbolicModel&, Eigen::VectorXd&, Eigen::MatrixXd*)>;

RefitReport run(SymbolicModel& m, const FullResidual& f, const RefitOptions& o) {
  const std::vector<std::size_t> idx = free_indices(m);
  const std::vector<double> p0 = m.params();
  Eigen::VectorXd th(static_cast<Eigen::Index>(idx.size()));
  for (std::size_t k = 0; k < idx.size(); ++k) th(static_cast<Eigen::Index>(k)) = p0[idx[k]];
  SymbolicModel work = m;
  auto residual = [&](const Eigen::VectorXd& t, Eigen::VectorXd& r, Eigen::MatrixXd* J) {
    std::vector<double> p = p0;
    for (std::size_t k = 0; k < idx.size(); ++k) p[idx[k]] = t(static_cast<Eigen::Index>(k));
    work.set_params(p);
    Eigen::MatrixXd full;
    if (!f(work, r, J ? &full : nullptr)) return false;
    if (J) {
      J->resize(full.rows(), static_cast<Eigen::Index>(idx.size()));
      for (std::size_t k = 0; k < idx.size(); ++k)
        J->col(static_cast<Eigen::Index>(k)) = full.col(static_cast<Eigen::Index>(idx[k]));
    }
    return r.allFinite();
  };
  Impl::DenseLmOptions lo;
  lo.max_iterations = o.max_iterations;
  const Impl::DenseLmResult res = Impl::dense_lm(residual, th, lo);
  std::vector<double> p = p0;
  for (std::size_t k = 0; k < idx.size(); ++k) p[idx[k]] = th(static_cast<Eigen::Index>(k));
  if (std::isfinite(res.cost)) m.set_params(p);
  return {res.initial_cost, std::isfinite(res.cost) ? res.cost : res.initial_cost, res.iterations};
}

}  // namespace

void compose_trial(int dim, double g0, const double* dj, const double* s, double* u) {
  // u = g0 + D S: grad u = S grad D + D grad S, lap u = S lap D + 2 grad D . grad S + D lap S.
  const double D = dj[0];
  double gdgs = 0.0;
  for (int k = 0; k < dim; ++k) gdgs += dj[1 + k] * s[1 + k];
  u[0] = g0 + D * s[0];
  for (int k = 0; k < dim; ++k) u[1 + k] = s[0] * dj[1 + k] + D * s[1 + k];
  u[dim + 1] = s[0] * dj[dim + 1] + 2.0 * gdgs + D * s[dim + 1];
}

void pde_residuals(const SymbolicModel& m, const std::vector<PointTerm>& terms,
                   const TrialConstraint& hard, std::vector<double>& r, std::vector<double>* jac) {
  const int d = m.input_dim(), NC = d + 2;
  const std::size_t P = m.num_params();
  KANPDE_REQUIRE(
      !hard.active() || hard.djet.size() == terms.size(),
      "hard constraint: " << hard.djet.size() << " distance jets for " << terms.size() << " terms");
  std::size_t rows = 0;
  for (const PointTerm& t : terms) {
    KANPDE_REQUIRE(t.dim == d,
                   "term " << t.name << " has dimension " << t.dim << ", the model " << d);
    rows += t.size();
  }
  r.assign(rows, 0.0);
  if (jac) jac->assign(rows * P, 0.0);
  std::vector<double> s(static_cast<std::size_t>(m.output_dim() * NC)), u(NC);
  std::vector<double> sj(jac ? static_cast<std::size_t>(m.output_dim() * NC) * P : 0);
  std::vector<double> col_s(NC), col_u(NC);
  const std::vector<double> zero_dj = [&] {
    std::vector<double> z(NC, 0.0);
    z[0] = 1.0;  // D = 1: u = S
    return z;
  }();
  std::size_t row = 0;
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    const PointTerm& t = terms[ti];
    if (t.size() == 0) continue;
    const double scale = std::sqrt(t.weight / static_cast<double>(t.size()));
    for (std::size_t p = 0; p < t.size(); ++p, ++row) {
      m.evaluate(&t.x[p * static_cast<std::size_t>(d)], s.data(), jac ? sj.data() : nullptr);
      const double* dj =
          hard.active() ? &hard.djet[ti][p * static_cast<std::size_t>(NC)] : zero_dj.data();
      const double g0 = hard.active() ? hard.g0 : 0.0;
      compose_trial(d, g0, dj, s.data(), u.data());
      const double* A = &t.coef[p * static_cast<std::size_t>(NC)];
      double res = -t.rhs[p];
      for (int c = 0; c < NC; ++c) res += A[c] * u[static_cast<std::size_t>(c)];
      r[row] = scale * res;
      if (!jac) continue;
      for (std::size_t q = 0; q < P; ++q) {
        for (int c = 0; c < NC; ++c) col_s[static_cast<std::size_t>(c)] = sj[c * P + q];
        compose_trial(d, 0.0, dj, col_s.data(), col_u.data());
        double v = 0.0;
        for (int c = 0; c < NC; ++c) v += A[c] * col_u[static_cast<std::size_t>(c)];
        (*jac)[row * P + q] = scale * v;
      }
    }
  }
}

double pde_loss(const SymbolicModel& m, const std::vector<PointTerm>& terms,
                const TrialConstraint& hard) {
  std::vector<double> r;
  pde_residuals(m, terms, hard, r, nullptr);
  double s = 0.0;
  for (double v : r) s += v * v;
  return s;
}

RefitReport refit_values(SymbolicModel& m, const std::vector<double>& x,
                         const std::vector<double>& target, const RefitOptions& o) {
  const int d = m.input_dim(), NC = d + 2;
  const std::size_t n = target.size();
  KANPDE_REQUIRE(x.size() == n * static_cast<std::size_t>(d),
                 "refit: " << n << " targets for " << x.size() / d << " points");
  const double scale = 1.0 / std::sqrt(static_cast<double>(std::max<std::size_t>(n, 1)));
  auto f = [&](const SymbolicModel& w, Eigen::VectorXd& r, Eigen::MatrixXd* J) {
    const std::size_t P = w.num_params();
    std::vector<double> jet(static_cast<std::size_t>(w.output_dim() * NC));
    std::vector<double> jac(J ? jet.size() * P : 0);
    r.resize(static_cast<Eigen::Index>(n));
    if (J) J->resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(P));
    for (std::size_t p = 0; p < n; ++p) {
      w.evaluate(&x[p * static_cast<std::size_t>(d)], jet.data(), J ? jac.data() : nullptr);
      r(static_cast<Eigen::Index>(p)) = scale * (jet[0] - target[p]);
      if (J)
        for (std::size_t q = 0; q < P; ++q)
          (*J)(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q)) = scale * jac[q];
    }
    return true;
  };
  return run(m, f, o);
}

RefitReport refit_pde(SymbolicModel& m, const std::vector<PointTerm>& terms,
                      const TrialConstraint& hard, const RefitOptions& o) {
  auto f = [&](const SymbolicModel& w, Eigen::VectorXd& r, Eigen::MatrixXd* J) {
    std::vector<double> rv, jv;
    pde_residuals(w, terms, hard, rv, J ? &jv : nullptr);
    r = Eigen::Map<const Eigen::VectorXd>(rv.data(), static_cast<Eigen::Index>(rv.size()));
    if (J) {
      const Eigen::Index P = static_cast<Eigen::Index>(w.num_params());
      *J = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          jv.data(), static_cast<Eigen::Index>(rv.size()), P);
    }
    return true;
  };
  return run(m, f, o);
}

}  // namespace kanpde::solver::symbolic
