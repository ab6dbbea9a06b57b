#pragma once
// Dense BFGS on the whole parameter vector: the inverse Hessian H (P x P) is
// kept and updated from each accepted step s and gradient change y, with
// the strong-Wolfe (default) or backtracking line search of LineSearch.hpp.
// Three members of the self-scaled Broyden family (Urban, Stefanou & Pons,
// "Unveiling the optimization process of physics informed neural networks:
// how accurate and competitive can PINNs be?", J. Comput. Phys. 2025, who
// take them from Al-Baali's self-scaling quasi-Newton methods):
//
//   H+ = (H - H y y^T H / y^T H y + phi (y^T H y) v v^T) / tau + s s^T / y^T s,
//   v  = s / y^T s - H y / y^T H y.
//
// v^T y = 0, so H+ y = s (the secant condition) for every tau and phi; H+
// is symmetric, and positive definite when H is, y^T s > 0, tau > 0 and
// 1 + a theta > 0 (below). With B = H^-1 and s = -alpha H g:
//   h = y^T H y / y^T s,  b = s^T B s / y^T s = -alpha s^T g / y^T s,
//   a = b h - 1 >= 0 (Cauchy-Schwarz),  phi = (1 - theta) / (1 + a theta)
// (theta: the parameter of the direct form, 0 = BFGS, 1 = DFP), and
//   bfgs:      theta = 0, tau = 1;
//   ssbfgs:    theta = 0, tau = min(1, 1/b);
//   ssbroyden: rho- = min(1, h (1 - sqrt(a / (1 + a)))),
//              theta = max((rho- - 1) / a, min(1 / rho-, (1 - b) / b)),
//              sigma = 1 + a theta, s~ = sigma^(1 / (1 - P)), r = min(1, 1/b),
//              tau = theta <= 0 ? min(r s~, sigma) : r min(s~, 1/theta).
// The first update of a fresh H = I scales it: tau = h / (1 + a theta)
// (for bfgs the initial scaling of Nocedal & Wright, eq. 6.20). A pair with
// y^T s <= 1e-12 |s| |y| is skipped; a non-descent direction (round-off)
// restarts from H = I.

#include "solver/optim/LineSearch.hpp"
#include "solver/optim/Optimizer.hpp"

namespace kanpde::solver::optim {

enum class BfgsUpdate { bfgs, ssbfgs, ssbroyden };
const char* to_string(BfgsUpdate u);

// Dense BFGS holds P^2 doubles (and a checkpoint as many again): case files
// are refused above this many parameters (solver/case/MemoryEstimate.cpp).
constexpr double kBfgsMaxParams = 6000;

struct BfgsOptions {
  BfgsUpdate update = BfgsUpdate::ssbroyden;
  double tolerance_grad = 1e-12;    // stop when max |grad| falls below
  double tolerance_change = 1e-15;  // stop when the loss changes less (relative)
  LineSearchOptions line_search{};
};

class Bfgs : public Optimizer {
 public:
  explicit Bfgs(const BfgsOptions& o = {});
  using Options = BfgsOptions;
  static constexpr const char* kName = "bfgs";  // in case files
  static constexpr bool kLeastSquares = false;
  const char* name() const override { return kName; }
  // One iteration: d = -H g, a line search along d, the update of H. When
  // the line search finds no step H restarts from the identity; a second
  // failure in a row means converged.
  StepResult step(Objective& f, Vector& theta) override;
  void reset() override;
  // H and the cached loss and gradient belong to the old loss.
  void loss_changed() override { reset(); }
  // scalars: loss, have, failures, updates; vectors: the gradient, then the
  // columns of H.
  OptimizerState state() const override;
  void set_state(const OptimizerState& s) override;
  const Matrix& inverse_hessian() const { return H_; }
  int updates() const { return updates_; }

 private:
  // The update of H from the accepted step s = alpha d and y (g_ is still
  // the gradient at the step's start); false when the pair was skipped.
  bool update(const Vector& s, const Vector& y, double alpha);
  BfgsOptions o_;
  Matrix H_;
  Vector g_, d_, Hy_;
  double f_ = 0.0;
  bool have_ = false;
  int failures_ = 0;
  int updates_ = 0;  // updates since H was the identity
};

}  // namespace kanpde::solver::optim
