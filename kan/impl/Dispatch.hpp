#pragma once
// Runtime (order, dimension, jet mode) to compile-time template arguments.

#include <type_traits>
#include <utility>

#include "common/Error.hpp"

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
      f(I{}, J{}, std::integral_constant<JetMode, JetMode::hessian>{});
      return;
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

}  // namespace Impl

template <class F>
void dispatch(int order, int dim, JetMode mode, F&& f) {
  switch (order) {
    case 1:
      Impl::dispatch_dim<1>(dim, mode, std::forward<F>(f));
      return;
    case 2:
      Impl::dispatch_dim<2>(dim, mode, std::forward<F>(f));
      return;
    case 3:
      Impl::dispatch_dim<3>(dim, mode, std::forward<F>(f));
      return;
    case 4:
      Impl::dispatch_dim<4>(dim, mode, std::forward<F>(f));
      return;
    case 5:
      Impl::dispatch_dim<5>(dim, mode, std::forward<F>(f));
      return;
  }
  KANPDE_REQUIRE(false, "the spline order must be in 1..5, found " << order);
}

}  // namespace kanpde::kan
