#include "solver/optim/Adam.hpp"

#include <cmath>

#include "common/Error.hpp"

namespace kanpde::solver::optim {

Adam::Adam(const AdamOptions& o) : o_(o) {
  KANPDE_REQUIRE(o.lr > 0 && std::isfinite(o.lr), "adam lr must be > 0, found " << o.lr);
  KANPDE_REQUIRE(o.beta1 >= 0 && o.beta1 < 1, "adam beta1 must be in [0, 1), found " << o.beta1);
  KANPDE_REQUIRE(o.beta2 >= 0 && o.beta2 < 1, "adam beta2 must be in [0, 1), found " << o.beta2);
  KANPDE_REQUIRE(o.eps > 0, "adam eps must be > 0, found " << o.eps);
  KANPDE_REQUIRE(o.decay_steps >= 1 && o.total_steps >= 1, "adam decay/total steps must be >= 1");
}

void Adam::reset() {
  m_.resize(0);
  v_.resize(0);
}

OptimizerState Adam::state() const {
  return {{static_cast<double>(t_), damping_}, {m_, v_}};
}

void Adam::set_state(const OptimizerState& s) {
  KANPDE_REQUIRE(s.scalars.size() == 2 && s.vectors.size() == 2, "not an Adam state");
  t_ = static_cast<long>(s.scalars[0]);
  damping_ = s.scalars[1];
  m_ = s.vectors[0];
  v_ = s.vectors[1];
}

double Adam::learning_rate() const {
  const double s = static_cast<double>(t_);
  double lr = o_.lr;
  switch (o_.schedule) {
    case LrSchedule::constant:
      break;
    case LrSchedule::exponential:
      lr *= std::pow(o_.decay_rate, s / o_.decay_steps);
      break;
    case LrSchedule::cosine: {
      const double f = std::min(1.0, s / o_.total_steps);
      lr = o_.lr_min + 0.5 * (o_.lr - o_.lr_min) * (1 + std::cos(3.141592653589793 * f));
      break;
    }
  }
  return lr * damping_;
}

StepResult Adam::step(Objective& f, Vector& theta) {
  if (m_.size() != theta.size()) {
    m_ = Vector::Zero(theta.size());
    v_ = Vector::Zero(theta.size());
  }
  Vector g(theta.size());
  StepResult r;
  r.loss = f.value_and_gradient(theta, g);
  r.evaluations = 1;
  if (!std::isfinite(r.loss) || !g.allFinite()) {
    damping_ *= 0.5;
    r.recovered = true;
    return r;
  }
  r.grad_norm = g.cwiseAbs().maxCoeff();
  const double lr = learning_rate();
  ++t_;
  m_ = o_.beta1 * m_ + (1 - o_.beta1) * g;
  v_ = o_.beta2 * v_ + (1 - o_.beta2) * g.cwiseAbs2();
  const double c1 = 1 - std::pow(o_.beta1, static_cast<double>(t_));
  const double c2 = 1 - std::pow(o_.beta2, static_cast<double>(t_));
  theta.array() -= lr * (m_.array() / c1) / ((v_.array() / c2).sqrt() + o_.eps);
  return r;
}

}  // namespace kanpde::solver::optim
