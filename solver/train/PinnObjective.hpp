#pragma once
// The PINN loss as an optimizer objective: parameters go into the network's
// flat View, the assembler evaluates loss, gradient or Gauss-Newton system.

#include <Kokkos_Core.hpp>

#include "solver/optim/Objective.hpp"
#include "solver/pde/Assembler.hpp"

namespace kanpde::solver {

template <class ExecSpace = Kokkos::DefaultExecutionSpace>
class PinnObjective : public optim::Objective {
 public:
  using Net = kan::Network<typename ExecSpace::memory_space>;
  PinnObjective(const Assembler<ExecSpace>& assembler, Net& net)
      : as_(assembler),
        net_(net),
        grad_("kanpde::solver::grad", net.num_params()),
        host_(Kokkos::create_mirror_view(grad_)) {}

  std::size_t size() const override { return net_.num_params(); }
  double value(const optim::Vector& theta) override {
    load(theta);
    last_ = as_.loss(net_);
    return last_.total;
  }
  double value_and_gradient(const optim::Vector& theta, optim::Vector& grad) override {
    load(theta);
    last_ = as_.loss_and_gradient(net_, grad_);
    Kokkos::deep_copy(host_, grad_);
    grad = Eigen::Map<const optim::Vector>(host_.data(), static_cast<Eigen::Index>(size()));
    return last_.total;
  }
  bool has_gauss_newton() const override { return true; }
  double gauss_newton(const optim::Vector& theta, optim::Matrix& JtJ, optim::Vector& Jtr) override {
    load(theta);
    last_ = as_.gauss_newton(net_, JtJ, Jtr);
    return last_.total;
  }
  bool has_jacobian() const override { return !as_.comm().distributed(); }
  double jacobian(const optim::Vector& theta, optim::Matrix& J, optim::Vector& R) override {
    load(theta);
    last_ = as_.jacobian(net_, J, R);
    return last_.total;
  }
  // The loss terms of the latest evaluation.
  const LossTerms& last_terms() const { return last_; }

  // The network's current parameters as a vector.
  optim::Vector parameters() const {
    const std::vector<double> p = net_.params_host();
    return Eigen::Map<const optim::Vector>(p.data(), static_cast<Eigen::Index>(p.size()));
  }

 private:
  void load(const optim::Vector& theta) {
    net_.set_params(std::vector<double>(theta.data(), theta.data() + theta.size()));
  }
  const Assembler<ExecSpace>& as_;
  Net& net_;
  Kokkos::View<double*, typename ExecSpace::memory_space> grad_;
  typename Kokkos::View<double*, typename ExecSpace::memory_space>::HostMirror host_;
  LossTerms last_;
};

}  // namespace kanpde::solver
