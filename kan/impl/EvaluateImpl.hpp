#pragma once
// Definitions of the launchers declared in kan/Evaluate.hpp. Included only by
// the kan/Evaluate*.cpp files that instantiate them.

#include <Kokkos_Core.hpp>
#include <algorithm>
#include <string>

#include "common/Error.hpp"
#include "kan/Evaluate.hpp"
#include "kan/PointKernel.hpp"

namespace kanpde::kan::Impl {

template <class Net, class XView>
void check_points(const Net& net, const XView& x) {
  KANPDE_REQUIRE(static_cast<int>(x.extent(1)) == net.layout().input_dim(),
                 "points have " << x.extent(1) << " coordinates, the network expects "
                                << net.layout().input_dim());
}

template <int K, int D, JetMode M, class MemSpace>
struct JetFunctor {
  NetworkView<MemSpace> net;
  Kokkos::View<const double**, MemSpace> x;
  Kokkos::View<double***, MemSpace> out;
  KOKKOS_FUNCTION void operator()(const int p) const {
    using PK = PointKernel<K, D, M>;
    typename PK::Tape tape;
    double xp[PK::DC] = {};
    for (int d = 0; d < PK::dim(net); ++d) xp[d] = x(p, d);
    PK::forward(net, xp, tape);
    const int ob = net.node_offset[net.num_layers];
    for (int o = 0; o < net.width[net.num_layers]; ++o)
      for (int c = 0; c < PK::nc(net); ++c) out(p, o, c) = tape.jet[ob + o][c];
  }
};

template <class Row>
struct RowSink {
  Row row;
  KOKKOS_INLINE_FUNCTION void operator()(const std::size_t i, const double v) const { row(i) += v; }
};

// Seeds of point p at the stride PK::NC the reverse pass reads.
template <class PK, class MemSpace>
KOKKOS_INLINE_FUNCTION void gather_seeds(const Kokkos::View<const double***, MemSpace>& seeds,
                                         const int p, const int nout, const int nc, double* s) {
  for (int o = 0; o < nout; ++o)
    for (int c = 0; c < nc; ++c) s[o * PK::NC + c] = seeds(p, o, c);
}

// The gradient, one block of gradient_block_points consecutive points per work
// item: the points of block k0 + w, in order, add their reverse passes into
// row w of `rows`, which no other work item touches. A row is so the same sum
// in the same order whatever the thread count or the order the blocks run in.
template <int K, int D, JetMode M, class MemSpace>
struct BlockGradientFunctor {
  NetworkView<MemSpace> net;
  Kokkos::View<const double**, MemSpace> x;
  Kokkos::View<const double***, MemSpace> seeds;
  Kokkos::View<double**, Kokkos::LayoutRight, MemSpace> rows;
  int k0, n;
  KOKKOS_FUNCTION void operator()(const int w) const {
    using PK = PointKernel<K, D, M>;
    typename PK::Tape tape;
    typename PK::Adjoint adj_a, adj_b;
    auto row = Kokkos::subview(rows, w, Kokkos::ALL());
    for (std::size_t j = 0; j < row.extent(0); ++j) row(j) = 0.0;
    const RowSink<decltype(row)> sink{row};
    const int p0 = (k0 + w) * gradient_block_points;
    const int p1 = p0 + gradient_block_points < n ? p0 + gradient_block_points : n;
    for (int p = p0; p < p1; ++p) {
      double xp[PK::DC] = {};
      for (int d = 0; d < PK::dim(net); ++d) xp[d] = x(p, d);
      PK::forward(net, xp, tape);
      double s[max_width * PK::NC];
      gather_seeds<PK>(seeds, p, net.width[net.num_layers], PK::nc(net), s);
      PK::reverse(net, tape, s, sink, adj_a, adj_b);
    }
  }
};

// grad(j) += rows(0, j) + rows(1, j) + ..., left to right: one work item per
// parameter, so the order of the blocks' sums is fixed.
template <class MemSpace>
struct AddRowsFunctor {
  Kokkos::View<const double**, Kokkos::LayoutRight, MemSpace> rows;
  Kokkos::View<double*, MemSpace> grad;
  int nrows;
  KOKKOS_FUNCTION void operator()(const int j) const {
    double g = grad(j);
    for (int r = 0; r < nrows; ++r) g += rows(r, j);
    grad(j) = g;
  }
};

template <int K, int D, JetMode M, class MemSpace>
struct JacobianFunctor {
  NetworkView<MemSpace> net;
  Kokkos::View<const double**, MemSpace> x;
  Kokkos::View<const double***, MemSpace> seeds;
  Kokkos::View<double**, MemSpace> rows;
  KOKKOS_FUNCTION void operator()(const int p) const {
    using PK = PointKernel<K, D, M>;
    typename PK::Tape tape;
    typename PK::Adjoint adj_a, adj_b;
    double xp[PK::DC] = {};
    for (int d = 0; d < PK::dim(net); ++d) xp[d] = x(p, d);
    PK::forward(net, xp, tape);
    double s[max_width * PK::NC];
    gather_seeds<PK>(seeds, p, net.width[net.num_layers], PK::nc(net), s);
    auto row = Kokkos::subview(rows, p, Kokkos::ALL());
    for (std::size_t j = 0; j < row.extent(0); ++j) row(j) = 0.0;
    RowSink<decltype(row)> sink{row};
    PK::reverse(net, tape, s, sink, adj_a, adj_b);
  }
};

template <int K, int D, class MemSpace>
struct NodesFunctor {
  NetworkView<MemSpace> net;
  Kokkos::View<const double**, MemSpace> x;
  Kokkos::View<double**, MemSpace> nodes;
  KOKKOS_FUNCTION void operator()(const int p) const {
    using PK = PointKernel<K, D, JetMode::value>;
    typename PK::Tape tape;
    double xp[PK::DC] = {};
    for (int d = 0; d < PK::dim(net); ++d) xp[d] = x(p, d);
    PK::forward(net, xp, tape);
    for (std::size_t n = 0; n < nodes.extent(1); ++n) nodes(p, n) = tape.jet[n][0];
  }
};

}  // namespace kanpde::kan::Impl

