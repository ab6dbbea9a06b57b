#pragma once
// A loss plus the sparsity penalty of solver/train/Sparsity.hpp: the
// objective of a first-order stage (Adam, L-BFGS) with `sparsity`. theta's
// first num_params entries are the network's parameters (unknown scalars,
// when there are any, follow them and carry no penalty).
//
// Not a least-squares objective: the penalty is a sum of absolute values and
// an entropy, not a sum of squares, so Levenberg-Marquardt stages do not take
// it (the case loader refuses `sparsity` on an lm stage).

#include <utility>
#include <vector>

#include "solver/optim/Objective.hpp"
#include "solver/train/Sparsity.hpp"

namespace kanpde::solver {

class SparsityObjective : public optim::Objective {
 public:
  // points: N x input_dim, the batch the magnitudes average over.
  SparsityObjective(optim::Objective& loss, const kan::Layout& layout, std::vector<double> knots,
                    const std::vector<double>& points, const SparsityOptions& o)
      : loss_(loss), layout_(layout), knots_(std::move(knots)), points_(points), o_(o) {}

  std::size_t size() const override { return loss_.size(); }
  double value(const optim::Vector& theta) override {
    const double l = loss_.value(theta);
    load(theta);
    const HostKan net{layout_, params_, knots_};
    last_penalty_ = sparsity_penalty(layout_, edge_magnitudes(net, points_), o_);
    return l + last_penalty_;
  }
  double value_and_gradient(const optim::Vector& theta, optim::Vector& grad) override {
    const double l = loss_.value_and_gradient(theta, grad);
    load(theta);
    const HostKan net{layout_, params_, knots_};
    last_penalty_ = sparsity_penalty_and_gradient(net, points_, o_, g_);
    for (std::size_t k = 0; k < g_.size(); ++k) grad(static_cast<Eigen::Index>(k)) += g_[k];
    return l + last_penalty_;
  }
  // The penalty at the latest evaluation.
  double last_penalty() const { return last_penalty_; }

 private:
  void load(const optim::Vector& theta) {
    params_.assign(theta.data(), theta.data() + layout_.num_params());
  }
  optim::Objective& loss_;
  const kan::Layout& layout_;
  std::vector<double> knots_;
  const std::vector<double>& points_;
  SparsityOptions o_;
  std::vector<double> params_, g_;
  double last_penalty_ = 0.0;
};

}  // namespace kanpde::solver
