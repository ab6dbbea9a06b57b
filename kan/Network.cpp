#include "kan/Network.hpp"

#include <cmath>

#include "common/Error.hpp"
#include "common/Random.hpp"

namespace kanpde::kan {

std::string to_string(BaseFunction b) {
  switch (b) {
    case BaseFunction::silu:
      return "silu";
    case BaseFunction::identity:
      return "identity";
    case BaseFunction::zero:
      return "zero";
  }
  return "unknown";
}

BaseFunction base_function_from_string(const std::string& name) {
  if (name == "silu") return BaseFunction::silu;
  if (name == "identity") return BaseFunction::identity;
  if (name == "zero") return BaseFunction::zero;
  throw InputError("unknown KAN base function \"" + name +
                   "\", expected one of \"silu\", \"identity\", \"zero\"");
}

void validate_knots(const Layout& layout, const std::vector<double>& knots) {
  const int n = layout.knots_per_input();
  for (int q = 0; q < layout.num_inputs_total(); ++q) {
    const double* t = knots.data() + static_cast<std::size_t>(q) * static_cast<std::size_t>(n);
    for (int s = 0; s < n; ++s) {
      KANPDE_REQUIRE(std::isfinite(t[s]), "knot " << s << " of input " << q << " is not finite");
      if (s > 0)
        KANPDE_REQUIRE(t[s] > t[s - 1], "knots of input " << q
                                                          << " must be strictly increasing, found "
                                                          << t[s - 1] << " then " << t[s]);
    }
  }
}

std::vector<double> uniform_inverse_spacing(const Layout& layout,
                                            const std::vector<double>& knots) {
  const int n = layout.knots_per_input();
  std::vector<double> inv(static_cast<std::size_t>(layout.num_inputs_total()), 0.0);
  for (int q = 0; q < layout.num_inputs_total(); ++q) {
    const double* t = knots.data() + static_cast<std::size_t>(q) * static_cast<std::size_t>(n);
    const double h = (t[n - 1] - t[0]) / (n - 1);
    bool uniform = true;
    for (int s = 1; s < n && uniform; ++s)
      uniform = std::abs((t[s] - t[s - 1]) - h) <= 1e-12 * std::abs(h) + 1e-14 * std::abs(t[s]);
    inv[static_cast<std::size_t>(q)] = uniform ? 1.0 / h : 0.0;
  }
  return inv;
}

std::vector<double> initial_knots(const Layout& layout, const NetworkSpec& spec) {
  KANPDE_REQUIRE(
      spec.input_ranges.empty() ||
          spec.input_ranges.size() == static_cast<std::size_t>(layout.input_dim()),
      "expected " << layout.input_dim() << " input ranges, found " << spec.input_ranges.size());
  std::vector<double> t(layout.num_knots());
  const int G = layout.grid_size(), k = layout.order();
  for (int l = 0; l < layout.num_layers(); ++l) {
    for (int i = 0; i < layout.width(l); ++i) {
      std::pair<double, double> r = spec.hidden_range;
      if (l == 0)
        r = spec.input_ranges.empty() ? std::make_pair(-1.0, 1.0)
                                      : spec.input_ranges[static_cast<std::size_t>(i)];
      KANPDE_REQUIRE(std::isfinite(r.first) && std::isfinite(r.second) && r.second > r.first,
                     "KAN grid range of layer " << l << " input " << i
                                                << " must be finite with lo < hi, found ["
                                                << r.first << ", " << r.second << "]");
      const double h = (r.second - r.first) / G;
      for (int s = 0; s < layout.knots_per_input(); ++s)
        t[layout.knot_index(l, i, s)] = r.first + (s - k) * h;
    }
  }
  return t;
}

std::vector<double> initial_params(const Layout& layout, const NetworkSpec& spec) {
  std::vector<double> p(layout.num_params());
  SplitMix64 rng(spec.seed);
  for (int l = 0; l < layout.num_layers(); ++l) {
    const double fan = 1.0 / std::sqrt(static_cast<double>(layout.width(l)));
    for (int i = 0; i < layout.width(l); ++i)
      for (int o = 0; o < layout.width(l + 1); ++o) {
        for (int m = 0; m < layout.basis_per_edge(); ++m)
          p[layout.coef_index(l, i, o, m)] = spec.coef_noise * rng.normal();
        p[layout.w_base_index(l, i, o)] = spec.base_scale * fan * rng.uniform(-1.0, 1.0);
        p[layout.w_spline_index(l, i, o)] = spec.spline_scale * fan;
      }
  }
  return p;
}

}  // namespace kanpde::kan