namespace kanpde::kan {

template <class ExecSpace>
void evaluate(const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
              const PointsView<ExecSpace>& x, JetMode mode, const JetsView<ExecSpace>& out,
              DimPath path) {
  using Mem = typename ExecSpace::memory_space;
  Impl::check_points(net, x);
  const Layout& lay = net.layout();
  KANPDE_REQUIRE(out.extent(0) == x.extent(0) &&
                     static_cast<int>(out.extent(1)) == lay.output_dim() &&
                     static_cast<int>(out.extent(2)) == jet_size(mode, lay.input_dim()),
                 "jet output has the wrong shape");
  const auto v = net.view();
  const int n = static_cast<int>(x.extent(0));
  dispatch(lay.order(), lay.input_dim(), mode, path, [&](auto K, auto D, auto M) {
    Impl::JetFunctor<decltype(K)::value, decltype(D)::value, decltype(M)::value, Mem> f{v, x, out};
    Kokkos::parallel_for("kanpde::kan::evaluate", Kokkos::RangePolicy<ExecSpace>(exec, 0, n), f);
  });
}

template <class ExecSpace>
void accumulate_gradient(
    const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
    const PointsView<ExecSpace>& x, JetMode mode,
    const Kokkos::View<const double***, typename ExecSpace::memory_space>& seeds,
    const Kokkos::View<double*, typename ExecSpace::memory_space>& grad, DimPath path) {
  using Mem = typename ExecSpace::memory_space;
  Impl::check_points(net, x);
  const Layout& lay = net.layout();
  KANPDE_REQUIRE(seeds.extent(0) == x.extent(0) &&
                     static_cast<int>(seeds.extent(1)) == lay.output_dim() &&
                     static_cast<int>(seeds.extent(2)) == jet_size(mode, lay.input_dim()),
                 "seeds have the wrong shape");
  KANPDE_REQUIRE(grad.extent(0) == lay.num_params(), "gradient has the wrong length");
  const std::size_t P = lay.num_params();
  const int n = static_cast<int>(x.extent(0));
  const int nb = (n + gradient_block_points - 1) / gradient_block_points;
  if (nb == 0 || P == 0) return;
  // At most 32 MB of block rows per launch; the rows of one launch are added
  // to grad in block order before the next launch, so the launch size does
  // not change the result.
  const int per = static_cast<int>(std::max<std::size_t>(
      1, std::min<std::size_t>(static_cast<std::size_t>(nb), (std::size_t(1) << 22) / P)));
  const Kokkos::View<double**, Kokkos::LayoutRight, Mem> rows(
      Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("kanpde::kan::gradient_blocks")),
      static_cast<std::size_t>(per), P);
  const auto v = net.view();
  for (int k0 = 0; k0 < nb; k0 += per) {
    const int k1 = std::min(nb, k0 + per);
    dispatch(lay.order(), lay.input_dim(), mode, path, [&](auto K, auto D, auto M) {
      Impl::BlockGradientFunctor<decltype(K)::value, decltype(D)::value, decltype(M)::value, Mem> f{
          v, x, seeds, rows, k0, n};
      Kokkos::parallel_for("kanpde::kan::gradient",
                           Kokkos::RangePolicy<ExecSpace>(exec, 0, k1 - k0), f);
    });
    Kokkos::parallel_for("kanpde::kan::gradient_sum",
                         Kokkos::RangePolicy<ExecSpace>(exec, 0, static_cast<int>(P)),
                         Impl::AddRowsFunctor<Mem>{rows, grad, k1 - k0});
  }
}

