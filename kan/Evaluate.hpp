#pragma once
// Launchers: the network at N points, in one flat RangePolicy (one thread per
// point, the whole network on its stack).
//
//   x      (N, d)               points, d = the network's input width
//   out    (N, n_out, nc)       jets, nc = jet_size(mode, d) (kan/Jet.hpp)
//   seeds  (N, n_out, nc)       reverse-pass weights on the jet components
//   grad   (P)                  grad += sum_p d(seeds_p . jet_p)/d theta, summed
//                               in fixed blocks (below)
//   rows   (N, P)               rows(p, :) = d(seeds_p . jet_p)/d theta
//   nodes  (N, total nodes)     the value of every node (layer inputs for grid
//                               updates)
//
// Inputs of width 1..3 run kernels compiled for that width, wider ones (up to
// max_dim, kan/Layout.hpp; value and Laplacian jets) one runtime-width kernel;
// path = DimPath::dynamic runs the runtime-width kernel for any width (it
// agrees bitwise with the compiled one: tests/kan/test_highdim.cpp).
//
// The gradient's sum does not depend on the thread count: the points form
// blocks of gradient_block_points consecutive points; one work item adds the
// reverse passes of a block's points, in order, into a row of its own, and
// grad(j) then adds the rows in block order (one work item per parameter). A
// gradient is so bitwise the same on any number of threads, and it equals the
// gradients of the blocks alone added in block order (tests/kan/test_reverse).
//
// Instantiated for Kokkos::DefaultExecutionSpace and
// Kokkos::DefaultHostExecutionSpace.

#include <Kokkos_Core.hpp>

#include "kan/Jet.hpp"
#include "kan/Network.hpp"

namespace kanpde::kan {

enum class DimPath : int { automatic = 0, dynamic = 1 };

// Points per block of accumulate_gradient's fixed-order sum.
constexpr int gradient_block_points = 256;

template <class ExecSpace>
using PointsView = Kokkos::View<const double**, typename ExecSpace::memory_space>;
template <class ExecSpace>
using JetsView = Kokkos::View<double***, typename ExecSpace::memory_space>;

template <class ExecSpace>
void evaluate(const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
              const PointsView<ExecSpace>& x, JetMode mode, const JetsView<ExecSpace>& out,
              DimPath path = DimPath::automatic);

template <class ExecSpace>
void accumulate_gradient(
    const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
    const PointsView<ExecSpace>& x, JetMode mode,
    const Kokkos::View<const double***, typename ExecSpace::memory_space>& seeds,
    const Kokkos::View<double*, typename ExecSpace::memory_space>& grad,
    DimPath path = DimPath::automatic);

template <class ExecSpace>
void jacobian_rows(const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
                   const PointsView<ExecSpace>& x, JetMode mode,
                   const Kokkos::View<const double***, typename ExecSpace::memory_space>& seeds,
                   const Kokkos::View<double**, typename ExecSpace::memory_space>& rows,
                   DimPath path = DimPath::automatic);

template <class ExecSpace>
void evaluate_nodes(const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
                    const PointsView<ExecSpace>& x,
                    const Kokkos::View<double**, typename ExecSpace::memory_space>& nodes,
                    DimPath path = DimPath::automatic);

// Calls f(std::integral_constant<int,K>, std::integral_constant<int,D>,
// std::integral_constant<JetMode,M>) for the runtime order, dimension and mode:
// the first form knows D = 1..3 only, the second also D = dynamic_dim (for
// dim > 3, or for any dim with DimPath::dynamic; value and Laplacian modes).
template <class F>
void dispatch(int order, int dim, JetMode mode, F&& f);
template <class F>
void dispatch(int order, int dim, JetMode mode, DimPath path, F&& f);

}  // namespace kanpde::kan

#include "kan/impl/Dispatch.hpp"
