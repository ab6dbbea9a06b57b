#pragma once
// The shape of a KAN and where each parameter and knot lives in its flat
// arrays.
//
// Widths [n_0, n_1, .., n_L]: L layers, layer l maps n_l inputs to n_{l+1}
// outputs through n_l * n_{l+1} edges. Every edge (i -> o) carries
//   phi(x) = w_b * b(x) + w_s * sum_m c_m B_m(x),  m = 0 .. G+k-1,
// and output o of the layer is sum_i phi_io(x_i).
//
// Parameters, one flat array, layer after layer; within layer l (edge index
// e = i * n_{l+1} + o):
//   coef     [n_l][n_{l+1}][G+k]   at offset(l)
//   w_base   [n_l][n_{l+1}]        at offset(l) + E*(G+k)       (E = n_l n_{l+1})
//   w_spline [n_l][n_{l+1}]        at offset(l) + E*(G+k) + E
// Knots, a separate flat array: per layer, per input i, G+2k+1 knots, shared by
// the n_{l+1} edges leaving that input.

#include <cstddef>
#include <vector>

#include "kan/BaseFunction.hpp"

#ifndef KANPDE_KAN_MAX_WIDTH
#define KANPDE_KAN_MAX_WIDTH 64
#endif
#ifndef KANPDE_KAN_MAX_LAYERS
#define KANPDE_KAN_MAX_LAYERS 8
#endif

namespace kanpde::kan {

inline constexpr int max_width = KANPDE_KAN_MAX_WIDTH;
inline constexpr int max_layers = KANPDE_KAN_MAX_LAYERS;
// Largest total node count (sum of widths) a per-point kernel holds on its stack.
inline constexpr int max_nodes = 4 * KANPDE_KAN_MAX_WIDTH;
inline constexpr int max_order = 5;
// Largest KAN input width (space dimension). Widths 1..3 run kernels compiled
// for that width; wider inputs run the one runtime-width kernel (D =
// dynamic_dim), which holds jets of up to max_dim gradient components.
inline constexpr int max_dim = 16;
inline constexpr int dynamic_dim = 0;

class Layout {
 public:
  Layout() = default;
  // Validates (InputError): 1..max_layers layers, widths in 1..max_width, input
  // width 1..max_dim, sum of widths <= max_nodes, grid_size >= 1, order in
  // 1..max_order.
  Layout(std::vector<int> widths, int grid_size, int order, BaseFunction base);

  const std::vector<int>& widths() const { return widths_; }
  int num_layers() const { return static_cast<int>(widths_.size()) - 1; }
  int width(int l) const { return widths_[static_cast<std::size_t>(l)]; }
  int input_dim() const { return widths_.front(); }
  int output_dim() const { return widths_.back(); }
  int grid_size() const { return grid_size_; }
  int order() const { return order_; }
  BaseFunction base() const { return base_; }

  int basis_per_edge() const { return grid_size_ + order_; }
  int knots_per_input() const { return grid_size_ + 2 * order_ + 1; }
  int edges(int l) const { return width(l) * width(l + 1); }
  int num_nodes() const;
  int node_offset(int l) const;
  int num_edges() const;

  std::size_t num_params() const { return param_offset_.back(); }
  std::size_t layer_param_offset(int l) const { return param_offset_[static_cast<std::size_t>(l)]; }
  std::size_t layer_num_params(int l) const {
    return param_offset_[static_cast<std::size_t>(l) + 1] - layer_param_offset(l);
  }
  std::size_t coef_index(int l, int i, int o, int m) const;
  std::size_t w_base_index(int l, int i, int o) const;
  std::size_t w_spline_index(int l, int i, int o) const;

  // Inputs of all layers counted together (the knot vectors).
  int num_inputs_total() const { return input_offset_.back(); }
  int input_offset(int l) const { return input_offset_[static_cast<std::size_t>(l)]; }
  std::size_t num_knots() const {
    return static_cast<std::size_t>(num_inputs_total()) *
           static_cast<std::size_t>(knots_per_input());
  }
  std::size_t knot_index(int l, int i, int s) const {
    return static_cast<std::size_t>(input_offset(l) + i) *
               static_cast<std::size_t>(knots_per_input()) +
           static_cast<std::size_t>(s);
  }

  bool operator==(const Layout& o) const {
    return widths_ == o.widths_ && grid_size_ == o.grid_size_ && order_ == o.order_ &&
           base_ == o.base_;
  }
  bool operator!=(const Layout& o) const { return !(*this == o); }

 private:
  std::vector<int> widths_;
  int grid_size_ = 0;
  int order_ = 0;
  BaseFunction base_ = BaseFunction::silu;
  std::vector<std::size_t> param_offset_{0};
  std::vector<int> input_offset_{0};
};

}  // namespace kanpde::kan
