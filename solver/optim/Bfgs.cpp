#include "solver/optim/Bfgs.hpp"

#include <algorithm>
#include <cmath>

#include "common/Error.hpp"
#include "common/Profiling.hpp"

namespace kanpde::solver::optim {

const char* to_string(BfgsUpdate u) {
  switch (u) {
    case BfgsUpdate::bfgs:
      return "bfgs";
    case BfgsUpdate::ssbfgs:
      return "ssbfgs";
    case BfgsUpdate::ssbroyden:
      return "ssbroyden";
  }
  return "unknown";
}

Bfgs::Bfgs(const BfgsOptions& o) : o_(o) {
  KANPDE_REQUIRE(
      o.line_search.c1 > 0 && o.line_search.c1 < o.line_search.c2 && o.line_search.c2 < 1,
      "line search needs 0 < c1 < c2 < 1");
  KANPDE_REQUIRE(o.tolerance_grad >= 0 && o.tolerance_change >= 0, "bfgs tolerances must be >= 0");
}

void Bfgs::reset() {
  have_ = false;
  failures_ = 0;
  updates_ = 0;
  H_.resize(0, 0);
}

OptimizerState Bfgs::state() const {
  OptimizerState st;
  st.scalars = {f_, have_ ? 1.0 : 0.0, static_cast<double>(failures_),
                static_cast<double>(updates_)};
  st.vectors.push_back(g_);
  for (Eigen::Index j = 0; j < H_.cols(); ++j) st.vectors.emplace_back(H_.col(j));
  return st;
}

void Bfgs::set_state(const OptimizerState& st) {
  KANPDE_REQUIRE(st.scalars.size() == 4 && !st.vectors.empty(), "not a BFGS state");
  const Eigen::Index n = st.vectors[0].size();
  const Eigen::Index cols = static_cast<Eigen::Index>(st.vectors.size()) - 1;
  KANPDE_REQUIRE(cols == 0 || cols == n,
                 "BFGS state: the inverse Hessian is not " << n << " x " << n);
  f_ = st.scalars[0];
  have_ = st.scalars[1] != 0.0;
  failures_ = static_cast<int>(st.scalars[2]);
  updates_ = static_cast<int>(st.scalars[3]);
  g_ = st.vectors[0];
  H_.resize(n, cols);
  for (Eigen::Index j = 0; j < cols; ++j) H_.col(j) = st.vectors[static_cast<std::size_t>(j + 1)];
  KANPDE_REQUIRE(!have_ || cols == n, "BFGS state: a gradient without an inverse Hessian");
}

bool Bfgs::update(const Vector& s, const Vector& y, double alpha) {
  const double sy = s.dot(y);
  if (!(sy > 1e-12 * s.norm() * y.norm())) return false;
  Hy_.noalias() = H_ * y;
  const double q = y.dot(Hy_);
  if (!(q > 0) || !std::isfinite(q)) return false;  // H no longer positive definite (round-off)
  const double h = q / sy;
  const double b = -alpha * s.dot(g_) / sy;  // s^T B s / y^T s, > 0 along a descent direction
  const double a = std::max(0.0, b * h - 1);
  double theta = 0.0, tau = 1.0;
  if (o_.update == BfgsUpdate::ssbfgs && b > 0) tau = std::min(1.0, 1.0 / b);
  if (o_.update == BfgsUpdate::ssbroyden && b > 0) {
    const double r = std::min(1.0, 1.0 / b);
    if (a > 1e-12) {
      const double rho_minus = std::min(1.0, h * (1 - std::sqrt(a / (1 + a))));
      theta = std::max((rho_minus - 1) / a, std::min(1.0 / rho_minus, (1 - b) / b));
    }
    const double sigma = 1 + a * theta;
    const double n = static_cast<double>(s.size());
    const double st = n > 1 ? std::pow(sigma, 1.0 / (1.0 - n)) : 1.0;
    tau = theta <= 0 ? std::min(r * st, sigma) : r * std::min(st, 1.0 / theta);
  }
  if (updates_ == 0) tau = h / (1 + a * theta);
  double phi = (1 - theta) / (1 + a * theta);
  if (!(tau > 0 && std::isfinite(tau) && std::isfinite(phi))) {
    tau = 1.0;  // plain BFGS where the scaling is not defined
    phi = 1.0;
  }
  // H+ = (H - u u^T / q + phi q v v^T) / tau + s s^T / sy, u = H y,
  // element by element so that H+ is exactly symmetric.
  const Vector& u = Hy_;
  const Vector v = s / sy - u / q;
  const double c = phi * q, iq = 1.0 / q, isy = 1.0 / sy, itau = 1.0 / tau;
  const Eigen::Index P = s.size();
  for (Eigen::Index j = 0; j < P; ++j)
    for (Eigen::Index i = 0; i < P; ++i)
      H_(i, j) = (H_(i, j) - (u(i) * u(j)) * iq + c * (v(i) * v(j))) * itau + (s(i) * s(j)) * isy;
  ++updates_;
  return true;
}

StepResult Bfgs::step(Objective& f, Vector& theta) {
  StepResult r;
  const Eigen::Index P = theta.size();
  if (!have_ || g_.size() != P) {
    g_.resize(P);
    f_ = f.value_and_gradient(theta, g_);
    ++r.evaluations;
    have_ = std::isfinite(f_) && g_.allFinite();
    KANPDE_VERIFY(have_,
                  "BFGS: the loss or its gradient is not finite at the start of the stage; "
                  "lower the previous stage's learning rate");
    H_ = Matrix::Identity(P, P);
    updates_ = 0;
  }
  r.loss = f_;
  r.grad_norm = g_.cwiseAbs().maxCoeff();
  if (r.grad_norm <= o_.tolerance_grad) {
    r.converged = true;
    return r;
  }
  d_.noalias() = -(H_ * g_);
  if (!(g_.dot(d_) < 0) || !d_.allFinite()) {
    H_ = Matrix::Identity(P, P);
    updates_ = 0;
    d_ = -g_;
  }
  const double a0 = updates_ == 0 ? std::min(1.0, 1.0 / g_.cwiseAbs().sum()) : 1.0;
  const Region region("kanpde::line_search");
  LineSearchResult ls = line_search(f, theta, f_, g_, d_, a0, o_.line_search);
  r.evaluations += ls.evaluations;
  r.recovered = ls.met_nonfinite;
  if (ls.step <= 0) {
    ++failures_;
    H_ = Matrix::Identity(P, P);
    updates_ = 0;
    r.converged = failures_ >= 2;
    return r;
  }
  failures_ = 0;
  const Vector s = ls.step * d_;
  const Vector y = ls.grad - g_;
  update(s, y, ls.step);
  accept_line_step(ls, s, theta, f_, g_, o_.tolerance_change, o_.tolerance_grad, r);
  return r;
}

}  // namespace kanpde::solver::optim
