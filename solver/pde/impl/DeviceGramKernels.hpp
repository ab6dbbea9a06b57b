#pragma once
// The kernels of solver::DeviceGram: one block's partial Gram system from its
// dense rows, as a flat range over (block, column) or one team per block.
//
// Both compute the same numbers in the same order. Entry (i, j), i <= j, of
// block b's packed upper triangle is
//   sum over the block's rows q, in order, of rows(b, q, j) * rows(b, q, i)
// starting from 0, one addition per row whose entry j is non-zero. A row with
// a zero there would add a signed zero, which changes no sum that starts at
// +0 (a sum of +0 and -0 is +0), so skipping it gives the bits of a sum over
// the structural non-zeros only: those of SparseGram.
//
// On CUDA and HIP the product is formed by __dmul_rn, which the compiler
// never fuses with the addition into one multiply-add: the addition rounds
// the rounded product, as on the host (x86-64 without FMA code generation),
// so the leaves equal SparseGram's for the same rows on those backends too.

#include <Kokkos_Core.hpp>

#include <cstddef>

namespace kanpde::solver::Impl {

template <class Mem>
using GramRows = Kokkos::View<double***, Kokkos::LayoutRight, Mem>;
template <class Mem>
using GramLeaves = Kokkos::View<double**, Kokkos::LayoutRight, Mem>;

KOKKOS_INLINE_FUNCTION double gram_product(const double a, const double b) {
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
  return __dmul_rn(a, b);
#else
  return a * b;
#endif
}

// Column j of one leaf: dst[i] for i <= j.
template <class Mem>
KOKKOS_INLINE_FUNCTION void gram_column(
    const Kokkos::View<const double***, Kokkos::LayoutRight, Mem>& rows, const int b,
    const int nrows, const int j, double* dst) {
  for (int i = 0; i <= j; ++i) dst[i] = 0.0;
  for (int q = 0; q < nrows; ++q) {
    const double a = rows(b, q, j);
    if (a == 0.0) continue;
    const double* r = &rows(b, q, 0);
    for (int i = 0; i <= j; ++i) dst[i] += gram_product(a, r[i]);
  }
}

// Rows of batch block b: block_begin(k0 + b) .. block_begin(k0 + b + 1).
template <class Mem>
struct GramBlockRows {
  Kokkos::View<const int*, Mem> block_begin;
  int k0;
  KOKKOS_INLINE_FUNCTION int operator()(const int b) const {
    return block_begin(k0 + b + 1) - block_begin(k0 + b);
  }
};

// One work item per (block, column).
template <class Mem>
struct GramFlat {
  Kokkos::View<const double***, Kokkos::LayoutRight, Mem> rows;
  GramLeaves<Mem> leaves;
  GramBlockRows<Mem> count;
  int n;  // columns
  KOKKOS_FUNCTION void operator()(const int w) const {
    const int b = w / n, j = w % n;
    const std::size_t col = static_cast<std::size_t>(j) * static_cast<std::size_t>(j + 1) / 2;
    gram_column(rows, b, count(b), j, &leaves(b, col));
  }
};

// One team per block; its threads take the columns, their vector lanes the
// entries of a column (each entry owned by one lane, updated row by row).
template <class ExecSpace>
struct GramTeam {
  using Mem = typename ExecSpace::memory_space;
  using Member = typename Kokkos::TeamPolicy<ExecSpace>::member_type;
  Kokkos::View<const double***, Kokkos::LayoutRight, Mem> rows;
  GramLeaves<Mem> leaves;
  GramBlockRows<Mem> count;
  int n;
  KOKKOS_FUNCTION void operator()(const Member& team) const {
    const int b = team.league_rank();
    const int nrows = count(b);
    const auto rows_ = rows;
    const auto leaves_ = leaves;
    Kokkos::parallel_for(Kokkos::TeamThreadRange(team, n), [&](const int j) {
      const std::size_t col = static_cast<std::size_t>(j) * static_cast<std::size_t>(j + 1) / 2;
      double* dst = &leaves_(b, col);
      Kokkos::parallel_for(Kokkos::ThreadVectorRange(team, j + 1),
                           [&](const int i) { dst[i] = 0.0; });
      for (int q = 0; q < nrows; ++q) {
        const double a = rows_(b, q, j);
        if (a == 0.0) continue;
        const double* r = &rows_(b, q, 0);
        Kokkos::parallel_for(Kokkos::ThreadVectorRange(team, j + 1),
                             [&](const int i) { dst[i] += gram_product(a, r[i]); });
      }
    });
  }
};

}  // namespace kanpde::solver::Impl
