#pragma once
// parallel::BlockSum with the partial sums in an execution space's memory:
// the same fixed binary tree over the global block index, the same additions
// (parent = left child + right child, entry by entry), so the total is
// bitwise the one BlockSum gives for the same leaves, for any rank count.
//
// Only the tree's shape is kept on the host (levels and indices of the
// stack); the vectors live in ExecSpace's memory space and are merged there.
// result() moves one vector to the host when one rank holds every block, and
// otherwise this rank's subtrees (at most about 2 log2(blocks) of them),
// which BlockSum::finish combines after one allgatherv. Memory: the stack and
// a pool of merged vectors, each `length` doubles.

#include <Kokkos_Core.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/Error.hpp"
#include "solver/parallel/BlockSum.hpp"
#include "solver/parallel/Comm.hpp"
#include "solver/parallel/impl/BlockTree.hpp"

namespace kanpde::parallel {

namespace Impl {
template <class Mem>
struct AddInto {
  Kokkos::View<double*, Mem> a;
  Kokkos::View<const double*, Mem> b;
  KOKKOS_INLINE_FUNCTION void operator()(const std::size_t k) const { a(k) += b(k); }
};
}  // namespace Impl

template <class ExecSpace>
class DeviceBlockSum {
 public:
  using memory_space = typename ExecSpace::memory_space;
  using Vector = Kokkos::View<double*, memory_space>;
  using ConstVector = Kokkos::View<const double*, memory_space>;

  DeviceBlockSum(const ExecSpace& exec, std::size_t num_blocks, std::size_t length)
      : exec_(exec), blocks_(num_blocks), length_(length) {
    KANPDE_REQUIRE(num_blocks < (std::size_t(1) << 52),
                   "DeviceBlockSum: " << num_blocks << " blocks are too many");
  }

  std::size_t num_blocks() const { return blocks_; }
  std::size_t length() const { return length_; }
  // Vectors held now (the stack and the pool): the memory in use is this
  // times length() doubles.
  std::size_t buffers() const { return stack_.size() + pool_.size(); }

  // Adds the partial sum of global block `block` (length() entries; read
  // during the call, not kept). Blocks come in strictly increasing order on
  // each rank; every block is added by exactly one rank.
  void add(std::size_t block, const ConstVector& partial) {
    KANPDE_ASSERT(partial.extent(0) == length_,
                  "DeviceBlockSum: a partial sum of " << partial.extent(0) << " entries");
    KANPDE_ASSERT(block < blocks_ && block >= next_, "DeviceBlockSum: block "
                                                         << block << " out of order (next " << next_
                                                         << " of " << blocks_ << ")");
    next_ = block + 1;
    // A right leaf whose left sibling is the top of the stack: merge it there
    // (the parent is left + right, as in the general case below).
    if (block % 2 == 1 && !stack_.empty() && stack_.back().level == 0 &&
        stack_.back().index + 1 == block) {
      merge(stack_.back().v, partial);
      stack_.back().level = 1;
      stack_.back().index /= 2;
      reduce();
      return;
    }
    Node n;
    n.index = block;
    n.v = take_buffer();
    Kokkos::deep_copy(exec_, n.v, partial);
    stack_.push_back(std::move(n));
    reduce();
  }

  // Collective: the sum over all blocks into out (host, length() entries),
  // the same bits on every rank. Starts a new sum.
  void result(const Comm& comm, double* out) {
    Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> h(out,
                                                                                        length_);
    if (!comm.distributed() && blocks_ > 0 && stack_.size() == 1 && is_root(stack_.front())) {
      Kokkos::deep_copy(exec_, h, stack_.front().v);
      exec_.fence();
    } else {
      // This rank's subtrees as BlockSum::subtrees packs them.
      std::vector<double> mine;
      mine.reserve(stack_.size() * (length_ + 2));
      for (const Node& n : stack_) {
        mine.push_back(static_cast<double>(n.level));
        mine.push_back(static_cast<double>(n.index));
        const std::size_t at = mine.size();
        mine.resize(at + length_);
        Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> dst(
            mine.data() + at, length_);
        Kokkos::deep_copy(exec_, dst, n.v);
      }
      exec_.fence();
      BlockSum host(blocks_, length_);
      host.finish(comm.distributed() ? comm.allgatherv(mine) : mine, out);
    }
    for (Node& n : stack_) pool_.push_back(std::move(n.v));
    stack_.clear();
    next_ = 0;
  }

 private:
  struct Node {
    int level = 0;
    std::size_t index = 0;
    Vector v;
  };

  bool is_root(const Node& n) const { return Impl::is_tree_root(n.level, n.index, blocks_); }

  Vector take_buffer() {
    if (pool_.empty())
      return Vector(Kokkos::view_alloc(Kokkos::WithoutInitializing,
                                       std::string("kanpde::parallel::device_block_sum")),
                    length_);
    Vector v = std::move(pool_.back());
    pool_.pop_back();
    return v;
  }

  void merge(const Vector& left, const ConstVector& right) const {
    Kokkos::parallel_for("kanpde::parallel::block_sum_merge",
                         Kokkos::RangePolicy<ExecSpace, Kokkos::IndexType<std::size_t>>(
                             exec_, std::size_t(0), length_),
                         Impl::AddInto<memory_space>{left, right});
  }

  // Merge or promote the top of the stack while possible (the walk BlockSum
  // takes too).
  void reduce() {
    Impl::reduce_tree_stack(
        stack_, blocks_, [this](const Vector& left, const Vector& right) { merge(left, right); },
        [this](Vector&& v) { pool_.push_back(std::move(v)); });
  }

  ExecSpace exec_;
  std::size_t blocks_, length_;
  std::size_t next_ = 0;
  std::vector<Node> stack_;
  std::vector<Vector> pool_;
};

}  // namespace kanpde::parallel
