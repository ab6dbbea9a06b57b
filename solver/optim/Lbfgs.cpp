#include "solver/optim/Lbfgs.hpp"

#include <cmath>
#include <vector>

#include "common/Error.hpp"
#include "common/Profiling.hpp"

namespace kanpde::solver::optim {

Lbfgs::Lbfgs(const LbfgsOptions& o) : o_(o) {
  KANPDE_REQUIRE(o.history >= 1, "lbfgs history must be >= 1, found " << o.history);
  KANPDE_REQUIRE(
      o.line_search.c1 > 0 && o.line_search.c1 < o.line_search.c2 && o.line_search.c2 < 1,
      "line search needs 0 < c1 < c2 < 1");
}

void Lbfgs::reset() {
  s_.clear();
  y_.clear();
  have_ = false;
  failures_ = 0;
}

OptimizerState Lbfgs::state() const {
  OptimizerState st;
  st.scalars = {f_, have_ ? 1.0 : 0.0, static_cast<double>(failures_),
                static_cast<double>(s_.size())};
  st.vectors.push_back(g_);
  for (const Vector& v : s_) st.vectors.push_back(v);
  for (const Vector& v : y_) st.vectors.push_back(v);
  return st;
}

void Lbfgs::set_state(const OptimizerState& st) {
  KANPDE_REQUIRE(st.scalars.size() == 4, "not an L-BFGS state");
  const std::size_t m = static_cast<std::size_t>(st.scalars[3]);
  KANPDE_REQUIRE(st.vectors.size() == 1 + 2 * m, "L-BFGS state: history sizes do not match");
  f_ = st.scalars[0];
  have_ = st.scalars[1] != 0.0;
  failures_ = static_cast<int>(st.scalars[2]);
  g_ = st.vectors[0];
  s_.assign(st.vectors.begin() + 1, st.vectors.begin() + 1 + static_cast<long>(m));
  y_.assign(st.vectors.begin() + 1 + static_cast<long>(m), st.vectors.end());
}

StepResult Lbfgs::step(Objective& f, Vector& theta) {
  StepResult r;
  if (!have_ || g_.size() != theta.size()) {
    s_.clear();
    y_.clear();
    g_.resize(theta.size());
    f_ = f.value_and_gradient(theta, g_);
    ++r.evaluations;
    have_ = std::isfinite(f_) && g_.allFinite();
    KANPDE_VERIFY(have_,
                  "L-BFGS: the loss or its gradient is not finite at the start of the "
                  "stage; lower the previous stage's learning rate");
  }
  r.loss = f_;
  r.grad_norm = g_.cwiseAbs().maxCoeff();
  if (r.grad_norm <= o_.tolerance_grad) {
    r.converged = true;
    return r;
  }
  // Two-loop recursion: d = -H g.
  Vector q = g_;
  const std::size_t m = s_.size();
  std::vector<double> alpha(m), rho(m);
  for (std::size_t i = m; i-- > 0;) {
    rho[i] = 1.0 / y_[i].dot(s_[i]);
    alpha[i] = rho[i] * s_[i].dot(q);
    q -= alpha[i] * y_[i];
  }
  double gamma = 1.0;
  if (m > 0) gamma = s_.back().dot(y_.back()) / y_.back().squaredNorm();
  Vector d = gamma * q;
  for (std::size_t i = 0; i < m; ++i) {
    const double beta = rho[i] * y_[i].dot(d);
    d += (alpha[i] - beta) * s_[i];
  }
  d = -d;
  double a0 = 1.0;
  if (m == 0) a0 = std::min(1.0, 1.0 / g_.cwiseAbs().sum());
  const Region region("kanpde::line_search");
  LineSearchResult ls = line_search(f, theta, f_, g_, d, a0, o_.line_search);
  r.evaluations += ls.evaluations;
  r.recovered = ls.met_nonfinite;
  if (ls.step <= 0) {
    ++failures_;
    s_.clear();
    y_.clear();
    r.converged = failures_ >= 2;
    return r;
  }
  failures_ = 0;
  const Vector s = ls.step * d;
  const Vector y = ls.grad - g_;
  if (s.dot(y) > 1e-12 * s.norm() * y.norm()) {
    s_.push_back(s);
    y_.push_back(y);
    if (static_cast<int>(s_.size()) > o_.history) {
      s_.pop_front();
      y_.pop_front();
    }
  }
  accept_line_step(ls, s, theta, f_, g_, o_.tolerance_change, o_.tolerance_grad, r);
  return r;
}

}  // namespace kanpde::solver::optim
