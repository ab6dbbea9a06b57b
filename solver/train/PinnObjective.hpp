#pragma once
// The PINN loss as an optimizer objective: parameters go into the network's
// flat View, the assembler evaluates loss, gradient or Gauss-Newton system.
//
// With unknown scalars (an UnknownSet), theta = [network parameters, s]
// (solver/train/UnknownSet.hpp): the assembler's entries for dk are turned
// into entries for ds by the chain rule (dk/ds per unknown). Without an
// UnknownSet the unknowns stay at their current values and their columns are
// dropped.
//
// With an unknown field (the assembler's set_field, the same network passed
// here), theta = [network parameters (P), field parameters (Pa), s]: the
// field's entries are the assembler's first Pa extra columns as they are.

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
  PinnObjective(const Assembler<ExecSpace>& assembler, Net& net, UnknownSet* unknowns = nullptr,
                Net* field = nullptr)
      : as_(assembler),
        net_(net),
        unknowns_(unknowns != nullptr && unknowns->size() > 0 ? unknowns : nullptr),
        field_(field),
        grad_("kanpde::solver::grad", net.num_params()),
        host_(Kokkos::create_mirror_view(grad_)) {
    KANPDE_REQUIRE(!unknowns_ || unknowns_->size() == as_.num_unknowns(),
                   "the loss reads " << as_.num_unknowns() << " unknown scalars, "
                                     << unknowns_->size() << " are trained");
    KANPDE_REQUIRE(std::size_t(as_.num_field_params()) == (field_ ? field_->num_params() : 0),
                   "the loss reads a field of " << as_.num_field_params() << " parameters, "
                                                << (field_ ? field_->num_params() : 0)
                                                << " are trained");
  }

  std::size_t size() const override { return net_.num_params() + field_params() + num_unknowns(); }
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
    const auto Pa = static_cast<Eigen::Index>(field_params());
    for (Eigen::Index i = 0; i < Pa; ++i) grad(P + i) = as_.unknown_gradient()[std::size_t(i)];
    if (unknowns_) {
      const std::vector<double> dk = unknowns_->derivatives();
      for (std::size_t k = 0; k < dk.size(); ++k)
        grad(P + Pa + static_cast<Eigen::Index>(k)) =
            as_.unknown_gradient()[std::size_t(Pa) + k] * dk[k];
    }
    return last_.total;
  }
  bool has_gauss_newton() const override { return true; }
  double gauss_newton(const optim::Vector& theta, optim::Matrix& JtJ, optim::Vector& Jtr) override {
    load(theta);
    last_ = as_.gauss_newton(net_, JtJ, Jtr);
    const auto P = static_cast<Eigen::Index>(net_.num_params() + field_params());
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
    const auto P = static_cast<Eigen::Index>(net_.num_params() + field_params());
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

  // The current parameters as a vector: the network's, the field's, then the
  // unknowns'.
  optim::Vector parameters() const {
    std::vector<double> p = net_.params_host();
    if (field_) {
      const std::vector<double> f = field_->params_host();
      p.insert(p.end(), f.begin(), f.end());
    }
    if (unknowns_) p.insert(p.end(), unknowns_->variables().begin(), unknowns_->variables().end());
    return Eigen::Map<const optim::Vector>(p.data(), static_cast<Eigen::Index>(p.size()));
  }
  // theta into the network and the unknowns.
  void load(const optim::Vector& theta) {
    const std::size_t P = net_.num_params();
    KANPDE_REQUIRE(static_cast<std::size_t>(theta.size()) == size(),
                   "expected " << size() << " parameters, found " << theta.size());
    net_.set_params(std::vector<double>(theta.data(), theta.data() + P));
    const std::size_t Pa = field_params();
    if (field_) field_->set_params(std::vector<double>(theta.data() + P, theta.data() + P + Pa));
    if (unknowns_) unknowns_->set_variables(theta.data() + P + Pa);
  }

 private:
  std::size_t field_params() const { return field_ ? field_->num_params() : 0; }
  std::size_t num_unknowns() const { return unknowns_ ? std::size_t(unknowns_->size()) : 0; }
  const Assembler<ExecSpace>& as_;
  Net& net_;
  UnknownSet* unknowns_;
  Net* field_;
  Kokkos::View<double*, typename ExecSpace::memory_space> grad_;
  typename Kokkos::View<double*, typename ExecSpace::memory_space>::HostMirror host_;
  LossTerms last_;
};

}  // namespace kanpde::solver
