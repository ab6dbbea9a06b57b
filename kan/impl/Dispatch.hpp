#pragma once
// Runtime (order, dimension, jet mode) to compile-time template arguments.
// The one place that decides which kernel serves a space dimension: widths
// 1..3 get kernels compiled for them, wider inputs (and any width on request,
// DimPath::dynamic) the runtime-width kernel D = dynamic_dim.

#include <type_traits>
#include <utility>

#include "common/Error.hpp"
#include "kan/Layout.hpp"

namespace kanpde::kan {
namespace Impl {

template <int K, int D, class F>
void dispatch_mode(JetMode mode, F&& f) {
  using I = std::integral_constant<int, K>;
  using J = std::integral_constant<int, D>;
  switch (mode) {
    case JetMode::value:
      f(I{}, J{}, std::integral_constant<JetMode, JetMode::value>{});
      return;
    case JetMode::laplacian:
      f(I{}, J{}, std::integral_constant<JetMode, JetMode::laplacian>{});
      return;
    case JetMode::hessian:
      if constexpr (D != dynamic_dim) {
        f(I{}, J{}, std::integral_constant<JetMode, JetMode::hessian>{});
        return;
      }
      break;
  }
  KANPDE_ASSERT(false, "unknown jet mode");
}

template <int K, class F>
void dispatch_dim(int dim, JetMode mode, F&& f) {
  switch (dim) {
    case 1:
      dispatch_mode<K, 1>(mode, std::forward<F>(f));
      return;
    case 2:
      dispatch_mode<K, 2>(mode, std::forward<F>(f));
      return;
    case 3:
      dispatch_mode<K, 3>(mode, std::forward<F>(f));
      return;
  }
  KANPDE_REQUIRE(false, "the input dimension must be 1, 2 or 3, found " << dim);
}

template <class G>
void dispatch_order(int order, G&& g) {
  switch (order) {
    case 1:
      g(std::integral_constant<int, 1>{});
      return;
    case 2:
      g(std::integral_constant<int, 2>{});
      return;
    case 3:
      g(std::integral_constant<int, 3>{});
      return;
    case 4:
      g(std::integral_constant<int, 4>{});
      return;
    case 5:
      g(std::integral_constant<int, 5>{});
      return;
  }
  KANPDE_REQUIRE(false, "the spline order must be in 1..5, found " << order);
}

}  // namespace Impl

template <class F>
void dispatch(int order, int dim, JetMode mode, F&& f) {
  Impl::dispatch_order(order,
                       [&](auto K) { Impl::dispatch_dim<decltype(K)::value>(dim, mode, f); });
}

template <class F>
void dispatch(int order, int dim, JetMode mode, DimPath path, F&& f) {
  if (path == DimPath::automatic && dim <= 3) {
    dispatch(order, dim, mode, std::forward<F>(f));
    return;
  }
  KANPDE_REQUIRE(dim >= 1 && dim <= max_dim,
                 "the input dimension must be in 1.." << max_dim << ", found " << dim);
  KANPDE_REQUIRE(mode != JetMode::hessian,
                 "Hessian jets are computed in 1, 2 or 3 dimensions only (their size grows as "
                 "d^2); found "
                     << dim << " dimensions: use Laplacian jets");
  Impl::dispatch_order(
      order, [&](auto K) { Impl::dispatch_mode<decltype(K)::value, dynamic_dim>(mode, f); });
}

}  // namespace kanpde::kan
