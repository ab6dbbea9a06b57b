#pragma once
// The PINN loss as an optimizer objective: parameters go into the network's
// flat View, the assembler evaluates loss, gradient or Gauss-Newton system.
//
// With unknown scalars (an UnknownSet), theta = [network parameters, s]
// (solver/train/UnknownSet.hpp): the assembler's entries for dk are turned
// into entries for ds by the chain rule (dk/ds per unknown). Without an
// UnknownSet the unknowns stay at their current values and their columns are
// dropped.

#include <Kokkos_Core.hpp>

#include "common/Error.hpp"

#include "solver/optim/Objective.hpp"
#include "solver/pde/Assembler.hpp"
#include "solver/train/UnknownSet.hpp"

namespace kanpde::solver {

template <class ExecSpace = Kokkos::DefaultExecutionSpace>
class PinnObjective : public optim::Objective {
 public:
  using Net = kan::Network<typename ExecSpace::memory_space>;
  PinnObjective(const Assembler<ExecSpace>& assembler, Net& net, UnknownSet* unknowns = nullptr)
      : as_(assembler),
        net_(net),
        unknowns_(unknowns != nullptr && unknowns->size() > 0 ? unknowns : nullptr),
        grad_("kanpde::solver::grad", net.num_params()),
        host_(Kokkos::create_mirror_view(grad_)) {
    KANPDE_REQUIRE(!unknowns_ || unknowns_->size() == as_.num_unknowns(),
                   "the loss reads " << as_.num_unknowns() << " unknown scalars, "
                                     << unknowns_->size() << " are trained");
  }

  std::size_t size() const override { return net_.num_params() + num_unknowns(); }
  double value(const optim::Vector& theta) override {
    load(theta);
    last_ = as_.loss(net_);
    return last_.total;
  }
  double value_and_gradient(const optim::Vector& theta, optim::Vector& grad) override {
    load(theta);
    last_ = as_.loss_and_gradient(net_, grad_);
    Kokkos::deep_copy(host_, grad_);
    const auto P = static_cast<Eigen::Index>(net_.num_params());
    grad.resize(static_cast<Eigen::Index>(size()));
    grad.head(P) = Eigen::Map<const optim::Vector>(host_.data(), P);
    if (unknowns_) {
      const std::vector<double> dk = unknowns_->derivatives();
      for (std::size_t k = 0; k < dk.size(); ++k)
        grad(P + static_cast<Eigen::Index>(k)) = as_.unknown_gradient()[k] * dk[k];
    }
    return last_.total;
  }
  bool has_gauss_newton() const override { return true; }
  double gauss_newton(const optim::Vector& theta, optim::Matrix& JtJ, optim::Vector& Jtr) override {
    load(theta);
    last_ = as_.gauss_newton(net_, JtJ, Jtr);
    const auto P = static_cast<Eigen::Index>(net_.num_params());
    if (unknowns_) {
      const std::vector<double> dk = unknowns_->derivatives();
      for (std::size_t k = 0; k < dk.size(); ++k) {
        const Eigen::Index c = P + static_cast<Eigen::Index>(k);
        JtJ.row(c) *= dk[k];
        JtJ.col(c) *= dk[k];
        Jtr(c) *= dk[k];
      }
    } else if (as_.num_unknowns() > 0) {
      JtJ = JtJ.topLeftCorner(P, P).eval();
      Jtr = Jtr.head(P).eval();
    }
    return last_.total;
  }
  bool has_jacobian() const override { return !as_.comm().distributed(); }
  double jacobian(const optim::Vector& theta, optim::Matrix& J, optim::Vector& R) override {
    load(theta);
    last_ = as_.jacobian(net_, J, R);
    const auto P = static_cast<Eigen::Index>(net_.num_params());
    if (unknowns_) {
      const std::vector<double> dk = unknowns_->derivatives();
      for (std::size_t k = 0; k < dk.size(); ++k) J.col(P + static_cast<Eigen::Index>(k)) *= dk[k];
    } else if (as_.num_unknowns() > 0) {
      J = J.leftCols(P).eval();
    }
    return last_.total;
  }
  // The loss terms of the latest evaluation.
  const LossTerms& last_terms() const { return last_; }

  // The current parameters as a vector: the network's, then the unknowns'.
  optim::Vector parameters() const {
    std::vector<double> p = net_.params_host();
    if (unknowns_) p.insert(p.end(), unknowns_->variables().begin(), unknowns_->variables().end());
    return Eigen::Map<const optim::Vector>(p.data(), static_cast<Eigen::Index>(p.size()));
  }
  // theta into the network and the unknowns.
  void load(const optim::Vector& theta) {
    const std::size_t P = net_.num_params();
    KANPDE_REQUIRE(static_cast<std::size_t>(theta.size()) == size(),
                   "expected " << size() << " parameters, found " << theta.size());
    net_.set_params(std::vector<double>(theta.data(), theta.data() + P));
    if (unknowns_) unknowns_->set_variables(theta.data() + P);
  }

 private:
  std::size_t num_unknowns() const { return unknowns_ ? std::size_t(unknowns_->size()) : 0; }
  const Assembler<ExecSpace>& as_;
  Net& net_;
  UnknownSet* unknowns_;
  Kokkos::View<double*, typename ExecSpace::memory_space> grad_;
  typename Kokkos::View<double*, typename ExecSpace::memory_space>::HostMirror host_;
  LossTerms last_;
};

}  // namespace kanpde::solver
