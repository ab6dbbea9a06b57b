#include "kan/impl/EvaluateImpl.hpp"

#define KANPDE_INST(E)                                                          \
  template void kanpde::kan::jacobian_rows<E>(                                  \
      const E&, const Network<E::memory_space>&, const PointsView<E>&, JetMode, \
      const Kokkos::View<const double***, E::memory_space>&,                    \
      const Kokkos::View<double**, E::memory_space>&, DimPath);                 \
  template void kanpde::kan::evaluate_nodes<E>(                                 \
      const E&, const Network<E::memory_space>&, const PointsView<E>&,          \
      const Kokkos::View<double**, E::memory_space>&, DimPath);
KANPDE_KAN_INSTANTIATE(KANPDE_INST)
