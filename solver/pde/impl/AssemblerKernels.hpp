#pragma once
// The per-point kernel of the residual assembler.

#include <Kokkos_Core.hpp>
#include <Kokkos_ScatterView.hpp>

#include "common/Math.hpp"
#include "kan/PointKernel.hpp"
#include "solver/pde/TrialFunction.hpp"

namespace kanpde::solver::Impl {

enum class AssembleMode : int { residual = 0, gradient = 1, jacobian = 2 };

template <int K, int D, AssembleMode Mode, class ExecSpace, class Scatter>
struct AssembleFunctor {
  using Mem = typename ExecSpace::memory_space;
  using PK = kan::PointKernel<K, D, kan::JetMode::laplacian>;
  static constexpr int NC = PK::NC;  // D + 2

  kan::NetworkView<Mem> net;
  Kokkos::View<const double**, Mem> x, coef, djet, gjet;
  Kokkos::View<const double*, Mem> rhs, w;
  Kokkos::View<double*, Mem> r;
  bool hard;
  Scatter scatter;  // gradient mode
  // jacobian mode: the non-zeros of row p - p0 (each parameter index appears
  // at most once per point: every edge is visited once by the reverse pass).
  Kokkos::View<int**, Kokkos::LayoutRight, Mem> cols;
  Kokkos::View<double**, Kokkos::LayoutRight, Mem> vals;
  Kokkos::View<int*, Mem> nnz;
  Kokkos::View<double*, Mem> scaled;  // jacobian mode: sqrt(w) r at p - p0
  int p0;

  template <class Sink>
  KOKKOS_INLINE_FUNCTION void point(const int p, const Sink& sink) const {
    typename PK::Tape tape;
    double xp[D];
    for (int d = 0; d < D; ++d) xp[d] = x(p, d);
    PK::forward(net, xp, tape);
    const double* nj = tape.jet[net.node_offset[net.num_layers]];
    // D's and G's jets (D = 1, G = 0 without a hard constraint).
    double dj[NC], gj[NC];
    for (int c = 0; c < NC; ++c) {
      dj[c] = hard ? djet(p, c) : (c == 0 ? 1.0 : 0.0);
      gj[c] = hard ? gjet(p, c) : 0.0;
    }
    // u's jets and the residual.
    double uj[NC];
    trial_compose_laplacian(D, gj, dj, nj, uj);
    double res = -rhs(p);
    for (int c = 0; c < NC; ++c) res += coef(p, c) * uj[c];
    if constexpr (Mode == AssembleMode::residual) {
      r(p) = res;
    } else {
      // dr / d(N's jet components): the residual is linear in u's jet.
      double du[NC], dr[NC];
      for (int c = 0; c < NC; ++c) du[c] = coef(p, c);
      trial_adjoint_laplacian(D, dj, du, dr);
      double seeds[NC];
      const double scale = Mode == AssembleMode::gradient ? 2.0 * w(p) * res : math::sqrt(w(p));
      for (int c = 0; c < NC; ++c) seeds[c] = scale * dr[c];
      typename PK::Adjoint adj_a, adj_b;
      PK::reverse(net, tape, seeds, sink, adj_a, adj_b);
      r(p) = res;
      if constexpr (Mode == AssembleMode::jacobian) scaled(p - p0) = math::sqrt(w(p)) * res;
    }
  }

  struct NoSink {
    KOKKOS_INLINE_FUNCTION void operator()(std::size_t, double) const {}
  };
  template <class Access>
  struct ScatterSink {
    const Access& acc;
    KOKKOS_INLINE_FUNCTION void operator()(std::size_t i, double v) const { acc(i) += v; }
  };
  struct SparseRowSink {
    Kokkos::View<int**, Kokkos::LayoutRight, Mem> cols;
    Kokkos::View<double**, Kokkos::LayoutRight, Mem> vals;
    int row;
    int* count;
    KOKKOS_INLINE_FUNCTION void operator()(std::size_t i, double v) const {
      cols(row, *count) = static_cast<int>(i);
      vals(row, *count) = v;
      ++*count;
    }
  };

  KOKKOS_FUNCTION void operator()(const int p) const {
    if constexpr (Mode == AssembleMode::residual) {
      point(p, NoSink{});
    } else if constexpr (Mode == AssembleMode::gradient) {
      auto acc = scatter.access();
      point(p, ScatterSink<decltype(acc)>{acc});
    } else {
      int count = 0;
      point(p, SparseRowSink{cols, vals, p - p0, &count});
      nnz(p - p0) = count;
    }
  }
};

}  // namespace kanpde::solver::Impl
