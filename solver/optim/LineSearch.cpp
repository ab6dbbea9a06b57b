#include "solver/optim/LineSearch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kanpde::solver::optim {
namespace {

// Minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside
// [lo + 0.1 w, hi - 0.1 w] of the bracket; bisection when the cubic has none.
double cubic_step(double a, double fa, double da, double b, double fb, double db) {
  const double lo = std::min(a, b), hi = std::max(a, b), w = hi - lo;
  const double d1 = da + db - 3 * (fa - fb) / (a - b);
  const double disc = d1 * d1 - da * db;
  double t = 0.5 * (lo + hi);
  if (disc >= 0) {
    const double d2 = std::copysign(std::sqrt(disc), b - a);
    const double den = db - da + 2 * d2;
    if (den != 0) t = b - (b - a) * (db + d2 - d1) / den;
  }
  if (!std::isfinite(t)) t = 0.5 * (lo + hi);
  return std::clamp(t, lo + 0.1 * w, hi - 0.1 * w);
}

}  // namespace

LineSearchResult strong_wolfe_search(Objective& f, const Vector& x, double f0, const Vector& g0,
                                     const Vector& d, double initial_step,
                                     const LineSearchOptions& o) {
  LineSearchResult res;
  const double dphi0 = g0.dot(d);
  if (!(dphi0 < 0)) return res;  // not a descent direction
  Vector g(x.size());
  auto eval = [&](double a, double& fa, double& da) {
    fa = f.value_and_gradient(x + a * d, g);
    ++res.evaluations;
    da = g.dot(d);
    if (!std::isfinite(fa) || !std::isfinite(da)) {
      res.met_nonfinite = true;
      return false;
    }
    return true;
  };
  auto accept = [&](double a, double fa, bool wolfe) {
    res.step = a;
    res.loss = fa;
    res.grad = g;
    res.strong_wolfe = wolfe;
  };
  // Best point with sufficient decrease seen so far, as a fallback.
  double best_a = 0, best_f = f0;
  Vector best_g = g0;
  auto remember = [&](double a, double fa) {
    if (fa < best_f && fa <= f0 + o.c1 * a * dphi0) {
      best_a = a;
      best_f = fa;
      best_g = g;
    }
  };

  double a_prev = 0, f_prev = f0, d_prev = dphi0;
  double a = std::min(initial_step, o.max_step);
  double lo = 0, hi = 0, f_lo = f0, f_hi = 0, d_lo = dphi0, d_hi = 0;
  bool bracketed = false;
  while (res.evaluations < o.max_evaluations) {
    double fa, da;
    if (!eval(a, fa, da)) {  // too far: shrink towards the last good step
      a = a_prev + 0.25 * (a - a_prev);
      continue;
    }
    remember(a, fa);
    if (fa > f0 + o.c1 * a * dphi0 || (a_prev > 0 && fa >= f_prev)) {
      lo = a_prev, f_lo = f_prev, d_lo = d_prev;
      hi = a, f_hi = fa, d_hi = da;
      bracketed = true;
      break;
    }
    if (std::abs(da) <= -o.c2 * dphi0) {
      accept(a, fa, true);
      return res;
    }
    if (da >= 0) {
      lo = a, f_lo = fa, d_lo = da;
      hi = a_prev, f_hi = f_prev, d_hi = d_prev;
      bracketed = true;
      break;
    }
    a_prev = a, f_prev = fa, d_prev = da;
    a = std::min(4.0 * a, o.max_step);
  }
  while (bracketed && res.evaluations < o.max_evaluations) {
    if (std::abs(hi - lo) <= 1e-14 * std::max(1.0, std::abs(lo))) break;
    const double t = cubic_step(lo, f_lo, d_lo, hi, f_hi, d_hi);
    double ft, dt;
    if (!eval(t, ft, dt)) {
      hi = t, f_hi = std::numeric_limits<double>::infinity(), d_hi = 0;
      continue;
    }
    remember(t, ft);
    if (ft > f0 + o.c1 * t * dphi0 || ft >= f_lo) {
      hi = t, f_hi = ft, d_hi = dt;
    } else {
      if (std::abs(dt) <= -o.c2 * dphi0) {
        accept(t, ft, true);
        return res;
      }
      if (dt * (hi - lo) >= 0) hi = lo, f_hi = f_lo, d_hi = d_lo;
      lo = t, f_lo = ft, d_lo = dt;
    }
  }
  if (best_a > 0) {
    res.step = best_a;
    res.loss = best_f;
    res.grad = best_g;
  }
  return res;
}

LineSearchResult backtracking_search(Objective& f, const Vector& x, double f0, const Vector& g0,
                                     const Vector& d, double initial_step,
                                     const LineSearchOptions& o) {
  LineSearchResult res;
  const double dphi0 = g0.dot(d);
  if (!(dphi0 < 0)) return res;  // not a descent direction
  Vector g(x.size());
  double a = std::min(initial_step, o.max_step);
  while (res.evaluations < o.max_evaluations) {
    const double fa = f.value_and_gradient(x + a * d, g);
    ++res.evaluations;
    const bool finite = std::isfinite(fa) && g.allFinite();
    if (!finite) res.met_nonfinite = true;
    if (finite && fa <= f0 + o.c1 * a * dphi0) {
      res.step = a;
      res.loss = fa;
      res.grad = g;
      return res;
    }
    a *= 0.5;
  }
  return res;
}

LineSearchResult line_search(Objective& f, const Vector& x, double f0, const Vector& g0,
                             const Vector& d, double initial_step, const LineSearchOptions& o) {
  return o.kind == LineSearchKind::backtracking
             ? backtracking_search(f, x, f0, g0, d, initial_step, o)
             : strong_wolfe_search(f, x, f0, g0, d, initial_step, o);
}

void accept_line_step(const LineSearchResult& ls, const Vector& s, Vector& theta, double& f,
                      Vector& g, double tolerance_change, double tolerance_grad, StepResult& r) {
  theta += s;
  const double change = std::abs(f - ls.loss);
  f = ls.loss;
  g = ls.grad;
  r.loss = f;
  r.grad_norm = g.cwiseAbs().maxCoeff();
  r.converged =
      change <= tolerance_change * std::max(1e-300, std::abs(f)) || r.grad_norm <= tolerance_grad;
}

}  // namespace kanpde::solver::optim
