#include "kan/impl/EvaluateImpl.hpp"

#define KANPDE_INST(E)                                                                      \
  template void kanpde::kan::evaluate<E>(const E&, const Network<E::memory_space>&,         \
                                         const PointsView<E>&, JetMode, const JetsView<E>&, \
                                         DimPath);
KANPDE_KAN_INSTANTIATE(KANPDE_INST)