template <class ExecSpace>
void jacobian_rows(const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
                   const PointsView<ExecSpace>& x, JetMode mode,
                   const Kokkos::View<const double***, typename ExecSpace::memory_space>& seeds,
                   const Kokkos::View<double**, typename ExecSpace::memory_space>& rows,
                   DimPath path) {
  using Mem = typename ExecSpace::memory_space;
  Impl::check_points(net, x);
  const Layout& lay = net.layout();
  KANPDE_REQUIRE(seeds.extent(0) == x.extent(0) &&
                     static_cast<int>(seeds.extent(1)) == lay.output_dim() &&
                     static_cast<int>(seeds.extent(2)) == jet_size(mode, lay.input_dim()),
                 "seeds have the wrong shape");
  KANPDE_REQUIRE(rows.extent(0) == x.extent(0) && rows.extent(1) == lay.num_params(),
                 "Jacobian rows have the wrong shape");
  const auto v = net.view();
  const int n = static_cast<int>(x.extent(0));
  dispatch(lay.order(), lay.input_dim(), mode, path, [&](auto K, auto D, auto M) {
    Impl::JacobianFunctor<decltype(K)::value, decltype(D)::value, decltype(M)::value, Mem> f{
        v, x, seeds, rows};
    Kokkos::parallel_for("kanpde::kan::jacobian", Kokkos::RangePolicy<ExecSpace>(exec, 0, n), f);
  });
}

template <class ExecSpace>
void evaluate_nodes(const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
                    const PointsView<ExecSpace>& x,
                    const Kokkos::View<double**, typename ExecSpace::memory_space>& nodes,
                    DimPath path) {
  using Mem = typename ExecSpace::memory_space;
  Impl::check_points(net, x);
  const Layout& lay = net.layout();
  KANPDE_REQUIRE(
      nodes.extent(0) == x.extent(0) && static_cast<int>(nodes.extent(1)) == lay.num_nodes(),
      "node values have the wrong shape");
  const auto v = net.view();
  const int n = static_cast<int>(x.extent(0));
  dispatch(lay.order(), lay.input_dim(), JetMode::value, path, [&](auto K, auto D, auto) {
    Impl::NodesFunctor<decltype(K)::value, decltype(D)::value, Mem> f{v, x, nodes};
    Kokkos::parallel_for("kanpde::kan::nodes", Kokkos::RangePolicy<ExecSpace>(exec, 0, n), f);
  });
}

}  // namespace kanpde::kan

// Explicit instantiation of one launcher for the default execution space and,
// when it differs (a device backend), the default host execution space.
#if defined(KOKKOS_ENABLE_CUDA) || defined(KOKKOS_ENABLE_HIP) || defined(KOKKOS_ENABLE_SYCL) || \
    defined(KOKKOS_ENABLE_OPENMPTARGET)
#define KANPDE_KAN_INSTANTIATE(MACRO)  \
  MACRO(Kokkos::DefaultExecutionSpace) \
  MACRO(Kokkos::DefaultHostExecutionSpace)
#else
#define KANPDE_KAN_INSTANTIATE(MACRO) MACRO(Kokkos::DefaultExecutionSpace)
#endif
