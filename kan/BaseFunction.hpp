#pragma once
// The residual ("base") function b(x) of every KAN edge,
// phi(x) = w_b * b(x) + w_s * spline(x), and its derivatives up to third order.

#include <Kokkos_Core.hpp>

#include <string>

#include "common/Math.hpp"

namespace kanpde::kan {

enum class BaseFunction : int { silu = 0, identity = 1, zero = 2 };

std::string to_string(BaseFunction b);
// InputError for an unknown name; accepted: "silu", "identity", "zero".
BaseFunction base_function_from_string(const std::string& name);

// out[r] = d^r b / dx^r (x), r = 0..R.
template <int R, class Scalar>
KOKKOS_INLINE_FUNCTION void base_eval(BaseFunction b, Scalar x, Scalar (&out)[R + 1]) {
  static_assert(R >= 0 && R <= 3, "derivative order out of range");
  if (b == BaseFunction::silu) {
    // silu(x) = x s(x), s the logistic function, s' = s(1-s). Evaluated
    // without overflow for large |x|.
    const Scalar e = math::exp(-math::abs(x));
    const Scalar s = x >= Scalar(0) ? Scalar(1) / (Scalar(1) + e) : e / (Scalar(1) + e);
    const Scalar ds = s * (Scalar(1) - s);
    const Scalar u = Scalar(1) - Scalar(2) * s;
    out[0] = x * s;
    if constexpr (R >= 1) out[1] = s + x * ds;
    if constexpr (R >= 2) out[2] = ds * (Scalar(2) + x * u);
    if constexpr (R >= 3) out[3] = ds * (u * (Scalar(3) + x * u) - Scalar(2) * x * ds);
  } else if (b == BaseFunction::identity) {
    out[0] = x;
    if constexpr (R >= 1) out[1] = Scalar(1);
    for (int r = 2; r <= R; ++r) out[r] = Scalar(0);
  } else {
    for (int r = 0; r <= R; ++r) out[r] = Scalar(0);
  }
}

}  // namespace kanpde::kan
