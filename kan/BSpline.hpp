#pragma once
// B-spline basis of order K on a strictly increasing knot vector, with its
// derivatives, evaluated only where it is non-zero.
//
// One input of a KAN layer has n+1 knots t_0 < ... < t_n (n = G + 2K: G grid
// intervals plus K extension intervals on each side) and G + K basis functions
// B_0..B_{G+K-1}; B_m is supported on [t_m, t_{m+K+1}]. On the span
// [t_j, t_{j+1}) only B_{j-K}..B_j can be non-zero; the ones with an index
// outside [0, G+K) do not exist and are reported as such through `first`.
// Outside [t_0, t_n) every basis vanishes.

#include <Kokkos_Core.hpp>

#include "common/Math.hpp"

namespace kanpde::kan {

// Knot q of the vector, extrapolated with the end spacing for q < 0 or q > n.
// The extrapolated knots only enter the Cox-de Boor triangle for bases that
// do not exist; existing bases never depend on them.
template <class Scalar>
KOKKOS_INLINE_FUNCTION Scalar knot_at(const Scalar* t, int n, int q) {
  if (q < 0) return t[0] + Scalar(q) * (t[1] - t[0]);
  if (q > n) return t[n] + Scalar(q - n) * (t[n] - t[n - 1]);
  return t[q];
}

// The span j with t_j <= x < t_{j+1}, or -1 when x is outside [t_0, t_n) (or
// NaN). inv_h > 0 marks a uniform knot vector (O(1) lookup); otherwise a
// binary search.
template <class Scalar>
KOKKOS_INLINE_FUNCTION int find_span(const Scalar* t, int n, Scalar inv_h, Scalar x) {
  if (!(x >= t[0] && x < t[n])) return -1;
  if (inv_h > Scalar(0)) {
    int j = static_cast<int>((x - t[0]) * inv_h);
    j = j < 0 ? 0 : (j > n - 1 ? n - 1 : j);
    while (j > 0 && x < t[j]) --j;           // round-off at a knot
    while (j < n - 1 && x >= t[j + 1]) ++j;  // round-off at a knot
    return j;
  }
  int lo = 0, hi = n;
  while (hi - lo > 1) {
    const int mid = (lo + hi) / 2;
    if (x >= t[mid])
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

// Values and derivatives up to order R of the K+1 bases that may be non-zero
// at x: out[r][a] = d^r/dx^r B_{first+a}(x), first = span - K. Returns the span
// (-1 and all zeros outside the knot range). Derivatives of order > K vanish
// (piecewise polynomials of degree K).
template <int K, int R, class Scalar>
KOKKOS_FORCEINLINE_FUNCTION int bspline_eval(const Scalar* t, int n, Scalar inv_h, Scalar x,
                                             Scalar (&out)[R + 1][K + 1]) {
  static_assert(K >= 0 && K <= 7, "B-spline order out of range");
  static_assert(R >= 0 && R <= 3, "derivative order out of range");
  for (int r = 0; r <= R; ++r)
    for (int a = 0; a <= K; ++a) out[r][a] = Scalar(0);
  const int j = find_span(t, n, inv_h, x);
  if (j < 0) return -1;

  // Local knots T[s] = t_{j-K+s}, s = 0..2K+1: everything the triangle needs.
  Scalar T[2 * K + 2];
  for (int s = 0; s < 2 * K + 2; ++s) T[s] = knot_at(t, n, j - K + s);
  // Knot of basis m = j - p + a at offset o: t_{m+o} = T[K - p + a + o].

  // Reciprocal knot differences, level p (p = 1..K): inv[p][b] =
  // 1 / (T[b+p] - T[b]) for b = K-p+1..K. Both Cox-de Boor terms and the
  // derivative recursion of level p use only these, so a point costs
  // K(K+1)/2 divisions on an adapted grid and none on a uniform one
  // (T[b+p] - T[b] = p h).
  Scalar inv[K + 1][K + 1];
  for (int p = 1; p <= K; ++p)
    for (int b = K - p + 1; b <= K; ++b)
      inv[p][b] = inv_h > Scalar(0) ? inv_h / Scalar(p) : Scalar(1) / (T[b + p] - T[b]);

  // Cox-de Boor triangle: N[p][a] = B_{j-p+a, p}(x), with basis m = j-p+a
  // using T[b] = t_m, b = K-p+a.
  Scalar N[K + 1][K + 1];
  N[0][0] = Scalar(1);
  for (int p = 1; p <= K; ++p) {
    for (int a = 0; a <= p; ++a) {
      const int b = K - p + a;
      Scalar v = Scalar(0);
      if (a >= 1) v += (x - T[b]) * inv[p][b] * N[p - 1][a - 1];
      if (a <= p - 1) v += (T[b + p + 1] - x) * inv[p][b + 1] * N[p - 1][a];
      N[p][a] = v;
    }
  }
  for (int a = 0; a <= K; ++a) out[0][a] = N[K][a];

  // d^r B_{m,p} = p (d^{r-1} B_{m,p-1} / (t_{m+p}-t_m) - d^{r-1} B_{m+1,p-1} /
  // (t_{m+p+1}-t_{m+1})), started from the degree K-r row of the triangle.
  // Loops run over fixed bounds (K+1) so that they unroll into registers; the
  // entries above the current level are kept at zero.
  for (int r = 1; r <= R && r <= K; ++r) {
    const int q = K - r;
    Scalar cur[K + 1];
    for (int a = 0; a <= K; ++a) cur[a] = a <= q ? N[q][a] : Scalar(0);
    for (int p = q + 1; p <= K; ++p) {
      Scalar nxt[K + 1];
      for (int a = 0; a <= K; ++a) {
        const int b = K - p + a;
        Scalar v = Scalar(0);
        if (a >= 1 && a <= p) v += cur[a - 1] * inv[p][b];
        if (a <= p - 1) v -= cur[a] * inv[p][b + 1];
        nxt[a] = Scalar(p) * v;
      }
      for (int a = 0; a <= K; ++a) cur[a] = nxt[a];
    }
    for (int a = 0; a <= K; ++a) out[r][a] = cur[a];
  }
  return j;
}

}  // namespace kanpde::kan
