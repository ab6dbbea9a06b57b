#pragma once
// The communicator of kanpde's data parallelism (ARCHITECTURE decision 9).
//
// Collocation points are split across ranks; every rank assembles its part and
// the sums (loss terms, gradient, J^T J, J^T r) are completed over ranks by a
// fixed tree over blocks of points (solver/parallel/BlockSum.hpp, through
// allgatherv), so that every rank holds the same totals, bitwise the same for
// any rank count, and takes the same optimizer step. allreduce_sum remains
// for sums whose order cannot matter (counts).
//
// Two communicators exist: serial() (one rank, no MPI call at all; works
// whether or not MPI is initialised) and world() (MPI_COMM_WORLD when kanpde
// was built with MPI and MPI is initialised, serial() otherwise). A build
// without MPI behaves exactly as one rank. <mpi.h> stays out of this header.

#include <cstddef>
#include <vector>

namespace kanpde::parallel {

class Comm {
 public:
  static Comm serial() { return Comm(); }
  static Comm world();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  bool distributed() const { return world_ && size_ > 1; }

  // In place: data[i] = sum over ranks of data[i]. Every rank receives the
  // same bits (one reduction order per element, checked by the tests).
  void allreduce_sum(double* data, std::size_t n) const;
  double allreduce_sum(double v) const {
    allreduce_sum(&v, 1);
    return v;
  }
  double allreduce_max(double v) const;
  // Every rank's `mine` (any lengths), concatenated in rank order, on every
  // rank; `mine` itself when not distributed.
  std::vector<double> allgatherv(const std::vector<double>& mine) const;
  void barrier() const;
  // Ends every rank with this status (MPI_Abort); a plain exit when serial.
  [[noreturn]] void abort(int status) const;

 private:
  Comm() = default;
  bool world_ = false;
  int rank_ = 0;
  int size_ = 1;
};

// True when kanpde was built with MPI (KANPDE_ENABLE_MPI and MPI found).
bool built_with_mpi();

// The contiguous block [begin, end) of n items owned by `rank` of `size`:
// the first n % size ranks get one item more. The blocks of ranks 0..size-1
// tile [0, n) in order.
struct Range {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t size() const { return end - begin; }
};
Range split(std::size_t n, int rank, int size);

// MPI_Init_thread / MPI_Finalize around a program (no-op without MPI, or when
// MPI is already initialised by someone else, who then also finalises it).
class Environment {
 public:
  Environment(int& argc, char**& argv);
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

 private:
  bool owner_ = false;
};

}  // namespace kanpde::parallel
