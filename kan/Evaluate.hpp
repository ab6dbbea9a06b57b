#pragma once
// Launchers: the network at N points, in one flat RangePolicy (one thread per
// point, the whole network on its stack).
//
//   x      (N, d)               points, d = the network's input width
//   out    (N, n_out, nc)       jets, nc = jet_size(mode, d) (kan/Jet.hpp)
//   seeds  (N, n_out, nc)       reverse-pass weights on the jet components
//   grad   (P)                  grad += sum_p d(seeds_p . jet_p)/d theta
//   rows   (N, P)               rows(p, :) = d(seeds_p . jet_p)/d theta
//   nodes  (N, total nodes)     the value of every node (layer inputs for grid
//                               updates)
//
// Instantiated for Kokkos::DefaultExecutionSpace and
// Kokkos::DefaultHostExecutionSpace.

#include <Kokkos_Core.hpp>

#include "kan/Jet.hpp"
#include "kan/Network.hpp"

namespace kanpde::kan {

template <class ExecSpace>
using PointsView = Kokkos::View<const double**, typename ExecSpace::memory_space>;
template <class ExecSpace>
using JetsView = Kokkos::View<double***, typename ExecSpace::memory_space>;

template <class ExecSpace>
void evaluate(const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
              const PointsView<ExecSpace>& x, JetMode mode, const JetsView<ExecSpace>& out);

template <class ExecSpace>
void accumulate_gradient(
    const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
    const PointsView<ExecSpace>& x, JetMode mode,
    const Kokkos::View<const double***, typename ExecSpace::memory_space>& seeds,
    const Kokkos::View<double*, typename ExecSpace::memory_space>& grad);

template <class ExecSpace>
void jacobian_rows(const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
                   const PointsView<ExecSpace>& x, JetMode mode,
                   const Kokkos::View<const double***, typename ExecSpace::memory_space>& seeds,
                   const Kokkos::View<double**, typename ExecSpace::memory_space>& rows);

template <class ExecSpace>
void evaluate_nodes(const ExecSpace& exec, const Network<typename ExecSpace::memory_space>& net,
                    const PointsView<ExecSpace>& x,
                    const Kokkos::View<double**, typename ExecSpace::memory_space>& nodes);

// Calls f(std::integral_constant<int,K>, std::integral_constant<int,D>,
// std::integral_constant<JetMode,M>) for the runtime order, dimension and mode.
template <class F>
void dispatch(int order, int dim, JetMode mode, F&& f);

}  // namespace kanpde::kan

#include "kan/impl/Dispatch.hpp"
