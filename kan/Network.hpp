#pragma once
// A KAN whose parameters live in one flat View (layout: kan/Layout.hpp) and
// whose knots live in a second one. Templated on the memory space that holds
// them; kernels take a NetworkView, a trivially copyable handle.

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/Error.hpp"
#include "kan/Layout.hpp"

namespace kanpde::kan {

// What a new network looks like and how it is initialised.
//
// Initialisation (seeded, reproducible on every platform):
//   knots     uniform: G intervals over the input's range, k more on each side;
//             layer-0 inputs use input_ranges (the domain's bounding box),
//             hidden layers hidden_range.
//   c_m       ~ N(0, coef_noise^2): every edge starts as a small random spline,
//             which breaks the symmetry between edges without hiding the base
//             function.
//   w_b       ~ U(-1, 1) * base_scale / sqrt(n_in): the sum over n_in edges of
//             a node keeps a variance of order one, as Xavier-type schemes do
//             for MLPs.
//   w_s       = spline_scale / sqrt(n_in), for the same reason.
struct NetworkSpec {
  std::vector<int> widths{2, 10, 1};
  int grid_size = 5;
  int order = 3;
  BaseFunction base = BaseFunction::silu;
  std::vector<std::pair<double, double>> input_ranges;  // one per input; empty: [-1, 1]
  std::pair<double, double> hidden_range{-1.0, 1.0};
  std::uint64_t seed = 0;
  double coef_noise = 0.1;
  double base_scale = 1.0;
  double spline_scale = 1.0;
};

// Per-input reciprocal grid spacing when the knots are uniform (to 1e-12
// relative), 0 otherwise; the kernels use it for O(1) span lookup.
std::vector<double> uniform_inverse_spacing(const Layout& layout, const std::vector<double>& knots);
// InputError unless every knot vector is finite and strictly increasing.
void validate_knots(const Layout& layout, const std::vector<double>& knots);
// Uniform knots over the spec's ranges, and the seeded initial parameters.
std::vector<double> initial_knots(const Layout& layout, const NetworkSpec& spec);
std::vector<double> initial_params(const Layout& layout, const NetworkSpec& spec);

template <class MemorySpace>
struct NetworkView {
  int num_layers = 0;
  int order = 0;
  int knots_per_input = 0;
  int basis_per_edge = 0;
  BaseFunction base = BaseFunction::silu;
  int width[max_layers + 1] = {};
  int node_offset[max_layers + 1] = {};
  int input_offset[max_layers + 1] = {};
  std::size_t param_offset[max_layers + 1] = {};
  Kokkos::View<const double*, MemorySpace> params;
  Kokkos::View<const double*, MemorySpace> knots;
  Kokkos::View<const double*, MemorySpace> inv_h;
};

template <class MemorySpace = Kokkos::DefaultExecutionSpace::memory_space>
class Network {
 public:
  using memory_space = MemorySpace;
  using view_type = Kokkos::View<double*, MemorySpace>;

  Network() = default;
  explicit Network(const NetworkSpec& spec)
      : Network(Layout(spec.widths, spec.grid_size, spec.order, spec.base), spec) {}
  Network(const Layout& layout, const std::vector<double>& params, const std::vector<double>& knots)
      : layout_(layout) {
    allocate();
    set_params(params);
    set_knots(knots);
  }

  const Layout& layout() const { return layout_; }
  std::size_t num_params() const { return layout_.num_params(); }
  // The flat parameter View (shared, not copied): optimizers update it in place.
  view_type params() const { return params_; }
  Kokkos::View<const double*, MemorySpace> knots() const { return knots_; }

  std::vector<double> params_host() const { return to_host(params_); }
  std::vector<double> knots_host() const { return to_host(knots_); }
  void set_params(const std::vector<double>& p) {
    KANPDE_REQUIRE(p.size() == layout_.num_params(),
                   "expected " << layout_.num_params() << " parameters, found " << p.size());
    from_host(p, params_);
  }
  void set_knots(const std::vector<double>& t) {
    KANPDE_REQUIRE(t.size() == layout_.num_knots(),
                   "expected " << layout_.num_knots() << " knots, found " << t.size());
    validate_knots(layout_, t);
    from_host(t, knots_);
    from_host(uniform_inverse_spacing(layout_, t), inv_h_);
  }

  // A deep copy, in this or another memory space.
  template <class OtherSpace = MemorySpace>
  Network<OtherSpace> clone() const {
    return Network<OtherSpace>(layout_, params_host(), knots_host());
  }

  NetworkView<MemorySpace> view() const {
    NetworkView<MemorySpace> v;
    v.num_layers = layout_.num_layers();
    v.order = layout_.order();
    v.knots_per_input = layout_.knots_per_input();
    v.basis_per_edge = layout_.basis_per_edge();
    v.base = layout_.base();
    for (int l = 0; l <= v.num_layers; ++l) {
      v.width[l] = layout_.width(l);
      v.node_offset[l] = layout_.node_offset(l);
      v.input_offset[l] = l < v.num_layers ? layout_.input_offset(l) : layout_.num_inputs_total();
      v.param_offset[l] = l < v.num_layers ? layout_.layer_param_offset(l) : layout_.num_params();
    }
    v.params = params_;
    v.knots = knots_;
    v.inv_h = inv_h_;
    return v;
  }

 private:
  Network(const Layout& layout, const NetworkSpec& spec)
      : Network(layout, initial_params(layout, spec), initial_knots(layout, spec)) {}

  void allocate() {
    params_ = view_type("kanpde::kan::params", layout_.num_params());
    knots_ = view_type("kanpde::kan::knots", layout_.num_knots());
    inv_h_ = view_type("kanpde::kan::inv_h", static_cast<std::size_t>(layout_.num_inputs_total()));
  }
  static std::vector<double> to_host(const Kokkos::View<const double*, MemorySpace>& v) {
    std::vector<double> out(v.extent(0));
    Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> h(out.data(),
                                                                                        out.size());
    Kokkos::deep_copy(h, v);
    return out;
  }
  static void from_host(const std::vector<double>& src, const view_type& dst) {
    Kokkos::View<const double*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> h(
        src.data(), src.size());
    Kokkos::deep_copy(dst, h);
  }

  Layout layout_;
  view_type params_;
  view_type knots_;
  view_type inv_h_;
};

}  // namespace kanpde::kan
