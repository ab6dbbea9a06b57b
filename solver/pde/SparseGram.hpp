#pragma once
// Gauss-Newton normal equations from sparse Jacobian rows, on the host:
//   A += J^T J (upper triangle),  g += J^T R.
//
// A KAN Jacobian row is sparse (every edge contributes its k+1 active spline
// coefficients and its two weights) but its non-zeros are not spread evenly:
// after sorting, they fall into short runs of consecutive parameters, and the
// update between two runs is a small dense block whose inner loop is
// contiguous in the column-major A.
//
// Two passes, both parallel on Kokkos::DefaultHostExecutionSpace: (1) every
// row is sorted and split into runs; (2) the columns of A are cut into blocks
// and each block is filled by one thread from all rows, in row order. No two
// threads write the same entry and every entry is summed in the same order,
// so A and g are bitwise the same for any thread count or block count.

#include <Kokkos_Core.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kanpde::solver {

class SparseGram {
 public:
  // P parameters; at most max_rows rows of at most max_nnz non-zeros per call
  // to add(). order (empty: the identity) is a permutation of 0..P-1:
  // parameter j is accumulated at position order[j], chosen so that a row's
  // non-zeros form few, long runs (see gram_order in Assembler.cpp). It does
  // not change the result, not even in the last bit: every entry is the same
  // sum in the same order. column_blocks <= 0: four blocks per host thread.
  SparseGram(std::size_t P, std::size_t max_rows, std::size_t max_nnz,
             const std::vector<int>& order = {}, int column_blocks = 0);

  std::size_t num_params() const { return P_; }
  std::size_t max_rows() const { return max_rows_; }
  std::size_t max_nnz() const { return max_nnz_; }

  // Starts a new sum: J^T J = 0, J^T R = 0.
  void reset();
  // Row q < rows holds nnz[q] entries (cols[q*stride + a], vals[q*stride + a]):
  // distinct parameter indices in any order. R[q] is its residual.
  void add(std::size_t rows, const int* cols, const double* vals, std::size_t stride,
           const int* nnz, const double* R);
  // The sums so far: A (P x P, column-major, both triangles) and g (P).
  void result(double* A, double* g) const;
  // As add, into `packed` instead of the held sums: packed_size() values,
  // the upper triangle in the accumulation order column by column, then g
  // (one block's leaf of a parallel::BlockSum; start it at zero). Packed sums
  // add entry by entry; unpack turns one into A and g as result() does.
  std::size_t packed_size() const { return P_ * (P_ + 1) / 2 + P_; }
  void add_packed(std::size_t rows, const int* cols, const double* vals, std::size_t stride,
                  const int* nnz, const double* R, double* packed);
  void unpack(const double* packed, double* A, double* g) const;

 private:
  using Host = Kokkos::DefaultHostExecutionSpace;
  void fill(std::size_t rows, const int* cols, const double* vals, std::size_t stride,
            const int* nnz, const double* R, double* A, double* g, bool packed);
  std::size_t P_, max_rows_, max_nnz_;
  Kokkos::View<int*, Kokkos::HostSpace> order_;
  Kokkos::View<std::size_t*, Kokkos::HostSpace>
      bounds_;  // column block b: [bounds(b), bounds(b+1))
  Kokkos::View<double**, Kokkos::LayoutLeft, Kokkos::HostSpace> A_;  // upper triangle, permuted
  Kokkos::View<double*, Kokkos::HostSpace> g_;                       // permuted
  // Scratch, max_rows x max_nnz (run starts: max_rows x (max_nnz + 1), the
  // row's length last; runs: the run count of each row).
  Kokkos::View<std::uint64_t**, Kokkos::LayoutRight, Kokkos::HostSpace> keys_;
  Kokkos::View<int**, Kokkos::LayoutRight, Kokkos::HostSpace> idx_;
  Kokkos::View<double**, Kokkos::LayoutRight, Kokkos::HostSpace> val_;
  Kokkos::View<int**, Kokkos::LayoutRight, Kokkos::HostSpace> run_start_;
  Kokkos::View<int*, Kokkos::HostSpace> runs_;
};

}  // namespace kanpde::solver
