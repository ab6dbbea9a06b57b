#pragma once
// Device-callable math that builds against Kokkos 3.4 (functions in
// Kokkos::Experimental) and Kokkos >= 3.7 / 4.x (functions in Kokkos).

#include <Kokkos_Core.hpp>

namespace kanpde::math {

#if KOKKOS_VERSION >= 30700
#define KANPDE_KOKKOS_MATH_NS Kokkos
#else
#define KANPDE_KOKKOS_MATH_NS Kokkos::Experimental
#endif

template <class T>
KOKKOS_INLINE_FUNCTION T exp(T x) {
  return KANPDE_KOKKOS_MATH_NS::exp(x);
}
template <class T>
KOKKOS_INLINE_FUNCTION T log(T x) {
  return KANPDE_KOKKOS_MATH_NS::log(x);
}
template <class T>
KOKKOS_INLINE_FUNCTION T sqrt(T x) {
  return KANPDE_KOKKOS_MATH_NS::sqrt(x);
}
template <class T>
KOKKOS_INLINE_FUNCTION T sin(T x) {
  return KANPDE_KOKKOS_MATH_NS::sin(x);
}
template <class T>
KOKKOS_INLINE_FUNCTION T cos(T x) {
  return KANPDE_KOKKOS_MATH_NS::cos(x);
}
template <class T>
KOKKOS_INLINE_FUNCTION T tanh(T x) {
  return KANPDE_KOKKOS_MATH_NS::tanh(x);
}
template <class T>
KOKKOS_INLINE_FUNCTION T floor(T x) {
  return KANPDE_KOKKOS_MATH_NS::floor(x);
}
template <class T>
KOKKOS_INLINE_FUNCTION T abs(T x) {
  return x < T(0) ? -x : x;
}
template <class T>
KOKKOS_INLINE_FUNCTION T min(T a, T b) {
  return b < a ? b : a;
}
template <class T>
KOKKOS_INLINE_FUNCTION T max(T a, T b) {
  return a < b ? b : a;
}

#undef KANPDE_KOKKOS_MATH_NS

}  // namespace kanpde::math
