// main for the MPI test programs: MPI, then Kokkos, around GoogleTest. Only
// rank 0 reports (the other ranks' listeners are removed), but every rank
// runs every test, and the exit status is the worst over ranks.
#include <gtest/gtest.h>

#include <Kokkos_Core.hpp>

#include "solver/parallel/Comm.hpp"

int main(int argc, char** argv) {
  const kanpde::parallel::Environment mpi(argc, argv);
  const kanpde::parallel::Comm world = kanpde::parallel::Comm::world();
  Kokkos::initialize(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  if (!world.is_root()) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int rc = RUN_ALL_TESTS();
  rc = static_cast<int>(world.allreduce_max(static_cast<double>(rc)));
  Kokkos::finalize();
  return rc;
}
