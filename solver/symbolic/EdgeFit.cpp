#include "solver/symbolic/EdgeFit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/Error.hpp"
#include "solver/symbolic/Library.hpp"
#include "solver/symbolic/impl/DenseLm.hpp"

namespace kanpde::solver::symbolic {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// c, d minimising sum (c F_i + d - y_i)^2; false when F is not finite.
bool linear_cd(const std::vector<double>& F, const std::vector<double>& y, double& c, double& d) {
  const double n = static_cast<double>(F.size());
  double sf = 0, sy = 0;
  for (std::size_t i = 0; i < F.size(); ++i) {
    if (!std::isfinite(F[i])) return false;
    sf += F[i];
    sy += y[i];
  }
  const double mf = sf / n, my = sy / n;
  double sff = 0, sfy = 0;
  for (std::size_t i = 0; i < F.size(); ++i) {
    sff += (F[i] - mf) * (F[i] - mf);
    sfy += (F[i] - mf) * (y[i] - my);
  }
  c = sff > 1e-300 ? sfy / sff : 0.0;
  d = my - c * mf;
  return true;
}

double sum_sq_dev(const std::vector<double>& y) {
  double m = 0;
  for (double v : y) m += v;
  m /= static_cast<double>(y.size());
  double s = 0;
  for (double v : y) s += (v - m) * (v - m);
  return s;
}

bool valid_on(const LibraryFunction& f, const std::vector<double>& x, double a, double b) {
  int sign = 0;
  for (double xi : x) {
    const double t = a * xi + b;
    if (!f.defined(t)) return false;
    if (f.one_sign) {
      const int s = t > 0 ? 1 : -1;
      if (sign != 0 && s != sign) return false;
      sign = s;
    }
  }
  return true;
}

// c f(a t + b) + d: the edge's value at t = g(x) (the outer function only).
double outer_value(const EdgeFormula& e, double t) {
  const LibraryFunction& f = library()[static_cast<std::size_t>(e.function)];
  if (f.constant) return e.d;
  double F[4];
  f.eval(e.a * t + e.b, F);
  return e.c * F[0] + e.d;
}

// The sum of squared residuals of c f(a t + b) + d at the samples t = g(x).
double sse(const EdgeFormula& e, const std::vector<double>& x, const std::vector<double>& y) {
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double r = outer_value(e, x[i]) - y[i];
    s += r * r;
  }
  return std::isfinite(s) ? s : inf;
}

void finish(EdgeFormula& e, const std::vector<double>& x, const std::vector<double>& y,
            double complexity_weight) {
  std::vector<double> fit(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) fit[i] = outer_value(e, x[i]);
  e.r2 = r_squared(y, fit);
  if (!std::isfinite(e.r2)) e.r2 = -inf;
  const double u = std::max(0.0, 1.0 - e.r2);
  e.score = std::log10(u + 1e-14) +
            complexity_weight * library()[static_cast<std::size_t>(e.function)].complexity;
  if (!std::isfinite(e.score)) e.score = inf;
}

// LM on the free parameters of e, at the samples t = g(x).
void polish(EdgeFormula& e, const std::vector<double>& x, const std::vector<double>& y) {
  const LibraryFunction& f = library()[static_cast<std::size_t>(e.function)];
  std::vector<int> which;  // 0 a, 1 b, 2 c, 3 d
  if (f.a_free) which.push_back(0);
  if (f.b_free) which.push_back(1);
  if (!f.constant) which.push_back(2);
  which.push_back(3);
  Eigen::VectorXd th(static_cast<Eigen::Index>(which.size()));
  double* p[4] = {&e.a, &e.b, &e.c, &e.d};
  for (std::size_t k = 0; k < which.size(); ++k) th(static_cast<Eigen::Index>(k)) = *p[which[k]];
  const EdgeFormula start = e;
  auto residual = [&](const Eigen::VectorXd& t, Eigen::VectorXd& r, Eigen::MatrixXd* J) {
    double q[4] = {start.a, start.b, start.c, start.d};
    for (std::size_t k = 0; k < which.size(); ++k) q[which[k]] = t(static_cast<Eigen::Index>(k));
    const Eigen::Index m = static_cast<Eigen::Index>(x.size());
    r.resize(m);
    if (J) J->resize(m, static_cast<Eigen::Index>(which.size()));
    for (Eigen::Index i = 0; i < m; ++i) {
      const double xi = x[static_cast<std::size_t>(i)];
      double F[4];
      f.eval(q[0] * xi + q[1], F);
      if (!std::isfinite(F[0])) return false;
      r(i) = q[2] * F[0] + q[3] - y[static_cast<std::size_t>(i)];
      if (J) {
        const double dq[4] = {q[2] * F[1] * xi, q[2] * F[1], F[0], 1.0};
        for (std::size_t k = 0; k < which.size(); ++k)
          (*J)(i, static_cast<Eigen::Index>(k)) = dq[which[k]];
      }
    }
    return true;
  };
  Impl::DenseLmOptions lo;
  // A wrong function creeps along slowly: stop it once a step gains less than
  // 1e-9 (relative); a right one converges quadratically to round-off first.
  lo.max_iterations = 100;
  lo.relative_change = 1e-9;
  Impl::dense_lm(residual, th, lo);
  for (std::size_t k = 0; k < which.size(); ++k) *p[which[k]] = th(static_cast<Eigen::Index>(k));
}

}  // namespace

double r_squared(const std::vector<double>& y, const std::vector<double>& fit) {
  KANPDE_REQUIRE(y.size() == fit.size() && !y.empty(), "r_squared: sizes differ or are zero");
  double ss = 0, sy = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    ss += (y[i] - fit[i]) * (y[i] - fit[i]);
    sy += y[i] * y[i];
  }
  const double tot = sum_sq_dev(y);
  if (tot <= 1e-28 * sy || tot == 0.0) return ss <= 1e-24 * (sy + 1e-300) || ss == 0.0 ? 1.0 : 0.0;
  return 1.0 - ss / tot;
}

