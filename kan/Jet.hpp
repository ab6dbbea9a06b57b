#pragma once
// Jets: the value of a network node together with its spatial derivatives,
// propagated forward in Taylor mode.
//
// A jet is a flat array of components, in this order:
//   value   : [u]
//   laplacian: [u, du/dx_0 .. du/dx_{D-1}, lap u]
//   hessian : [u, du/dx_0 .. du/dx_{D-1}, H_00, H_01, .., H_0(D-1), H_11, ..]
//             (upper triangle of the Hessian, row by row)
// Seeds given to the reverse pass use the same layout: the reverse pass
// differentiates sum_c seed[c] * jet[c].

#include <Kokkos_Core.hpp>

namespace kanpde::kan {

enum class JetMode : int { value = 0, laplacian = 1, hessian = 2 };

KOKKOS_INLINE_FUNCTION constexpr int sym_size(int d) {
  return d * (d + 1) / 2;
}

// Index of H_ab (a <= b) within the upper triangle, row by row.
KOKKOS_INLINE_FUNCTION constexpr int sym_index(int d, int a, int b) {
  return a * d - a * (a - 1) / 2 + (b - a);
}

KOKKOS_INLINE_FUNCTION constexpr int jet_size(JetMode m, int d) {
  return m == JetMode::value ? 1 : (m == JetMode::laplacian ? 2 + d : 1 + d + sym_size(d));
}

// Component indices.
KOKKOS_INLINE_FUNCTION constexpr int jet_grad(int a) {
  return 1 + a;
}
KOKKOS_INLINE_FUNCTION constexpr int jet_lap(int d) {
  return 1 + d;
}
KOKKOS_INLINE_FUNCTION constexpr int jet_hess(int d, int a, int b) {
  return 1 + d + (a <= b ? sym_index(d, a, b) : sym_index(d, b, a));
}

const char* to_string(JetMode m);

}  // namespace kanpde::kan
