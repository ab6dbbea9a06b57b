#include "kan/Layout.hpp"

#include <numeric>

#include "common/Error.hpp"

namespace kanpde::kan {

Layout::Layout(std::vector<int> widths, int grid_size, int order, BaseFunction base)
    : widths_(std::move(widths)), grid_size_(grid_size), order_(order), base_(base) {
  KANPDE_REQUIRE(widths_.size() >= 2, "a KAN needs at least an input and an output width, found "
                                          << widths_.size() << " width(s)");
  KANPDE_REQUIRE(num_layers() <= max_layers,
                 "a KAN has at most " << max_layers << " layers (KANPDE_KAN_MAX_LAYERS), found "
                                      << num_layers());
  for (std::size_t l = 0; l < widths_.size(); ++l)
    KANPDE_REQUIRE(widths_[l] >= 1 && widths_[l] <= max_width,
                   "KAN width " << l << " must be in 1.." << max_width
                                << " (KANPDE_KAN_MAX_WIDTH), found " << widths_[l]);
  KANPDE_REQUIRE(
      input_dim() >= 1 && input_dim() <= max_dim,
      "the KAN input width is the space dimension, 1.." << max_dim << ", found " << input_dim());
  KANPDE_REQUIRE(num_nodes() <= max_nodes, "the KAN has " << num_nodes()
                                                          << " nodes in all, at most " << max_nodes
                                                          << " are supported");
  KANPDE_REQUIRE(grid_size_ >= 1, "the grid size G must be >= 1, found " << grid_size_);
  KANPDE_REQUIRE(order_ >= 1 && order_ <= max_order,
                 "the spline order k must be in 1.." << max_order << ", found " << order_);
  for (int l = 0; l < num_layers(); ++l) {
    const std::size_t e = static_cast<std::size_t>(edges(l));
    param_offset_.push_back(param_offset_.back() +
                            e * static_cast<std::size_t>(basis_per_edge() + 2));
    input_offset_.push_back(input_offset_.back() + width(l));
  }
}

int Layout::num_nodes() const {
  return std::accumulate(widths_.begin(), widths_.end(), 0);
}

int Layout::node_offset(int l) const {
  return std::accumulate(widths_.begin(), widths_.begin() + l, 0);
}

int Layout::num_edges() const {
  int n = 0;
  for (int l = 0; l < num_layers(); ++l) n += edges(l);
  return n;
}

std::size_t Layout::coef_index(int l, int i, int o, int m) const {
  return layer_param_offset(l) +
         static_cast<std::size_t>(i * width(l + 1) + o) *
             static_cast<std::size_t>(basis_per_edge()) +
         static_cast<std::size_t>(m);
}

std::size_t Layout::w_base_index(int l, int i, int o) const {
  const std::size_t e = static_cast<std::size_t>(edges(l));
  return layer_param_offset(l) + e * static_cast<std::size_t>(basis_per_edge()) +
         static_cast<std::size_t>(i * width(l + 1) + o);
}

std::size_t Layout::w_spline_index(int l, int i, int o) const {
  return w_base_index(l, i, o) + static_cast<std::size_t>(edges(l));
}

}  // namespace kanpde::kan
