#pragma once
// A symbolic model: a KAN whose every edge is a library formula
// c f(a x + b) + d (solver/symbolic/Library.hpp) instead of a spline. It is a
// trial function in its own right: its jets (u, grad u, lap u) come exactly
// from the same Taylor-mode edge rule as the KAN's,
//
//   v' = phi(v),  g' = phi'(v) g,  lap' = phi''(v) |g|^2 + phi'(v) lap,
//
// with phi' = c a f'(a v + b), phi'' = c a^2 f''(a v + b) analytic (for a
// composed form c f(a g(v) + b) + d the chain rule through g), and the
// Jacobian of the jets with respect to the affine parameters by forward-mode
// propagation of d(jet)/d theta through that rule (f''' analytic).
//
// Parameters: 4 per edge, (a, b, c, d), edges numbered layer after layer,
// e = i * n_{l+1} + o within a layer (the KAN's edge order). Some are fixed by
// the function (free_mask): x fixes a = 1, b = 0; x^n and 1/x fix a = 1; exp
// fixes b = 0; the constant function "0" keeps only d.
//
// Evaluation is on the host: the models are small (tens of parameters) and
// the refit solves dense systems.

#include <string>
#include <vector>

#include "solver/symbolic/EdgeFit.hpp"

namespace kanpde::solver::symbolic {

class SymbolicModel {
 public:
  SymbolicModel() = default;
  // Every edge the constant 0 (InputError for widths outside 1..3 inputs).
  explicit SymbolicModel(std::vector<int> widths);

  const std::vector<int>& widths() const { return widths_; }
  int num_layers() const { return static_cast<int>(widths_.size()) - 1; }
  int input_dim() const { return widths_.front(); }
  int output_dim() const { return widths_.back(); }
  int num_edges() const { return edge_offset_.back(); }
  int edge_index(int l, int i, int o) const;
  EdgeFormula& edge(int l, int i, int o) {
    return edges_[static_cast<std::size_t>(edge_index(l, i, o))];
  }
  const EdgeFormula& edge(int l, int i, int o) const {
    return edges_[static_cast<std::size_t>(edge_index(l, i, o))];
  }
  const std::vector<EdgeFormula>& edges() const { return edges_; }
  std::vector<EdgeFormula>& edges_mutable() { return edges_; }

  std::size_t num_params() const { return 4 * static_cast<std::size_t>(num_edges()); }
  std::vector<double> params() const;
  void set_params(const std::vector<double>& p);
  // True for the parameters that are fitted (see above).
  std::vector<bool> free_mask() const;

  // Jets at one point x[0..input_dim): jet[o * (d+2) + c], c = u, du/dx_0..,
  // lap u. jac (optional): d jet[o * (d+2) + c] / d theta_p at
  // jac[(o * (d+2) + c) * num_params() + p]. Non-finite values where a
  // formula leaves its domain (log of a negative number, ...).
  void evaluate(const double* x, double* jet, double* jac = nullptr) const;
  // The value of every node at one point, layer after layer (inputs first).
  std::vector<double> node_values(const double* x) const;
  // Values of output 0 at N points (N x input_dim, row-major).
  std::vector<double> values(const std::vector<double>& x) const;

  // The formula of output o in the expression language of case files (x, y,
  // z; pi; sin, cos, exp, ...). digits: significant digits of the constants
  // (17: the exact model); nice: constants within 1e-6 (relative) of a small
  // integer or a multiple p/q pi (q <= 4) are written so.
  std::string text(int o = 0, int digits = 17, bool nice = false) const;
  std::string latex(int o = 0, int digits = 6) const;

 private:
  std::vector<int> widths_;
  std::vector<int> edge_offset_{0};
  std::vector<EdgeFormula> edges_;
};

}  // namespace kanpde::solver::symbolic