double edge_value(const EdgeFormula& e, double x) {
  return outer_value(e, inner_value(library()[static_cast<std::size_t>(e.function)], x));
}

EdgeFormula fit_function(int function, const std::vector<double>& x_in,
                         const std::vector<double>& y, const EdgeFitOptions& o) {
  KANPDE_REQUIRE(x_in.size() == y.size() && x_in.size() >= 2,
                 "an edge fit needs at least 2 samples, found " << x_in.size());
  KANPDE_REQUIRE(function >= 0 && function < static_cast<int>(library().size()),
                 "no library function " << function);
  const LibraryFunction& f = library()[static_cast<std::size_t>(function)];
  EdgeFormula best;
  best.function = function;
  // A composed form c f(a g(x) + b) + d is the plain fit of f at t = g(x);
  // it needs g defined at every sample.
  std::vector<double> x = x_in;
  if (f.inner)
    for (double& t : x) {
      if (!f.inner->defined(t)) {
        best.r2 = -inf;
        best.score = inf;
        return best;
      }
      t = inner_value(f, t);
    }
  if (f.constant) {
    linear_cd(std::vector<double>(x.size(), 0.0), y, best.c, best.d);
    best.c = 0.0;
    finish(best, x, y, o.complexity_weight);
    return best;
  }
  // Candidate (a, b) pairs, scaled to the samples: t = alpha (x - m) / h + beta.
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  const double m = 0.5 * (*lo + *hi);
  const double h = std::max(0.5 * (*hi - *lo), 1e-12 * std::max(1.0, std::abs(m)));
  std::vector<std::pair<double, double>> ab;
  const int na = std::max(2, o.a_points), nb = std::max(2, o.b_points);
  std::vector<double> alphas;
  for (int k = 0; k < na; ++k) {
    const double mag = 0.05 * std::pow(20.0 / 0.05, k / double(na - 1));  // 0.05 .. 20
    alphas.push_back(mag);
    alphas.push_back(-mag);
  }
  if (f.a_free && f.b_free) {
    for (double al : alphas)
      for (int j = 0; j < nb; ++j) {
        const double beta = -4.0 + 8.0 * j / double(nb - 1);
        ab.push_back({al / h, beta - al * m / h});
      }
  } else if (f.a_free) {  // t = a x
    const double xm = std::max(std::abs(*lo), std::abs(*hi));
    for (double al : alphas) ab.push_back({al / std::max(xm, 1e-12), 0.0});
  } else if (f.b_free) {  // t = x + b: the shape's centre anywhere near the samples
    for (int j = 0; j < 4 * nb; ++j) {
      const double beta = -4.0 + 8.0 * j / double(4 * nb - 1);
      ab.push_back({1.0, -(m + beta * h)});
    }
  } else {
    ab.push_back({1.0, 0.0});
  }
  struct Cand {
    double sse;
    EdgeFormula e;
  };
  // The coarse search on at most 64 of the samples, evenly spread over them.
  std::vector<double> xc, yc;
  const std::size_t nc = std::min<std::size_t>(x.size(), 64);
  for (std::size_t k = 0; k < nc; ++k) {
    const std::size_t i = nc > 1 ? k * (x.size() - 1) / (nc - 1) : 0;
    xc.push_back(x[i]);
    yc.push_back(y[i]);
  }
  std::vector<Cand> cands;
  std::vector<double> F(xc.size());
  for (const auto& [a, b] : ab) {
    if (!valid_on(f, xc, a, b) || !valid_on(f, x, a, b)) continue;
    for (std::size_t i = 0; i < xc.size(); ++i) {
      double v[4];
      f.eval(a * xc[i] + b, v);
      F[i] = v[0];
    }
    EdgeFormula e;
    e.function = function;
    e.a = a;
    e.b = b;
    if (!linear_cd(F, yc, e.c, e.d)) continue;
    double s2 = 0.0;
    for (std::size_t i = 0; i < xc.size(); ++i) {
      const double r = e.c * F[i] + e.d - yc[i];
      s2 += r * r;
    }
    if (std::isfinite(s2)) cands.push_back({s2, e});
  }
  if (cands.empty()) {
    best.r2 = -inf;
    best.score = inf;
    return best;
  }
  const std::size_t keep = std::min<std::size_t>(cands.size(), std::max(1, o.refine));
  std::partial_sort(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(keep), cands.end(),
                    [](const Cand& p, const Cand& q) { return p.sse < q.sse; });
  double best_sse = inf;
  for (std::size_t k = 0; k < keep; ++k) {
    EdgeFormula e = cands[k].e;
    polish(e, x, y);
    const double s = sse(e, x, y);
    if (s < best_sse) {
      best_sse = s;
      best = e;
    }
  }
  if (!std::isfinite(best_sse)) best = cands.front().e;
  finish(best, x, y, o.complexity_weight);
  return best;
}

std::vector<EdgeFormula> fit_edge(const std::vector<double>& x, const std::vector<double>& y,
                                  const EdgeFitOptions& o) {
  std::vector<int> fns = o.functions;
  if (fns.empty())
    for (std::size_t i = 0; i < library().size(); ++i) fns.push_back(static_cast<int>(i));
  std::vector<EdgeFormula> out;
  for (int fn : fns) out.push_back(fit_function(fn, x, y, o));
  std::stable_sort(out.begin(), out.end(),
                   [](const EdgeFormula& p, const EdgeFormula& q) { return p.score < q.score; });
  return out;
}

}  // namespace kanpde::solver::symbolic
