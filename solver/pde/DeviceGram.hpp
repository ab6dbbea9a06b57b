#pragma once
// The Gauss-Newton system J^T J, J^T R assembled in the execution space's
// memory, from dense Jacobian rows, block by block.
//
// The rows of a batch of blocks (parallel::kBlockPoints rows each) are dense
// in rows(): `columns` entries, the P network parameters, then the m unknown
// scalars, then the scaled residual R. Each block's partial system is the
// packed upper triangle of the (P + m + 1)-square Gram matrix of its rows
// (column j at j (j + 1) / 2): J^T J with the unknowns' blocks, J^T R in the
// last column, R.R in the corner. The partials are summed in the fixed block
// tree (parallel::DeviceBlockSum) on the device; result() moves the total
// triangle to the host once.
//
// Bitwise promise: every entry is summed over the block's rows in point
// order from +0, one addition per structural non-zero, and the blocks meet
// in parallel::BlockSum's tree. These are exactly the additions of the host
// path (SparseGram leaves for the network, the unknowns' leaves of
// Assembler::gauss_newton), so for the same Jacobian rows the system is
// bitwise the host path's on any backend whose products are not fused into
// multiply-adds (x86-64 host code; CUDA/HIP by __dmul_rn), for any rank count
// and thread count. Rows computed on a GPU differ from the CPU's in their
// last bits (the network kernel fuses multiply-adds), so runs on different
// backends are not bitwise equal.
//
// Memory: a batch of B blocks holds B x kBlockPoints x columns doubles of
// rows and B leaves of columns (columns + 1) / 2 doubles; B is the most that
// fit in max_bytes (at least one), at most the problem's block count. The block tree adds up to
// about 2 log2(blocks) + 1 leaves. At P = 750: 1.5 MB of rows and 2.3 MB per leaf.

#include <Eigen/Dense>
#include <Kokkos_Core.hpp>

#include <cstddef>
#include <optional>
#include <vector>

#include "solver/parallel/Comm.hpp"
#include "solver/parallel/DeviceBlockSum.hpp"

namespace kanpde::solver {

// Where Assembler::gauss_newton forms J^T J: on the host from sparse rows
// (SparseGram), or in the execution space (DeviceGram).
enum class GramPath { host, device };
// The shape of DeviceGram's kernel: a flat range over (block, column), or
// one team per block (threads over columns, vector lanes over entries).
enum class GramKernel { flat, team };

// KANPDE_GRAM=host|device|auto in the environment (unset: auto); auto is the
// device path where Mem is not host-accessible (a GPU), the host path
// otherwise (faster on CPUs: BENCHMARKS.md section 13). Any other value is
// an InputError.
GramPath gram_path_from_environment(bool device_memory);
template <class Mem>
GramPath default_gram_path() {
  return gram_path_from_environment(
      !Kokkos::SpaceAccessibility<Kokkos::HostSpace, Mem>::accessible);
}
// What KANPDE_GRAM=text selects (nullptr: unset).
GramPath parse_gram_path(const char* text, bool device_memory);

template <class ExecSpace>
class DeviceGram {
 public:
  using memory_space = typename ExecSpace::memory_space;
  using Rows = Kokkos::View<double***, Kokkos::LayoutRight, memory_space>;

  // Batches of at most max_blocks blocks (the blocks of the problem: no more
  // memory than it needs) and max_bytes.
  DeviceGram(const ExecSpace& exec, std::size_t columns, std::size_t max_blocks,
             std::size_t max_bytes = std::size_t(256) << 20, GramKernel kernel = default_kernel());
  static GramKernel default_kernel() {
    return Kokkos::SpaceAccessibility<Kokkos::HostSpace, memory_space>::accessible
               ? GramKernel::flat
               : GramKernel::team;
  }

  std::size_t columns() const { return n_; }
  std::size_t packed_size() const { return n_ * (n_ + 1) / 2; }
  std::size_t batch_blocks() const { return rows_.extent(0); }
  GramKernel kernel() const { return kernel_; }
  void set_kernel(GramKernel k) { kernel_ = k; }

  // The dense rows of one batch, (batch_blocks, kBlockPoints, columns).
  const Rows& rows() const { return rows_; }
  // The first `count` blocks of rows() = 0.
  void clear_rows(std::size_t count);
  // Starts a new sum over `global_blocks` blocks.
  void begin(std::size_t global_blocks);
  // Adds the partial systems of the batch's first `count` blocks: batch block
  // b holds rows block_begin(k0 + b) .. block_begin(k0 + b + 1) - 1 (in its
  // first rows) and is global block global[k0 + b].
  void add(std::size_t count, const Kokkos::View<const int*, memory_space>& block_begin,
           std::size_t k0, const std::vector<std::size_t>& global);
  // Collective: the total packed triangle to the host (packed_size() values).
  void result(const parallel::Comm& comm, double* packed);
  // The packed triangle as JtJ ((columns - 1)-square, both triangles), Jtr
  // and R.R.
  static void unpack(const std::vector<double>& packed, std::size_t columns, Eigen::MatrixXd& JtJ,
                     Eigen::VectorXd& Jtr, double* rr = nullptr);

 private:
  ExecSpace exec_;
  std::size_t n_;
  GramKernel kernel_;
  Rows rows_;
  Kokkos::View<double**, Kokkos::LayoutRight, memory_space> leaves_;
  std::optional<parallel::DeviceBlockSum<ExecSpace>> sum_;
};

}  // namespace kanpde::solver
