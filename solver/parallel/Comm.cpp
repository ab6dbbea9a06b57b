#include "solver/parallel/Comm.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "common/Error.hpp"

#ifdef KANPDE_HAVE_MPI
#include <mpi.h>
#endif

namespace kanpde::parallel {

#ifdef KANPDE_HAVE_MPI
namespace {

bool mpi_active() {
  int init = 0, fin = 0;
  MPI_Initialized(&init);
  MPI_Finalized(&fin);
  return init && !fin;
}

void check(int rc, const char* what) {
  KANPDE_VERIFY(rc == MPI_SUCCESS, what << " failed with MPI error " << rc);
}

}  // namespace

bool built_with_mpi() {
  return true;
}

Comm Comm::world() {
  Comm c;
  if (!mpi_active()) return c;
  c.world_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &c.rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &c.size_);
  return c;
}

void Comm::allreduce_sum(double* data, std::size_t n) const {
  if (!distributed() || n == 0) return;
  // In pieces below INT_MAX elements (MPI counts are int).
  const std::size_t piece = static_cast<std::size_t>(std::numeric_limits<int>::max());
  for (std::size_t i = 0; i < n; i += piece)
    check(MPI_Allreduce(MPI_IN_PLACE, data + i, static_cast<int>(std::min(piece, n - i)),
                        MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD),
          "MPI_Allreduce");
}

double Comm::allreduce_max(double v) const {
  if (!distributed()) return v;
  check(MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
  return v;
}

std::vector<double> Comm::allgatherv(const std::vector<double>& mine) const {
  if (!distributed()) return mine;
  KANPDE_VERIFY(mine.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max()),
                "allgatherv: " << mine.size() << " values on one rank");
  int n = static_cast<int>(mine.size());
  std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(counts.size() + 1, 0);
  check(MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
  std::size_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    total += static_cast<std::size_t>(counts[r]);
    KANPDE_VERIFY(total <= static_cast<std::size_t>(std::numeric_limits<int>::max()),
                  "allgatherv: " << total << " values over all ranks");
    offsets[r + 1] = static_cast<int>(total);
  }
  std::vector<double> all(total);
  check(MPI_Allgatherv(mine.data(), n, MPI_DOUBLE, all.data(), counts.data(), offsets.data(),
                       MPI_DOUBLE, MPI_COMM_WORLD),
        "MPI_Allgatherv");
  return all;
}

void Comm::barrier() const {
  if (distributed()) check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
}

void Comm::abort(int status) const {
  if (distributed()) MPI_Abort(MPI_COMM_WORLD, status);
  std::exit(status);
}

Environment::Environment(int& argc, char**& argv) {
  if (mpi_active()) return;
  int provided = 0;
  // Only the main thread calls MPI (Kokkos threads never do).
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  owner_ = true;
}

Environment::~Environment() {
  if (owner_ && mpi_active()) MPI_Finalize();
}

#else

bool built_with_mpi() {
  return false;
}
Comm Comm::world() {
  return Comm();
}
void Comm::allreduce_sum(double*, std::size_t) const {}
double Comm::allreduce_max(double v) const {
  return v;
}
std::vector<double> Comm::allgatherv(const std::vector<double>& mine) const {
  return mine;
}
void Comm::barrier() const {}
void Comm::abort(int status) const {
  std::exit(status);
}
Environment::Environment(int&, char**&) {}
Environment::~Environment() {
  (void)owner_;
}

#endif

Range split(std::size_t n, int rank, int size) {
  KANPDE_REQUIRE(size >= 1 && rank >= 0 && rank < size,
                 "split: rank " << rank << " of " << size << " is not a valid rank");
  const std::size_t s = static_cast<std::size_t>(size), r = static_cast<std::size_t>(rank);
  const std::size_t base = n / s, extra = n % s;
  Range out;
  out.begin = r * base + std::min(r, extra);
  out.end = out.begin + base + (r < extra ? 1 : 0);
  return out;
}

}  // namespace kanpde::parallel
